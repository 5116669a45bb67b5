"""WriteOptions → the report's style specifications: faces, sizes, spacing and colours per role."""

from __future__ import annotations

from dataclasses import dataclass

from ..options import WriteOptions
from ..tablefit import TABLE_EM
from ..typography import (BODY_SIZE_PT, CAPTION_EM, FOOTER_PT, HEADER_PT, HEADING_EM, NOTE_PT,
                          SOURCE_EM, body_line_pt)

MUTED = "595959"
TEXT = "1F1F1F"


@dataclass(frozen=True)
class StyleSpec:
    """One named style. Sizes in points; `line` is an at-least line height in points
    (the same in Word with SimSun and LibreOffice with Noto CJK, whose natural line heights
    differ by 40%); None means inherit."""

    role: str
    name: str  # Word's internal name ("heading 1", "caption", "Body Text")
    style_id: str  # used only when we create the style
    kind: str = "paragraph"  # paragraph | character
    based_on: str | None = "Normal"
    next_style: str | None = None
    face: str | None = None  # body | heading | mono
    size: float | None = None
    bold: bool | None = None
    italic: bool | None = None
    color: str | None = None
    before: float | None = None
    after: float | None = None
    line: float | None = None
    single: bool = False  # auto single line height, e.g. for pictures an exact height would clip
    first_line_chars: int | None = None
    left_chars: float = 0  # left indent in characters of the body size
    hanging_chars: float = 0
    align: str | None = None  # left | center | right | both
    keep_next: bool = False
    keep_lines: bool = False
    page_break_before: bool = False
    outline: int | None = None  # 0-8 heading level, 9 body text
    border_below: tuple | None = None  # (eighths of a point, colour, space in points)
    toc_tab: bool = False  # right tab with dot leader at the text width
    superscript: bool = False
    emphasis_dot: bool = False


def accent(options: WriteOptions) -> str:
    return options.palette[0].lstrip("#").upper() if options.palette else "1F4E79"


