"""Text → the same text with a quarter-em space (U+2005) between Han and Latin letters or
digits: the clreq spacing both PDF engines and the running heads use."""

from __future__ import annotations

import re

# Han ideographs, kana, bopomofo and hangul: the scripts set on a square grid
_CJK = ("\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
        "\uac00-\ud7af\uf900-\ufaff")
QUARTER_EM = "\u2005"
_CJK_RE = re.compile(f"[{_CJK}]")
_LATIN_START = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff]")
_LATIN_END = re.compile(r"[A-Za-z0-9%\u00c0-\u024f\u0370-\u03ff]")
_CJK_THEN_LATIN = re.compile(f"([{_CJK}])(?=[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff])")
_LATIN_THEN_CJK = re.compile(f"([A-Za-z0-9%\u00c0-\u024f\u0370-\u03ff])(?=[{_CJK}])")


def space_han_latin(text: str, before: str = "") -> str:
    """Put a quarter-em space (U+2005) between Han and Latin letters or digits.

    clreq asks for about ¼ em there. A fixed-width space, not U+0020: WeasyPrint
    justifies by widening U+0020 only, so one ordinary space in a Chinese line would
    take the whole slack of the line (gaps of an em and more). U+2005 is whitespace,
    so extracted text still matches the source once whitespace is removed, and it
    allows a break after it, never before. `before` is the character preceding `text`
    across an inline element edge ("奖<strong>2</strong>人").
    """
    if not text:
        return text
    text = _CJK_THEN_LATIN.sub("\\1" + QUARTER_EM, text)
    text = _LATIN_THEN_CJK.sub("\\1" + QUARTER_EM, text)
    if before and ((_CJK_RE.match(before) and _LATIN_START.match(text[0]))
                   or (_LATIN_END.match(before) and _CJK_RE.match(text[0]))):
        text = QUARTER_EM + text
    return text
