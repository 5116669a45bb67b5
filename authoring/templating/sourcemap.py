"""Model blocks + template sources + printed figures → blocks that know their template line.

A block holding a printed figure gets the exact line of that figure's `{{ … }}`. A block of
plain text gets the template line whose literal words it shares most: template text is
copied into the output verbatim, so this is reliable for prose.
"""

from __future__ import annotations

import dataclasses
import re

from ..model.nodes import Callout, Heading, ListBlock, Paragraph, Table
from ..model.text import plain_text, table_texts

_TAGS = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_MARKUP = re.compile(r"[*#|:`>\-\s]+")


def literal_fragments(line: str) -> list[str]:
    """The words of a template line that appear verbatim in the output."""
    return [f for f in _MARKUP.split(_TAGS.sub("\n", line)) if len(f) >= 2]


def best_line(text: str, lines: list[str]) -> int:
    """1-based line of `lines` sharing the most literal text with `text`, or 0."""
    squeezed = re.sub(r"\s+", "", text)
    best, best_score = 0, 0
    for number, line in enumerate(lines, start=1):
        score = sum(len(f) for f in literal_fragments(line) if re.sub(r"\s+", "", f) in squeezed)
        if score > best_score:
            best, best_score = number, score
    return best


def attach_lines(blocks: tuple, printed: list, lines: list[str]) -> tuple:
    """Return `blocks` with `source.line` set, recursively (lists, callouts)."""
    return tuple(_attach(b, printed, lines) for b in blocks)


def _attach(block, printed, lines):
    if isinstance(block, ListBlock):
        block = dataclasses.replace(block, items=tuple(attach_lines(item, printed, lines)
                                                       for item in block.items))
    elif isinstance(block, Callout):
        block = dataclasses.replace(block, blocks=attach_lines(block.blocks, printed, lines))
    source = getattr(block, "source", None)
    if source is None or source.line:
        return block
    line = 0
    for index in source.figures:
        if index < len(printed) and printed[index].line:
            line = printed[index].line
            break
    if not line:
        if isinstance(block, (Paragraph, Heading)):
            line = best_line(plain_text(block.children), lines)
        elif isinstance(block, Table):
            line = best_line("".join("".join(r) for r in table_texts(block)), lines)
    return dataclasses.replace(block, source=dataclasses.replace(source, line=line))
