"""Table nodes → native Word tables: caption above, Report Table style, repeating head rows."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Twips

from ...errors import RenderError
from ...model.nodes import Cell, Table
from ...model.tablegrid import positions
from ..tablefit import fit_table, table_name
from . import ooxml
from . import ooxml_parts as parts
from .blocks import add_caption, new_table, seq_name
from .context import TWIPS_PER_MM, Context
from .inlines import add_inlines
from .landscape import end_landscape, start_landscape
from .styles import INK
from .stylesheet import specs


CELL_PADDING_MM = 2 * 100 / TWIPS_PER_MM + 0.5  # both margins, and a little for LibreOffice


def add_table(ctx: Context, container, table: Table) -> None:
    geo = ctx.env.geometry
    small = next(spec.size for spec in specs(ctx.env.options) if spec.role == "table_text")
    # Word's cell margins (styles.py: 100 twips either side) do not shrink with the type
    fit = fit_table(table, geo.text_width_mm, geo.height_mm - geo.inner_mm - geo.outer_mm, small,
                    padding_mm=CELL_PADDING_MM)
    if fit.landscape and container is not ctx.document:
        raise RenderError(f"table {table_name(table)} needs a landscape page, but it is inside "
                          "a box or list", hint="place the table outside the box")
    if fit.landscape:
        start_landscape(ctx)
    if table.caption or table.label:
        add_caption(ctx, container, "table_caption", seq_name(ctx.env.options.words.table),
                    table.label, table.caption, ctx.env.plan.anchor_of(table))
    _add_grid(ctx, container, table, fit, small)
    if fit.landscape:
        end_landscape(ctx)


def _add_grid(ctx: Context, container, table: Table, fit, small: float) -> None:
    rows = (*table.header, *table.rows)
    columns = len(fit.widths)
    if not columns:
        return
    word_table = new_table(container, len(rows), columns)
    tbl = word_table._tbl
    tbl.tblPr.style = ctx.style("table")
    parts.set_table_width_pct(tbl.tblPr, 5000)
    parts.set_table_look(tbl.tblPr, first_row=bool(table.header))
    geo = ctx.env.geometry
    total = round((geo.height_mm - geo.inner_mm - geo.outer_mm) * TWIPS_PER_MM) \
        if fit.landscape else geo.text_width
    widths = [int(w * total) for w in fit.widths]
    widths[-1] += total - sum(widths)
    for grid_col, width in zip(tbl.tblGrid.gridCol_lst, widths):
        grid_col.w = Twips(width)
    for tr in tbl.tr_lst:
        for position, tc in enumerate(tr.tc_lst):
            tc.width = Twips(widths[position])
    head_rows = len(table.header)
    for index, tr in enumerate(tbl.tr_lst):
        if index < head_rows:
            # every head row is repeated at the top of each page the table continues on
            parts.repeat_header_row(tr)
        parts.keep_row_together(tr)
    placed = list(positions(rows))
    for r, c, cell in placed:
        if cell.colspan > 1 or cell.rowspan > 1:
            word_table.cell(r, c).merge(word_table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
    # the merged grid, read once: python-docx's cell(r, c) rebuilds the whole grid on every
    # call, which made a 300-row table take 40 s (rows × cells)
    grid = word_table._cells
    # a reduced table: its runs carry the size tablefit.py chose (the styles keep the normal one)
    rPr = None
    if fit.size_pt != small:
        rPr = OxmlElement("w:rPr")
        for tag in ("w:sz", "w:szCs"):
            ooxml.child(rPr, tag, {"w:val": round(fit.size_pt * 2)})
    if head_rows:
        # the light rules of the three-line table: under the whole head, and under a head
        # that spans columns (2022年 over 数量 | 增长%), as in both PDFs
        for tc in tbl.tr_lst[head_rows - 1].tc_lst:
            ooxml.set_border(tc.get_or_add_tcPr(), "w:tcBorders", "bottom", 6, INK, 0)
        for r, c, cell in placed:
            if r < head_rows - 1 and cell.colspan > 1:
                tcPr = grid[r * columns + c]._tc.get_or_add_tcPr()
                ooxml.set_border(tcPr, "w:tcBorders", "bottom", 4, INK, 0)
    for r, c, cell in placed:
        p = grid[r * columns + c]._tc.p_lst[0]
        ooxml.set_style_id(p.get_or_add_pPr(), ctx.style(_cell_role(cell, r < head_rows)))
        add_inlines(ctx, p, cell.children, ctx.document.part, rPr)
    for tc in tbl.iter(qn("w:tc")):
        for p in tc.p_lst:  # the cells a merge emptied keep a styled paragraph
            if p.pPr is None or p.pPr.pStyle is None:
                ooxml.set_style_id(p.get_or_add_pPr(), ctx.style("table_text"))


def _cell_role(cell: Cell | None, head: bool) -> str:
    if head:
        return "table_heading"
    if cell is not None and cell.colspan > 1 and not cell.numeric:
        return "table_text"  # a row group's title spans the row from the left
    if cell is not None and (cell.numeric or cell.align == "right"):
        # numbers line up on their last digit; the style keeps this out of direct formatting
        return "table_number"
    if cell is not None and cell.align == "center":
        return "table_center"
    return "table_text"
