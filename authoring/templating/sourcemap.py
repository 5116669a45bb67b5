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


# a fragment on more lines than this ("##", a repeated phrase) only proposes its first line:
# scoring every line it is on for every block made 5,000 headings take minutes
COMMON = 32


class LineIndex:
    """The literal fragments of a template's lines, indexed once, so that finding the best
    line of each block costs about the block's length, not blocks × template lines."""

    def __init__(self, lines: list[str]):
        self.fragments: list[list[str]] = []  # per line (0-based)
        self.lines_of: dict[str, list[int]] = {}  # fragment → the lines it is on, ascending
        for number, line in enumerate(lines, start=1):
            found = literal_fragments(line)  # split at whitespace: no fragment holds any
            self.fragments.append(found)
            for fragment in dict.fromkeys(found):
                self.lines_of.setdefault(fragment, []).append(number)
        self.lengths = sorted({len(f) for f in self.lines_of})

    def _found(self, squeezed: str) -> list[str]:
        """The fragments that occur in `squeezed`, by the cheaper of two searches: each
        fragment looked for in the text, or each slice of the text looked up."""
        n = len(squeezed)
        lengths = [length for length in self.lengths if length <= n]
        if sum(n - length + 1 for length in lengths) < len(self.lines_of):
            return list({squeezed[i:i + length] for length in lengths
                         for i in range(n - length + 1)} & self.lines_of.keys())
        return [f for f in self.lines_of if f in squeezed]

    def best(self, text: str) -> int:
        """1-based line sharing the most literal text with `text`, or 0."""
        found = set(self._found(re.sub(r"\s+", "", text)))
        candidates = set()
        for fragment in found:
            on = self.lines_of[fragment]
            candidates.update(on if len(on) <= COMMON else on[:1])
        best, best_score = 0, 0
        for number in sorted(candidates):
            score = sum(len(f) for f in self.fragments[number - 1] if f in found)
            if score > best_score:
                best, best_score = number, score
        return best


def best_line(text: str, lines: list[str]) -> int:
    """1-based line of `lines` sharing the most literal text with `text`, or 0."""
    return LineIndex(lines).best(text)


def attach_lines(blocks: tuple, printed: list, lines) -> tuple:
    """Return `blocks` with `source.line` set, recursively (lists, callouts); `lines` are
    the template's lines (or their LineIndex)."""
    index = lines if isinstance(lines, LineIndex) else LineIndex(lines)
    return tuple(_attach(b, printed, index) for b in blocks)


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
            line = lines.best(plain_text(block.children))
        elif isinstance(block, Table):
            line = lines.best("".join("".join(r) for r in table_texts(block)))
    return dataclasses.replace(block, source=dataclasses.replace(source, line=line))
