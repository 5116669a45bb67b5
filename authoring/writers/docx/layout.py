"""Meta + page options → cover, front-matter and chapter sections with their headers and footers.

Sections: the cover (no header or footer), the front matter (contents and lists, roman
page numbers, no running head, as in the PDFs) and one section per chapter (arabic numbers
from 1, the chapter title in the header, except on the chapter's first page). One-sided,
the footer with the PAGE field is defined once and inherited.

Two-sided, a section starts on an odd page, and Word fills a missing verso with a blank
page that belongs to the section before and shows its header and footer (LibreOffice
leaves its inserted page empty). The PDFs leave that page bare, so each section's running
head and folio are IF fields that show nothing on a page after the one where the section's
text ends (a bookmark, `part_end`): { IF { PAGE } > { PAGEREF end } "" "head" }.
"""

from __future__ import annotations

from docx.enum.section import WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm

from ...model.nodes import Meta
from . import ooxml, sourcemap
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
    parts.set_compatibility_mode(settings)


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


def part_end(part: int) -> str:
    """The bookmark where the text of `part` ends: 0 the front matter, N chapter N."""
    return f"_PartEnd{part}"


def start_front_matter(ctx: Context) -> None:
    """Roman folios from i and no running head (the PDFs have none on these pages)."""
    section = ctx.document.sections[-1]
    parts.set_page_numbering(section._sectPr, "lowerRoman", 1)
    _set_header(ctx, section, "", part=0)
    footer = section.footer
    footer.is_linked_to_previous = False
    _add_folio(ctx, footer, part=0)


def _add_folio(ctx: Context, footer, part: int | None = None) -> None:
    """The page number, a PAGE field, in the footer's one paragraph; two-sided with `part`,
    hidden on a blank page after the part's text."""
    p = footer.paragraphs[0]._p
    ooxml.set_style_id(p.get_or_add_pPr(), ctx.style("footer"))
    for r in _unless_blank(ctx, part, lambda: ooxml.field("PAGE", ""), ooxml.field("PAGE", "1")):
        p.append(r)


def start_chapter(ctx: Context, index: int, title: str) -> None:
    section = ctx.document.sections[-1]
    # the body restarts at 1; later chapters continue the count
    parts.set_page_numbering(section._sectPr, "decimal", 1 if index == 0 else None)
    _set_header(ctx, section, title, part=index + 1)
    if ctx.env.options.page.two_sided:
        # its own folio: the blank page before the next chapter is this chapter's
        footer = section.footer
        footer.is_linked_to_previous = False
        _add_folio(ctx, footer, part=index + 1)
    if index == 0:
        _set_opening_page(ctx, section)
    else:
        # inherited, but a landscape table's section (landscape.py) turns it off
        section.different_first_page_header_footer = True


def _set_opening_page(ctx: Context, section) -> None:
    """A chapter's first page has no running head but keeps its page number, as in the PDF.

    Defined once, on the first chapter: later chapter sections inherit the first-page
    header and footer, and `w:titlePg`, which the section break clones.
    """
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.is_linked_to_previous = False
    # an empty paragraph in the Footer style: the Header style's rule would still show
    ooxml.set_style_id(header.paragraphs[0]._p.get_or_add_pPr(), ctx.style("footer"))
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    _add_folio(ctx, footer)


BODY_START = "_BodyStart"  # where page 1 of the body begins (clientpages.py measures it)


def mark_body_start(ctx: Context, before) -> None:
    """An empty bookmark at the start of the first paragraph after `before`."""
    element = before.getnext() if before is not None else None
    while element is not None and element.tag != qn("w:p"):
        element = element.find(".//" + qn("w:p")) if element.tag == qn("w:tbl") else \
            element.getnext()
    if element is None:
        return
    start, end = ooxml.bookmark(ctx.new_bookmark_id(), BODY_START)
    pPr = element.find(qn("w:pPr"))
    if pPr is not None:
        pPr.addnext(start)
    else:
        element.insert(0, start)
    start.addnext(end)


