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
        self._names: dict = {}
        self._levels: dict = {}
        self._numbered: dict = {}
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
        found = self._names.get(ident)
        if found is None:
            found = self._names[ident] = self._name(ident)
        return found

    def _name(self, ident: str) -> str:
        style = self.styles.get(ident)
        if style is None:
            return ident
        name = style.find(q("name"))
        return name.get(q("val"), ident) if name is not None else ident

    def paragraph_name(self, ident: str) -> str:
        """The name of the paragraph style a w:pStyle value gives (missing or unknown: the default)."""
        if not ident or ident not in self.styles:
            ident = self.default_paragraph
        return self.name(ident) if ident else "Normal"

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
        if ident not in self._levels:  # asked once per paragraph: remembered per style
            self._levels[ident] = self._outline_level(ident)
        return self._levels[ident]

    def _outline_level(self, ident: str) -> int | None:
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
        if ident not in self._numbered:
            self._numbered[ident] = self._is_numbered(ident)
        return self._numbered[ident]

    def _is_numbered(self, ident: str) -> bool:
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

    def table_look(self, tbl):
        """A table → a function (row, column, rows, columns) → what its style gives that cell.

        A table style's header row is often bold; LibreOffice writes that bold on every
        run when it saves, so it must count as the same formatting before comparing.
        The parts of the style that apply are chosen by w:tblLook, as Word does.
        """
        style = tbl.find(f"{q('tblPr')}/{q('tblStyle')}")
        ident = style.get(q("val"), "") if style is not None else ""
        chain = list(reversed(list(self._chain(ident))))  # base styles first
        if not chain:
            return lambda row, column, rows, columns, header_rows=1: ()
        look = _look(tbl.find(f"{q('tblPr')}/{q('tblLook')}"))
        whole: dict = {}
        parts: dict = {}
        for style in chain:
            whole.update(run_format(style.find(q("rPr"))))
            for conditional in style.findall(q("tblStylePr")):
                kind = conditional.get(q("type"), "")
                parts.setdefault(kind, {}).update(run_format(conditional.find(q("rPr"))))
        cache: dict = {}

        def cell(row: int, column: int, rows: int, columns: int, header_rows: int = 1) -> tuple:
            # Word gives the header row's formatting to every row repeated as a header row
            # at the top (w:tblHeader), and records it in their w:cnfStyle; LibreOffice writes
            # it on their runs
            header_rows = max(1, header_rows)
            first_row = look["firstRow"] and row < header_rows
            last_row = look["lastRow"] and row == rows - 1
            first_col = look["firstColumn"] and column == 0
            last_col = look["lastColumn"] and column == columns - 1
            body_row = row - (header_rows if look["firstRow"] else 0)
            body_col = column - (1 if look["firstColumn"] else 0)
            kinds = []
            if not look["noVBand"] and not (first_col or last_col):
                kinds.append("band1Vert" if body_col % 2 == 0 else "band2Vert")
            if not look["noHBand"] and not (first_row or last_row):
                kinds.append("band1Horz" if body_row % 2 == 0 else "band2Horz")
            kinds += [k for k, on in (("firstCol", first_col), ("lastCol", last_col),
                                      ("firstRow", first_row), ("lastRow", last_row)) if on]
            for name, on in (("nwCell", first_row and first_col), ("neCell", first_row and last_col),
                             ("swCell", last_row and first_col), ("seCell", last_row and last_col)):
                if on:
                    kinds.append(name)
            key = tuple(kinds)
            if key not in cache:
                merged = dict(whole)
                for kind in kinds:
                    merged.update(parts.get(kind, {}))
                cache[key] = tuple(sorted(merged.items()))
            return cache[key]

        return cell

    def effective(self, paragraph_style: str, rpr, cache: dict, table: tuple = ()) -> frozenset:
        """Format names in effect for a run with `rpr` in a paragraph of `paragraph_style`.

        `table` is what a table style gives the cell the paragraph is in: it sits between
        the document defaults and the paragraph style, as in Word.
        """
        char_style = ""
        if rpr is not None:
            found = rpr.find(q("rStyle"))
            char_style = found.get(q("val"), "") if found is not None else ""
        key = (paragraph_style, char_style, table)
        if key not in cache:
            merged = dict(self.defaults)
            merged.update(table)
            merged.update(self.formats(paragraph_style or self.default_paragraph))
            merged.update(self.formats(char_style))
            cache[key] = merged
        merged = dict(cache[key])
        merged.update(run_format(rpr))
        return frozenset(name for name, on in merged.items() if on)


_LOOK_BITS = {"firstRow": 0x0020, "lastRow": 0x0040, "firstColumn": 0x0080,
              "lastColumn": 0x0100, "noHBand": 0x0200, "noVBand": 0x0400}


def _look(element) -> dict:
    """w:tblLook → which conditional parts of a table style apply (attributes, else the hex w:val)."""
    out = {name: False for name in _LOOK_BITS}
    if element is None:
        # Word (MS-OI29500 §2.1.160) takes a missing w:tblLook as 04A0, header row and first
        # column on, and LibreOffice draws it so; the standard's 0000 is what neither shows
        return {name: bool(0x04A0 & bit) for name, bit in _LOOK_BITS.items()}
    value = element.get(q("val"), "")
    try:
        bits = int(value, 16) if value else 0
    except ValueError:
        bits = 0
    for name, bit in _LOOK_BITS.items():
        explicit = element.get(q(name))
        out[name] = explicit.lower() not in _OFF if explicit is not None else bool(bits & bit)
    return out
