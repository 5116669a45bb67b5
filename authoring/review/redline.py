"""Comparison ops + both readings → a DOCX of NEW whose tracked changes turn OLD into NEW.

NEW's own file is the base (its styles, pictures, numbering, comments survive), with its
reviewer's changes accepted first. Then, by one author at one time:
- a changed paragraph: deleted and inserted text inline (w:del/w:ins), character-exact;
- an inserted paragraph: its runs and its paragraph mark inserted;
- a deleted paragraph: rebuilt from OLD's runs as deleted text with a deleted mark;
- a moved paragraph: w:moveFrom where it was, w:moveTo where it is (as Word marks a move);
- table cells like paragraphs; whole rows and tables as row insertions/deletions
  (redline_tables.py).
Accepting every change gives NEW's text, rejecting every change gives OLD's.
"""

from __future__ import annotations

import zipfile
from datetime import datetime, timezone
from pathlib import Path

from lxml import etree

from ..errors import Location, ReviewError
from .reader import PID, RUNNING, Reading, unwrap
from .redline_comments import FigureComments
from .redline_fields import settle
from .redline_notes import in_citing_order, new_offset, old_offset, place
from .redline_tables import TablePass
from .redline_xml import (MATH, Marker, as_moved_from, clean_copy, clean_rpr, deleted_math,
                          deleted_paragraph, deleted_text, first_free_id, in_order, maths_in,
                          mark_math_runs, move_range, runs_in, text_as_deleted, text_fallback,
                          text_like)
from .revisions import q


def write_redline(ops, old: Reading, new: Reading, target: Path, author: str,
                  when: datetime | None = None) -> dict:
    """Write the redline DOCX; returns counts of what it marks (for the report)."""
    when = when or datetime.now(timezone.utc)
    stamp = when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    main = new.file.main
    comments = new.file.part("comments")
    # (every part read: headers and footers are marked too)
    roots = [*new.trees.values(), new.file.xml(comments) if comments else None]
    marker = Marker(author, stamp, first_free_id(*roots))
    writer = _Writer(marker, old, new, _num_ids(new))
    writer.run(ops)
    for kind in ("footnote", "endnote"):
        notes = new.trees.get(new.file.part(kind + "s") or "")
        if notes is not None:
            in_citing_order(notes, new.trees[main], kind)
    _save(new, target, when, writer.comments.parts(new.file, main))
    return writer.counts


def _num_ids(reading: Reading) -> set:
    part = reading.file.part("numbering")
    if not part:
        return set()
    return {n.get(q("numId")) for n in reading.file.xml(part).iter(q("num"))}


