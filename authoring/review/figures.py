"""Ops → every number that changed, old → new, with the words around it and where it is (pure).

Reviewers of statistical reports check figures before prose, so reports open with these.
A number is one token (tokens.py), so "24208" → "25100" is one change, not three digits.
The number of a caption or cross-reference label (表1 → 表2 when a table is inserted
before it) is numbering, not a data figure, and is left out.
"""

from __future__ import annotations

import re

from .model import FigureChange
from .tokens import numbers

CONTEXT = 12  # characters of text shown on each side of a changed figure
# the words that make the number after them a label: 表3, 图 2, Table 4, Fig. 1-2
_LABEL = re.compile(r"(?:表|图|附表|附图|Table|Figure|Fig\.|Tab\.|Equation|Eq\.)\s?$", re.IGNORECASE)


def changed_figures(ops, origin_of=None) -> list:
    """FigureChange records for edited blocks, in document order.

    `origin_of(op, side, start, end)` → data locations of the printed figure found at that
    span of the old ("old") or new ("new") text, from the source map; optional.
    """
    out = []
    for op in ops:
        if op.kind not in ("changed", "moved") or op.old is None or op.new is None:
            continue
        for seg in op.segments:
            if seg.op == "equal":
                continue
            olds = [t for t in numbers(op.old.text[seg.old_start:seg.old_end])
                    if not _is_label(op.old.text, seg.old_start + t.start)]
            news = [t for t in numbers(op.new.text[seg.new_start:seg.new_end])
                    if not _is_label(op.new.text, seg.new_start + t.start)]
            for k in range(max(len(olds), len(news))):
                a = olds[k] if k < len(olds) else None
                b = news[k] if k < len(news) else None
                if a is not None and b is not None and a.text == b.text:
                    continue
                a_span = (seg.old_start + a.start, seg.old_start + a.end) if a else None
                b_span = (seg.new_start + b.start, seg.new_start + b.end) if b else None
                origin = ()
                if origin_of is not None:
                    origin = tuple(dict.fromkeys(
                        (origin_of(op, "new", *b_span) if b_span else []) +
                        (origin_of(op, "old", *a_span) if a_span else [])))
                out.append(FigureChange(
                    a.text if a else "", b.text if b else "",
                    context(op.old.text, a_span or (seg.old_start, seg.old_end)),
                    context(op.new.text, b_span or (seg.new_start, seg.new_end)),
                    op.new.location, origin))
    return out


def context(text: str, span: tuple) -> tuple:
    """(before, figure, after): the figure with up to CONTEXT characters either side."""
    start, end = span
    before = text[max(0, start - CONTEXT):start]
    after = text[end:end + CONTEXT]
    if start > CONTEXT:
        before = "…" + before
    if end + CONTEXT < len(text):
        after += "…"
    return (_flat(before), _flat(text[start:end]), _flat(after))


def _flat(text: str) -> str:
    return " ".join(text.split()) if "\n" in text or "\t" in text else text


def _is_label(text: str, start: int) -> bool:
    """Whether the number at `start` is a caption or cross-reference label's number."""
    return bool(_LABEL.search(text[max(0, start - 10):start]))
