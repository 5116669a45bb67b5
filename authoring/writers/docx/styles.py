"""StyleSpecs (+ the project's reference.docx) → a python-docx Document whose styles are ready.

With a reference.docx its styles win: we only add the ones it lacks. Without one we start
from python-docx's template and restyle it, removing its theme-font references (a theme
attribute beats an explicit face, and the template's East Asian theme face is Japanese).
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.styles.styles import Styles
from lxml import etree

from ...errors import RenderError
from ..options import WriteOptions
from ..typography import BODY_SIZE_PT
from . import ooxml
from . import ooxml_parts as parts
from .fonts import MONO_FONT, east_asian_lang, font_facts, is_east_asian_tag, latin_lang, used_fonts
from .stylesheet import StyleSpec, accent, specs, tint

_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
          "right": WD_ALIGN_PARAGRAPH.RIGHT, "both": WD_ALIGN_PARAGRAPH.JUSTIFY}
_KIND = {"paragraph": WD_STYLE_TYPE.PARAGRAPH, "character": WD_STYLE_TYPE.CHARACTER,
         "table": WD_STYLE_TYPE.TABLE}
# parts of python-docx's template that would contradict what we write: a Word 2010 copy
# of the styles (with the Japanese theme fonts) and a thumbnail of an empty page
_STALE_DOCUMENT_RELS = ("http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",)


def new_document(options: WriteOptions, text_width: int):
    """A Document with every style the writer needs; returns (document, role → style id)."""
    reference = options.reference_docx
    if reference and not Path(reference).is_absolute():
        reference = Path(options.project_dir) / reference
    own = not (reference and Path(reference).is_file())
    if own:
        document = docx.Document()
        _drop_stale_parts(document)
        _drop_template_table_styles(document)
    else:
        try:
            document = docx.Document(_reference_bytes(Path(reference), options.project_dir))
        except RenderError:
            raise
        except Exception as exc:  # python-docx raises several types for a bad package
            raise RenderError(f"cannot read the reference document {reference}: {exc}") from exc
        _clear_body(document)
    _set_defaults(document, options, own)
    ids: dict[str, str] = {}
    for spec in specs(options):
        style, created = _ensure(document, spec)
        if created or own:
            _apply(style, spec, options, text_width)
        ids[spec.role] = style.style_id
    ids.update(_table_styles(document, options, own))
    if own:
        for rPr in document.styles.element.iter(qn("w:rPr")):
            ooxml.strip_theme_fonts(rPr)
        # docDefaults lost their theme faces above; put the real ones back
        _set_default_fonts(document, options)
    _write_font_table(document, options, own)
    return document, ids


def _drop_stale_parts(document) -> None:
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in _STALE_DOCUMENT_RELS:
            del document.part.rels[rel_id]
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package_rels[rel_id]


def _drop_template_table_styles(document) -> None:
    """The template's 140 coloured table styles (Light Shading, Medium Grid, …) only clutter
    a reviewer's style list and make up most of styles.xml; ours are added later."""
    keep = {"Normal Table", "Table Grid"}
    root = document.styles.element
    for style in root.findall(qn("w:style")):
        if style.get(qn("w:type")) == "table" and style.name_val not in keep:
            root.remove(style)


def _clear_body(document) -> None:
    """A reference.docx lends its styles and page set-up, never its text."""
    body = document.element.body
    for element in list(body):
        if element.tag != qn("w:sectPr"):
            body.remove(element)
    # its headers and footers carry its text too; ours are created per section
    ooxml.remove_children(body.sectPr, "w:headerReference", "w:footerReference")
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype in (RT.HEADER, RT.FOOTER):
            del document.part.rels[rel_id]


def _defaults(document):
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f'<w:docDefaults xmlns:w="{styles.nsmap["w"]}"/>')
        styles.insert(0, defaults)
    rPr = ooxml.child(ooxml.child(defaults, "w:rPrDefault"), "w:rPr")
    pPr = ooxml.child(ooxml.child(defaults, "w:pPrDefault"), "w:pPr")
    return rPr, pPr


def _set_defaults(document, options: WriteOptions, own: bool) -> None:
    lang, ea_lang = latin_lang(options), east_asian_lang(options)
    rPr, pPr = _defaults(document)
    # python-docx's template tags text en-US/ea en-US and the theme ja-JP (python-docx#1601)
    ooxml.set_lang(rPr, lang, ea_lang)
    ooxml.set_theme_font_lang(document.settings.element, lang, ea_lang)
    _fix_latin_lang(document.styles.element, lang)
    ooxml.set_kinsoku(pPr)
    # widow and orphan control as in both PDFs (typography.WIDOW_ORPHAN_LINES): Word's and
    # LibreOffice's keep two lines of a paragraph together at a page's foot and top; without
    # it a paragraph may leave one line alone there (the element is off when absent)
    ooxml.set_value(pPr, "w:widowControl", "1")
    if options.is_cjk:
        # Word's Chinese default: full-width punctuation compressed at line ends
        ooxml.set_value(document.settings.element, "w:characterSpacingControl",
                        "compressPunctuation")
    if own:
        ooxml.remove_children(pPr, "w:spacing")
        _set_default_fonts(document, options)