class _Writer:
    def __init__(self, marker: Marker, old: Reading, new: Reading, num_ids: set):
        self.marker, self.old, self.new, self.num_ids = marker, old, new, num_ids
        self.restored: set = set()  # OLD's footnotes brought back whole
        self.styles = new.styles
        self.body = new.trees[new.file.main].find(q("body"))
        self.cursor = None  # the last body element placed, in NEW's order
        self.cursor_op = None  # the op that placed it, when it pairs OLD and NEW
        self.note_cursor = None  # the last footnote paragraph placed, when the op before was one
        self.tables = TablePass(marker, new.styles, num_ids)
        self.comments = FigureComments(marker)
        # NEW's header and footer parts, by what they are (container, heading path)
        self.running = {(b.container, b.path[:2]): b.element.getroottree().getroot()
                        for b in new.blocks if b.container in RUNNING and b.element is not None}
        self.counts = {"inserted": 0, "deleted": 0, "changed": 0, "moved": 0, "not shown": 0}

    def run(self, ops) -> None:
        # OLD's footnotes that live on in NEW (one of their paragraphs is paired)
        self.notes = {_note(op.old.element): _note(op.new.element) for op in ops
                      if op.old is not None and op.new is not None
                      and op.old.container == op.new.container and op.old.container in _NOTES}
        # body paragraphs that moved: marked as Word marks moves (w:moveFrom/w:moveTo, a
        # named range at each end); cells and notes keep deletion + insertion
        ends: dict = {}
        for op in ops:
            if op.kind in ("moved", "moved_away") and op.move:
                ends.setdefault(op.move, []).append((op.new or op.old).container)
        self.moves = {move for move, where in ends.items() if where == ["body", "body"]}
        for op in ops:
            block = op.new if op.new is not None else op.old
            note = block.container in _NOTES
            if op.kind != "equal" and any(b is not None and b.element is None for b in (op.old, op.new)):
                # text with no paragraph of its own (drawn in a shape, an altChunk's): the
                # report shows it, the redline cannot mark it
                self.counts["not shown"] += 1
                continue
            if op.kind != "equal" and op.new is None and op.old.container in RUNNING and \
                    not _in_part(self.cursor, op.old.container):
                # the first paragraph of a header or footer deleted: it goes at the top of
                # NEW's header or footer of the same place, if NEW still has one
                root = self.running.get((op.old.container, op.old.path[:2]))
                if root is None:
                    self.counts["not shown"] += 1
                    continue
                self.cursor = deleted_paragraph(op.old, self.marker, self.styles, self.num_ids)
                root.insert(0, self.cursor)
                self.counts["deleted"] += 1
                continue
            if op.kind == "equal":
                self._advance(op.new, op)
            elif op.kind == "changed":
                self.inline(op)
                self.counts["changed"] += 1
                self._advance(op.new, op)
            elif op.kind == "moved" and op.move in self.moves:
                self.move_to(op.new, f"move{op.move}")
                self.counts["moved"] += 1
                self._advance(op.new)
            elif op.kind in ("inserted", "moved"):
                self.insert(op.new)
                self.counts["moved" if op.kind == "moved" else "inserted"] += 1
                self._advance(op.new)
            elif op.old.container == "cell":
                self.tables.deleted_cell(op.old, self.cursor)
                self.counts["deleted"] += 1
            elif note:
                survivor = self.notes.get(_note(op.old.element))
                if self.note_cursor is None and survivor is None:
                    self.restore_note(op.old)  # the whole note went, its mark with it
                    continue
                if self.note_cursor is None:  # its first paragraph went
                    self.note_cursor = deleted_paragraph(op.old, self.marker, self.styles,
                                                         self.num_ids)
                    survivor.find(q("p")).addprevious(self.note_cursor)
                else:
                    self.note_cursor = self.delete_after(op.old, self.note_cursor)
                self.counts["deleted"] += 1
            else:
                self.cursor = self.delete_after(op.old, self.cursor)
                if op.kind == "moved_away" and op.move in self.moves:
                    as_moved_from(self.cursor, self.marker, f"move{op.move}")
                if op.kind == "deleted":
                    self.counts["deleted"] += 1
            if not note:
                self.note_cursor = None
            if op.new is not None and op.new.container == "cell":
                self.tables.seen(op)
        self.tables.finish(self.body)

    def _advance(self, block, op=None) -> None:
        if block.container in _NOTES:
            self.note_cursor = block.element
        else:
            self.cursor, self.cursor_op = block.element, op

    # ------------------------------------------------------------ whole paragraphs

    def insert(self, block) -> None:
        """Every run of `block`'s paragraph (and its mark) becomes an insertion."""
        p = self._mark_new(block, "ins")
        if block.container in _NOTES:
            self._note_reference(p)

    def move_to(self, block, name: str) -> None:
        """`block`'s paragraph is where move `name` arrived: its runs and mark in w:moveTo."""
        p = self._mark_new(block, "moveTo")
        move_range(p, self.marker, "moveTo", name)

    def _mark_new(self, block, kind: str):
        """`block`'s runs, equations and mark wrapped in `kind` (w:ins or w:moveTo) → its w:p."""
        p = block.element
        # an equation is marked whole, beside the runs (Reject All must take it away too);
        # its math runs carry w:ins even in a move, as Word writes them
        maths = maths_in(p)
        self.marker.wrap(in_order(p, runs_in(p) + maths), kind)
        for math in maths:
            mark_math_runs(math, self.marker, "ins")
            text_fallback(math)
        if _has_next_paragraph(p) and p.find(f"{q('pPr')}/{q('sectPr')}") is None:
            self.marker.mark_paragraph(p, kind)
        settle(p, self.marker)
        return p

    def _note_reference(self, p) -> None:
        """A note whose every paragraph is new was added with its reference mark."""
        note = _note(p)
        if note is None or any(runs and not _all_inserted(runs) for runs in
                               (runs_in(x) for x in note.iter(q("p")))):
            return
        ident = note.get(q("id"))
        for ref in self.new.trees[self.new.file.main].iter(q(note.tag.split("}")[1] + "Reference")):
            run = ref.getparent()
            if ref.get(q("id")) == ident and run.getparent().tag != q("ins"):
                self.marker.wrap([run], "ins")

    def delete_after(self, block, cursor):
        """Rebuild OLD's paragraph `block` as deleted text after `cursor`; returns it."""
        p = deleted_paragraph(block, self.marker, self.styles, self.num_ids)
        if cursor is None:
            self.body.insert(0, p)
        else:
            _outside_data_tables(cursor, block).addnext(p)
        return p

    def restore_note(self, block) -> None:
        """Bring back a footnote that is gone, as deleted text with a deleted reference mark.

        Its blocks follow the paragraph that cited it, so the cursor is that paragraph
        (NEW's, or OLD's rebuilt as deleted).
        """
        old_note = _note(block.element)
        kind = block.container  # footnote or endnote
        notes = self.new.trees.get(self.new.file.part(kind + "s") or "")
        if old_note is None or old_note in self.restored:
            return
        self.restored.add(old_note)
        if notes is None or self.cursor is None or self.cursor.tag != q("p"):
            self.counts["not shown"] += 1  # NEW has no footnotes part to hold it
            return
        ident = str(max([int(n.get(q("id"))) for n in notes.iter(q(kind))
                         if n.get(q("id"), "").lstrip("-").isdigit()] + [0]) + 1)
        copy = clean_copy(old_note, self.styles, self.num_ids)
        copy.set(q("id"), ident)
        text_as_deleted(copy)
        paragraphs = copy.findall(q("p"))
        for index, p in enumerate(paragraphs):
            self.marker.wrap(runs_in(p), "del")
            if index < len(paragraphs) - 1:
                self.marker.mark_paragraph(p, "del")
        notes.append(copy)
        run = etree.Element(q("r"))
        rpr = clean_rpr(self.reference_rpr(kind, old_note.get(q("id"))), self.styles)
        if rpr is not None:
            run.append(rpr)
        etree.SubElement(run, q(kind + "Reference")).set(q("id"), ident)
        self.place_reference(run, kind, old_note.get(q("id")))
        self.marker.wrap([run], "del")
        self.counts["deleted"] += 1

    def place_reference(self, run, kind: str, old_id: str) -> None:
        """The deleted reference mark where OLD had it in the paragraph that still cites
        it (redline_notes.py); at the end of a paragraph rebuilt as deleted."""
        op = self.cursor_op
        if op is None or op.new is None or op.new.element is not self.cursor or op.old is None:
            self.cursor.append(run)
            return
        found = next((r for r in op.old.element.iter(q(kind + "Reference"))
                      if r.get(q("id")) == old_id), None)
        offset = old_offset(op.old, found) if found is not None else None
        if offset is None:
            self.cursor.append(run)
            return
        place(self.cursor, new_offset(op, offset), run)

    def reference_rpr(self, kind: str, old_id: str):
        """The run properties of OLD's reference mark to note `old_id` (its superscript style)."""
        for ref in self.old.trees[self.old.file.main].iter(q(kind + "Reference")):
            if ref.get(q("id")) == old_id:
                return ref.getparent().find(q("rPr"))
        return None

    # ------------------------------------------------------------ inline edits

    def inline(self, op) -> None:
        """Mark the edits inside a paragraph that is still there."""
        segments = [s for s in op.segments]
        old_maths, new_maths = _touched_maths(op)
        if new_maths:  # a changed equation: the old one deleted whole, the new one inserted whole
            wrappers = self.marker.wrap(in_order(op.new.element, new_maths), "ins")
            for math in new_maths:
                mark_math_runs(math, self.marker, "ins")
                text_fallback(math)
            if old_maths:
                gone = self.marker.element("del")
                for math in in_order(op.old.element, old_maths):
                    gone.append(deleted_math(math, self.marker))
                wrappers[0].addprevious(gone)
            old_maths = set()
        placed = _explode(op.new, segments)  # [(run, segment index)]
        marks: dict = {}  # segment index → its w:del and w:ins elements, in order
        for index, seg in enumerate(segments):
            if seg.op in ("insert", "replace"):
                marks[index] = self.marker.wrap([r for r, k in placed if k == index], "ins")
        for index, seg in enumerate(segments):
            if seg.op not in ("delete", "replace"):
                continue
            wrapper = deleted_text(op.old, seg.old_start, seg.old_end, self.marker, self.styles,
                                   old_maths)
            following = [r for r, k in placed if k >= index]
            if following:
                anchor = following[0]
                if anchor.getparent().tag == q("ins"):
                    anchor = anchor.getparent()
                anchor.addprevious(wrapper)
            elif placed:
                anchor = placed[-1][0]
                if anchor.getparent().tag == q("ins"):
                    anchor = anchor.getparent()
                anchor.addnext(wrapper)
            else:
                op.new.element.append(wrapper)
            marks[index] = [wrapper] + marks.get(index, [])
        for index, elements in sorted(marks.items()):
            if elements and op.new.container not in _NOTES + RUNNING:  # in the report only
                self.comments.flag(op, segments[index], elements[0], elements[-1])
        settle(op.new.element, self.marker)


