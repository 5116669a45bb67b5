"""ListBlock → List Bullet / List Number paragraphs backed by real, restartable Word numbering."""

from __future__ import annotations

from ...model.nodes import ListBlock, Paragraph
from . import ooxml
from . import ooxml_parts as parts
from .blocks import add_paragraph
from .context import Context
from .inlines import add_inlines
from .stylesheet import list_indents

MAX_DEPTH = 3  # List Bullet, List Bullet 2, List Bullet 3
_BULLETS = ("•", "◦", "▪")
_ORDERED = (("decimal", "%1."), ("decimal", "(%2)"), ("lowerLetter", "%3."))


def add_list(ctx: Context, container, block: ListBlock, add_blocks, in_callout: bool,
             depth: int = 0) -> None:
    """Write `block` into `container`; `add_blocks` renders non-paragraph blocks of an item."""
    level = min(depth, MAX_DEPTH - 1)
    _ensure_definitions(ctx)
    if block.ordered:
        # each ordered list gets its own w:num so that it starts again at `start`
        num_id = _new_num(ctx, ctx.state.ordered_abstract_id, level, block.start)
        role = f"list_number{level + 1}"
    else:
        num_id = ctx.state.bullet_num_id
        role = f"list_bullet{level + 1}"
    for item in block.items:
        numbered = False
        for child in item:
            if isinstance(child, ListBlock):
                add_list(ctx, container, child, add_blocks, in_callout, depth + 1)
            elif isinstance(child, Paragraph):
                paragraph = add_paragraph(container)
                pPr = paragraph._p.get_or_add_pPr()
                if numbered:
                    ooxml.set_style_id(pPr, ctx.style(f"list_continue{level + 1}"))
                else:
                    ooxml.set_style_id(pPr, ctx.style(role))
                    ooxml.set_num(pPr, num_id, level)
                    numbered = True
                add_inlines(ctx, paragraph._p, child.children, ctx.document.part)
            else:
                add_blocks(ctx, container, (child,), in_callout)


def _ensure_definitions(ctx: Context) -> None:
    state = ctx.state
    if state.bullet_num_id:
        return
    numbering = ctx.document.part.numbering_part.element
    # continue after the ids a reference.docx already uses
    abstract_ids = [int(a.get(ooxml.qn("w:abstractNumId"))) for a in
                    numbering.findall(ooxml.qn("w:abstractNum"))]
    num_ids = [int(n.get(ooxml.qn("w:numId"))) for n in numbering.findall(ooxml.qn("w:num"))]
    state.next_abstract_id = max(abstract_ids, default=-1) + 1
    state.next_num_id = max(num_ids, default=0) + 1
    bullet_levels = [("bullet", _BULLETS[lvl], *list_indents(ctx.env.options, lvl))
                     for lvl in range(MAX_DEPTH)]
    ordered_levels = [(*_ORDERED[lvl], *list_indents(ctx.env.options, lvl))
                      for lvl in range(MAX_DEPTH)]
    bullet_abstract = _add_abstract(numbering, state.next_abstract_id, bullet_levels)
    state.ordered_abstract_id = _add_abstract(numbering, state.next_abstract_id + 1, ordered_levels)
    state.next_abstract_id += 2
    state.bullet_num_id = _new_num(ctx, bullet_abstract)


def _add_abstract(numbering, abstract_id: int, levels) -> int:
    element = parts.abstract_num(abstract_id, levels)
    first_num = numbering.find(ooxml.qn("w:num"))
    # the schema puts every w:abstractNum before the first w:num
    if first_num is not None:
        first_num.addprevious(element)
    else:
        numbering.append(element)
    return abstract_id


def _new_num(ctx: Context, abstract_id: int, restart_level: int | None = None,
             start: int = 1) -> int:
    numbering = ctx.document.part.numbering_part.element
    num_id = ctx.state.next_num_id
    ctx.state.next_num_id += 1
    element = parts.num(num_id, abstract_id, restart_level, start)
    existing = numbering.findall(ooxml.qn("w:num"))
    # after the last w:num, not at the end: w:numIdMacAtCleanup may follow it
    if existing:
        existing[-1].addnext(element)
    else:
        abstracts = numbering.findall(ooxml.qn("w:abstractNum"))
        abstracts[-1].addnext(element)
    return num_id