def _fix_latin_lang(styles, lang: str) -> None:
    """A reference.docx made in a Chinese Word may tag a style's Latin text zh-CN too; the
    Latin language of every style becomes `lang` (the East Asian one is left as it is)."""
    for element in styles.iter(qn("w:lang")):
        if is_east_asian_tag(element.get(qn("w:val"), "")):
            element.set(qn("w:val"), lang)


def _set_default_fonts(document, options: WriteOptions) -> None:
    rPr, _ = _defaults(document)
    ooxml.set_fonts(rPr, options.fonts.body_latin, options.fonts.body_east_asian,
                    hint_east_asia=options.is_cjk)
    size = round(2 * next(spec.size for spec in specs(options) if spec.role == "normal"))
    ooxml.child(rPr, "w:sz", {"w:val": size})
    ooxml.child(rPr, "w:szCs", {"w:val": size})


def _ensure(document, spec: StyleSpec):
    """The style named `spec.name`, created (with `spec.style_id`) when the document lacks it."""
    try:
        style = document.styles[spec.name]
        if style.type == _KIND[spec.kind]:
            return style, False
        raise RenderError(f"style '{spec.name}' in the reference document has the wrong type",
                          hint=f"make it a {spec.kind} style or rename it")
    except KeyError:
        pass
    builtin = spec.name[:1].islower() or spec.name in ("Normal", "Title", "Subtitle", "Hyperlink",
                                                       "Emphasis", "TOC Heading", "Body Text")
    style = document.styles.add_style(spec.name, _KIND[spec.kind], builtin=builtin)
    style.style_id = spec.style_id
    return style, True


def _apply(style, spec: StyleSpec, options: WriteOptions, text_width: int) -> None:
    element = style.element
    ooxml.remove_children(element, "w:pPr", "w:rPr")
    if spec.based_on:
        style.base_style = _by_name(style, spec.based_on)
    if spec.role in ("body", "heading1", "heading2", "heading3", "caption", "title"):
        style.quick_style = True  # shown in Word's style gallery
    if spec.kind == "paragraph":
        if spec.next_style:
            style.next_paragraph_style = _by_name(style, spec.next_style)
        _apply_paragraph(style, spec, options, text_width)
    _apply_font(style, spec, options)


def _by_name(style, name: str):
    """The sibling style called `name` (looked up by name: a reference.docx has its own ids)."""
    try:
        return Styles(style.element.getparent())[name]
    except KeyError:
        return None


def _apply_paragraph(style, spec: StyleSpec, options: WriteOptions, text_width: int) -> None:
    fmt = style.paragraph_format
    if spec.before is not None:
        fmt.space_before = Pt(spec.before)
    if spec.after is not None:
        fmt.space_after = Pt(spec.after)
    if spec.single:
        fmt.line_spacing = 1.0
    elif spec.line:
        fmt.line_spacing = Pt(spec.line)
        fmt.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
    if spec.align:
        fmt.alignment = _ALIGN[spec.align]
    for flag, attr in ((spec.keep_next, "keep_with_next"), (spec.keep_lines, "keep_together"),
                       (spec.page_break_before, "page_break_before")):
        if flag:
            setattr(fmt, attr, True)
    pPr = style.element.get_or_add_pPr()
    char = (spec.size or BODY_SIZE_PT) * 20  # twips per character of the paragraph's size
    if spec.first_line_chars is not None or spec.left_chars or spec.hanging_chars:
        ooxml.set_indent(pPr,
                         first_line_chars=spec.first_line_chars,
                         first_line=round(spec.first_line_chars * char / 100)
                         if spec.first_line_chars else None,
                         left=round(spec.left_chars * char) if spec.left_chars else None,
                         hanging=round(spec.hanging_chars * char) if spec.hanging_chars else None)
    if spec.outline is not None:
        ooxml.set_outline_level(pPr, spec.outline)
    if spec.border_below:
        size, color, space = spec.border_below
        ooxml.set_border(pPr, "w:pBdr", "bottom", size, color, space)
    if spec.toc_tab:
        ooxml.set_tab(pPr, text_width, "right", "dot")


