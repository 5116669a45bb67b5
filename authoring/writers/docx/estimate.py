"""Document + styles + page geometry → the page each bookmark probably falls on.

Only Word can lay out a DOCX, but a contents list without page numbers looks unfinished
until fields are updated (and LibreOffice never updates them on conversion). This rough
line-count model fills the cached PAGEREF results; Word replaces them on open.
"""

from __future__ import annotations

import math
import unicodedata

from ...model.nodes import (Callout, Document, Figure, Heading, ListBlock, Note, PageBreak,
                            Paragraph, Table)
from ...model.text import plain_text
from ..options import WriteOptions
from .context import Geometry
from .figures import fit
from .plan import Plan
from .stylesheet import specs

PT_PER_MM = 72 / 25.4
_SINGLE = 1.45  # a single line as a multiple of the font size (Noto CJK; SimSun is tighter)
_NOTE = 16.0  # points one short footnote takes at the foot of the page


class _Pager:
    def __init__(self, height: float):
        self.height, self.page, self.y = height, 1, 0.0

    def new_page(self) -> None:
        self.page, self.y = self.page + 1, 0.0

    def flow(self, height: float, line: float = 0) -> None:
        """Text that may break across pages, between lines `line` points high."""
        while self.y + height > self.height:
            room = self.height - self.y
            fits = math.floor(room / line) * line if line else room
            height -= fits
            self.new_page()
        self.y += height

    def block(self, height: float) -> None:
        """Something kept whole: moves to the next page when it does not fit."""
        if self.y and self.y + height > self.height:
            self.new_page()
        self.flow(height)


def estimate_pages(doc: Document, plan: Plan, options: WriteOptions, geometry: Geometry) -> dict:
    """Bookmark name → estimated page number in the body's arabic numbering."""
    styles = {spec.role: spec for spec in specs(options)}
    body_size = styles["normal"].size
    width = geometry.text_width_mm * PT_PER_MM
    pager = _Pager((geometry.height_mm - geometry.top_mm - geometry.bottom_mm) * PT_PER_MM)
    pages: dict[str, int] = {}

    def text_height(inlines, role: str, indent: float = 0) -> float:
        spec = styles[role]
        size = spec.size or body_size
        line = spec.line or size * _SINGLE
        chars = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5
                    for c in plain_text(inlines))
        first = (spec.first_line_chars or 0) / 100
        per_line = max(1, math.floor((width - indent) / size))  # whole ideographs per line
        lines = max(1, math.ceil((chars + first) / per_line))
        return (spec.before or 0) + lines * line + (spec.after or 0)

    def visit(blocks, in_callout: bool = False) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                role = "box_title" if in_callout else f"heading{min(max(block.level, 1), 4)}"
                pager.block(text_height(block.children, role) + styles["body"].line)
                pager.y -= styles["body"].line  # kept with the next line, not counted twice
                _mark(pages, plan.anchor_of(block), pager.page)
            elif isinstance(block, Paragraph):
                role = "box_text" if in_callout else "body"
                notes = sum(isinstance(node, Note) for node in block.children)
                pager.flow(text_height(block.children, role) + notes * _NOTE, styles[role].line)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    visit(item, in_callout)
            elif isinstance(block, Figure):
                _, height = fit(block.width_mm, block.height_mm, geometry.text_width_mm)
                pager.block(height * PT_PER_MM + 16 + text_height(block.caption, "caption"))
                _mark(pages, plan.anchor_of(block), pager.page)
                if block.source_note:
                    pager.flow(text_height(block.source_note, "source"))
            elif isinstance(block, Table):
                caption = text_height(block.caption, "table_caption") if block.label else 0
                row = styles["table_text"].line + 4.5
                pager.block(caption + row * min(3, len(block.header) + len(block.rows)))
                _mark(pages, plan.anchor_of(block), pager.page)
                pager.flow(row * max(0, len(block.header) + len(block.rows) - 3))
            elif isinstance(block, Callout):
                # a box splits across pages like text (its one row may break): see the
                # Box Title style for why it is not kept with what follows
                pager.flow(14)
                visit(block.blocks, True)
                pager.flow(14)
            elif isinstance(block, PageBreak):
                pager.new_page()

    for index, chapter in enumerate(doc.chapters):
        if index:
            pager.new_page()
            if options.page.two_sided and pager.page % 2 == 0:
                pager.new_page()
        visit(chapter.blocks)
    return pages


def _mark(pages: dict, anchor: str, page: int) -> None:
    if anchor:
        pages[anchor] = page
