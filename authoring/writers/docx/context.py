"""WriteOptions + style ids + plan → the read-only environment and mutable counters of one write.

Like pandoc's Docx/Types.hs: what every function may read lives in `Env`, what a write
accumulates (bookmark, footnote and list ids) lives in `State`, so no counter is global.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docx.document import Document as WordDocument

from ...errors import ConfigError
from ..options import Page, WriteOptions
from .plan import Plan

TWIPS_PER_MM = 1440 / 25.4
_NAMED_SIZES = {"A4": (210, 297), "A5": (148, 210), "A3": (297, 420), "B5": (176, 250),
                "LETTER": (215.9, 279.4)}


@dataclass(frozen=True)
class Geometry:
    """Page box and margins in millimetres; `text_width` is what a line can hold (twips)."""

    width_mm: float
    height_mm: float
    top_mm: float
    bottom_mm: float
    inner_mm: float
    outer_mm: float

    @property
    def text_width(self) -> int:
        return round((self.width_mm - self.inner_mm - self.outer_mm) * TWIPS_PER_MM)

    @property
    def text_width_mm(self) -> float:
        return self.width_mm - self.inner_mm - self.outer_mm


def geometry(page: Page) -> Geometry:
    """`page` → Geometry; `page.size` is a name (A4, Letter) or "210mm 297mm"."""
    size = page.size.strip()
    if size.upper() in _NAMED_SIZES:
        width, height = _NAMED_SIZES[size.upper()]
    else:
        match = re.fullmatch(r"([\d.]+)\s*mm\s+([\d.]+)\s*mm", size)
        if not match:
            raise ConfigError(f"page size '{page.size}' is not understood",
                              hint="use A4, A5, Letter or 'WIDTHmm HEIGHTmm'")
        width, height = float(match.group(1)), float(match.group(2))
    return Geometry(width, height, page.margin_top_mm, page.margin_bottom_mm,
                    page.margin_inner_mm, page.margin_outer_mm)


@dataclass(frozen=True)
class Env:
    options: WriteOptions
    styles: dict  # role → style id, resolved by name in the (reference) styles part
    geometry: Geometry
    plan: Plan
    lang: str  # Word tag of Latin text, e.g. "en-US" (also in a Chinese report)
    east_asian_lang: str

    def style(self, role: str) -> str:
        return self.styles[role]


@dataclass
class State:
    bookmark_id: int = 0
    footnote_id: int = 0
    footnotes: object = None  # the footnotes XmlPart, created with the first note
    svg_rel_ids: dict = field(default_factory=dict)  # svg bytes digest → rId
    picture_count: int = 0
    shape_ids: dict = field(default_factory=dict)  # story part → the next drawing id in it
    next_num_id: int = 1
    next_abstract_id: int = 0
    bullet_num_id: int = 0  # one bullet list definition serves every bulleted list
    ordered_abstract_id: int = 0
    box_title_level: int = 0  # heading level that is a title in the callout being written


@dataclass
class Context:
    env: Env
    state: State
    document: WordDocument

    def style(self, role: str) -> str:
        return self.env.styles[role]

    def new_bookmark_id(self) -> int:
        self.state.bookmark_id += 1
        return self.state.bookmark_id