def _maths(block) -> list:
    """(start, end, m:oMath) of each equation in a block's text."""
    out, position = [], 0
    for piece in block.pieces:
        if piece.node is not None and piece.node.tag in MATH:
            out.append((position, position + len(piece.text), piece.node))
        position += len(piece.text)
    return out


def _touched_maths(op) -> tuple:
    """OLD's and NEW's equations an edit touches, as sets; with the OLD ones that NEW's
    touched equations continue (an edit inside an equation replaces it whole)."""
    old_maths, new_maths = _maths(op.old), _maths(op.new)
    if not old_maths and not new_maths:
        return set(), set()
    edits = [s for s in op.segments if s.op != "equal"]
    old_set = {m for a, b, m in old_maths if any(s.old_start < b and a < s.old_end for s in edits)}
    new_set = {m for a, b, m in new_maths if any(s.new_start < b and a < s.new_end for s in edits)}
    for seg in op.segments:  # equal text inside a touched NEW equation: its OLD equation too
        if seg.op != "equal":
            continue
        for a, b, m in new_maths:
            if m in new_set and seg.new_start < b and a < seg.new_end:
                lo = seg.old_start + max(a, seg.new_start) - seg.new_start
                hi = seg.old_start + min(b, seg.new_end) - seg.new_start
                old_set |= {n for x, y, n in old_maths if x < hi and lo < y}
    return old_set, new_set


