"""Parts python-docx has no API for → raw OOXML: footnotes, pictures, numbering, tables, fonts.

The second half of the raw-XML layer (see ooxml.py), split off to keep each file short.
"""

from __future__ import annotations

from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from .ooxml import child, clean_text, run

SVG_EXT_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"


def font_entry(name: str, alt_name: str, panose: str, charset: str, family: str, pitch: str):
    """A `w:font` for word/fontTable.xml: charset and panose steer substitution on other systems."""
    font = OxmlElement("w:font", {qn("w:name"): name})
    if alt_name:
        child(font, "w:altName", {"w:val": alt_name})
    child(font, "w:panose1", {"w:val": panose})
    child(font, "w:charset", {"w:val": charset})
    child(font, "w:family", {"w:val": family})
    child(font, "w:pitch", {"w:val": pitch})
    return font


def footnotes_root():
    """word/footnotes.xml holding the separator (-1) and continuation (0) notes Word needs."""
    # explicit zero indent: an inherited first-line indent once pushed the separator
    # rule off the margin (pandoc#7292)
    separators = "".join(
        f'<w:footnote w:type="{kind}" w:id="{note_id}"><w:p><w:pPr>'
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'
        '<w:ind w:left="0" w:firstLine="0" w:firstLineChars="0"/></w:pPr>'
        f'<w:r><w:{kind}/></w:r></w:p></w:footnote>'
        for note_id, kind in ((-1, "separator"), (0, "continuationSeparator")))
    return parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{separators}</w:footnotes>")


def footnote(note_id: int):
    return OxmlElement("w:footnote", {qn("w:id"): str(note_id)})


def footnote_reference_run(note_id: int, style_id: str):
    r = run()
    child(child(r, "w:rPr"), "w:rStyle", {"w:val": style_id})
    r.append(OxmlElement("w:footnoteReference", {qn("w:id"): str(note_id)}))
    return r


def footnote_mark_run(style_id: str):
    """The number at the start of the note text itself."""
    r = run()
    child(child(r, "w:rPr"), "w:rStyle", {"w:val": style_id})
    r.append(OxmlElement("w:footnoteRef"))
    return r


def set_footnote_properties(settings) -> None:
    pr = child(settings, "w:footnotePr")
    if pr.find(qn("w:footnote")) is None:
        for note_id in (-1, 0):
            pr.append(OxmlElement("w:footnote", {qn("w:id"): str(note_id)}))


def describe_picture(inline, name: str, alt: str) -> None:
    """Alt text for screen readers and Word's accessibility checker."""
    doc_pr = inline.find(qn("wp:docPr"))
    doc_pr.set("name", name)
    doc_pr.set("descr", clean_text(alt))
    doc_pr.set("title", clean_text(alt))
    nv = inline.find(".//" + qn("pic:cNvPr"))
    if nv is not None:
        nv.set("name", name)
        nv.set("descr", clean_text(alt))


def add_svg_blip(inline, svg_rel_id: str) -> None:
    """Word 2016+ draws the SVG; older readers fall back to the PNG the blip already names."""
    blip = inline.find(".//" + qn("a:blip"))
    ext_list = child(blip, "a:extLst")
    ext = etree.SubElement(ext_list, qn("a:ext"), {"uri": SVG_EXT_URI})
    svg = etree.SubElement(ext, f"{{{SVG_NS}}}svgBlip", nsmap={"asvg": SVG_NS})
    svg.set(qn("r:embed"), svg_rel_id)


def set_page_numbering(sectPr, fmt: str, start: int | None) -> None:
    child(sectPr, "w:pgNumType", {"w:fmt": fmt, "w:start": start})


def repeat_header_row(tr) -> None:
    trPr = tr.get_or_add_trPr()
    trPr.append(OxmlElement("w:tblHeader"))


def keep_row_together(tr) -> None:
    trPr = tr.get_or_add_trPr()
    trPr.insert(0, OxmlElement("w:cantSplit"))


def set_table_width_pct(tblPr, pct: int) -> None:
    """`pct` in fiftieths of a percent (5000 = full text width)."""
    child(tblPr, "w:tblW", {"w:w": pct, "w:type": "pct"})


