"""A model block → the method of a text writer (html.py, typst/markup.py) that renders it."""

from __future__ import annotations

from ..errors import RenderError
from ..model.nodes import Callout, Figure, Heading, ListBlock, PageBreak, Paragraph, Table


def render_block(writer, block, in_callout: bool, name: str) -> str:
    """`writer`'s rendering of `block`; headings and lists learn whether they sit in a box.
    `name` ("HTML", "Typst") names the writer in the error for an unknown block."""
    if isinstance(block, Heading):
        return writer.heading(block, in_callout)
    if isinstance(block, Paragraph):
        return writer.paragraph(block)
    if isinstance(block, ListBlock):
        return writer.list_block(block, in_callout)
    if isinstance(block, Table):
        return writer.table(block)
    if isinstance(block, Figure):
        return writer.figure(block)
    if isinstance(block, Callout):
        return writer.callout(block)
    if isinstance(block, PageBreak):
        return writer.page_break()
    raise RenderError(f"the {name} writer cannot render a {type(block).__name__} block")
