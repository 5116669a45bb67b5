"""Page options, fonts and colours → page geometry (text measure in whole body-size
characters) and the generated stylesheet: page boxes, margins, marks, theme."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..errors import RenderError
from .hanlatin import space_han_latin
from .options import Page, WriteOptions
from .typography import BODY_SIZE_PT, line_height  # the measure: whole body characters

MM_PER_PT = 25.4 / 72

# ISO 216 / JIS / US sizes in mm (portrait)
PAGE_SIZES = {
    "A3": (297, 420), "A4": (210, 297), "A5": (148, 210), "B4": (250, 353), "B5": (176, 250),
    "JIS-B4": (257, 364), "JIS-B5": (182, 257), "LETTER": (215.9, 279.4),
    "LEGAL": (215.9, 355.6),
}
UNIT_MM = {"mm": 1.0, "cm": 10.0, "in": 25.4, "pt": MM_PER_PT}


# ------------------------------------------------------------------ page geometry


@dataclass(frozen=True)
class Geometry:
    """Page size and margins in mm, with the outer margin widened so that the text
    measure is exactly `measure_em` × the body font size."""

    width: float
    height: float
    top: float
    bottom: float
    inner: float
    outer: float
    measure_em: int


def page_size_mm(size: str) -> tuple[float, float]:
    """"A4", "B5 landscape" or "185mm 260mm" → (width, height) in mm."""
    words = size.split()
    landscape = bool(words) and words[-1].lower() == "landscape"
    if words and words[-1].lower() in ("landscape", "portrait"):
        words = words[:-1]
    if len(words) == 1 and words[0].upper() in PAGE_SIZES:
        width, height = PAGE_SIZES[words[0].upper()]
    elif len(words) == 2:
        width, height = (_length_mm(w, size) for w in words)
    else:
        raise RenderError(f"page size '{size}' is not understood",
                          hint="use a name such as A4 or B5, or 'WIDTHmm HEIGHTmm'")
    return (height, width) if landscape else (width, height)


def _length_mm(word: str, size: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(mm|cm|in|pt)", word.strip().lower())
    if not match:
        raise RenderError(f"page size '{size}': '{word}' is not a length such as 185mm")
    return float(match[1]) * UNIT_MM[match[2]]


def page_geometry(page: Page, body_pt: float = BODY_SIZE_PT) -> Geometry:
    """Margins for `page` whose text measure holds a whole number of body characters.

    WeasyPrint justifies by stretching spaces only, so a line of Chinese (no spaces)
    fills the measure only if the measure is a multiple of the character width.
    """
    width, height = page_size_mm(page.size)
    content_mm = width - page.margin_inner_mm - page.margin_outer_mm
    if content_mm <= 0 or height - page.margin_top_mm - page.margin_bottom_mm <= 0:
        raise RenderError(f"page margins leave no room for text on a {page.size} page")
    em_mm = body_pt * MM_PER_PT
    measure_em = math.floor(content_mm / em_mm + 1e-9)
    outer = width - page.margin_inner_mm - measure_em * em_mm
    return Geometry(width, height, page.margin_top_mm, page.margin_bottom_mm,
                    page.margin_inner_mm, outer, measure_em)


# With crop marks, the sheet extends this far beyond the bleed (the slug): the marks sit
# there, outside the bleed, where a full-bleed cover does not hide them (issue 27).
SLUG_MM = 8.0


def slug_mm(page) -> float:
    """The slug beyond the bleed of `page` (a Page): SLUG_MM with crop marks and a bleed."""
    return SLUG_MM if page.crop_marks and page.bleed_mm else 0.0


def _page_css(options: WriteOptions, geo: Geometry) -> str:
    page = options.page
    lines = ["@page {", f"  size: {geo.width:.3f}mm {geo.height:.3f}mm;",
             f"  margin: {geo.top}mm {geo.outer:.4f}mm {geo.bottom}mm {geo.inner}mm;"]
    if page.bleed_mm:
        # WeasyPrint's bleed is the sheet around the page: bleed and slug, its marks in the
        # outer half (beyond the bleed); pdf.py writes the BleedBox of the bleed alone
        lines.append(f"  bleed: {page.bleed_mm + slug_mm(page)}mm;")
    if page.crop_marks and page.bleed_mm:
        lines.append("  marks: crop;")
    lines.append("}")
    # wide tables (writers/tablefit.py) are set on landscape pages between the same margins
    lines += ["@page landscape {", f"  size: {geo.height:.3f}mm {geo.width:.3f}mm;",
              f"  margin: {geo.top}mm {geo.outer:.4f}mm {geo.bottom}mm {geo.inner}mm;", "}"]
    if page.two_sided:
        # mirrored margins: the inner (binding) margin is on the right of a left page
        lines += [f"@page :left {{ margin-left: {geo.outer:.4f}mm; margin-right: {geo.inner}mm }}",
                  f"@page :right {{ margin-left: {geo.inner}mm; margin-right: {geo.outer:.4f}mm }}",
                  "@page :left { @top-left { content: string(doctitle, first-except); }",
                  "  @bottom-left { content: counter(page); } }",
                  "@page :right { @top-right { content: string(chapter, first-except); }",
                  "  @bottom-right { content: counter(page); } }",
                  "@page front:left { @bottom-left { content: counter(page, lower-roman); } }",
                  "@page front:right { @bottom-right { content: counter(page, lower-roman); } }",
                  "@page front:blank { @bottom-left { content: none; }",
                  "  @bottom-right { content: none; } }"]
    else:
        lines += ["@page { @top-left { content: string(doctitle, first-except); }",
                  "  @top-right { content: string(chapter, first-except); }",
                  "  @bottom-center { content: counter(page); } }",
                  "@page front { @bottom-center { content: counter(page, lower-roman); } }",
                  "@page front:blank { @bottom-center { content: none; } }"]
    # front matter carries no running header
    lines.append("@page front { @top-left { content: none; } @top-right { content: none; } }")
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------ theme


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _font_list(*names: str, generic: str) -> str:
    seen: list[str] = []
    for name in names:
        if name and name not in seen:
            seen.append(name)
    return ", ".join([*map(_css_string, seen), generic])


def _mix_with_white(colour: str, share: float) -> str:
    """`colour` (#rrggbb) lightened to `share` of its strength, for tints."""
    value = colour.lstrip("#")
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        raise RenderError(f"palette colour '{colour}' is not of the form #rrggbb")
    rgb = [int(value[i:i + 2], 16) for i in (0, 2, 4)]
    mixed = [round(255 - (255 - c) * share) for c in rgb]
    return "#" + "".join(f"{c:02x}" for c in mixed)


def _theme_css(options: WriteOptions, geo: Geometry, title: str) -> str:
    fonts = options.fonts
    palette = options.palette or ("#1f4e79",)
    accent = palette[0]
    accent_2 = palette[1] if len(palette) > 1 else accent
    indent = options.first_line_indent_chars
    serif, sans = "serif", "sans-serif"
    return (":root {\n"
            f"  --accent: {accent};\n  --accent-2: {accent_2};\n"
            f"  --tint: {_mix_with_white(accent, 0.07)};\n"
            f"  --rule: {_mix_with_white(accent, 0.35)};\n"
            f"  --body-font: {_font_list(fonts.body_latin, fonts.body_fallback, generic=serif)};\n"
            f"  --heading-font: {_font_list(fonts.heading_latin, fonts.heading_fallback, generic=sans)};\n"
            f"  --body-cjk-font: {_font_list(fonts.body_fallback, generic=serif)};\n"
            f"  --heading-cjk-font: {_font_list(fonts.heading_fallback, generic=sans)};\n"
            f"  --body-size: {BODY_SIZE_PT}pt;\n  --measure: {geo.measure_em};\n"
            f"  --line-height: {line_height(options.is_cjk)};\n"
            f"  --indent: {indent}em;\n  --para-gap: {'0' if indent else '0.7em'};\n"
            f"  --bleed: {options.page.bleed_mm}mm;\n"
            f"  --chapter-break: {'right' if options.page.two_sided else 'page'};\n"
            "}\n"
            # Both running strings are assigned on a chapter's first page, so that
            # `first-except` leaves the whole header off chapter openings.
            "section.chapter > h1 { string-set: chapter content(text), "
            # the running head spaces Han and Latin as the cover does ("2020 年报", with a quarter-em space)
            f"doctitle {_css_string(space_han_latin(title) if options.is_cjk else title)}; }}\n")

