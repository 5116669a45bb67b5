"""Meta + page options → cover, front-matter and chapter sections with their headers and footers.

Sections: the cover (no header or footer), the front matter (contents and lists, roman
page numbers) and one section per chapter (arabic numbers from 1, the chapter title in
the header). The footer with the PAGE field is defined once and inherited.
"""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.oxml.ns import qn
from docx.shared import Mm

from ...model.nodes import Meta
from . import ooxml
from . import ooxml_parts as parts
from .blocks import new_paragraph
from .context import Context


def set_up_pages(ctx: Context) -> None:
    """Page size and margins of the first section; later sections are cloned from it."""
    geo, page = ctx.env.geometry, ctx.env.options.page
    section = ctx.document.sections[-1]
    # a reference.docx's own headers, footers and numbering must not reach the cover
    ooxml.remove_children(section._sectPr, "w:headerReference", "w:footerReference",
                          "w:pgNumType", "w:titlePg")
    section.page_width, section.page_height = Mm(geo.width_mm), Mm(geo.height_mm)
    section.top_margin, section.bottom_margin = Mm(geo.top_mm), Mm(geo.bottom_mm)
    section.left_margin, section.right_margin = Mm(geo.inner_mm), Mm(geo.outer_mm)
    section.header_distance = Mm(min(12.5, geo.top_mm * 0.5))
    section.footer_distance = Mm(min(12.5, geo.bottom_mm * 0.5))
    section.gutter = 0
    settings = ctx.document.settings.element
    # with mirrored margins "left" is the inner (binding) margin on odd and even pages
    ooxml.set_on(settings, "w:mirrorMargins", page.two_sided)
    # Word recomputes the TOC, lists, SEQ/REF and page numbers when the file is opened
    ooxml.set_value(settings, "w:updateFields", "true")


def add_cover(ctx: Context, meta: Meta) -> None:
    document = ctx.document
    for role, text in (("title", meta.title), ("subtitle", meta.subtitle),
                       ("cover_org", meta.organization), ("cover_date", meta.date)):
        if text:
            new_paragraph(ctx, document, role).append(ooxml.run(text))
    if not meta.organization and meta.date:
        # the date alone would sit under the title; give it the organisation's place
        new_paragraph(ctx, document, "cover_org")
    end_section(ctx, WD_SECTION.NEW_PAGE)


def start_front_matter(ctx: Context, title: str) -> None:
    section = ctx.document.sections[-1]
    parts.set_page_numbering(section._sectPr, "lowerRoman", 1)
    _set_header(ctx, section, title)
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]._p
    ooxml.set_style_id(p.get_or_add_pPr(), ctx.style("footer"))
    for r in ooxml.field("PAGE", "1"):
        p.append(r)


def start_chapter(ctx: Context, index: int, title: str) -> None:
    section = ctx.document.sections[-1]
    # the body restarts at 1; later chapters continue the count
    parts.set_page_numbering(section._sectPr, "decimal", 1 if index == 0 else None)
    _set_header(ctx, section, title)


def end_section(ctx: Context, next_start=None) -> None:
    """Close the current section; the next one begins on a new (odd, when two-sided) page."""
    start = next_start or (WD_SECTION.ODD_PAGE if ctx.env.options.page.two_sided
                           else WD_SECTION.NEW_PAGE)
    body = ctx.document.element.body
    sentinel = body.sectPr
    last = sentinel.getprevious()
    clone = sentinel.clone()
    if last is not None and last.tag == qn("w:p") and last.pPr is not None and \
            last.pPr.sectPr is None:
        # the break rides on the last paragraph: an empty carrier paragraph could spill
        # onto a page of its own when the chapter fills its last page
        last.set_sectPr(clone)
    else:
        carrier = new_paragraph(ctx, ctx.document, "normal")
        carrier.set_sectPr(clone)
    for reference in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(reference)
    sentinel.start_type = start


def _set_header(ctx: Context, section, title: str) -> None:
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]._p
    ooxml.set_style_id(p.get_or_add_pPr(), ctx.style("header"))
    if title:
        p.append(ooxml.run(title))
