"""Text from data and templates → Typst string literals: the one place text enters the markup.

Everything the writer did not write itself (titles, paragraphs, labels, captions, file names,
URLs) goes into the Typst source only as a string literal, `"…"`, shown in markup as `#"…"`.
Inside a string literal nothing is markup: `#`, `$`, `@`, `<`, `` ` ``, `]`, `//`, `=` at a
line start, `#import`, `#read(…)` are all plain characters. Only the backslash and the
double quote have a meaning there, and both are escaped; control characters become `\\u{…}`
so that no line break, tab or NUL can change how the source is read.
"""

from __future__ import annotations

import re

_SPECIAL = re.compile(r'[\\"\x00-\x1f\x7f\u2028\u2029]')
_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(match: re.Match) -> str:
    char = match.group()
    return _NAMED.get(char) or f"\\u{{{ord(char):x}}}"


def string(text: str) -> str:
    """`text` as a Typst string literal (usable in code and, after `#`, in markup)."""
    return '"' + _SPECIAL.sub(_escape_char, text) + '"'


def text(value: str) -> str:
    """`value` shown as literal text in markup. A string literal ends at its closing quote, and
    the writer never puts `.`, `(` or `[` right after one, so nothing can continue it."""
    return "#" + string(value) if value else ""
