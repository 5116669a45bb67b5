"""Reading, comparing, reporting → the records they pass on: blocks, segments, ops, figures, reviewer marks."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Piece:
    """A stretch of a block's text from one run: its effective formatting and its XML leaf."""

    text: str
    fmt: frozenset = frozenset()
    node: object = field(default=None, compare=False, repr=False)  # w:t, w:tab… (None: synthetic)


@dataclass(frozen=True)
class Block:
    """One paragraph of a draft, as a reader sees it.

    kind: heading, paragraph, item, caption, cell, footnote (endnotes too: container
    "endnote"). `path` is the chain of headings above it; `where` says which paragraph,
    cell or note it is under that path.
    """

    kind: str
    text: str
    pieces: tuple = ()
    path: tuple = ()
    where: str = ""
    level: int = 0  # heading level
    style: str = ""  # style name
    source: int = 0  # the N of a `_Src<N>` bookmark around it; 0 when none
    cell: tuple = ()  # (table label, row name, column index, row index) for table cells
    container: str = "body"  # body, box (a text box or one-cell table), cell, footnote, endnote
    element: object = field(default=None, compare=False, repr=False)  # its w:p
    pid: int = 0  # its number in the draft as read (links the raw XML to the block)
    table: int = 0  # for cells: which table of the draft (1, 2…), whatever its caption says

    @property
    def location(self) -> str:
        return " › ".join((*self.path, self.where) if self.where else self.path) or "(start)"


@dataclass(frozen=True)
class Segment:
    """One stretch of an inline diff, as character offsets into the old and new text."""

    op: str  # equal, insert, delete, replace
    old_start: int
    old_end: int
    new_start: int
    new_end: int


@dataclass(frozen=True)
class FormatChange:
    text: str
    old: frozenset
    new: frozenset
    style: tuple = ()  # (old style, new style) when the paragraph style changed


@dataclass
class Op:
    """One step of the alignment, in NEW's order.

    kind: equal, changed, inserted, deleted, moved (at its new place), moved_away (its old
    place; reports show the move once, the redline deletes it there).
    """

    kind: str
    old: Block | None = None
    new: Block | None = None
    segments: tuple = ()
    formats: tuple = ()  # FormatChange records (text equal, formatting not)
    move: int = 0  # pairs a moved op with its moved_away op
    origin: object = None  # Origin: where a generated block came from (source map)

    @property
    def edited(self) -> bool:
        return any(s.op != "equal" for s in self.segments)


@dataclass(frozen=True)
class FigureChange:
    """A number that changed ("" when added or removed), in its words, where, and from which data."""

    old: str
    new: str
    context_old: tuple  # (before, figure, after)
    context_new: tuple
    location: str
    origin: tuple = ()  # data cells ("data/values.csv:12 (column 'value')", …)


@dataclass(frozen=True)
class Revision:
    """A tracked change found in a reviewer's copy."""

    kind: str  # inserted, deleted, moved here, moved away, formatted, paragraph inserted/joined
    author: str
    date: str
    text: str
    location: str


@dataclass(frozen=True)
class Comment:
    """A comment in a reviewer's copy."""

    id: str
    author: str
    date: str
    text: str
    anchor: str  # the text it is attached to
    location: str
    old_text: str | None = None  # its text in OLD when it is OLD's comment edited; None if new


@dataclass(frozen=True)
class Origin:
    """Where a generated paragraph came from: a template line and the data cells of its figures."""

    template: str = ""
    line: int = 0
    data: tuple = ()  # (indicator, year, location) of figures touched by the change
    figure: str = ""  # a chart's id: its caption comes from figures/<id>.yaml

    def __str__(self) -> str:
        if self.figure:
            return f"figures/{self.figure}.yaml"
        if self.template:
            return f"templates/{self.template}" + (f":{self.line}" if self.line else "")
        return ""


@dataclass
class Comparison:
    """Everything a report needs. `revisions` and `comments` are those of NEW not already in OLD."""

    old_name: str
    new_name: str
    ops: list
    figures: list
    revisions: list = field(default_factory=list)
    comments: list = field(default_factory=list)
    ignore_format: bool = False
    pictures: list = field(default_factory=list)  # PictureChange records (pictures.py)

    @property
    def differ(self) -> bool:
        return bool(self.text_changes or self.format_changes or self.revisions or self.comments
                    or self.pictures)

    @property
    def text_changes(self) -> list:
        return [op for op in self.ops if op.kind in ("changed", "inserted", "deleted", "moved")]

    @property
    def format_changes(self) -> list:
        if self.ignore_format:
            return []
        return [op for op in self.ops if op.formats]
