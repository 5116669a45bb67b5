"""A checked DOCX → its paragraphs as Blocks in reading order, with section paths (changes accepted).

What a reader sees is compared, not how Word stored it: rsids, proofing marks, bookmarks,
split runs and field codes leave no trace; the contents and lists of figures, page numbers
and dates (fields Word recomputes) are skipped; headers and footers are layout. Tracked
changes are read as accepted (reviewer.py lists them); footnotes and endnotes follow
the paragraph that cites them, and so do text boxes anchored in it (read once: Word
stores each box twice, as DrawingML and as a VML fallback). Content controls (w:sdt)
are transparent wherever they wrap paragraphs, rows, cells or runs. This module walks the
blocks (body, tables, notes, boxes, embedded documents); runs.py reads what is inside a paragraph.
"""

from __future__ import annotations

import copy
import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from .docxfile import DocxFile
from .grid import columns as grid_columns
from .headers import running_parts
from .htmltext import html_text
from .model import Block, Piece
from .revisions import accept_all, has_changes, q
from .runs import INVISIBLE, RunReader, bound_pieces
from .shown import Bindings
from .styles import Styles, level_value

PID = "{urn:authoring:review}p"  # stamped on every w:p so raw and accepted copies line up
_CAPTION_LABEL = re.compile(r"^\s*([^\s\d]{1,16}\s?\d+(?:[-.‐–]\d+)?)")
_NAME_WIDTH = 20
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# an embedded Word document (w:altChunk); one inside another is read, deeper ones are not
_WORD_CHUNK = re.compile(r"wordprocessingml\.document|ms-word\.document\.macroenabled")
_CHUNK_DEPTH = 2
# a tag that starts a paragraph of an HTML chunk (htmltext._BLOCKS, the common ones, and br)
_HTML_BLOCK = re.compile(rb"<(?:p|div|li|td|th|tr|br|h[1-6]|dt|dd|pre|blockquote)[\s>/]", re.I)
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
    counter: int = 0  # the last w:p number given
    chunks: list = field(default_factory=list)  # the documents embedded as w:altChunk
    pictures: list | None = field(default=None, repr=False)  # pictures.py, read on first use

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
    notes = _load(reading, file, "")
    walker = _Walker(styles, notes, reading, file)
    body = reading.trees[file.main].find(q("body"))
    if body is not None:
        walker.container(body, "body")
        walker.running(body)
    reading.blocks = walker.blocks
    return reading


RUNNING = ("header", "footer")  # the containers of header and footer blocks
RUNNING_HEADING = "Headers and footers"  # the path they are reported under


def _load(reading: Reading, file: DocxFile, prefix: str) -> dict:
    """Parse `file`'s body and notes into `reading` (keys `prefix` + part name), every w:p
    numbered on from the last; → its notes' accepted roots by kind."""
    for kind in ("", "footnotes", "endnotes"):
        name = file.part(kind) if kind else file.main
        if name:
            _load_part(reading, file, name, prefix)
    return {kind: reading.trees.get(prefix + (file.part(kind) or "")) for kind in _NOTES}


def _load_part(reading: Reading, file: DocxFile, name: str, prefix: str) -> None:
    """Part `name` into `reading`: as stored (every w:p numbered on) and with changes accepted."""
    raw = file.xml(name)
    for p in raw.iter(q("p")):
        reading.counter += 1
        p.set(PID, str(reading.counter))
    # a part without tracked changes is its own accepted copy: a second tree of a large
    # document would double the memory a reading takes (writing the redline, the only
    # thing that edits the accepted tree, comes after everything that reads the raw one)
    accepted = raw
    if has_changes(raw):
        accepted = copy.deepcopy(raw)
        accept_all(accepted)
    reading.raw[prefix + name], reading.trees[prefix + name] = raw, accepted


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




_FRAME, _DROP_CAP = f"{q('pPr')}/{q('framePr')}", q("dropCap")
_BLOCK_LEVEL = {q("tbl"), q("sdt"), q("customXml"), q("altChunk")}  # content that is not a w:p


