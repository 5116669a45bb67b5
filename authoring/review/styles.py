"""styles.xml → style names, heading levels, list styles and the effective formatting of a run.

Formatting is compared by effect, not by markup: bold from a character style and bold set
directly are the same to a reader, and LibreOffice turns one into the other when it saves.
"""

from __future__ import annotations

import re

from .revisions import q

# what a reader of the text notices; fonts, sizes and colours are layout, not review matter
FORMAT_TAGS = {"b": "bold", "i": "italic", "u": "underline", "strike": "strike",
               "dstrike": "strike", "em": "emphasis mark", "highlight": "highlight",
               "caps": "caps", "smallCaps": "small caps"}
_OFF = {"0", "false", "off", "none"}
_HEADING_NAME = re.compile(r"^(heading|标题)\s*(\d)$", re.IGNORECASE)


def level_value(element) -> int:
    """An outline level's w:val; 9 (body text) when missing or not a number (untrusted files)."""
    value = element.get(q("val"), "9")
    return int(value) if value.isdigit() else 9


def run_format(rpr) -> dict:
    """The format switches set in one w:rPr: name → on/off."""
    out: dict = {}
    if rpr is None:
        return out
    for tag, name in FORMAT_TAGS.items():
        element = rpr.find(q(tag))
        if element is not None:
            value = element.get(q("val"), "true")
            on = value.lower() not in _OFF
            if name in out and not on:
                continue  # strike vs dstrike: either one on is struck
            out[name] = on
    align = rpr.find(q("vertAlign"))
    if align is not None:
        value = align.get(q("val"), "baseline")
        out["superscript"] = value == "superscript"
        out["subscript"] = value == "subscript"
    return out


class Styles:
    """The styles part, resolved through basedOn chains."""

    def __init__(self, root=None):
        self.styles: dict[str, object] = {}
        self.default_paragraph = ""
        self.defaults: dict = {}
        if root is None:
            return
        for style in root.iter(q("style")):
            ident = style.get(q("styleId"), "")
            self.styles[ident] = style
            if style.get(q("type")) == "paragraph" and style.get(q("default")) in ("1", "true"):
                self.default_paragraph = ident
        defaults = root.find(f"{q('docDefaults')}/{q('rPrDefault')}/{q('rPr')}")
        self.defaults = run_format(defaults)

    def name(self, ident: str) -> str:
        style = self.styles.get(ident)
        if style is None:
            return ident
        name = style.find(q("name"))
        return name.get(q("val"), ident) if name is not None else ident

    def exists(self, ident: str) -> bool:
        return ident in self.styles

    def _chain(self, ident: str):
        seen = set()
        while ident and ident in self.styles and ident not in seen:
            seen.add(ident)
            yield self.styles[ident]
            based = self.styles[ident].find(q("basedOn"))
            ident = based.get(q("val"), "") if based is not None else ""

    def outline_level(self, ident: str) -> int | None:
        """0-based outline level a paragraph style gives (None: body text)."""
        for style in self._chain(ident):
            level = style.find(f"{q('pPr')}/{q('outlineLvl')}")
            if level is not None:
                value = level_value(level)
                return value if value < 9 else None
            match = _HEADING_NAME.match(self.name(style.get(q("styleId"), "")))
            if match:
                return int(match.group(2)) - 1
        return None

    def numbered(self, ident: str) -> bool:
        for style in self._chain(ident):
            num = style.find(f"{q('pPr')}/{q('numPr')}/{q('numId')}")
            if num is not None:
                return num.get(q("val"), "0") != "0"
        return False

    def formats(self, ident: str) -> dict:
        """The format switches a (paragraph or character) style sets, base styles first."""
        out: dict = {}
        for style in reversed(list(self._chain(ident))):
            out.update(run_format(style.find(q("rPr"))))
        return out

    def effective(self, paragraph_style: str, rpr, cache: dict) -> frozenset:
        """Format names in effect for a run with `rpr` in a paragraph of `paragraph_style`."""
        char_style = ""
        if rpr is not None:
            found = rpr.find(q("rStyle"))
            char_style = found.get(q("val"), "") if found is not None else ""
        key = (paragraph_style, char_style)
        if key not in cache:
            merged = dict(self.defaults)
            merged.update(self.formats(paragraph_style or self.default_paragraph))
            merged.update(self.formats(char_style))
            cache[key] = merged
        merged = dict(cache[key])
        merged.update(run_format(rpr))
        return frozenset(name for name, on in merged.items() if on)