def tint(hex_color: str, white: float) -> str:
    """`hex_color` mixed with `white` (0–1) parts of white: the light fills of boxes and heads."""
    rgb = [int(hex_color[i:i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{round(c + (255 - c) * white):02X}" for c in rgb)


def specs(options: WriteOptions) -> list[StyleSpec]:
    """Every paragraph and character style the writer uses, sized for the script of `options`."""
    cjk = options.is_cjk
    # the PDFs' sizes (typography.py): 五号 body, tables, captions and notes smaller by the
    # same factors; Word sizes are whole half-points
    body, line = BODY_SIZE_PT, round(body_line_pt(cjk), 2)
    small, note = _half_points(BODY_SIZE_PT * TABLE_EM), NOTE_PT
    small_line = round(small * 1.5, 2)  # base.css: tables and captions at line-height 1.5
    indent = options.first_line_indent_chars * 100
    # paragraphs with a first-line indent are not separated by space (clreq); others are
    gap = 0 if indent else 8
    acc = accent(options)
    justify = "both" if cjk else "left"
    toc_head_align = "center" if cjk else "left"
    out = [
        StyleSpec("normal", "Normal", "Normal", based_on=None, face="body", size=body,
                  after=0, single=True),
        StyleSpec("body", "Body Text", "BodyText", next_style="Body Text", line=line, after=gap,
                  first_line_chars=indent, align=justify),
        StyleSpec("title", "Title", "Title", face="heading", size=28 if cjk else 30, bold=True,
                  color=acc, before=150, after=18, align="center", single=True,
                  border_below=(12, acc, 10)),
        StyleSpec("subtitle", "Subtitle", "Subtitle", face="heading", size=18 if cjk else 16,
                  color=MUTED, before=6, after=0, align="center", single=True),
        StyleSpec("cover_org", "Cover Organization", "CoverOrganization", face="heading",
                  size=15 if cjk else 13, before=220, after=8, align="center", single=True),
        StyleSpec("cover_date", "Cover Date", "CoverDate", face="body", size=14 if cjk else 12,
                  color=MUTED, after=0, align="center", single=True),
        StyleSpec("toc_heading", "TOC Heading", "TOCHeading", face="heading", size=16, bold=True,
                  color=acc, before=18, after=14, align=toc_head_align, outline=9, single=True,
                  keep_next=True),
        StyleSpec("toc1", "toc 1", "TOC1", bold=True, before=6, after=2, line=line - 4,
                  toc_tab=True),
        StyleSpec("toc2", "toc 2", "TOC2", before=0, after=2, line=line - 4, left_chars=2,
                  toc_tab=True),
        StyleSpec("toc3", "toc 3", "TOC3", before=0, after=2, line=line - 4, left_chars=4,
                  toc_tab=True),
        StyleSpec("tof", "table of figures", "TableofFigures", before=0, after=2,
                  line=line - 4, toc_tab=True),
        StyleSpec("heading1", "heading 1", "Heading1", next_style="Body Text", face="heading",
                  size=_heading(1), bold=True, color=acc, before=0, after=24, single=True,
                  keep_next=True, keep_lines=True, outline=0, border_below=(12, acc, 6)),
        StyleSpec("heading2", "heading 2", "Heading2", next_style="Body Text", face="heading",
                  size=_heading(2), bold=True, color=acc, before=18, after=10,
                  single=True, keep_next=True, keep_lines=True, outline=1),
        StyleSpec("heading3", "heading 3", "Heading3", next_style="Body Text", face="heading",
                  size=_heading(3), bold=True, color=TEXT, before=12, after=6,
                  single=True, keep_next=True, keep_lines=True, outline=2),
        StyleSpec("heading4", "heading 4", "Heading4", next_style="Body Text", face="heading",
                  size=_heading(4), bold=True, color=TEXT, before=10, after=4, single=True,
                  keep_next=True, keep_lines=True, outline=3),
        StyleSpec("figure", "Figure", "Figure", next_style="caption", before=12, after=4,
                  align="center", keep_next=True, single=True),
        StyleSpec("caption", "caption", "Caption", next_style="Body Text", face="heading",
                  size=_half_points(body * CAPTION_EM), bold=False, color=TEXT, before=4,
                  after=6, align="center",
                  keep_lines=True, single=True),
        StyleSpec("table_caption", "Table Caption", "TableCaption", based_on="caption",
                  before=12, after=6, keep_next=True),
        StyleSpec("source", "Figure Source", "FigureSource", size=_half_points(body * SOURCE_EM),
                  color=MUTED, before=0,
                  after=12, align="center", single=True),
        StyleSpec("table_text", "Table Text", "TableText", size=small, line=small_line,
                  before=0, after=0, align="left"),
        StyleSpec("table_number", "Table Number", "TableNumber", based_on="Table Text",
                  align="right"),
        StyleSpec("table_center", "Table Text Center", "TableTextCenter", based_on="Table Text",
                  align="center"),
        StyleSpec("table_heading", "Table Heading", "TableHeading", based_on="Table Text",
                  bold=True, align="center", keep_next=True),
        StyleSpec("spacer", "Block Spacer", "BlockSpacer", size=6, before=0, after=0,
                  single=True),
        # no keep-with-next on the title: it opens the box's cell, and LibreOffice (like
        # Word) then keeps the whole box with what follows it, so a box that does not fit
        # moves whole to the next page and leaves a hole; the box splits instead
        StyleSpec("box_title", "Box Title", "BoxTitle", next_style="Box Text", face="heading",
                  size=_half_points(body * 1.05), bold=True, color=acc, before=4, after=6,
                  single=True,
                  keep_lines=True, outline=9),
        StyleSpec("box_subtitle", "Box Subtitle", "BoxSubtitle", next_style="Box Text",
                  face="heading", size=_half_points(body * 0.95), bold=True, color=TEXT,
                  before=2, after=4,
                  single=True, keep_next=True, outline=9),
        StyleSpec("box_text", "Box Text", "BoxText", size=body, line=line, after=4,
                  align=justify),
        StyleSpec("footnote_text", "footnote text", "FootnoteText", size=note, before=0,
                  after=0, single=True, first_line_chars=0, align="left"),
        StyleSpec("footnote_ref", "footnote reference", "FootnoteReference", kind="character",
                  based_on=None, superscript=True),
        StyleSpec("header", "header", "Header", size=HEADER_PT, color=MUTED, after=0, single=True,
                  align="center"),  # no rule under it, as in the PDFs
        StyleSpec("footer", "footer", "Footer", size=FOOTER_PT, color=MUTED, after=0, single=True,
                  align="center"),
        StyleSpec("hyperlink", "Hyperlink", "Hyperlink", kind="character", based_on=None,
                  color=acc),
        StyleSpec("emphasis", "Emphasis", "Emphasis", kind="character", based_on=None,
                  italic=not cjk, emphasis_dot=cjk),
        StyleSpec("code", "Verbatim Char", "VerbatimChar", kind="character", based_on=None,
                  face="mono", size=small),
    ]
    for level in (1, 2, 3):
        suffix = "" if level == 1 else f" {level}"
        for role, name in (("list_bullet", "List Bullet"), ("list_number", "List Number")):
            out.append(StyleSpec(f"{role}{level}", name + suffix, name.replace(" ", "") +
                                 suffix.strip(), line=line, after=2 if not indent else 0,
                                 left_chars=1.5 * level + 0.5, hanging_chars=1.5,
                                 align=justify))
        out.append(StyleSpec(f"list_continue{level}", "List Continue" + suffix,
                             "ListContinue" + suffix.strip(), line=line, after=gap,
                             left_chars=1.5 * level + 0.5, align=justify))
    return out


def _half_points(size: float) -> float:
    """`size` in points rounded to Word's unit of type size, the half-point."""
    return round(size * 2) / 2


def _heading(level: int) -> float:
    return _half_points(BODY_SIZE_PT * HEADING_EM[level])


def list_indents(options: WriteOptions, level: int) -> tuple[int, int]:
    """(left, hanging) in twips of list `level` (0-based), matching the list styles."""
    char = BODY_SIZE_PT * 20
    return round((1.5 * (level + 1) + 0.5) * char), round(1.5 * char)