def _drop_cap(p) -> bool:
    frame = p.find(_FRAME)
    return frame is not None and frame.get(_DROP_CAP, "none") in ("drop", "margin")


def cell_text(tc) -> str:
    """Plain text of a table cell (for row and column names): w:t only."""
    return "".join(t.text or "" for t in tc.iter(q("t"))).strip()


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _NAME_WIDTH else text[:_NAME_WIDTH - 1] + "…"


class _Walker(RunReader):
    def __init__(self, styles: Styles, notes, reading: Reading, file: DocxFile):
        self.styles, self.blocks = styles, []
        self.reading, self.file = reading, file
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
        self.boxed = ""  # the name of the one-cell table being read
        self.bindings = Bindings(file)
        self.drop_cap = None  # a drop cap's paragraph, waiting for the paragraph it begins

    # ------------------------------------------------------------ containers

    def container(self, element, where: str, cell: tuple = ()) -> None:
        previous = None
        for child in element:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # an XML comment or processing instruction
            if self.drop_cap is not None and tag in _BLOCK_LEVEL:
                held, self.drop_cap = self.drop_cap, None
                self.paragraph(held, where, cell)  # a drop cap with no paragraph after it
            if tag == q("p"):
                if _drop_cap(child) and self.drop_cap is None:
                    # Word stores a drop cap as a framed paragraph of its own, LibreOffice as
                    # a property of the paragraph: either way it is that paragraph's first letter
                    self.drop_cap = child
                    continue
                self.paragraph(child, where, cell)
            elif tag == q("tbl"):
                # two tables with nothing between are one table to Word and LibreOffice
                self.table(child, continued=previous == q("tbl"))
            elif tag in (q("sdt"), q("customXml")):
                content = child.find(q("sdtContent")) if tag == q("sdt") else child
                bound = self.bindings.value(child.find(q("sdtPr"))) if tag == q("sdt") else None
                paragraphs = content.findall(q("p")) if content is not None and bound is not None else []
                if len(paragraphs) == 1 and len(content) == 1:
                    self.paragraph(paragraphs[0], where, cell, bound)  # Word shows the bound value
                elif content is not None:
                    self.container(content, where, cell)
            elif tag in (q("bookmarkStart"), q("bookmarkEnd")):
                self.bookmark(child, [])
                continue
            elif tag == q("altChunk"):
                self.alt_chunk(child, where, cell)
            previous = tag
        if self.drop_cap is not None:
            held, self.drop_cap = self.drop_cap, None
            self.paragraph(held, where, cell)

    def running(self, body) -> None:
        """The headers and footers Word shows, after the body, each under its own heading."""
        main = self.file.main
        settings = self.file.part("settings")

        def text_of(part: str) -> str:
            return "".join(t.text or "" for t in self.file.xml(part).iter(q("t")))

        for found in running_parts(body, self.file.xml(settings) if settings else None,
                                   lambda rid: self.file.target(main, rid), text_of):
            if found.part not in self.reading.trees:
                _load_part(self.reading, self.file, found.part, "")
            root = self.reading.trees[found.part]
            saved = self.headings, self.count, self.fields
            self.headings, self.count, self.fields = {0: RUNNING_HEADING, 1: found.label}, 0, []
            self.container(root, found.kind)
            self.headings, self.count, self.fields = saved

    def alt_chunk(self, element, where: str, cell: tuple) -> None:
        """Content Word imports when it opens the file (w:altChunk): read as text where it is.

        Word converts the embedded part into paragraphs on opening, and LibreOffice writes
        them out as paragraphs when it saves; both are text a reader sees. An embedded Word
        document is read like the outer one (its own styles and notes), HTML and plain text
        by their text; a format not read here (RTF, MHT…) stands as one line naming it with
        a digest of its bytes, so that a changed chunk is still a change.
        """
        ident = element.get(f"{{{R}}}id", "")
        name = self.file.target(self.file.main, ident) if ident else None
        if name is None:
            return
        kind = self.file.content_type(name).lower()
        data = self.file.read(name)
        if _WORD_CHUNK.search(kind) and data[:2] == b"PK" and self.file.depth < _CHUNK_DEPTH:
            self.chunk_document(name, data, where, cell)
        elif "html" in kind and "message/rfc822" not in kind:
            # its paragraphs count against the file's budget before they are parsed
            self.file.count("docx_paragraphs", len(_HTML_BLOCK.findall(data)), name, "paragraphs")
            lines = html_text(data)
            if lines is None:  # the parser gave up (too deep, too large): named, not read
                self.chunk_unread(kind, name, data, where, cell)
            else:
                self.chunk_lines(lines, where, cell)
        elif kind.startswith("text/plain"):
            # 4 million lines in a 13 MB DOCX took docx2text past 500 MB
            self.file.count("docx_paragraphs", data.count(b"\n") + 1, name, "paragraphs")
            self.chunk_lines(data.decode("utf-8", "replace").splitlines(), where, cell)
        else:
            self.chunk_unread(kind, name, data, where, cell)

    def chunk_unread(self, kind: str, name: str, data: bytes, where: str, cell: tuple) -> None:
        """A chunk not read (RTF, MHT…) stands as one line naming it with a digest of its
        bytes, so that a changed chunk is still a change."""
        label = kind.rsplit("/", 1)[-1] or posixpath.splitext(name)[1].lstrip(".") or "unknown"
        digest = hashlib.sha256(data).hexdigest()[:12]
        self.chunk_lines([f"[embedded {label} content, not read: sha256 {digest}]"], where, cell)

    def chunk_document(self, name: str, data: bytes, where: str, cell: tuple) -> None:
        inner = DocxFile(self.file.path, f"{self.file.shown} › {name}", data=data, parent=self.file)
        prefix = f"{name}!"
        notes = _load(self.reading, inner, prefix)
        body = self.reading.trees[prefix + inner.main].find(q("body"))
        if body is None:
            return
        styles_part = inner.part("styles")
        styles = Styles(inner.xml(styles_part) if styles_part else None)
        self.reading.chunks.append((inner, prefix))
        saved = (self.styles, self.file, self.notes, self.cache, self.fields, self.table_format)
        self.styles, self.file, self.cache, self.fields = styles, inner, {}, []
        self.notes = {(kind, n.get(q("id"))): n for kind, root in notes.items()
                      if root is not None for n in root.iter(q(_NOTES[kind][0]))}
        self.container(body, where, cell)
        self.styles, self.file, self.notes, self.cache, self.fields, self.table_format = saved

    def chunk_lines(self, lines, where: str, cell: tuple) -> None:
        for line in lines:
            text = " ".join(line.split())
            if not text:
                continue
            if cell:
                self.blocks.append(Block("cell", text, (Piece(text),), self.path(), cell[4],
                                         cell=cell[:4], table=cell[5], container="cell"))
            else:
                self.count += 1
                self.blocks.append(Block("paragraph", text, (Piece(text),), self.path(),
                                         f"¶{self.count}", container=where))

    def bound_cell(self, tc) -> str | None:
        """The bound value of a content control around one cell of one paragraph, or None."""
        sdt = tc.getparent().getparent() if tc.getparent() is not None else None
        if sdt is None or sdt.tag != q("sdt") or len(tc.findall(q("p"))) != 1:
            return None
        return self.bindings.value(sdt.find(q("sdtPr")))

    def table(self, tbl, continued: bool = False) -> None:
        rows = unwrap(tbl, q("tr"))
        cells = [unwrap(tr, q("tc")) for tr in rows]
        saved = self.table_format
        look = self.styles.table_look(tbl)
        if len(rows) == 1 and len(cells[0]) == 1:
            self.table_format = look(0, 0, 1, 1)
            # a boxed sidebar: one cell of running text, reported as in its one-cell table
            saved_box, self.boxed = self.boxed, self.caption or "one-cell table"
            self.container(cells[0][0], "box")
            self.table_format, self.boxed = saved, saved_box
            return
        # cells are placed by grid column, not by count: LibreOffice writes a row's skipped
        # grid columns (w:gridBefore) and merged cells differently from Word
        columns = grid_columns(tbl, rows, cells)
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
        header_rows = _repeated_header_rows(rows)
        for k, row in enumerate(cells):
            r = offset + k
            first = _short(cell_text(row[0])) if row and columns[k][0] == 0 else ""
            for c, tc in zip(columns[k], row):
                row_name = first or f"r{r + 1}"
                col_name = head.get(c) if r and head.get(c) else f"c{c + 1}"
                self.table_format = look(k, c, len(rows), width, header_rows)
                place = (label, row_name, c, r, f"{label} › {row_name} × {col_name}", number)
                bound = self.bound_cell(tc)
                if bound is not None:
                    self.paragraph(tc.find(q("p")), "cell", place, bound)  # Word shows the value
                else:
                    self.container(tc, "cell", place)
        self.table_format = saved

    # ------------------------------------------------------------ paragraphs

    def paragraph(self, p, where: str, cell: tuple, bound: str | None = None) -> None:
        ppr = p.find(q("pPr"))
        style = ""
        if ppr is not None and ppr.find(q("pStyle")) is not None:
            style = ppr.find(q("pStyle")).get(q("val"), "")
        if self.fields and not _LISTING_STYLE.match(self.styles.name(style)):
            # only a contents list spans paragraphs; a field still open here is broken
            # markup, and must not hide the rest of the document
            self.fields = []
        pieces, refs, ends = [], [], []
        if self.drop_cap is not None:
            held, self.drop_cap = self.drop_cap, None
            self.inline(held, pieces, refs, ends, style)
        self.inline(p, pieces, refs, ends, style)
        if bound is not None:
            pieces = bound_pieces(pieces, bound)
        source = self.active[-1][1] if self.active else 0
        for end in ends:
            self.active = [a for a in self.active if a[0] != end]
        text = "".join(piece.text for piece in pieces)
        if text.strip() and text.strip().strip(INVISIBLE):
            self.blocks.append(self.block(p, ppr, style, text, pieces, where, cell, source))
        for kind, ref in refs:
            if kind == "box":
                self.box(ref)
            elif kind == "text":
                self.drawn_text(ref)
            else:
                self.footnote(kind, ref, source)

    def box(self, content) -> None:
        """A text box's paragraphs, after the paragraph it is anchored in."""
        saved, self.fields = self.fields, []
        saved_format, self.table_format = self.table_format, ()
        saved_box, self.boxed = self.boxed, ""
        self.container(content, "box")
        self.fields, self.table_format, self.boxed = saved, saved_format, saved_box

    def drawn_text(self, text: str) -> None:
        """Text drawn in a shape (WordArt, a canvas shape), after the paragraph it is anchored in.

        It has no w:p of its own: the report shows its changes, the redline cannot mark them."""
        self.count += 1
        self.blocks.append(Block("paragraph", text, (Piece(text),), self.path(), f"¶{self.count}",
                                 container="box"))

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
        where_name = f"{self.boxed} › ¶{self.count}" if self.boxed and where == "box" else f"¶{self.count}"
        return Block(kind, path=self.path(), where=where_name, **common)

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
                elif ref_kind == "text":
                    self.drawn_text(found)
        self.fields, self.table_format = saved, saved_format


def _repeated_header_rows(rows: list) -> int:
    """How many rows at the top of a table repeat as its header (w:tblHeader, not switched off)."""
    count = 0
    for row in rows:
        mark = row.find(f"{q('trPr')}/{q('tblHeader')}")
        if mark is None or mark.get(q("val"), "true").lower() in ("0", "false", "off"):
            break
        count += 1
    return count
