"""A table's grid and its rows' cells → the column each cell starts in, as a reader sees it (pure).

Word and LibreOffice store the same table with different grids: LibreOffice writes a
row's skipped grid columns (w:gridBefore) and merged cells differently, re-grids a table
with merged cells (adding slivers a few twips wide), and Word may leave a grid stale.
"""

from __future__ import annotations

from .revisions import q

_SLIVER = 30  # twips (0.5 mm): a grid column narrower than this is no column to a reader


def _grid_map(tbl):
    """Grid column index → the column a reader sees: LibreOffice re-grids a table with merged
    cells, adding slivers of a few twips where cell edges almost meet. A cell that starts at
    a sliver starts where the next column does."""
    widths = [_number_or(g.get(q("w"), "")) for g in tbl.iterfind(f"{q('tblGrid')}/{q('gridCol')}")]
    if not any(0 <= w < _SLIVER for w in widths):
        return lambda c: c
    seen, k = [], 0
    for w in widths:
        seen.append(k)
        if not 0 <= w < _SLIVER:
            k += 1
    return lambda c: seen[c] if c < len(seen) else k + c - len(seen)


def _grid_holds(tbl, rows, cells) -> bool:
    """Whether every row fills the grid exactly (before + its cells' spans + after)."""
    size = len(tbl.findall(f"{q('tblGrid')}/{q('gridCol')}"))
    for tr, row in zip(rows, cells):
        filled = _number(tr.find(f"{q('trPr')}/{q('gridBefore')}"), 0) + \
            _number(tr.find(f"{q('trPr')}/{q('gridAfter')}"), 0) + \
            sum(max(1, _number(tc.find(f"{q('tcPr')}/{q('gridSpan')}"), 1)) for tc in row)
        if filled != size:
            return False
    return True


def _by_width(tbl, rows, cells):
    """Each cell's column, from where it starts on the page (its row's cell widths added up),
    or None when a cell's width is not given in twips.

    Used when the rows do not fill the grid (w:tblGrid): Word left it stale (after cells
    were deleted) and lays the rows out by their cells' widths, and LibreOffice writes a
    fresh grid from them. Starts closer than 0.5 mm are one column.
    """
    grid = [_number_or(g.get(q("w"), "")) for g in tbl.iterfind(f"{q('tblGrid')}/{q('gridCol')}")]
    starts = []
    for tr, row in zip(rows, cells):
        before = _number(tr.find(f"{q('trPr')}/{q('gridBefore')}"), 0)
        if before and (before > len(grid) or min(grid[:before]) < 0):
            return None
        position, out = sum(grid[:before]), []
        for tc in row:
            width = tc.find(f"{q('tcPr')}/{q('tcW')}")
            if width is None or width.get(q("type"), "dxa") != "dxa":
                return None
            value = _number_or(width.get(q("w"), ""))
            if value <= 0:
                return None
            out.append(position)
            position += value
        starts.append(out)
    edges = sorted({x for row in starts for x in row})
    column, k, last = {}, -1, None
    for x in edges:
        if last is None or x - last >= _SLIVER:
            k += 1
            last = x
        column[x] = k
    return [[column[x] for x in row] for row in starts]


def _number_or(value: str) -> int:
    try:
        return int(float(value))
    except ValueError:
        return -1  # unknown width: a column


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


def columns(tbl, rows, cells) -> list:
    """Each row's cells' columns, by grid when the rows fill it, else by where they start."""
    found = None if _grid_holds(tbl, rows, cells) else _by_width(tbl, rows, cells)
    if found is None:
        canon = _grid_map(tbl)
        found = [[canon(c) for c in _grid_columns(tr, row)] for tr, row in zip(rows, cells)]
    return found
