"""Text with printed-figure markers → clean text plus the indexes of the figures it held.

The template environment wraps every printed figure as START index SEP text END (private-use
characters, which never occur in real text); this module is the only one that reads them.
"""

from __future__ import annotations

import re

MARK_START, MARK_SEP, MARK_END = "\ue000", "\ue001", "\ue002"
_MARK = re.compile(f"{MARK_START}(\\d+){MARK_SEP}|{MARK_END}")


def strip_marks(text: str) -> tuple[str, list[int]]:
    """Remove the markers from `text`; return it with the figure indexes in order."""
    found: list[int] = []

    def take(match):
        if match.group(1) is not None:
            found.append(int(match.group(1)))
        return ""

    return _MARK.sub(take, text), found


def mark(index: int, text: str) -> str:
    return f"{MARK_START}{index}{MARK_SEP}{text}{MARK_END}"