def _apply_font(style, spec: StyleSpec, options: WriteOptions) -> None:
    font = style.font
    if spec.size is not None:
        font.size = Pt(spec.size)
    if spec.bold is not None:
        font.bold = spec.bold
    if spec.italic is not None:
        font.italic = spec.italic
    if spec.superscript:
        font.superscript = True
    rPr = style.element.get_or_add_rPr()
    if spec.color:
        ooxml.set_color(rPr, spec.color)
    if spec.emphasis_dot:
        ooxml.set_emphasis_mark(rPr)
    fonts = options.fonts
    if spec.face == "body":
        ooxml.set_fonts(rPr, fonts.body_latin, fonts.body_east_asian, options.is_cjk)
    elif spec.face == "heading":
        ooxml.set_fonts(rPr, fonts.heading_latin, fonts.heading_east_asian, options.is_cjk)
    elif spec.face == "mono":
        ooxml.set_fonts(rPr, MONO_FONT, fonts.body_east_asian)


INK = "1A1A1A"  # the rules' colour in base.css and report.typ


def _table_styles(document, options: WriteOptions, own: bool) -> dict[str, str]:
    """The data table (ruled, tinted head row) and the callout box (tinted, accent rule)."""
    acc = accent(options)
    ids = {}
    for role, name, style_id, build in (
            ("table", "Report Table", "ReportTable", _report_table),
            ("callout", "Callout Box", "CalloutBox", _callout_box)):
        try:
            style = document.styles[name]
            created = False
        except KeyError:
            style = document.styles.add_style(name, WD_STYLE_TYPE.TABLE)
            style.style_id = style_id
            created = True
        if created or own:
            ooxml.remove_children(style.element, "w:tblPr", "w:tcPr", "w:tblStylePr", "w:pPr",
                                  "w:rPr")
            style.base_style = _by_name(style, "Normal Table")
            build(style.element, acc)
        ids[role] = style.style_id
    return ids


def _report_table(style, acc: str) -> None:
    tblPr = ooxml.child(style, "w:tblPr")
    # the three-line table (三线表) of both PDFs: a 1.5 pt rule above and below; the 0.75 pt
    # rule under the head is on the last head row's cells (tables.py: heads of two rows)
    for side, size, color in (("top", 12, INK), ("left", 0, ""), ("bottom", 12, INK),
                              ("right", 0, ""), ("insideH", 0, ""), ("insideV", 0, "")):
        ooxml.set_border(tblPr, "w:tblBorders", side, size, color, 0)
    parts.set_cell_margins(tblPr, 45, 100, 45, 100)
    head = parts.table_style_part(style, "firstRow")
    ooxml.child(ooxml.child(head, "w:rPr"), "w:b")


def _callout_box(style, acc: str) -> None:
    tblPr = ooxml.child(style, "w:tblPr")
    for side, size, color in (("top", 0, ""), ("left", 36, acc), ("bottom", 0, ""),
                              ("right", 0, ""), ("insideH", 0, ""), ("insideV", 0, "")):
        ooxml.set_border(tblPr, "w:tblBorders", side, size, color, 0)
    parts.set_cell_margins(tblPr, 140, 220, 140, 220)
    ooxml.set_shading(ooxml.child(style, "w:tcPr"), tint(acc, 0.92))


def _write_font_table(document, options: WriteOptions, own: bool) -> None:
    """Describe our faces in fontTable.xml so a reader without them substitutes the right script."""
    try:
        part = document.part.part_related_by(RT.FONT_TABLE)
    except KeyError:
        return
    root = etree.fromstring(part.blob)
    wanted = used_fonts(options)
    names = {name for name, _ in wanted}
    for font in list(root):
        if own or font.get(qn("w:name")) in names:
            root.remove(font)
    ea_lang = east_asian_lang(options)
    for name, east in wanted:
        facts = font_facts(name, east, ea_lang)
        root.append(parts.font_entry(name, facts.alt_name, facts.panose, facts.charset,
                                     facts.family, facts.pitch))
    # the font table is a plain Part in python-docx (no XML API), so its bytes are replaced
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _reference_bytes(reference: Path, project_dir):
    """The project's reference DOCX in memory, by the file rule (paths.read_input) and
    checked as the untrusted zip it is (safezip) before python-docx opens it."""
    import io

    from ...paths import read_input, shown_path
    from ...safezip import check_zip, verify_members

    shown = shown_path(reference, Path(project_dir))
    data = read_input(reference, Path(project_dir), shown, error=RenderError, limit="image_bytes")
    check_zip(io.BytesIO(data), shown, RenderError)
    verify_members(io.BytesIO(data), shown, RenderError)
    return io.BytesIO(data)
