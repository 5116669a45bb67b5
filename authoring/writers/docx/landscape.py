"""A wide table's own landscape section in the DOCX: section breaks around it, the page turned.

The section before the table keeps the chapter's properties; the landscape section and the
one after it continue the page numbers and the running head (no restart, no first-page
header), and the section after is portrait again.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Mm

from . import ooxml
from .context import Context
from .layout import end_section


def _continue(section) -> None:
    """A section that goes on with its chapter: its pages keep counting, the head shows."""
    section.different_first_page_header_footer = False
    pg = section._sectPr.find(ooxml.qn("w:pgNumType"))
    if pg is not None and pg.get(ooxml.qn("w:start")) is not None:
        del pg.attrib[ooxml.qn("w:start")]


def _turn(section, landscape: bool, geo) -> None:
    width, height = (geo.height_mm, geo.width_mm) if landscape else (geo.width_mm, geo.height_mm)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)


def start_landscape(ctx: Context) -> None:
    """Close the chapter's portrait section; what follows is set on landscape pages."""
    end_section(ctx, WD_SECTION.NEW_PAGE)
    section = ctx.document.sections[-1]
    _continue(section)
    _turn(section, True, ctx.env.geometry)


def end_landscape(ctx: Context) -> None:
    """Close the landscape section; the chapter goes on, portrait, on the next page."""
    end_section(ctx, WD_SECTION.NEW_PAGE)
    section = ctx.document.sections[-1]
    _continue(section)
    _turn(section, False, ctx.env.geometry)
