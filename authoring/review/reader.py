"""A checked DOCX → its paragraphs as Blocks in reading order, with section paths (changes accepted).

What a reader sees is compared, not how Word stored it: rsids, proofing marks, bookmarks,
split runs and field codes leave no trace; the contents and lists of figures, page numbers
and dates (fields Word recomputes) are skipped; headers and footers are layout. Tracked
changes are read as accepted (reviewer.py lists them); footnotes and endnotes follow
the paragraph that cites them, and so do text boxes anchored in it (read once: Word
stores each box twice, as DrawingML and as a VML fallback). Content controls (w:sdt)
are transparent wherever they wrap paragraphs, rows, cells or runs.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path

from .docxfile import DocxFile
from .model import Block, Piece
from .revisions import accept_all, q
from .styles import Styles, level_value

PID = "{urn:authoring:review}p"  # stamped on every w:p so raw and accepted copies line up
_SRC = re.compile(r"^_Src(\d+)$")
# fields whose result depends on pagination or the clock, or repeats headings elsewhere
_VOLATILE = {"TOC", "PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "DATE", "TIME", "PRINTDATE",
             "SAVEDATE", "EDITTIME", "FILENAME", "FILESIZE"}
_CAPTION_LABEL = re.compile(r"^\s*([^\s\d]{1,16}\s?\d+(?:[-.‐–]\d+)?)")
_NAME_WIDTH = 20
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_ALTERNATE = f"{{{MC}}}AlternateContent"
_MATH = ("{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath",
         "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMathPara")
_NOTES = {"footnotes": ("footnote", "footnoteReference"), "endnotes": ("endnote", "endnoteReference")}
# the paragraph styles of contents lists and indexes (Word, LibreOffice, Chinese Word)
_LISTING_STYLE = re.compile(r"^(toc|contents|table of (figures|authorities)|index|目录|图表目录|索引)",
                            re.IGNORECASE)


@dataclass
class Reading:
    """One draft as read: its blocks, and the parsed parts the blocks point into."""

    file: DocxFile
    blocks: list
    styles: Styles
    raw: dict = field(default_factory=dict)  # part name → root as stored (pids stamped)
    trees: dict = field(default_factory=dict)  # part name → root with changes accepted
    lang: str = ""
    pids: dict = field(default_factory=dict, repr=False)  # pid → block, filled on first use

    def location_of(self, element) -> str:
        """Location of the block holding raw `element` (or the next block after it)."""
        p = element if element.tag == q("p") else next(element.iterancestors(q("p")), None)
        if p is None:
            p = next(element.iter(q("p")), None)
        if p is None:
            return ""
        if not self.pids:
            self.pids.update((b.pid, b) for b in self.blocks)
        pids = self.pids
        start = int(p.get(PID, "0"))
        for pid in range(start, start + 200):
            if pid in pids:
                return pids[pid].location
        return ""


def read_docx(path: Path, shown: str | None = None) -> Reading:
    file = DocxFile(path, shown)
    styles_part = file.part("styles")
    styles = Styles(file.xml(styles_part) if styles_part else None)
    reading = Reading(file, [], styles, lang=_language(file))
    counter = 0
    for kind in ("", "footnotes", "endnotes"):
        name = file.part(kind) if kind else file.main
        if not name:
            continue
        raw = file.xml(name)
        for p in raw.iter(q("p")):
            counter += 1
            p.set(PID, str(counter))
        accepted = copy.deepcopy(raw)
        accept_all(accepted)
        reading.raw[name], reading.trees[name] = raw, accepted
    notes = {kind: reading.trees.get(file.part(kind) or "") for kind in _NOTES}
    walker = _Walker(styles, notes)
    body = reading.trees[file.main].find(q("body"))
    if body is not None:
        walker.container(body, "body")
    reading.blocks = walker.blocks
    return reading


def _language(file: DocxFile) -> str:
    if not file.has("docProps/core.xml"):
        return ""
    for element in file.xml("docProps/core.xml").iter("{http://purl.org/dc/elements/1.1/}language"):
        return (element.text or "").strip()
    return ""


def unwrap(element, tag: str) -> list:
    """The `tag` children of `element`, also those inside content controls (w:sdt, w:customXml)."""
    out = []
    for child in element:
        if child.tag == tag:
            out.append(child)
        elif child.tag == q("sdt"):
            content = child.find(q("sdtContent"))
            if content is not None:
                out.extend(unwrap(content, tag))
        elif child.tag == q("customXml"):
            out.extend(unwrap(child, tag))
    return out


def branch(alternate):
    """The branch of an mc:AlternateContent a reader sees: the first Choice, else the Fallback."""
    for child in alternate:
        if child.tag in (f"{{{MC}}}Choice", f"{{{MC}}}Fallback"):
            return child
    return None


def text_boxes(element) -> list:
    """The w:txbxContent in a run's drawing, picture or object (`element`), once each.

    Only one branch of each mc:AlternateContent counts (the DrawingML Choice and the VML
    Fallback hold the same box), and a box inside a box is left to the outer box's reader.
    """
    if element.tag == _ALTERNATE:
        chosen = branch(element)
        return text_boxes(chosen) if chosen is not None else []
    if element.tag == q("txbxContent"):
        return [element]
    out = []
    for child in element:
        out.extend(text_boxes(child))
    return out


def _grid_columns(tr, cells) -> list:
    """The grid column each cell of a row starts in (after w:gridBefore, over w:gridSpan)."""
    position = _number(tr.find(f"{q('trPr')}/{q('gridBefore')}"), 0)
    out = []
    for tc in cells:
        out.append(position)
        position += max(1, _number(tc.find(f"{q('tcPr')}/{q('gridSpan')}"), 1))
    return out


def _number(element, default: int) -> int:
    value = element.get(q("val"), "") if element is not None else ""
    return int(value) if value.isdigit() else default


def cell_text(tc) -> str:
    """Plain text of a table cell (for row and column names): w:t only."""
    return "".join(t.text or "" for t in tc.iter(q("t"))).strip()


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _NAME_WIDTH else text[:_NAME_WIDTH - 1] + "…"


class _Walker:
    def __init__(self, styles: Styles, notes):
        self.styles, self.blocks = styles, []
        self.notes = {(kind, n.get(q("id"))): n for kind, root in notes.items() if root is not None
                      for n in root.iter(q(_NOTES[kind][0]))}
        self.headings: dict[int, str] = {}
        self.count = 0  # paragraphs under the current heading
        self.tables = 0
        self.caption = ""  # label of a caption waiting for its table
        self.fields: list[dict] = []
        self.active: list[tuple[str, int]] = []  # open _Src bookmarks: (w:id, N)
        self.note_count = {"footnotes": 0, "endnotes": 0}
        self.table_format: tuple = ()  # what the table style gives the current cell
        self.last_table: tuple = ()  # (number, label, column heads, rows so far) of the last table
        self.cache: dict = {}

    # ------------------------------------------------------------ containers

    def container(self, element, where: str, cell: tuple = ()) -> None:
        previous = None
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # an XML comment or processing instruction
            if tag == q("p"):
                self.paragraph(child, where, cell)
            elif tag == q("tbl"):
                # two tables with nothing between are one table to Word and LibreOffice
                self.table(child, continued=previous == q("tbl"))
            elif tag in (q("sdt"), q("customXml")):
                content = child.find(q("sdtContent")) if tag == q("sdt") else child
                if content is not None:
                    self.container(content, where, cell)
            elif tag in (q("bookmarkStart"), q("bookmarkEnd")):
                self.bookmark(child, [])
                continue
            previous = tag

    def table(self, tbl, continued: bool = False) -> None:
        rows = unwrap(tbl, q("tr"))
        cells = [unwrap(tr, q("tc")) for tr in rows]
        saved = self.table_format
        look = self.styles.table_look(tbl)
        if len(rows) == 1 and len(cells[0]) == 1:
            self.table_format = look(0, 0, 1, 1)
            self.container(cells[0][0], "box")  # a boxed sidebar: one cell of running text
            self.table_format = saved
            return
        # cells are placed by grid column, not by count: LibreOffice writes a row's skipped
        # grid columns (w:gridBefore) and merged cells differently from Word
        columns = [_grid_columns(tr, row) for tr, row in zip(rows, cells)]
        if continued and self.last_table:
            number, label, head, offset = self.last_table
        else:
            self.tables += 1
            number, offset = self.tables, 0
            label = self.caption or f"table {number}"
            head = {}
            if cells:
                head = {c: _short(cell_text(tc)) for c, tc in zip(columns[0], cells[0])}
        self.caption = ""
        self.last_table = (number, label, head, offset + len(rows))
        width = max((c[-1] + 1 for c in columns if c), default=1)
        for k, row in enumerate(cells):
            r = offset + k
            first = _short(cell_text(row[0])) if row and columns[k][0] == 0 else ""
            for c, tc in zip(columns[k], row):
                row_name = first or f"r{r + 1}"
                col_name = head.get(c) if r and head.get(c) else f"c{c + 1}"
                self.table_format = look(k, c, len(rows), width)
                self.container(tc, "cell", (label, row_name, c, r, f"{label} › {row_name} × {col_name}",
                                            number))
        self.table_format = saved

    # ------------------------------------------------------------ paragraphs

    def paragraph(self, p, where: str, cell: tuple) -> None:
        ppr = p.find(q("pPr"))
        style = ""
        if ppr is not None and ppr.find(q("pStyle")) is not None:
            style = ppr.find(q("pStyle")).get(q("val"), "")
        if self.fields and not _LISTING_STYLE.match(self.styles.name(style)):
            # only a contents list spans paragraphs; a field still open here is broken
            # markup, and must not hide the rest of the document
            self.fields = []
        pieces, refs, ends = [], [], []
        self.inline(p, pieces, refs, ends, style)
        source = self.active[-1][1] if self.active else 0
        for end in ends:
            self.active = [a for a in self.active if a[0] != end]
        text = "".join(piece.text for piece in pieces)
        if text.strip():
            self.blocks.append(self.block(p, ppr, style, text, pieces, where, cell, source))
        for kind, ref in refs:
            if kind == "box":
                self.box(ref)
            else:
                self.footnote(kind, ref, source)

    def box(self, content) -> None:
        """A text box's paragraphs, after the paragraph it is anchored in."""
        saved, self.fields = self.fields, []
        saved_format, self.table_format = self.table_format, ()
        self.container(content, "box")
        self.fields, self.table_format = saved, saved_format

    def block(self, p, ppr, style, text, pieces, where, cell, source) -> Block:
        level = None
        if ppr is not None and ppr.find(q("outlineLvl")) is not None:
            value = level_value(ppr.find(q("outlineLvl")))
            level = value if value < 9 else None
        elif style or self.styles.default_paragraph:
            level = self.styles.outline_level(style or self.styles.default_paragraph)
        # no w:pStyle, or one the styles part does not define, is the default paragraph
        # style (Word's rule; LibreOffice writes it out by name when it saves)
        name = self.styles.paragraph_name(style)
        numbered = (ppr is not None and ppr.find(f"{q('numPr')}/{q('numId')}") is not None
                    and ppr.find(f"{q('numPr')}/{q('numId')}").get(q("val")) != "0") or \
            (bool(style) and self.styles.numbered(style))
        pid = int(p.get(PID, "0"))
        common = dict(text=text, pieces=tuple(pieces), style=name, source=source, element=p,
                      pid=pid, container=where)
        if cell:
            self.caption = ""
            return Block("cell", path=self.path(), where=cell[4], cell=cell[:4], table=cell[5],
                         **common)
        if level is not None and where == "body":
            self.headings = {k: v for k, v in self.headings.items() if k < level}
            self.headings[level] = " ".join(text.split())
            self.count = 0
            return Block("heading", path=self.path(), where="heading", level=level + 1, **common)
        self.count += 1
        kind = "item" if numbered else "paragraph"
        given = self.styles.name(style) if style else ""  # as named, even if undefined
        if "caption" in given.lower() or "题注" in given or any(
                "SEQ" in (i.text or "") for i in p.iter(q("instrText"))):
            kind = "caption"
            match = _CAPTION_LABEL.match(text)
            self.caption = match.group(1) if match else ""
        elif self.caption:
            self.caption = ""
        return Block(kind, path=self.path(), where=f"¶{self.count}", **common)

    def path(self) -> tuple:
        return tuple(self.headings[k] for k in sorted(self.headings))

    def footnote(self, kind: str, ref: str, source: int) -> None:
        note = self.notes.get((kind, ref))
        if note is None:
            return
        self.note_count[kind] += 1
        saved, self.fields = self.fields, []
        saved_format, self.table_format = self.table_format, ()
        name = "note" if kind == "footnotes" else "endnote"
        # a text box's paragraphs are read from the box (once), not from here
        paragraphs = [p for p in note.iter(q("p"))
                      if next(p.iterancestors(q("txbxContent")), None) is None]
        for index, p in enumerate(paragraphs, start=1):
            pieces, refs, ends = [], [], []
            style = p.find(f"{q('pPr')}/{q('pStyle')}")
            self.inline(p, pieces, refs, ends, style.get(q("val"), "") if style is not None else "")
            text = "".join(piece.text for piece in pieces)
            if text.strip():
                where = f"{name} {self.note_count[kind]}" + (f".{index}" if index > 1 else "")
                self.blocks.append(Block("footnote", text, tuple(pieces), self.path(), where,
                                         source=source, container=_NOTES[kind][0], element=p,
                                         pid=int(p.get(PID, "0"))))
            for ref_kind, found in refs:
                if ref_kind == "box":
                    self.box(found)
        self.fields, self.table_format = saved, saved_format

    # ------------------------------------------------------------ inline content

    def inline(self, element, pieces, refs, ends, style) -> None:
        for child in element:
            tag = child.tag
            if tag == q("r"):
                self.run(child, pieces, refs, style)
            elif tag == q("fldSimple"):
                self.fields.append({"instr": child.get(q("instr"), ""), "result": True})
                self.inline(child, pieces, refs, ends, style)
                self.fields.pop()
            elif tag in (q("hyperlink"), q("smartTag"), q("customXml"), q("ins"), q("moveTo"),
                         q("dir"), q("bdo"), q("sdtContent")):
                self.inline(child, pieces, refs, ends, style)
            elif tag == q("sdt"):
                self.inline(child, pieces, refs, ends, style)
            elif tag == _ALTERNATE:
                chosen = branch(child)
                if chosen is not None:
                    self.inline(chosen, pieces, refs, ends, style)
            elif tag == q("bookmarkStart") or tag == q("bookmarkEnd"):
                self.bookmark(child, ends)
            elif child.tag in _MATH:
                # LibreOffice writes an equation's minus sign as U+2212, Word as "-"
                text = "".join(t.text or "" for t in child.iter("{*}t")).replace("\u2212", "-")
                if text and not self.hidden():
                    pieces.append(Piece(text, node=child))  # the redline marks it whole

    def bookmark(self, element, ends: list) -> None:
        ident = element.get(q("id"), "")
        if element.tag == q("bookmarkStart"):
            match = _SRC.match(element.get(q("name"), ""))
            if match:
                self.active.append((ident, int(match.group(1))))
        elif any(a[0] == ident for a in self.active):
            ends.append(ident)  # it still covers the paragraph it ends in

    def hidden(self) -> bool:
        for f in self.fields:
            if not f["result"]:
                return True  # a field code, not its result
            words = f["instr"].split()
            if words and words[0].upper() in _VOLATILE:
                return True
        return False

    def run(self, r, pieces, refs, style) -> None:
        rpr = r.find(q("rPr"))
        vanish = rpr is not None and rpr.find(q("vanish")) is not None and \
            rpr.find(q("vanish")).get(q("val"), "true") not in ("0", "false", "off")
        fmt = None
        for child in r:
            tag = child.tag
            if tag == q("fldChar"):
                kind = child.get(q("fldCharType"))
                if kind == "begin":
                    self.fields.append({"instr": "", "result": False})
                elif kind == "separate" and self.fields:
                    self.fields[-1]["result"] = True
                elif kind == "end" and self.fields:
                    self.fields.pop()
                continue
            if tag == q("instrText"):
                if self.fields:
                    self.fields[-1]["instr"] += child.text or ""
                continue
            if tag == q("footnoteReference") or tag == q("endnoteReference"):
                refs.append(("footnotes" if tag == q("footnoteReference") else "endnotes",
                             child.get(q("id"))))
                continue
            if tag in _CARRIERS:
                refs.extend(("box", box) for box in text_boxes(child))
                continue
            text = _leaf_text(child)
            if not text or vanish or self.hidden():
                continue
            if fmt is None:
                fmt = self.styles.effective(style, rpr, self.cache, self.table_format)
            pieces.append(Piece(text, fmt, child))


_CARRIERS = {q("drawing"), q("pict"), q("object"), _ALTERNATE}  # run children that can hold text boxes


def _leaf_text(child) -> str:
    tag = child.tag
    if tag == q("t"):
        return child.text or ""
    if tag == q("tab"):
        return "\t"
    if tag == q("br"):
        return "\n" if child.get(q("type"), "textWrapping") == "textWrapping" else ""
    if tag == q("cr"):
        return "\n"
    if tag == q("noBreakHyphen"):
        return "\u2011"
    if tag == q("sym"):
        code = child.get(q("char"), "")
        try:
            value = int(code, 16)
        except ValueError:
            return ""
        # symbol fonts map to the private use area (F020–F0FF): not text a reader compares
        return chr(value) if value and not 0xE000 <= value <= 0xF8FF else ""
    return ""