def set_table_look(tblPr, first_row: bool) -> None:
    child(tblPr, "w:tblLook", {"w:val": "0420" if first_row else "0400",
                               "w:firstRow": int(first_row),
                               "w:lastRow": 0, "w:firstColumn": 0, "w:lastColumn": 0,
                               "w:noHBand": 1, "w:noVBand": 1})


WORD_COMPAT = "http://schemas.microsoft.com/office/word"
COMPATIBILITY_MODE = 15  # Word 2013 and later; 14 makes Word show "[Compatibility Mode]"


def set_compatibility_mode(settings, mode: int = COMPATIBILITY_MODE) -> None:
    """Declare the layout rules of Word `mode` in settings.xml's w:compat."""
    compat = child(settings, "w:compat")
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), str(mode))
            setting.set(qn("w:uri"), WORD_COMPAT)
            return
    # w:compatSetting elements close w:compat (schema order)
    compat.append(OxmlElement("w:compatSetting", {
        qn("w:name"): "compatibilityMode", qn("w:uri"): WORD_COMPAT, qn("w:val"): str(mode)}))


def set_cell_margins(tblPr, top: int, left: int, bottom: int, right: int) -> None:
    """Cell padding in twips. No table indent: in compatibility mode 15 Word (and LibreOffice
    reading such a file) puts the table's edge, not its text, on the margin; the indent by
    `left` that mode 14 needed would now push the whole table in."""
    child(tblPr, "w:tblInd", {"w:w": 0, "w:type": "dxa"})
    mar = child(tblPr, "w:tblCellMar")
    for side, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        child(mar, f"w:{side}", {"w:w": value, "w:type": "dxa"})


def set_cell_padding(tcPr, **sides: int) -> None:
    """This cell's own padding in twips on the given sides (top, left, bottom, right)."""
    mar = child(tcPr, "w:tcMar")
    for side in ("top", "left", "bottom", "right"):  # schema order
        if side in sides:
            child(mar, f"w:{side}", {"w:w": sides[side], "w:type": "dxa"})


def table_style_part(style, kind: str):
    """The `w:tblStylePr` of table style `style` for condition `kind` (e.g. firstRow)."""
    for existing in style.findall(qn("w:tblStylePr")):
        if existing.get(qn("w:type")) == kind:
            return existing
    part = OxmlElement("w:tblStylePr", {qn("w:type"): kind})
    style.append(part)
    return part


def abstract_num(abstract_id: int, levels: list[tuple[str, str, int, int]]):
    """A multilevel list; `levels` are (numFmt, lvlText, left, hanging) in twips."""
    element = OxmlElement("w:abstractNum", {qn("w:abstractNumId"): str(abstract_id)})
    # nsid identifies the list across copy/paste; fixed per id keeps builds identical
    child(element, "w:nsid", {"w:val": f"{0x5A5A0000 + abstract_id:08X}"})
    child(element, "w:multiLevelType", {"w:val": "hybridMultilevel"})
    for ilvl, (fmt, text, left, hanging) in enumerate(levels):
        lvl = OxmlElement("w:lvl", {qn("w:ilvl"): str(ilvl)})
        element.append(lvl)
        for tag, value in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text),
                           ("w:lvlJc", "left")):
            lvl.append(OxmlElement(tag, {qn("w:val"): value}))
        pPr = OxmlElement("w:pPr")
        lvl.append(pPr)
        pPr.append(OxmlElement("w:ind", {qn("w:left"): str(left), qn("w:hanging"): str(hanging)}))
    return element


def num(num_id: int, abstract_id: int, restart_level: int | None = None, start: int = 1):
    element = OxmlElement("w:num", {qn("w:numId"): str(num_id)})
    element.append(OxmlElement("w:abstractNumId", {qn("w:val"): str(abstract_id)}))
    if restart_level is not None:
        override = OxmlElement("w:lvlOverride", {qn("w:ilvl"): str(restart_level)})
        override.append(OxmlElement("w:startOverride", {qn("w:val"): str(start)}))
        element.append(override)
    return element
