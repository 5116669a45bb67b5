"""Document → document with figure/table labels, heading numbers and resolved cross-references.

Numbering is done once on the model so that DOCX, HTML and PDF all show the same
"图2" for the same figure, and a reference's cached text is right before Word updates it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..errors import TemplateError
from .nodes import (Callout, Chapter, CrossRef, Document, Emph, Figure, Heading, Link, ListBlock,
                    Note, Paragraph, Strong, Table)
from .text import plain_text

CN_DIGITS = "〇一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五 (for counts below 10000)."""
    if n < 0 or n >= 10000:
        raise ValueError(f"chinese_numeral supports 0..9999, got {n}")
    if n < 10:
        return CN_DIGITS[n]
    units = [(1000, "千"), (100, "百"), (10, "十")]
    out, zero_pending, rest = "", False, n
    for value, word in units:
        digit, rest = divmod(rest, value)
        if digit:
            if zero_pending:
                out += "零"
                zero_pending = False
            # "十一" not "一十一" when the number starts with the tens digit
            out += ("" if (value == 10 and digit == 1 and not out) else CN_DIGITS[digit]) + word
        elif out:
            zero_pending = True
    if rest:
        out += ("零" if zero_pending else "") + CN_DIGITS[rest]
    return out


@dataclass(frozen=True)
class NumberingStyle:
    figure_word: str = "Figure"
    table_word: str = "Table"
    separator: str = " "  # between word and number: "Figure 1" vs "图1"
    per_chapter: bool = False
    heading_numbers: bool = False  # 一、 / （一） / 1. / （1）


def heading_number(level: int, count: int) -> str:
    """The GB/T 9704 style number of the `count`-th heading at body `level` (1-based)."""
    if level == 1:
        return f"{chinese_numeral(count)}、"
    if level == 2:
        return f"（{chinese_numeral(count)}）"
    if level == 3:
        return f"{count}."
    return f"（{count}）"


def number_document(doc: Document, style: NumberingStyle) -> Document:
    """Return `doc` with labels on figures/tables, optional heading numbers, refs resolved."""
    labels: dict[str, str] = {}
    chapters = []
    fig_n = tab_n = 0
    body_index = 0
    for chapter in doc.chapters:
        if chapter.kind == "body":
            body_index += 1
        if style.per_chapter:
            fig_n = tab_n = 0
        counters = [0, 0, 0, 0, 0, 0]

        def label(word: str, n: int) -> str:
            number = f"{body_index}-{n}" if style.per_chapter else str(n)
            return f"{word}{style.separator}{number}"

        def visit(block, in_callout=False):
            nonlocal fig_n, tab_n
            if isinstance(block, Figure):
                fig_n += 1
                lab = label(style.figure_word, fig_n)
                _register(labels, block.id, lab)
                return dataclasses.replace(block, label=lab)
            if isinstance(block, Table) and block.caption:
                tab_n += 1
                lab = label(style.table_word, tab_n)
                _register(labels, block.id, lab)
                return dataclasses.replace(block, label=lab)
            if isinstance(block, Heading) and not in_callout:
                number = ""
                # level 1 is the chapter title; numbering starts at sections (level 2)
                if style.heading_numbers and block.level >= 2 and chapter.kind == "body":
                    depth = block.level - 2
                    counters[depth] += 1
                    for deeper in range(depth + 1, len(counters)):
                        counters[deeper] = 0
                    number = heading_number(depth + 1, counters[depth])
                if block.id:
                    _register(labels, block.id, plain_text(block.children))
                return dataclasses.replace(block, number=number)
            if isinstance(block, Callout):
                return dataclasses.replace(block, blocks=tuple(visit(b, True) for b in block.blocks))
            if isinstance(block, ListBlock):
                return dataclasses.replace(
                    block, items=tuple(tuple(visit(b, in_callout) for b in item) for item in block.items))
            return block

        chapters.append(dataclasses.replace(chapter, blocks=tuple(visit(b) for b in chapter.blocks)))

    resolved = tuple(
        dataclasses.replace(ch, blocks=tuple(_resolve_block(b, labels, ch.template) for b in ch.blocks))
        for ch in chapters)
    return dataclasses.replace(doc, chapters=resolved, labels=labels)


def _register(labels: dict, ident: str, label: str) -> None:
    if not ident:
        return
    if ident in labels:
        raise TemplateError(f"the id '{ident}' is used twice; ids of figures, tables and "
                            "headings must be unique")
    labels[ident] = label


def _resolve_inlines(inlines, labels, template):
    out = []
    for node in inlines:
        if isinstance(node, CrossRef):
            if node.target not in labels:
                known = ", ".join(sorted(labels)) or "none"
                raise TemplateError(f"cross-reference to unknown id '{node.target}' "
                                    f"(in {template or 'a template'}); known ids: {known}")
            out.append(dataclasses.replace(node, label=labels[node.target]))
        elif isinstance(node, (Strong, Emph, Link)):
            out.append(dataclasses.replace(node, children=tuple(_resolve_inlines(node.children, labels, template))))
        elif isinstance(node, Note):
            out.append(Note(tuple(_resolve_block(b, labels, template) for b in node.blocks)))
        else:
            out.append(node)
    return tuple(out)


def _resolve_block(block, labels, template):
    if isinstance(block, (Paragraph, Heading)):
        return dataclasses.replace(block, children=_resolve_inlines(block.children, labels, template))
    if isinstance(block, Callout):
        return dataclasses.replace(block, blocks=tuple(_resolve_block(b, labels, template) for b in block.blocks))
    if isinstance(block, ListBlock):
        return dataclasses.replace(block, items=tuple(
            tuple(_resolve_block(b, labels, template) for b in item) for item in block.items))
    if isinstance(block, Table):
        def cells(rows):
            return tuple(tuple(dataclasses.replace(c, children=_resolve_inlines(c.children, labels, template))
                               for c in row) for row in rows)
        return dataclasses.replace(block, header=cells(block.header), rows=cells(block.rows),
                                   caption=_resolve_inlines(block.caption, labels, template))
    if isinstance(block, Figure):
        return dataclasses.replace(block, caption=_resolve_inlines(block.caption, labels, template))
    return block