def _explode(block, segments) -> list:
    """Split the runs holding `block`'s text so none straddles two segments.

    Returns (run, segment index) for every text-bearing run, in order; runs without text
    (field characters, note marks) are left alone.
    """
    bounds = [(k, s.new_start, s.new_end) for k, s in enumerate(segments) if s.new_end > s.new_start]

    def segment_at(offset: int):
        for k, start, end in bounds:
            if start <= offset < end:
                return k, end
        return None, offset + 1

    starts, texts, position = {}, {}, 0
    for piece in block.pieces:
        if piece.node is not None:
            starts[piece.node] = position
            texts[piece.node] = piece.text  # as read (white space Word drops is gone)
        position += len(piece.text)
    runs = []
    for piece in block.pieces:
        run = piece.node.getparent() if piece.node is not None else None
        if run is not None and run.tag == q("r") and (not runs or runs[-1] is not run):
            runs.append(run)
    out = []
    for run in runs:
        groups: list[list] = []  # [segment index, children]
        for child in [c for c in run if c.tag != q("rPr")]:
            if child not in starts:  # no text of its own: stays with what precedes it
                if groups:
                    groups[-1][1].append(child)
                else:
                    groups.append([None, [child]])
                continue
            start, text = starts[child], texts[child] if child.tag == q("t") else None
            if text is None:
                index, _ = segment_at(start)
                _add(groups, index, child)
                continue
            offset = 0
            while offset < len(text):
                index, end = segment_at(start + offset)
                stop = min(len(text), end - start)
                _add(groups, index, text_like(child, text[offset:stop]))
                offset = stop
        rpr = run.find(q("rPr"))
        for index, children in groups:
            part = etree.Element(q("r"))
            if rpr is not None:
                part.append(_copy(rpr))
            for child in children:
                part.append(child)
            run.addprevious(part)
            out.append((part, index if index is not None else -1))
        run.getparent().remove(run)
    return out


