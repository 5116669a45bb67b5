"""Text → tokens: one per CJK character, Latin word, number, punctuation mark or space run (pure).

Splitting on spaces alone makes a Chinese sentence one token, so one changed character
would mark the whole sentence; here each Han character is its own token. Numbers
(with their separators, decimals, percent sign and Chinese ordinals such as 第九) stay
whole, so a changed figure is shown as old → new, never as a changed digit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = ("\u2e80-\u2fff\u3005-\u3007\u3021-\u3029\u3040-\u30ff\u3100-\u312f\u3190-\u31ff"
        "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0003134f")
CN_DIGITS = _CN_DIGITS = "零〇一二三四五六七八九十百千万两"
_TOKEN = re.compile(
    rf"(?P<number>(?:(?<![\w.])[+\-−])?\d+(?:[,，]\d{{3}})*(?:\.\d+)?%?|第[{_CN_DIGITS}]+)"
    rf"|(?P<cjk>[{_CJK}])"
    rf"|(?P<word>[^\W\d_{_CJK}]+(?:['’][^\W\d_{_CJK}]+)*)"
    r"|(?P<nbsp>[\u00a0\u2007\u202f])"  # a no-break space is put there on purpose: not mere space
    r"|(?P<brk>\n)"  # a line break is seen: not mere space (a reader sees the new line)
    r"|(?P<space>[^\S\n]+)"
    r"|(?P<other>.)", re.DOTALL)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    kind: str  # number, cjk, word, nbsp, brk (a line break), space, other

    @property
    def key(self) -> str:
        """What equality means for the diff: any run of white space is one space."""
        return " " if self.kind == "space" else self.text


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end(), m.lastgroup) for m in _TOKEN.finditer(text)]


def numbers(text: str) -> list[Token]:
    return [t for t in tokenize(text) if t.kind == "number"]


def is_cjk(char: str) -> bool:
    return bool(re.match(f"[{_CJK}]", char))


def display_width(text: str) -> int:
    """Terminal columns `text` takes: wide (CJK, full-width) characters count two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text
               if not unicodedata.combining(c))
