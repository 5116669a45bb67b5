"""Text → escaped HTML with CJK typography: quarter-em spaces between Han and Latin,
shared punctuation set in the CJK font, consecutive punctuation compressed, a paragraph's
last two Han characters kept together."""

from __future__ import annotations

import html as _html
import re


# ------------------------------------------------------------------ CJK typography

# the Han–Latin space is shared with the Typst writer and the page stylesheet
from ..hanlatin import _CJK, _CJK_RE, QUARTER_EM, space_han_latin  # noqa: F401


# Line-start and line-end prohibitions (clreq) need no markup here: Pango's UAX #14
# breaker keeps 、。，：；？！）」》” off line starts and （「《“ off line ends, also
# across inline element edges (measured on 1,600 justified lines, widths 30–43 em);
# tests/writers/test_pdf.py checks the rendered PDF.


# Quotes, dashes and ellipses are shared by Latin and Chinese; the Latin font comes
# first in the font list, so without help "“四个面向”" gets narrow Latin quotes.
_SHARED_PUNCTUATION = re.compile("([\u2018\u2019\u201c\u201d\u2014\u2026]+)")


def cjk_punctuation(escaped: str) -> str:
    """Wrap quotes, dashes and ellipses of escaped text in a span set in the CJK font."""
    return _SHARED_PUNCTUATION.sub(r'<span class="cjk">\1</span>', escaped)


# Consecutive punctuation (clreq §3.1.6 "标点符号的挤压"): a full-width mark is half glyph,
# half blank, and two in a row leave a visible hole (”， 》《). The blank of one is removed
# by setting it with the font's `halt` feature (half-width forms; Noto CJK has them), as
# Typst does. Marks with the blank on the right: closing brackets and quotes and, in
# Simplified Chinese, the stops and commas; on the left: opening brackets and quotes.
RIGHT_BLANK = "，。、：；）》」』】〕〉”’"
LEFT_BLANK = "（《「『【〔〈“‘"
_PAIR = re.compile(f"([{RIGHT_BLANK}{LEFT_BLANK}])(?=([{RIGHT_BLANK}{LEFT_BLANK}]))")


def compress_punctuation(escaped: str) -> str:
    """Wrap in `<span class="halt">` each mark of escaped text whose blank meets another
    mark's: the first of a pair when it is closing (”，》《), the second of two openings (“《)."""
    out, last = [], 0
    for match in _PAIR.finditer(escaped):
        first, second = match[1], match[2]
        if first in RIGHT_BLANK:
            at = match.start(1)
        elif second in LEFT_BLANK:
            at = match.start(2)
        else:
            continue
        if at < last:
            continue
        out += [escaped[last:at], f'<span class="halt">{escaped[at]}</span>']
        last = at + 1
    return "".join(out) + escaped[last:]


_HAN_PAIR = re.compile(f"[{_CJK}]{{2}}")
_WORD_BEFORE = re.compile(f"[A-Za-z0-9.,%]+{QUARTER_EM}?$")
# what may follow the last two Han characters of a paragraph on its last line: stops,
# closing marks, digits of a footnote call
_TAIL = re.compile(f"[^{_CJK}]{{0,3}}")


def keep_last_two(escaped: str, rest: str) -> str:
    """Escaped text with its last two Han characters (or the last one and the number before
    it) in `<span class="keep">` (no break between them), when they end the paragraph but for `rest` (the text after this run,
    at most three characters, no Han): a last line never holds one character alone."""
    if not _TAIL.fullmatch(rest):
        return escaped
    last = None
    for last in _CJK_RE.finditer(escaped):
        pass
    if last is None:
        return escaped
    end = last.end()
    # the last Han character keeps the word before it: a Han character, or a number with
    # its quarter-em space ("1.7 倍")
    word = _WORD_BEFORE.search(escaped[:end - 1])
    if word is not None:
        start = word.start()
    elif end >= 2 and _HAN_PAIR.fullmatch(escaped, end - 2, end):
        start = end - 2
    else:
        return escaped
    if not _TAIL.fullmatch(_html.unescape(re.sub(r"<[^>]*>", "", escaped[end:]))):
        return escaped
    return f'{escaped[:start]}<span class="keep">{escaped[start:end]}</span>{escaped[end:]}'


def _esc(text: str) -> str:
    return _html.escape(text, quote=False)


def _attr(text: str) -> str:
    return _html.escape(text, quote=True)

