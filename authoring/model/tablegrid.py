"""Table rows with merge markers → cells with spans, and spans → grid positions.

An editor merges cells in a pipe table by writing `<` in a cell (it joins the cell on its
left) or `^` (it joins the cell above). Writers receive only the cells that hold content,
each with its `colspan` and `rowspan`, as in HTML; `positions` gives each one its grid
column, which the DOCX writer needs to merge Word's cells.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from .nodes import Cell, Table
from .text import plain_text

MERGE_LEFT = "<"
MERGE_UP = "^"


class SpanError(ValueError):
    """A merge marker that has nothing to join (row and column are 1-based)."""

    def __init__(self, message: str, row: int, column: int):
        super().__init__(message)
        self.row, self.column = row, column


def _marker(cell: Cell) -> str:
    text = plain_text(cell.children).strip()
    return text if text in (MERGE_LEFT, MERGE_UP) else ""


def merge_markers(rows: tuple[tuple[Cell, ...], ...]) -> tuple[tuple[Cell, ...], ...]:
    """`rows` of a full grid (markers included) → rows of anchor cells with spans.

    A `<` widens the nearest anchor to its left in the same row; a `^` lengthens the
    anchor above it, which must cover exactly the columns of the `^` cells below it.
    """
    width = max((len(row) for row in rows), default=0)
    owner: list[list[tuple[int, int] | None]] = []  # grid slot → (row, column) of its anchor
    spans: dict[tuple[int, int], list[int]] = {}  # anchor → [colspan, rowspan]
    for r, row in enumerate(rows):
        owner.append([None] * width)
        for c in range(width):
            cell = row[c] if c < len(row) else Cell(())
            mark = _marker(cell)
            if mark == MERGE_LEFT:
                if c == 0:
                    raise SpanError("'<' in the first column has no cell on its left to join",
                                    r + 1, c + 1)
                anchor = owner[r][c - 1]
                if anchor[0] != r:
                    raise SpanError("'<' next to a '^' cell: merge either across or down",
                                    r + 1, c + 1)
                spans[anchor][0] += 1
                owner[r][c] = anchor
            elif mark == MERGE_UP:
                if r == 0:
                    raise SpanError("'^' in the first row has no cell above it to join", r + 1, c + 1)
                anchor = owner[r - 1][c]
                owner[r][c] = anchor
                if anchor[1] == c or owner[r][c - 1] != anchor:
                    # the first column of the anchor's width: the whole anchor grows by one row
                    # when this row is the next one below it
                    colspan, rowspan = spans[anchor]
                    if anchor[0] + rowspan == r:
                        spans[anchor][1] += 1
            else:
                owner[r][c] = (r, c)
                spans[(r, c)] = [1, 1]
    # every slot a spanning anchor claims must be marked in the source, or the grid is torn
    for (r, c), (colspan, rowspan) in spans.items():
        for rr in range(r, r + rowspan):
            for cc in range(c, c + colspan):
                if owner[rr][cc] != (r, c):
                    raise SpanError("a merged cell is not a rectangle: mark every cell it "
                                    "covers with '<' (across) or '^' (down)", rr + 1, cc + 1)
    out = []
    for r, row in enumerate(rows):
        cells = []
        for c in range(width):
            if owner[r][c] == (r, c):
                cell = row[c] if c < len(row) else Cell(())
                colspan, rowspan = spans[(r, c)]
                cells.append(dataclasses.replace(cell, colspan=colspan, rowspan=rowspan))
        out.append(tuple(cells))
    return tuple(out)


def column_count(table: Table) -> int:
    """The number of grid columns `table` occupies."""
    return max((c + cell.colspan for _, c, cell in positions((*table.header, *table.rows))),
               default=0)


def positions(rows) -> Iterator[tuple[int, int, Cell]]:
    """(row, grid column, cell) of every anchor cell, skipping slots taken by rowspans above."""
    taken: dict[int, int] = {}  # grid column → last row a rowspan above still covers
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while taken.get(c, -1) >= r:
                c += 1
            yield r, c, cell
            for cc in range(c, c + cell.colspan):
                taken[cc] = r + cell.rowspan - 1
            c += cell.colspan


def grid(rows) -> list[list[Cell | None]]:
    """`rows` as a full grid: each slot holds its anchor cell at the anchor, None elsewhere."""
    placed = list(positions(rows))
    width = max((c + cell.colspan for _, c, cell in placed), default=0)
    out: list[list[Cell | None]] = [[None] * width for _ in rows]
    for r, c, cell in placed:
        out[r][c] = cell
    return out
