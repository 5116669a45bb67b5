"""A paragraph's inline content (runs, fields, content controls, ruby, equations) → the Pieces
of text Word shows; one run child (w:t, w:sym, mc:AlternateContent…) → its text."""

from __future__ import annotations

import re

from .mathtext import math_text
from .model import Piece
from .revisions import q
from .shown import FORM_FIELDS, MC, branch, drawn, form_field_text

_SRC = re.compile(r"^_Src(\d+)$")
# fields whose result depends on pagination or the clock, or repeats headings elsewhere
VOLATILE_FIELDS = _VOLATILE = {"TOC", "PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "DATE", "TIME", "PRINTDATE",
             "SAVEDATE", "EDITTIME", "FILENAME", "FILESIZE"}
_ALTERNATE = f"{{{MC}}}AlternateContent"
_MATH = ("{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath",
         "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMathPara")


class RunReader:
    """The inline half of reader.py's walker: it reads and keeps the walker's `fields`,
    `active`, `styles`, `cache`, `table_format` and `bindings`."""

    def inline(self, element, pieces, refs, ends, style) -> None:
        for child in element:
            tag = child.tag
            if tag == q("r"):
                self.run(child, pieces, refs, style)
            elif tag == q("fldSimple"):
                instr = child.get(q("instr"), "")
                self.fields.append({"instr": instr, "result": True})
                self.inline(child, pieces, refs, ends, style)
                self.fields.pop()
                if _macro_button(instr) and not self.hidden():
                    pieces.append(Piece(_macro_button(instr)))
            elif tag in (q("hyperlink"), q("smartTag"), q("customXml"), q("ins"), q("moveTo"),
                         q("dir"), q("bdo"), q("sdtContent")):
                self.inline(child, pieces, refs, ends, style)
            elif tag == q("sdt"):
                bound = self.bindings.value(child.find(q("sdtPr")))
                if bound is None:
                    self.inline(child, pieces, refs, ends, style)
                else:
                    inner: list = []
                    self.inline(child, inner, refs, ends, style)
                    pieces.extend(bound_pieces(inner, bound))
            elif tag == _ALTERNATE:
                chosen = branch(child)
                if chosen is not None:
                    self.inline(chosen, pieces, refs, ends, style)
            elif tag == q("bookmarkStart") or tag == q("bookmarkEnd"):
                self.bookmark(child, ends)
            elif child.tag in _MATH:
                # LibreOffice writes an equation's minus sign as U+2212, Word as "-"
                text = math_text(child).replace("\u2212", "-")
                if text and not self.hidden():
                    pieces.append(Piece(text, node=child))  # the redline marks it whole

    def bookmark(self, element, ends: list) -> None:
        ident = element.get(q("id"), "")
        if element.tag == q("bookmarkStart"):
            match = _SRC.match(element.get(q("name"), ""))
            if match:
                self.active.append((ident, int(match.group(1))))
        elif any(a[0] == ident for a in self.active):
            ends.append(ident)  # it still covers the paragraph it ends in

    def hidden(self) -> bool:
        for f in self.fields:
            if not f["result"]:
                return True  # a field code, not its result
            words = f["instr"].split()
            if words and (words[0].upper() in _VOLATILE or words[0].upper() == "MACROBUTTON"
                          or words[0].upper() in FORM_FIELDS):
                # (a MACROBUTTON and a form field show what is read at their end)
                return True
        return False

    def run(self, r, pieces, refs, style) -> None:
        rpr = r.find(q("rPr"))
        vanish = rpr is not None and rpr.find(q("vanish")) is not None and \
            rpr.find(q("vanish")).get(q("val"), "true") not in ("0", "false", "off")
        fmt = None
        symbolic = _symbol_font(rpr)  # a run in a symbol font (Wingdings…)
        for child in r:
            tag = child.tag
            if tag == q("fldChar"):
                kind = child.get(q("fldCharType"))
                if kind == "begin":
                    self.fields.append({"instr": "", "result": False, "ff": child.find(q("ffData"))})
                elif kind == "separate" and self.fields:
                    self.fields[-1]["result"] = True
                elif kind == "end" and self.fields:
                    ended = self.fields.pop()
                    shown = _macro_button(ended["instr"]) or \
                        form_field_text(ended["instr"], ended.get("ff"))
                    if shown and not vanish and not self.hidden():
                        # no node: the redline leaves the field's markup alone
                        pieces.append(Piece(shown, self.styles.effective(
                            style, rpr, self.cache, self.table_format)))
                continue
            if tag == q("instrText"):
                if self.fields:
                    self.fields[-1]["instr"] += child.text or ""
                continue
            if tag == q("footnoteReference") or tag == q("endnoteReference"):
                refs.append(("footnotes" if tag == q("footnoteReference") else "endnotes",
                             child.get(q("id"))))
                continue
            if tag == _ALTERNATE:
                text = _alternate_text(child)  # Word 2016's emoji: w16se:symEx, w:t fallback
                if not text:
                    refs.extend(drawn(child))
                    continue
            elif tag in _CARRIERS:
                refs.extend(drawn(child))
                continue
            elif tag == q("ruby"):
                self.ruby(child, pieces, refs, style)
                continue
            else:
                text = leaf_text(child)
            if not text or vanish or self.hidden():
                continue
            if symbolic or (tag == _SYM and (child.get(_FONT) or "").strip().lower()
                            in _SYMBOL_FONTS):
                text = _symbol_text(text)
            if fmt is None:
                fmt = self.styles.effective(style, rpr, self.cache, self.table_format)
            pieces.append(Piece(text, fmt, child))


    def ruby(self, ruby, pieces, refs, style) -> None:
        """Ruby (w:ruby) as Word writes it in plain text: the base, then its guide in brackets."""
        for part, before, after in (("rubyBase", "", ""), ("rt", "(", ")")):
            found = ruby.find(q(part))
            if found is None:
                continue
            inner: list = []
            for r in found.iter(q("r")):
                self.run(r, inner, refs, style)
            if inner and "".join(x.text for x in inner):
                pieces.extend(([Piece(before)] if before else []) + inner +
                              ([Piece(after)] if after else []))


