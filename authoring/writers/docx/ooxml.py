"""Requests python-docx has no API for → raw OOXML elements: fonts, language, fields, bookmarks.

Every other module of the writer goes through python-docx or through this module (and
its second half, ooxml_parts.py), so the places where we hand-write WordprocessingML are
few and each says why.
"""

from __future__ import annotations

import copy
import functools
import re

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

# Word validates child order against the schema and calls a file "unreadable" when it is
# wrong, so every element we add is inserted at its schema position.
_ORDER = {
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr",
              "w:widowControl", "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
              "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
              "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
              "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
              "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
              "w:pPrChange"),
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps",
              "w:strike", "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint",
              "w:noProof", "w:snapToGrid", "w:vanish", "w:webHidden", "w:color", "w:spacing",
              "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
              "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
              "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd",
                "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook",
                "w:tblCaption", "w:tblDescription"),
    "w:tcPr": ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd",
               "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
    "w:sectPr": ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type",
                 "w:pgSz", "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType",
                 "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg",
                 "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings"),
    "w:style": ("w:name", "w:aliases", "w:basedOn", "w:next", "w:link", "w:autoRedefine",
                "w:hidden", "w:uiPriority", "w:semiHidden", "w:unhideWhenUsed", "w:qFormat",
                "w:locked", "w:personal", "w:personalCompose", "w:personalReply", "w:rsid",
                "w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr", "w:tblStylePr"),
    "w:tblStylePr": ("w:pPr", "w:rPr", "w:tblPr", "w:trPr", "w:tcPr"),
    "w:settings": ("w:writeProtection", "w:view", "w:zoom", "w:removePersonalInformation",
                   "w:removeDateAndTime", "w:doNotDisplayPageBoundaries",
                   "w:displayBackgroundShape", "w:printPostScriptOverText",
                   "w:printFractionalCharacterWidth", "w:printFormsData", "w:embedTrueTypeFonts",
                   "w:embedSystemFonts", "w:saveSubsetFonts", "w:saveFormsData", "w:mirrorMargins",
                   "w:alignBordersAndEdges", "w:bordersDoNotSurroundHeader",
                   "w:bordersDoNotSurroundFooter", "w:gutterAtTop", "w:hideSpellingErrors",
                   "w:hideGrammaticalErrors", "w:activeWritingStyle", "w:proofState",
                   "w:formsDesign", "w:attachedTemplate", "w:linkStyles",
                   "w:stylePaneFormatFilter", "w:stylePaneSortMethod", "w:documentType",
                   "w:mailMerge", "w:revisionView", "w:trackRevisions", "w:doNotTrackMoves",
                   "w:doNotTrackFormatting", "w:documentProtection", "w:autoFormatOverride",
                   "w:styleLockTheme", "w:styleLockQFSet", "w:defaultTabStop",
                   "w:autoHyphenation", "w:consecutiveHyphenLimit", "w:hyphenationZone",
                   "w:doNotHyphenateCaps", "w:showEnvelope", "w:summaryLength",
                   "w:clickAndTypeStyle", "w:defaultTableStyle", "w:evenAndOddHeaders",
                   "w:bookFoldRevPrinting", "w:bookFoldPrinting", "w:bookFoldPrintingSheets",
                   "w:drawingGridHorizontalSpacing", "w:drawingGridVerticalSpacing",
                   "w:displayHorizontalDrawingGridEvery", "w:displayVerticalDrawingGridEvery",
                   "w:doNotUseMarginsForDrawingGridOrigin", "w:drawingGridHorizontalOrigin",
                   "w:drawingGridVerticalOrigin", "w:doNotShadeFormData",
                   "w:noPunctuationKerning", "w:characterSpacingControl", "w:printTwoOnOne",
                   "w:strictFirstAndLastChars", "w:noLineBreaksAfter", "w:noLineBreaksBefore",
                   "w:savePreviewPicture", "w:doNotValidateAgainstSchema", "w:saveInvalidXml",
                   "w:ignoreMixedContent", "w:alwaysShowPlaceholderText",
                   "w:doNotDemarcateInvalidXml", "w:saveXmlDataOnly", "w:useXSLTWhenSaving",
                   "w:saveThroughXslt", "w:showXMLTags", "w:alwaysMergeEmptyNamespace",
                   "w:updateFields", "w:hdrShapeDefaults", "w:footnotePr", "w:endnotePr",
                   "w:compat", "w:docVars", "w:rsids", "m:mathPr", "w:attachedSchema",
                   "w:themeFontLang", "w:clrSchemeMapping", "w:doNotIncludeSubdocsInStats",
                   "w:doNotAutoCompressPictures", "w:forceUpgrade", "w:captions",
                   "w:readModeInkLockDown", "w:smartTagType", "sl:schemaLibrary",
                   "w:shapeDefaults", "w:doNotEmbedSmartTags", "w:decimalSymbol",
                   "w:listSeparator"),
}
_ORDER_QN = {qn(k): [qn(t) for t in v] for k, v in _ORDER.items()}

