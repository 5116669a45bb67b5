"""Document nodes → plain text and flat block walks, shared by writers and tests."""

from __future__ import annotations

from collections.abc import Iterator

from .nodes import (Callout, Chapter, Code, CrossRef, Emph, LineBreak, Link, ListBlock, Note,
                    Strong, Table, Text)


def plain_text(inlines, notes: bool = False) -> str:
    """Concatenate the visible text of `inlines`; footnote bodies only when `notes`."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Code):
            out.append(node.text)
        elif isinstance(node, (Strong, Emph, Link)):
            out.append(plain_text(node.children, notes))
        elif isinstance(node, CrossRef):
            out.append(node.label or node.target)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Note) and notes:
            for block in node.blocks:
                out.append(plain_text(getattr(block, "children", ()), notes))
    return "".join(out)


def walk_blocks(blocks) -> Iterator:
    """Yield every block depth-first, entering lists and callouts (not table cells)."""
    for block in blocks:
        if isinstance(block, Chapter):
            yield from walk_blocks(block.blocks)
            continue
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from walk_blocks(item)
        elif isinstance(block, Callout):
            yield from walk_blocks(block.blocks)


def table_texts(table: Table) -> list[list[str]]:
    """All rows of `table` (header first) as lists of cell strings."""
    return [[plain_text(c.children) for c in row] for row in (*table.header, *table.rows)]