def _macro_button(instr: str) -> str:
    """The text a MACROBUTTON field shows: what follows the macro name in its code (Word
    stores no result; LibreOffice writes that text as the result)."""
    match = _MACROBUTTON.match(instr)
    return match.group(1).strip() if match else ""


_MACROBUTTON = re.compile(r"^\s*MACROBUTTON\s+\S+\s*(.*)$", re.IGNORECASE | re.DOTALL)


def bound_pieces(pieces: list, bound: str) -> list:
    """A bound content control's pieces: its runs when they hold the bound value (the
    redline can mark them), else the value Word shows, in the first run's formatting."""
    if "".join(p.text for p in pieces) == bound:
        return pieces
    return [Piece(bound, pieces[0].fmt if pieces else frozenset())]


_CARRIERS = {q("drawing"), q("pict"), q("object"), _ALTERNATE}  # run children that can hold text boxes


# LibreOffice marks where it re-anchored a text box with a run holding only a zero-width
# space (a tracked insertion when the box was one); invisible, so not text
ZERO_WIDTH = {0x200B: None, 0x2060: None, 0xFEFF: None}
_ZW = "\u200b\u2060\ufeff"
# the white space XML lets an application drop from the ends of a w:t without xml:space="preserve"
_XML_WHITE, _XML_SPACE = " \t\r\n", "{http://www.w3.org/XML/1998/namespace}space"
INVISIBLE = "\u00ad" + _ZW  # a paragraph of only these (and white space) shows nothing


def leaf_text(child) -> str:
    tag = child.tag
    if tag == q("t"):
        text = child.text or ""
        if text and (text[0] in _XML_WHITE or text[-1] in _XML_WHITE) and \
                child.get(_XML_SPACE) != "preserve":
            text = text.strip(_XML_WHITE)  # Word drops them (LibreOffice too, when it saves)
        # (the first character decides cheaply: a w:t holding only such spaces starts with one)
        return "" if text and text[0] in _ZW and not text.strip(_ZW) else text
    if tag == q("tab") or tag == q("ptab"):
        return "\t"  # (an absolute-position tab, as in a three-part footer, is a tab too)
    if tag == q("br"):
        return "\n" if child.get(q("type"), "textWrapping") == "textWrapping" else ""
    if tag == q("cr"):
        return "\n"
    if tag == q("noBreakHyphen"):
        return "\u2011"
    if tag == q("sym"):
        code = child.get(q("char"), "")
        try:
            value = int(code, 16)
        except ValueError:
            return ""
        return chr(value) if 0 < value < 0x110000 else ""
    return ""


# fonts whose characters are pictures, not letters: Word stores one as w:sym (char 00xx or
# F0xx), LibreOffice as text in that font (a Latin-1 letter or the same F0xx)
_SYMBOL_FONTS = {"symbol", "wingdings", "wingdings 2", "wingdings 3", "webdings", "mt extra",
                 "marlett", "zapf dingbats", "zapfdingbats"}


_SYM, _FONT, _RFONTS, _ASCII, _HANSI = q("sym"), q("font"), q("rFonts"), q("ascii"), q("hAnsi")


def _symbol_font(rpr) -> bool:
    fonts = rpr.find(_RFONTS) if rpr is not None else None
    if fonts is None:
        return False
    return (fonts.get(_ASCII) or "").strip().lower() in _SYMBOL_FONTS or \
        (fonts.get(_HANSI) or "").strip().lower() in _SYMBOL_FONTS


def _symbol_text(text: str) -> str:
    """Symbol-font characters → one spelling: U+F020–F0FF (how Word addresses symbol fonts)."""
    return "".join(chr(0xF000 | ord(c)) if 0x20 <= ord(c) <= 0xFF else c for c in text)


def _alternate_text(alternate) -> str:
    """The text of an mc:AlternateContent inside a run: a w16se:symEx character, or plain w:t."""
    chosen = branch(alternate)
    out = []
    for child in chosen if chosen is not None else ():
        if not isinstance(child.tag, str):
            continue
        if child.tag.endswith("}symEx"):
            code = next((v for k, v in child.attrib.items() if k.endswith("}char")), "")
            try:
                value = int(code, 16)
            except ValueError:
                continue
            if 0 < value < 0x110000:
                out.append(chr(value))
        else:
            out.append(leaf_text(child))
    return "".join(out)