# XML 1.0 forbids these; lxml refuses them and a DOCX holding one will not open
# (python-docx-template#634 is the same class of bug for '<' and '&').
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean_text(text: str) -> str:
    """`text` without the characters XML 1.0 cannot hold; '<' and '&' are escaped by lxml."""
    return _ILLEGAL_XML.sub("", text)


def child(parent, tag: str, attrs: dict | None = None):
    """The `tag` child of `parent`, created at its schema position if missing; `attrs` set on it."""
    found = parent.find(qn(tag))
    if found is None:
        found = OxmlElement(tag)
        later = _later(parent.tag, tag)
        if later is not None:
            for existing in parent:
                if existing.tag in later:
                    existing.addprevious(found)
                    break
            else:
                parent.append(found)
        else:
            parent.append(found)
    for key, value in (attrs or {}).items():
        if value is None:
            found.attrib.pop(qn(key), None)
        else:
            found.set(qn(key), str(value))
    return found


@functools.lru_cache(maxsize=None)
def _later(parent_tag: str, tag: str) -> frozenset | None:
    """The tags the schema puts after `tag` inside `parent_tag`, or None if it does not say
    (built once per pair: one paragraph style per paragraph made this a hot spot)."""
    order = _ORDER_QN.get(parent_tag)
    if not order or qn(tag) not in order:
        return None
    return frozenset(order[order.index(qn(tag)) + 1:])


def remove_children(parent, *tags: str) -> None:
    for tag in tags:
        for found in parent.findall(qn(tag)):
            parent.remove(found)


# ---------------------------------------------------------------- fonts and language


def set_fonts(rPr, latin: str, east_asian: str, hint_east_asia: bool = False) -> None:
    """Name the Latin and East Asian faces and drop the theme references that would win."""
    fonts = child(rPr, "w:rFonts")
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attr), None)
    child(rPr, "w:rFonts", {"w:ascii": latin, "w:hAnsi": latin, "w:eastAsia": east_asian,
                            "w:cs": latin,
                            # quotes and dashes are shared code points; the hint gives them
                            # the East Asian face as a Chinese typesetter expects
                            "w:hint": "eastAsia" if hint_east_asia else None})


def strip_theme_fonts(rPr) -> None:
    fonts = rPr.find(qn("w:rFonts"))
    if fonts is not None:
        for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme_attr), None)
        if not fonts.attrib:
            rPr.remove(fonts)


def set_lang(rPr, lang: str, east_asian_lang: str) -> None:
    child(rPr, "w:lang", {"w:val": lang, "w:eastAsia": east_asian_lang, "w:bidi": "ar-SA"})


def set_color(rPr, hex_color: str) -> None:
    child(rPr, "w:color", {"w:val": hex_color, "w:themeColor": None, "w:themeShade": None,
                           "w:themeTint": None})


def set_emphasis_mark(rPr) -> None:
    """Chinese emphasis is a dot under each character (着重号), not slanted type."""
    child(rPr, "w:em", {"w:val": "dot"})


def set_theme_font_lang(settings, lang: str, east_asian_lang: str) -> None:
    # python-docx's template says ja-JP here, which sends LibreOffice to the JP faces
    child(settings, "w:themeFontLang", {"w:val": lang, "w:eastAsia": east_asian_lang})


# ---------------------------------------------------------------- paragraph properties


def set_indent(pPr, first_line_chars: int | None = None, first_line: int | None = None,
               left: int | None = None, hanging: int | None = None) -> None:
    """Indents in twips; `first_line_chars` in hundredths of a character (200 = 2 字)."""
    attrs: dict = {}
    if first_line_chars is not None:
        # Word and WPS use the character count; readers that ignore it (older
        # LibreOffice) fall back to the twips value, which matches at the style's size
        attrs["w:firstLineChars"] = first_line_chars
        attrs["w:firstLine"] = first_line if first_line is not None else 0
    if left is not None:
        attrs["w:left"] = left
    if hanging is not None:
        attrs["w:hanging"] = hanging
    child(pPr, "w:ind", attrs)


def set_kinsoku(pPr) -> None:
    """Line-start/line-end prohibitions (clreq) and Han–Latin auto spacing."""
    for tag in ("w:kinsoku", "w:overflowPunct", "w:autoSpaceDE", "w:autoSpaceDN"):
        child(pPr, tag, {"w:val": 1})


def set_outline_level(pPr, level: int) -> None:
    """0–8 are heading levels; 9 is body text, which keeps a paragraph out of the TOC."""
    child(pPr, "w:outlineLvl", {"w:val": level})


