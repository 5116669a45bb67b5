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
    """How labels are made. Appendices never share a number with the body:

    - `appendix_word` set ("附"): "附表1", "附图1", counted through all appendices, or with
      `appendix_letters` "附表A-1" (A for the first appendix chapter, B for the next);
    - `appendix_word` empty (English): "Table A1", "Figure B2", lettered by appendix.
    Boxes with an id are numbered "专栏1" / "Box 1" (per chapter "专栏2-1") like tables.
    """

    figure_word: str = "Figure"
    table_word: str = "Table"
    separator: str = " "  # between word and number: "Figure 1" vs "图1"
    per_chapter: bool = False
    heading_numbers: bool = False  # 一、 / （一） / 1. / （1）
    box_word: str = "Box"
    appendix_word: str = ""  # put before the word in appendices: "附" gives 附表1
    appendix_letters: bool = False


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
    """Return `doc` with labels on figures/tables/boxes, heading numbers, refs resolved.

    Fails on two things that would print the same label (two ids, or two numbers that
    collide), naming both."""
    labels: dict[str, str] = {}
    chapters = []
    counts = {"figure": 0, "table": 0, "box": 0}
    body_index = appendix_index = 0
    printed: dict[str, str] = {}  # label → the id (or caption) that has it
    for chapter in doc.chapters:
        appendix = chapter.kind == "appendix"
        if appendix:
            appendix_index += 1
        elif chapter.kind == "body":
            body_index += 1
        letter = _letter(appendix_index) if appendix else ""
        lettered = appendix and (style.appendix_letters or not style.appendix_word)
        first_appendix = appendix and appendix_index == 1
        if (style.per_chapter and not appendix) or lettered or first_appendix:
            counts = dict.fromkeys(counts, 0)
        counters = [0, 0, 0, 0, 0, 0]

        def label(kind: str, word: str) -> str:
            counts[kind] += 1
            n = counts[kind]
            if not appendix:
                number = f"{body_index}-{n}" if style.per_chapter else str(n)
                return f"{word}{style.separator}{number}"
            if not style.appendix_word:
                return f"{word}{style.separator}{letter}{n}"  # Table A1
            number = f"{letter}-{n}" if style.appendix_letters else str(n)
            return f"{style.appendix_word}{word}{style.separator}{number}"  # 附表A-1, 附表1

        def claim(lab: str, owner: str) -> str:
            if lab in printed:
                raise TemplateError(f"two items would both be numbered '{lab}' ({printed[lab]} "
                                    f"and {owner})", hint="give appendices kind = \"appendix\" "
                                    "in report.toml, or number per chapter")
            printed[lab] = owner
            return lab

        def visit(block, in_callout=False):
            if isinstance(block, Figure):
                lab = claim(label("figure", style.figure_word), block.id or "a figure")
                _register(labels, block.id, lab)
                return dataclasses.replace(block, label=lab)
            if isinstance(block, Table) and block.caption:
                lab = claim(label("table", style.table_word),
                            block.id or f"table '{plain_text(block.caption)}'")
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
                inner = tuple(visit(b, True) for b in block.blocks)
                if not block.id:
                    return dataclasses.replace(block, blocks=inner)
                lab = claim(label("box", style.box_word), block.id)
                _register(labels, block.id, lab)
                return dataclasses.replace(block, blocks=_titled(inner, lab, style), label=lab)
            if isinstance(block, ListBlock):
                return dataclasses.replace(
                    block, items=tuple(tuple(visit(b, in_callout) for b in item) for item in block.items))
            return block

        chapters.append(dataclasses.replace(chapter, blocks=tuple(visit(b) for b in chapter.blocks)))

    resolved = tuple(
        dataclasses.replace(ch, blocks=tuple(_resolve_block(b, labels, ch.template) for b in ch.blocks))
        for ch in chapters)
    return dataclasses.replace(doc, chapters=resolved, labels=labels)


def _letter(index: int) -> str:
    """1 → A, 26 → Z, 27 → AA (appendix letters)."""
    out = ""
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("A") + rest) + out
    return out


def _titled(blocks: tuple, label: str, style: NumberingStyle) -> tuple:
    """A numbered box's blocks with its label as the number of its title (a title is added
    when the box has none): every writer prints a heading's number before its text."""
    gap = "\u3000" if not style.separator else " "  # 专栏1　标题 / Box 1 Title
    for index, block in enumerate(blocks):
        if isinstance(block, Heading):
            titled = dataclasses.replace(block, number=label + (gap if block.children else ""))
            return blocks[:index] + (titled,) + blocks[index + 1:]
        break
    return (Heading(3, (), number=label),) + blocks


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
