"""A report's script → the body text settings every writer sets: type size, line height,
the other text sizes as multiples of the body, widow and orphan lines.

One source for the DOCX (writers/docx/stylesheet.py), the WeasyPrint stylesheet
(page.py, css/base.css) and the Typst design (typst/markup.py): a reviewer who compares
the Word draft with the PDF sees the same type (issue 27). The first-line indent is
`WriteOptions.first_line_indent_chars`, read by all three.
"""

from __future__ import annotations

BODY_SIZE_PT = 10.5  # 五号; the text measure is a whole number of this size (page.py)

# Han characters fill their em square and need more air than Latin text
LINE_HEIGHT_CJK = 1.8
LINE_HEIGHT_LATIN = 1.45

# Neither a paragraph's first line alone at a page foot nor its last alone at a page top:
# CSS `orphans: 2; widows: 2` (base.css), Typst's default widow and orphan costs, and
# Word's widow control (w:widowControl), which is exactly two lines each way
WIDOW_ORPHAN_LINES = 2

# sizes as multiples of the body size, as base.css and report.typ set them in em (a
# table's: tablefit.TABLE_EM)
HEADING_EM = {1: 2.0, 2: 1.35, 3: 1.12, 4: 1.0}
CAPTION_EM = 0.9
SOURCE_EM = 0.8
# fixed sizes of the page furniture, in points (base.css, report.typ)
NOTE_PT = 8.5
HEADER_PT = 8.0
FOOTER_PT = 9.0


def line_height(cjk: bool) -> float:
    """The body's line pitch as a multiple of its size."""
    return LINE_HEIGHT_CJK if cjk else LINE_HEIGHT_LATIN


def body_line_pt(cjk: bool) -> float:
    """The body's line pitch in points."""
    return BODY_SIZE_PT * line_height(cjk)
