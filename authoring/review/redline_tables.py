"""Cell ops → row-level tracked changes: new rows inserted, vanished rows and tables restored as deleted.

A changed or new cell is marked like a paragraph (redline.py). Here, after that pass:
- a NEW row whose every cell is new is an inserted row (trPr/w:ins);
- deleted text of a cell whose row is still there goes back into that cell as deleted;
- a row that is gone is copied from OLD, all deleted (trPr/w:del), next to its old
  neighbour; a table that is gone is copied whole, every row deleted.
"""

from __future__ import annotations

from lxml import etree

from .redline_xml import (Marker, clean_copy, deleted_paragraph, deleted_text, runs_in,
                          text_as_deleted)
from .reader import unwrap
from .revisions import q


_ROW_PROPERTIES = {q(tag) for tag in ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore",
                                       "wAfter", "cantSplit", "trHeight", "tblHeader",
                                       "tblCellSpacing", "jc", "hidden")}


def _row(element):
    return next(element.iterancestors(q("tr")), None)


class TablePass:
    def __init__(self, marker: Marker, styles, num_ids: set):
        self.marker, self.styles, self.num_ids = marker, styles, num_ids
        # keyed by the elements themselves: an lxml proxy's id() changes once it is freed
        self.rows: dict = {}  # old tr → NEW tr (or the deleted copy placed for it)
        self.new_rows: dict = {}  # new tr → op kinds of its cells
        self.deleted: list = []  # (old cell block, body cursor when it came)
        self.copied: set = set()  # old tables copied whole

    def seen(self, op) -> None:
        """Note a NEW cell's op: which old row its row continues, whether it is new."""
        tr = _row(op.new.element)
        if tr is None:
            return
        self.new_rows.setdefault(tr, []).append(op.kind)
        if op.old is not None and op.old.container == "cell":
            old_tr = _row(op.old.element)
            if old_tr is not None:
                self.rows[old_tr] = tr

    def deleted_cell(self, block, cursor) -> None:
        self.deleted.append((block, cursor))

    def finish(self, body) -> None:
        for tr, kinds in self.new_rows.items():
            if kinds and all(kind == "inserted" for kind in kinds):
                self._mark_row(tr, "ins")
        by_row: dict = {}
        for block, cursor in self.deleted:
            old_tr = _row(block.element)
            if old_tr is not None:
                by_row.setdefault(old_tr, [[], cursor])[0].append(block)
        for old_tr, (blocks, cursor) in by_row.items():
            new_tr = self.rows.get(old_tr)
            if new_tr is not None and new_tr.getparent() is not None and \
                    new_tr.find(f"{q('trPr')}/{q('del')}") is None:
                for block in blocks:
                    self._into_cell(new_tr, block)
            else:
                self._restore_row(old_tr, cursor, body)

    # ------------------------------------------------------------ helpers

    def _mark_row(self, tr, tag: str) -> None:
        trpr = tr.find(q("trPr"))
        if trpr is None:
            trpr = etree.Element(q("trPr"))
            ex = tr.find(q("tblPrEx"))
            tr.insert(1 if ex is not None else 0, trpr)
        if not any(child.tag in _ROW_PROPERTIES for child in trpr):
            # the schema wants one row property before the mark: this one is the default
            trpr.insert(0, etree.Element(q("cantSplit"), {q("val"): "off"}))
        change = trpr.find(q("trPrChange"))
        mark = self.marker.element(tag)
        if change is not None:
            change.addprevious(mark)
        else:
            trpr.append(mark)

    def _into_cell(self, tr, block) -> None:
        cells = unwrap(tr, q("tc"))
        if not cells:
            return
        tc = cells[min(block.cell[2], len(cells) - 1)]
        paragraphs = tc.findall(q("p"))
        empty = next((p for p in paragraphs if not "".join(t.text or "" for t in p.iter(q("t")))),
                     None)
        if empty is not None:
            empty.append(deleted_text(block, 0, len(block.text), self.marker, self.styles))
        elif paragraphs:
            paragraphs[0].addprevious(deleted_paragraph(block, self.marker, self.styles,
                                                        self.num_ids))

    def _deleted_copy(self, element):
        copy = clean_copy(element, self.styles, self.num_ids)
        text_as_deleted(copy)
        for p in list(copy.iter(q("p"))):
            self.marker.wrap(runs_in(p), "del")
        rows = [copy] if copy.tag == q("tr") else unwrap(copy, q("tr"))
        for tr in rows:
            self._mark_row(tr, "del")
        return copy

    def _restore_row(self, old_tr, cursor, body) -> None:
        old_tbl = next(old_tr.iterancestors(q("tbl")))  # its parent may be a content control
        if old_tbl in self.copied:
            return
        siblings = unwrap(old_tbl, q("tr"))
        at = siblings.index(old_tr)
        before = next((self.rows[r] for r in reversed(siblings[:at]) if r in self.rows), None)
        after = next((self.rows[r] for r in siblings[at + 1:] if r in self.rows), None)
        if before is None and after is None:
            # the whole table is gone: it comes back whole, every row deleted
            self.copied.add(old_tbl)
            table = self._deleted_copy(old_tbl)
            anchor = cursor
            if anchor is None:
                body.insert(0, table)
                return
            for ancestor in cursor.iterancestors(q("tbl")):
                anchor = ancestor
                break
            anchor.addnext(table)
            # Word merges two adjacent tables: an empty paragraph keeps them apart
            if table.getnext() is not None and table.getnext().tag == q("tbl"):
                table.addnext(etree.Element(q("p")))
            if anchor.tag == q("tbl"):
                anchor.addnext(etree.Element(q("p")))
            return
        row = self._deleted_copy(old_tr)
        if before is not None:
            before.addnext(row)
        else:
            after.addprevious(row)
        self.rows[old_tr] = row
