"""WeasyPrint table layout → a table's head without its "续表N" line on the table's first page.

Why this adapter exists. Written against WeasyPrint 70.0 (see weasy_justify.py for the
pin and the check). A typesetter sets "续表N" (Chinese practice; "Table N (continued)" in
English) over the repeated head on every page a table continues on, and nothing on its
first page, where the caption stands. CSS cannot tell a table's first fragment from the
others: a `thead` repeats the same rows on every page. So html.py writes the line into the
head's first row (`tr.continued`), and this adapter empties that row's cell while the
table's first fragment is laid out (`skip_stack` is None: nothing of the table is on an
earlier page). The row keeps its place in the table's grid, so the collapsed borders
drawn from that grid stay where they belong; with no content and no padding it is zero
high, and its bottom border is the table's top rule.
"""

from __future__ import annotations

_installed = False


def continued_cell(table):
    """The cell of `table`'s "续表N" row (html.py), or None for any other table."""
    head = table.children[0] if table.children and table.children[0].is_header else None
    if head is None or not head.children:
        return None
    row = head.children[0]
    element = getattr(row, "element", None)
    if element is None or "continued" not in (element.get("class") or "").split():
        return None
    return row.children[0] if row.children else None


def install() -> None:
    """Patch the `table_layout` that WeasyPrint's block layout calls (once per process)."""
    global _installed
    if _installed:
        return
    from weasyprint.layout import block as block_module

    from .weasy_justify import check_weasyprint

    check_weasyprint()
    original = block_module.table_layout

    def table_layout(context, table, bottom_space, skip_stack, *args, **kwargs):
        cell = continued_cell(table)
        if cell is None or skip_stack is not None:
            return original(context, table, bottom_space, skip_stack, *args, **kwargs)
        kept = cell.children
        cell.children = []  # the first page: the caption stands there, not "续表N"
        try:
            return original(context, table, bottom_space, skip_stack, *args, **kwargs)
        finally:
            cell.children = kept

    table_layout.__wrapped__ = original
    block_module.table_layout = table_layout
    _installed = True
