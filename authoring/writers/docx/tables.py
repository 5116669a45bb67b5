"""Table nodes → native Word tables: caption above, Report Table style, repeating head rows."""

from __future__ import annotations

import re
import unicodedata

from docx.shared import Twips

from ...model.nodes import Cell, Table
from ...model.text import plain_text
from . import ooxml
from . import ooxml_parts as parts
from .blocks import add_caption, new_table, seq_name
from .context import Context
from .inlines import add_inlines
from .stylesheet import specs


def add_table(ctx: Context, container, table: Table) -> None:
    if table.caption or table.label:
        add_caption(ctx, container, "table_caption", seq_name(ctx.env.options.words.table),
                    table.label, table.caption, ctx.env.plan.anchor_of(table))
    rows = (*table.header, *table.rows)
    columns = max((len(row) for row in rows), default=0)
    if not columns:
        return
    word_table = new_table(container, len(rows), columns)
    tbl = word_table._tbl
    tbl.tblPr.style = ctx.style("table")
    parts.set_table_width_pct(tbl.tblPr, 5000)
    parts.set_table_look(tbl.tblPr, first_row=bool(table.header))
    small = next(spec.size for spec in specs(ctx.env.options) if spec.role == "table_text")
    widths = column_widths(rows, columns, ctx.env.geometry.text_width, len(table.header),
                           unit=round(small * 10))
    for grid_col, width in zip(tbl.tblGrid.gridCol_lst, widths):
        grid_col.w = Twips(width)
    head_rows = len(table.header)
    for index, (tr, row) in enumerate(zip(tbl.tr_lst, rows)):
        head = index < head_rows
        if head:
            # repeated at the top of every page the table continues on
            parts.repeat_header_row(tr)
        parts.keep_row_together(tr)
        for position, tc in enumerate(tr.tc_lst):
            tc.width = Twips(widths[position])
            cell = row[position] if position < len(row) else None
            p = tc.p_lst[0]
            ooxml.set_style_id(p.get_or_add_pPr(), ctx.style(_cell_role(cell, head)))
            if cell is not None:
                add_inlines(ctx, p, cell.children, ctx.document.part)


def _cell_role(cell: Cell | None, head: bool) -> str:
    if head:
        return "table_heading"
    if cell is not None and (cell.numeric or cell.align == "right"):
        # numbers line up on their last digit; the style keeps this out of direct formatting
        return "table_number"
    if cell is not None and cell.align == "center":
        return "table_center"
    return "table_text"


def display_width(text: str) -> int:
    """Columns `text` occupies: Han and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _unbreakable(text: str, numeric: bool) -> int:
    """Width of the longest piece a line cannot break inside: a whole number, a Latin word
    or a single Han character."""
    if numeric:
        return display_width(text.strip())
    pieces = re.findall(r"[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+|[^\s]", text)
    return max((display_width(piece) for piece in pieces), default=0)


def column_widths(rows, columns: int, total: int, head_rows: int, unit: int = 105,
                  padding: int = 260) -> list[int]:
    """Share `total` twips among `columns`: first what no cell can wrap (numbers, words),
    then the rest by how long each column's text is. `unit` is twips per half-width column."""
    least, wanted = [padding] * columns, [padding + 4 * unit] * columns
    for index, row in enumerate(rows):
        for position, cell in enumerate(row[:columns]):
            text = plain_text(cell.children)
            longest = max((display_width(line) for line in text.split("\n")), default=0)
            if index < head_rows:
                longest = longest * 0.6  # heads may take two lines
            least[position] = max(least[position],
                                  padding + unit * _unbreakable(text, cell.numeric))
            wanted[position] = max(wanted[position], padding + unit * min(longest, 40))
    wanted = [max(w, m) for w, m in zip(wanted, least)]
    if sum(wanted) <= total:
        widths = [w * total / sum(wanted) for w in wanted]
    elif sum(least) >= total:
        widths = [m * total / sum(least) for m in least]
    else:
        spare = total - sum(least)
        stretch = sum(w - m for w, m in zip(wanted, least))
        widths = [m + (w - m) * spare / stretch for w, m in zip(wanted, least)]
    widths = [int(w) for w in widths]
    widths[-1] += total - sum(widths)
    return widths