def end_section(ctx: Context, next_start=None, part: int | None = None) -> None:
    """Close the current section; the next one begins on a new (odd, when two-sided) page.
    `part`: the section closes that part (front matter or a chapter), whose end is marked."""
    start = next_start or (WD_SECTION.ODD_PAGE if ctx.env.options.page.two_sided
                           else WD_SECTION.NEW_PAGE)
    body = ctx.document.element.body
    sentinel = body.sectPr
    last = sentinel.getprevious()
    clone = sentinel.clone()
    if last is not None and last.tag == qn("w:p") and last.pPr is not None and \
            last.pPr.sectPr is None and not _holds_targets(last):
        # the break rides on the last paragraph: an empty carrier paragraph could spill
        # onto a page of its own when the chapter fills its last page
        last.set_sectPr(clone)
    else:
        # LibreOffice misplaces bookmarks and fields in a paragraph that ends a section
        # (a REF to the caption "Figure 2" then shows "Figure "): such a paragraph keeps
        # its place and a small spacer paragraph carries the break
        carrier = new_paragraph(ctx, ctx.document, "spacer" if last is not None else "normal")
        carrier.set_sectPr(clone)
    for reference in sentinel.xpath("w:headerReference|w:footerReference"):
        sentinel.remove(reference)
    sentinel.start_type = start
    if part is not None:
        mark_part_end(ctx, part)


def mark_part_end(ctx: Context, part: int) -> None:
    """Two-sided: the bookmark `part_end(part)` at the end of the body's last paragraph
    (the one that closes the part's section), for the IF fields of its head and folio."""
    if not ctx.env.options.page.two_sided:
        return
    last = ctx.document.element.body.sectPr.getprevious()
    if last is not None and last.tag != qn("w:p"):
        last = next((p for p in reversed(list(last.iter(qn("w:p"))))), None)
    if last is None:
        return
    start, end = ooxml.bookmark(ctx.new_bookmark_id(), part_end(part))
    last.append(start)
    last.append(end)


def _unless_blank(ctx: Context, part: int | None, shown, cached: list) -> list:
    """Runs of `cached` that show, two-sided, only up to the page where `part` ends: an IF
    field whose text is `shown()` (field code: text or nested fields) and whose result is
    `cached` (what a reader sees before Word updates the fields).

    LibreOffice shows an IF field with nested fields as the nested results run together
    ("35" for a running head), and leaves its own inserted blank page empty anyway; so the
    field's code is for Word only (`_word_only`) and LibreOffice reads just `cached`.
    """
    if part is None or not ctx.env.options.page.two_sided:
        return cached
    begin, separate, end = (_field_char(kind) for kind in ("begin", "separate", "end"))
    # \* Arabic: roman folios compare as numbers. The nested fields cache no result: Word
    # computes them, and a reader of the file (authoring diff) should see only `cached`
    code = [begin, _code(" IF "), *ooxml.field("PAGE \\* Arabic", ""), _code(" > "),
            *ooxml.field(f"PAGEREF {part_end(part)} \\* Arabic", ""), _code(' "" "'),
            *shown(), _code('" '), separate]
    return [*map(_word_only, code), *cached, _word_only(end)]


# Markup compatibility: a w15 (Word 2013) choice, which Word takes and LibreOffice 7 skips
# for its empty fallback (measured); Word 2010 skips it too and shows `cached` always
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def _word_only(r):
    """Run `r` whose content only Word 2013 and later read (run-level AlternateContent, as
    Word writes for its emoji)."""
    from lxml import etree

    out = ooxml.run()
    alternate = etree.SubElement(out, f"{{{_MC}}}AlternateContent", nsmap={"mc": _MC, "w15": _W15})
    choice = etree.SubElement(alternate, f"{{{_MC}}}Choice", Requires="w15")
    etree.SubElement(alternate, f"{{{_MC}}}Fallback")
    for child in list(r):
        choice.append(child)
    return out


def _field_char(kind: str):
    r = ooxml.run()
    r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
    return r


def _code(text: str):
    """A run of field code (w:instrText)."""
    r = ooxml.run()
    code = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    code.text = text
    r.append(code)
    return r


def _holds_targets(p) -> bool:
    """Whether paragraph `p` holds a field or a bookmark a REF or the contents point at."""
    if p.find(".//" + qn("w:fldChar")) is not None:
        return True
    return any(not (b.get(qn("w:name")) or "").startswith(sourcemap.PREFIX)
               for b in p.iter(qn("w:bookmarkStart")))


def _set_header(ctx: Context, section, title: str, part: int | None = None) -> None:
    """The running head `title` ("": none); two-sided, hidden on a blank page after `part`."""
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]._p
    # an empty head in the Footer style: a reference.docx's Header style may draw a rule
    ooxml.set_style_id(p.get_or_add_pPr(), ctx.style("header" if title else "footer"))
    if title:
        # a field's text argument escapes its quotes and backslashes
        quoted = title.replace("\\", "\\\\").replace('"', '\\"')
        for r in _unless_blank(ctx, part, lambda: [_code(quoted)], [ooxml.run(title)]):
            p.append(r)
