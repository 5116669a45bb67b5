"""Document + styles + page geometry → the page each bookmark probably falls on.

Only Word can lay out a DOCX, but a contents list without page numbers looks unfinished
until fields are updated (and LibreOffice never updates them on conversion). This
line-count model, which wraps text with the Latin faces' own widths, fills the cached
PAGEREF results; Word replaces them on open, and `[docx] page_numbers = "libreoffice"`
replaces them by LibreOffice's own layout (clientpages.py).
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata

from ...model.nodes import (Callout, Document, Figure, Heading, ListBlock, Note, PageBreak,
                            Paragraph, Table)
from ...model.text import plain_text
from ..options import WriteOptions
from .context import Geometry
from .figures import fit
from .plan import Plan
from .stylesheet import specs
from .widths import latin_width

PT_PER_MM = 72 / 25.4
_SINGLE = 1.45  # a single line as a multiple of the font size (Noto CJK; SimSun is tighter)
_SINGLE_LATIN = 1.15  # the same without East Asian text (Liberation Serif/Sans, Times, Arial)
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

    single = _SINGLE if options.is_cjk else _SINGLE_LATIN

    def text_height(inlines, role: str, indent: float = 0) -> float:
        spec = styles[role]
        size = spec.size or body_size
        line = spec.line or size * single
        face = options.fonts.heading_latin if _face(styles, spec) == "heading" \
            else options.fonts.body_latin
        first = (spec.first_line_chars or 0) / 100 * size
        lines = count_lines(plain_text(inlines), size, width - indent, first, face,
                            bool(spec.bold), options.is_cjk)
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


_UNIT = re.compile(r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201f]"
                   r"|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f\u2018-\u201f]+")


def count_lines(text: str, size: float, width: float, first: float, face: str, bold: bool,
                cjk: bool) -> int:
    """Lines `text` takes when wrapped greedily: a line breaks at spaces and between East
    Asian characters (each one em wide), never inside a Latin word or number, whose width
    comes from the face's own metrics (widths.py)."""
    lines, x, room = 1, 0.0, width - first
    for unit in _UNIT.findall(text):
        if unit.isspace():
            if x:
                x += latin_width(" ", face, bold) * size
            continue
        wide = len(unit) == 1 and _wide(unit, cjk)
        w = size if wide else latin_width(unit, face, bold) * size
        if x and x + w > room:
            lines, x, room = lines + 1, 0.0, width
        while w > room:  # a word longer than a line is broken where it must be
            lines, w = lines + 1, w - room
        x += w
    return lines


@functools.lru_cache(maxsize=4096)
def _wide(char: str, cjk: bool) -> bool:
    """One em wide: East Asian wide or full-width, or ambiguous in a CJK report (memoized:
    count_lines asks for each of a long report's 260,000 characters)."""
    width = unicodedata.east_asian_width(char)
    return width in "WF" or (cjk and width == "A")


def _face(styles: dict, spec) -> str:
    """The face role ("body" or "heading") a style uses, following its based-on chain."""
    while spec is not None and spec.face is None and spec.based_on:
        spec = next((s for s in styles.values() if s.name == spec.based_on), None)
    return (spec.face if spec is not None else None) or "body"


def _mark(pages: dict, anchor: str, page: int) -> None:
    if anchor:
        pages[anchor] = page