def set_tab(pPr, pos: int, align: str = "right", leader: str | None = "dot") -> None:
    tabs = child(pPr, "w:tabs")
    tabs.append(OxmlElement("w:tab", {qn("w:val"): align, qn("w:pos"): str(pos),
                                      **({qn("w:leader"): leader} if leader else {})}))


def set_border(parent, container: str, side: str, size: int, color: str, space: int = 1) -> None:
    """One border (`size` in eighths of a point) on pBdr/tblBorders/tcBorders of `parent`."""
    box = child(parent, container)
    line = box.find(qn(f"w:{side}"))
    if line is None:
        line = OxmlElement(f"w:{side}")
        # schema order in the border containers: top, left, bottom, right, insideH, insideV
        sides = ("top", "left", "bottom", "right", "insideH", "insideV")
        later = {qn(f"w:{s}") for s in sides[sides.index(side) + 1:]}
        for existing in box:
            if existing.tag in later:
                existing.addprevious(line)
                break
        else:
            box.append(line)
    if size <= 0:
        attrs = {"w:val": "nil"}
    else:
        attrs = {"w:val": "single", "w:sz": size, "w:space": space, "w:color": color}
    for key, value in attrs.items():
        line.set(qn(key), str(value))


def set_shading(parent, fill: str) -> None:
    child(parent, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": fill})


def set_num(pPr, num_id: int, level: int) -> None:
    num = child(pPr, "w:numPr")
    child(num, "w:ilvl", {"w:val": level})
    child(num, "w:numId", {"w:val": num_id})


def set_style_id(pPr, style_id: str) -> None:
    # python-docx drops pStyle for the default style; we always name it (requirement: every
    # paragraph carries a named style)
    child(pPr, "w:pStyle", {"w:val": style_id})


# ---------------------------------------------------------------- runs, fields, bookmarks


def run(text: str = "", rPr=None):
    """A `w:r` holding `text` (tabs and newlines become w:tab / w:br) with a copy of `rPr`."""
    r = OxmlElement("w:r")
    if rPr is not None and len(rPr):
        r.append(_copy(rPr))
    if text:
        append_text(r, clean_text(text))
    return r


_RUN_BREAKS = re.compile(r"([\t\r\n])")


def append_text(r, text: str) -> None:
    """`text` as python-docx's `CT_R.text` setter writes it into an empty run: w:t pieces,
    w:tab for a tab, w:br for CR or LF. Done here because the setter's xpath and per-character
    state machine were a quarter of the DOCX writer's time on a long report."""
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            r.append(OxmlElement("w:tab"))
        elif piece in ("\r", "\n"):
            r.append(OxmlElement("w:br"))
        elif piece:
            t = OxmlElement("w:t")
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")
            r.append(t)


_XML_SPACE = qn("xml:space")


def field(instr: str, result: str, rPr=None) -> list:
    """Runs of a complex field `instr` whose cached result is `result` (shown until updated)."""
    def char(kind: str):
        r = run(rPr=rPr)
        r.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): kind}))
        return r

    code = run(rPr=rPr)
    text = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    text.text = f" {clean_text(instr)} "
    code.append(text)
    runs = [char("begin"), code, char("separate")]
    if result:
        runs.append(run(result, rPr))
    runs.append(char("end"))
    return runs


def field_begin(instr: str) -> list:
    """The opening half of a field whose result spans several paragraphs (a TOC)."""
    begin = run()
    begin.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "begin", qn("w:dirty"): "true"}))
    code = run()
    text = OxmlElement("w:instrText", {qn("xml:space"): "preserve"})
    text.text = f" {instr} "
    code.append(text)
    separate = run()
    separate.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "separate"}))
    return [begin, code, separate]


def field_end():
    end = run()
    end.append(OxmlElement("w:fldChar", {qn("w:fldCharType"): "end"}))
    return end


def bookmark(bookmark_id: int, name: str) -> tuple:
    start = OxmlElement("w:bookmarkStart", {qn("w:id"): str(bookmark_id), qn("w:name"): name})
    end = OxmlElement("w:bookmarkEnd", {qn("w:id"): str(bookmark_id)})
    return start, end


def hyperlink(r_id: str | None = None, anchor: str | None = None):
    attrs = {qn("w:history"): "1"}
    if r_id:
        attrs[qn("r:id")] = r_id
    if anchor:
        attrs[qn("w:anchor")] = anchor
    return OxmlElement("w:hyperlink", attrs)


def page_break_run():
    r = run()
    r.append(OxmlElement("w:br", {qn("w:type"): "page"}))
    return r


def _copy(element):
    return copy.deepcopy(element)


# ---------------------------------------------------------------- settings


def set_on(parent, tag: str, on: bool = True) -> None:
    if on:
        child(parent, tag)
    else:
        remove_children(parent, tag)


def set_value(parent, tag: str, value) -> None:
    child(parent, tag, {"w:val": value})