def _add(groups: list, index, child) -> None:
    if groups and groups[-1][0] in (index, None):
        groups[-1][0] = index
        groups[-1][1].append(child)
    else:
        groups.append([index, [child]])


def _copy(element):
    import copy

    return copy.deepcopy(element)


_NOTES = ("footnote", "endnote")  # block containers that live in a notes part


def _note(element):
    return next(element.iterancestors(q("footnote"), q("endnote")), None)


def _in_part(element, kind: str) -> bool:
    """Whether `element` is in a header (`kind` header) or a footer part."""
    if element is None:
        return False
    return element.getroottree().getroot().tag == q("hdr" if kind == "header" else "ftr")


def _all_inserted(runs) -> bool:
    return all(r.getparent().tag == q("ins") for r in runs)


def _has_next_paragraph(p) -> bool:
    """Whether `p` is followed by another paragraph in its container (so its mark can go)."""
    following = p.getnext()
    while following is not None:
        if following.tag == q("p"):
            return True
        if following.tag in (q("tbl"), q("sectPr")):
            return False
        following = following.getnext()
    return False


def _outside_data_tables(cursor, block):
    """Where a deleted body paragraph goes after `cursor`: after any data table it is in."""
    anchor = cursor
    for ancestor in cursor.iterancestors(q("tbl")):
        rows = unwrap(ancestor, q("tr"))
        if not (len(rows) == 1 and len(unwrap(rows[0], q("tc"))) == 1):
            anchor = ancestor  # a data table; a one-cell box keeps the paragraph inside
    return anchor


def _save(new: Reading, target: Path, when: datetime, extra: dict) -> None:
    """NEW's package with its edited parts (and `extra` parts: name → bytes) to `target`."""
    trees = {name: root for name, root in new.trees.items()}
    date_time = max(when.astimezone(timezone.utc), datetime(1980, 1, 1, tzinfo=timezone.utc)
                    ).timetuple()[:6]
    try:
        with zipfile.ZipFile(new.file.path) as source, zipfile.ZipFile(target, "w") as out:
            for info in source.infolist():
                if info.filename in trees:
                    root = trees[info.filename]
                    etree.strip_attributes(root, PID)
                    # drop the declarations PID left on paragraphs, never the root's own:
                    # mc:Ignorable names prefixes (w14, wp14) that must stay declared
                    etree.cleanup_namespaces(root, keep_ns_prefixes=[
                        prefix for prefix in root.nsmap if prefix])
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                          standalone=True)
                else:
                    data = extra.pop(info.filename, None) or source.read(info)
                _write(out, info.filename, data, date_time)
            for name, data in extra.items():  # parts NEW did not have
                _write(out, name, data, date_time)
    except OSError as exc:
        raise ReviewError(f"cannot write the redline: {exc}", Location(str(target))) from None


def _write(out, name: str, data: bytes, date_time) -> None:
    entry = zipfile.ZipInfo(name, date_time=date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    out.writestr(entry, data)
