"""Format-neutral document nodes: the one tree every writer consumes.

Writers never re-parse Markdown or re-read data; everything they need is here.
Nodes are frozen so that a writer cannot change what another writer sees.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

# ---------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Emph:
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    href: str
    children: tuple["Inline", ...]


@dataclass(frozen=True)
class LineBreak:
    pass


@dataclass(frozen=True)
class CrossRef:
    """A reference to a figure, table or section by id; `label` is filled by numbering.

    `label` is the full text a reader sees ("图1", "Table 2", "原始创新能力不断增强").
    """

    target: str
    label: str = ""


@dataclass(frozen=True)
class Note:
    """A footnote: its content sits where it is referenced; writers number it."""

    blocks: tuple["Block", ...]


Inline = Union[Text, Strong, Emph, Code, Link, LineBreak, CrossRef, Note]

# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Source:
    """Where a block came from: its template file and line, and the printed figures in it.

    `line` is the 1-based line in the template (0 when unknown); `figures` are indexes
    into the build's list of printed figures (their formulas and data cells).
    """

    template: str = ""
    line: int = 0
    figures: tuple[int, ...] = ()


@dataclass(frozen=True)
class Heading:
    level: int
    children: tuple[Inline, ...]
    id: str = ""
    number: str = ""  # e.g. "一、" when heading numbering is on; filled by numbering
    source: Source | None = None


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]
    source: Source | None = None


@dataclass(frozen=True)
class ListBlock:
    items: tuple[tuple["Block", ...], ...]
    ordered: bool = False
    start: int = 1
    source: Source | None = None


@dataclass(frozen=True)
class Cell:
    children: tuple[Inline, ...]
    align: str = ""  # "", "left", "right", "center"
    numeric: bool = False
    colspan: int = 1  # a merged cell covers this many grid columns (model/tablegrid.py)
    rowspan: int = 1


@dataclass(frozen=True)
class Table:
    header: tuple[tuple[Cell, ...], ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: tuple[Inline, ...] = ()
    id: str = ""
    label: str = ""  # "表1" / "Table 1"; filled by numbering
    source: Source | None = None
    landscape: bool = False  # the author asks for a landscape page (writers/tablefit.py)


@dataclass(frozen=True)
class Figure:
    """A chart or picture. `svg`/`png` are paths of the rendered files."""

    id: str
    caption: tuple[Inline, ...]
    alt: str
    svg: str = ""
    png: str = ""
    width_mm: float = 150.0
    height_mm: float = 90.0
    source_note: tuple[Inline, ...] = ()
    label: str = ""  # "图1" / "Figure 1"; filled by numbering
    source: Source | None = None


@dataclass(frozen=True)
class Callout:
    """A boxed sidebar (e.g. a panel of award totals); headings inside are box titles."""

    blocks: tuple["Block", ...]
    kind: str = "box"
    source: Source | None = None
    id: str = ""  # a box with an id is numbered ("专栏1" / "Box 1") and can be referred to
    label: str = ""  # filled by numbering; also the title heading's number


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Union[Heading, Paragraph, ListBlock, Table, Figure, Callout, PageBreak]


@dataclass(frozen=True)
class Chapter:
    """One template's output: a top-level unit that starts on a new page."""

    id: str
    blocks: tuple[Block, ...]
    template: str = ""
    kind: str = "body"  # "body" or "appendix"


@dataclass(frozen=True)
class Meta:
    title: str
    subtitle: str = ""
    author: str = ""
    organization: str = ""
    date: str = ""
    lang: str = "en"
    year: int = 0
    subject: str = ""
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class DataInput:
    """One data cell a printed figure was computed from."""

    indicator: str
    year: int
    value: str
    location: str  # "data/values.csv:12 (column 'value')" or "data/a.xlsx [Sheet!B5]"
    source: str = ""


@dataclass(frozen=True)
class PrintedFigure:
    """A figure as printed in the text, with its formula and inputs (audit trail, source map)."""

    text: str
    formula: str
    inputs: tuple[DataInput, ...]
    template: str = ""
    line: int = 0


@dataclass(frozen=True)
class Document:
    meta: Meta
    chapters: tuple[Chapter, ...]
    labels: dict = field(default_factory=dict, hash=False, compare=False)  # id -> label
    printed: tuple[PrintedFigure, ...] = ()  # indexed by Source.figures
