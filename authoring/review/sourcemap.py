"""A generated draft's source map part → for a changed span, its template line and data cells.

The writer (writers/docx/sourcemap.py) wraps each block in a hidden `_Src<N>` bookmark
and stores N → template, line and printed figures in a custom XML part. A reviewer's
copy keeps the bookmarks; when it lost the part, the map of the draft it came from
(OLD) still answers, as the alignment pairs its blocks with OLD's.
"""

from __future__ import annotations

from dataclasses import dataclass

from .docxfile import DocxFile
from .model import Origin

NS = "urn:authoring:source-map:1"


@dataclass(frozen=True)
class Printed:
    text: str
    formula: str
    inputs: tuple  # (indicator, year, location)
    row: int = -1
    col: int = -1


@dataclass(frozen=True)
class Entry:
    template: str
    line: int
    kind: str
    figure: str
    figures: tuple


def read_map(file: DocxFile) -> dict:
    """N → Entry, from the first custom XML part that is a source map ({} when none)."""
    for name in file.related(file.main, "customXml"):
        root = file.xml(name)
        if root.tag != f"{{{NS}}}sourceMap":
            continue
        entries = {}
        for block in root.iter(f"{{{NS}}}block"):
            figures = tuple(
                Printed(f.get("text", ""), f.get("formula", ""),
                        tuple((i.get("indicator", ""), i.get("year", ""), i.get("location", ""))
                              for i in f.iter(f"{{{NS}}}input")),
                        _int(f.get("row"), -1), _int(f.get("col"), -1))
                for f in block.iter(f"{{{NS}}}figure"))
            entries[_int(block.get("n"), 0)] = Entry(block.get("template", ""),
                                                     _int(block.get("line"), 0),
                                                     block.get("kind", ""), block.get("figure", ""),
                                                     figures)
        return entries
    return {}


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def figure_spans(block, entry: Entry) -> list:
    """(start, end, Printed) for each printed figure found in `block`'s text, in order."""
    # a table's figures belong to their cells; its caption (same bookmark) holds none of them
    where = (block.cell[3], block.cell[2]) if block.kind == "cell" and block.cell else (-1, -1)
    figures = tuple(f for f in entry.figures if (f.row, f.col) == where)
    out, position = [], 0
    for figure in figures:
        if not figure.text:
            continue
        at = block.text.find(figure.text, position)
        if at < 0:
            continue  # the text was edited there: this figure is not in it any more
        out.append((at, at + len(figure.text), figure))
        position = at + len(figure.text)
    return out


class Lookup:
    """Answers "where did this come from" for ops, from OLD's and NEW's maps."""

    def __init__(self, old_map: dict, new_map: dict):
        self.maps = {"old": old_map, "new": new_map}

    def entry(self, block, side: str):
        if block is None or not block.source:
            return None
        return self.maps[side].get(block.source)

    def origin(self, op, segments=None) -> Origin | None:
        """Template line of the op's block and the data cells of the figures it touched."""
        sides = [("new", op.new), ("old", op.old)]
        found = next(((s, b, self.entry(b, s)) for s, b in sides if self.entry(b, s)), None)
        if found is None:
            # a reviewer copy without the map part: its bookmarks index OLD's map
            if op.new is not None and op.new.source and self.maps["old"].get(op.new.source):
                found = ("old", op.new, self.maps["old"][op.new.source])
            else:
                return None
        _, _, entry = found
        data = []
        for seg in (segments if segments is not None else op.segments):
            if seg.op == "equal":
                continue
            data += self.data(op, "new", seg.new_start, seg.new_end)
            data += self.data(op, "old", seg.old_start, seg.old_end)
        if op.kind in ("inserted", "deleted") and not data:
            block = op.new or op.old
            side = "new" if op.new is not None else "old"
            data = self.data(op, side, 0, len(block.text))
        return Origin(entry.template, entry.line, tuple(dict.fromkeys(data)), entry.figure)

    def data(self, op, side: str, start: int, end: int) -> list:
        """(indicator, year, location) of the printed figures overlapping [start, end)."""
        block = op.new if side == "new" else op.old
        entry = self.entry(block, side) or (self.entry(block, "old") if side == "new" else None)
        if block is None or entry is None:
            return []
        out = []
        for a, b, figure in figure_spans(block, entry):
            if a < end and start < b or (start == end and a <= start <= b):
                out.extend(figure.inputs)
        return out

    def locations(self, op, side: str, start: int, end: int) -> list:
        return [f"{location} ({indicator} {year})" for indicator, year, location
                in self.data(op, side, start, end)]
