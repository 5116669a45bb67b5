"""Block nodes → styled paragraphs and tables appended to a container (the body or a cell)."""

from __future__ import annotations

import re

from docx.blkcntnr import BlockItemContainer
from docx.document import Document as WordDocument
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from ...model.nodes import (Callout, Figure, Heading, ListBlock, PageBreak, Paragraph, Table)
from . import ooxml
from . import ooxml_parts as parts
from . import sourcemap
from .context import Context
from .inlines import add_inlines
from .plan import number_prefix, split_label


def add_blocks(ctx: Context, container, blocks, in_callout: bool = False) -> None:
    """Append `blocks` to `container` (a python-docx Document or _Cell)."""
    previous = None
    for block in blocks:
        if _needs_spacer(previous, block):
            # Word has no space around a table, and merges two adjacent tables into one
            # (pandoc#4315): a small styled paragraph does both jobs
            new_paragraph(ctx, container, "spacer")
        previous = block
        before = sourcemap.begin(container)
        if isinstance(block, Heading):
            _add_heading(ctx, container, block, in_callout)
        elif isinstance(block, Paragraph):
            p = new_paragraph(ctx, container, "box_text" if in_callout else "body")
            add_inlines(ctx, p, block.children, ctx.document.part)
        elif isinstance(block, ListBlock):
            from .lists import add_list

            add_list(ctx, container, block, add_blocks, in_callout)
        elif isinstance(block, Table):
            from .tables import add_table

            separate_tables(ctx, container)
            add_table(ctx, container, block)
        elif isinstance(block, Figure):
            from .figures import add_figure

            add_figure(ctx, container, block)
        elif isinstance(block, Callout):
            separate_tables(ctx, container)
            _add_callout(ctx, container, block)
        elif isinstance(block, PageBreak):
            new_paragraph(ctx, container, "normal").append(ooxml.page_break_run())
        sourcemap.end(ctx, container, before, block)  # the hidden map back to the template


def _needs_spacer(previous, block) -> bool:
    if previous is None:
        return False
    if isinstance(previous, (Table, Callout)):
        return not isinstance(block, (Heading, Figure))
    # a box or an uncaptioned table straight after text; captions and headings have space
    boxed = isinstance(block, Callout) or (isinstance(block, Table) and not
                                           (block.caption or block.label))
    return boxed and not isinstance(previous, Heading)


def add_paragraph(container) -> DocxParagraph:
    """`container.add_paragraph()`. For the document body python-docx looks for the body's
    sectPr among all its children to insert before it: quadratic, 1.4 s of the DOCX of a
    300-page report under cProfile; the sectPr is the body's last child, so look there."""
    if isinstance(container, WordDocument):
        body = container.element.body
        last = body[-1] if len(body) else None
        if last is not None and last.tag == _SECT_PR:
            p = OxmlElement("w:p")
            last.addprevious(p)
            return DocxParagraph(p, container._body)
    return container.add_paragraph()


_SECT_PR = qn("w:sectPr")


def new_paragraph(ctx: Context, container, role: str):
    """A new w:p at the end of `container` carrying the style of `role`."""
    p = add_paragraph(container)._p
    ooxml.set_style_id(p.get_or_add_pPr(), ctx.style(role))
    return p


def new_table(container, rows: int, cols: int):
    """A table at the end of `container`; in a cell without python-docx's unstyled filler
    paragraph (the callout adds a styled one where a cell needs it)."""
    if isinstance(container, _Cell):
        width = container.width if container.width is not None else Inches(1)
        return BlockItemContainer.add_table(container, rows, cols, width)
    return container.add_table(rows, cols)


def separate_tables(ctx: Context, container) -> None:
    """Word merges two adjacent tables into one (pandoc#4315); a paragraph keeps them apart
    (needed where the previous table came from another call, e.g. a list item)."""
    last = _last_block(container)
    if last is not None and last.tag == qn("w:tbl"):
        new_paragraph(ctx, container, "spacer")


def _last_block(container):
    element = getattr(container, "_tc", None)
    if element is None:
        element = container.element.body
    for child in reversed(element):
        if child.tag in (qn("w:p"), qn("w:tbl")):
            return child
    return None


def _add_heading(ctx: Context, container, heading: Heading, in_callout: bool) -> None:
    # headings inside a box are its titles: styled, but outside the outline and the TOC
    if in_callout:
        role = "box_title" if heading.level <= ctx.state.box_title_level else "box_subtitle"
    else:
        role = f"heading{min(max(heading.level, 1), 4)}"
    p = new_paragraph(ctx, container, role)
    prefix = number_prefix(heading.number, ctx.env.options.is_cjk)
    box_anchor = ctx.env.plan.number_anchors.get(id(heading))
    if prefix and box_anchor:
        # a numbered box's title: the bookmark holds its label alone, for the REF fields
        label = prefix.rstrip(" \u3000")
        start, end = ooxml.bookmark(ctx.new_bookmark_id(), box_anchor)
        p.extend((start, ooxml.run(label), end))
        if prefix[len(label):]:
            p.append(ooxml.run(prefix[len(label):]))
    elif prefix:
        p.append(ooxml.run(prefix))
    # the bookmark wraps the text without its number: a REF to it shows the label
    # numbering gave the heading, and the TOC links to it
    anchor = ctx.env.plan.anchor_of(heading)
    if anchor:
        start, end = ooxml.bookmark(ctx.new_bookmark_id(), anchor)
        p.append(start)
        add_inlines(ctx, p, heading.children, ctx.document.part)
        p.append(end)
    else:
        add_inlines(ctx, p, heading.children, ctx.document.part)


def add_caption(ctx: Context, container, role: str, seq: str, label: str, caption, anchor: str):
    """A caption: bookmark{label word + SEQ field} + space + caption text.

    The SEQ field's cached result is the number numbering already chose. Per-chapter
    labels ("图1-2") are written as literal "1-" plus `SEQ 图`, the chapter's first with
    `\\r 1`: LibreOffice ignores `\\s 1` (restart at each Heading 1) and would count on
    through the chapters, while both Word and LibreOffice honour `\\r`. Appendix labels
    (附表1, 附表A-1, Table A1) use a sequence named after their own word.
    """
    p = new_paragraph(ctx, container, role)
    start, end = ooxml.bookmark(ctx.new_bookmark_id(), anchor) if anchor else (None, None)
    if start is not None:
        p.append(start)
    if not label:
        # nothing numbered to point at: a reference shows the caption itself
        add_inlines(ctx, p, caption, ctx.document.part)
        if end is not None:
            p.append(end)
        return p
    word, chapter, number = split_label(label)
    # an appendix's labels ("附表1", "Table A1") count in a sequence of their own
    seq = seq_name(word) if word.strip() else seq
    for text in (word, chapter):
        if text:
            p.append(ooxml.run(text))
    if number:
        instr = f"SEQ {seq} \\* ARABIC" + (" \\r 1" if chapter and number == "1" else "")
        for r in ooxml.field(instr, number):
            p.append(r)
    if end is not None:
        p.append(end)
    if caption:
        p.append(ooxml.run(" "))
        add_inlines(ctx, p, caption, ctx.document.part)
    return p


def seq_name(word: str) -> str:
    """The SEQ identifier for a label word: no spaces allowed ("List of Figures" uses it too)."""
    return re.sub(r"\W+", "_", word.strip()).strip("_") or "Figure"


def _add_callout(ctx: Context, container, callout: Callout) -> None:
    """A one-column table in the Callout Box style: tinted ground, accent rule on the left.

    The box splits across pages, except its opening: the title (and subtitles) with the
    first paragraph sit in a first row that cannot split, so the title never ends a page
    alone; the rest follows in a second row that may break anywhere. (A keep-with-next on
    the title would not do: LibreOffice and Word then keep the whole box with what follows
    it and move it, whole, to the next page.)
    """
    opening = _opening(callout.blocks)
    groups = [callout.blocks[:opening], callout.blocks[opening:]] \
        if 0 < opening < len(callout.blocks) else [callout.blocks]
    table = new_table(container, len(groups), 1)
    tbl = table._tbl
    tblPr = tbl.tblPr
    tblPr.style = ctx.style("callout")
    parts.set_table_width_pct(tblPr, 5000)
    parts.set_table_look(tblPr, first_row=False)
    # the box's highest heading is its title, deeper ones are subtitles
    outer_level = ctx.state.box_title_level
    ctx.state.box_title_level = min((b.level for b in callout.blocks if isinstance(b, Heading)),
                                    default=0)
    for index, (blocks, tr) in enumerate(zip(groups, tbl.tr_lst)):
        cell = table.cell(index, 0)
        _fill_box_cell(ctx, cell, blocks)
        if opening:
            if index == 0:
                parts.keep_row_together(tr)
            # one box, not two: no padding where the rows meet
            if len(groups) == 2:
                parts.set_cell_padding(cell._tc.get_or_add_tcPr(),
                                       **({"bottom": 0} if index == 0 else {"top": 0}))
    ctx.state.box_title_level = outer_level


def _opening(blocks) -> int:
    """How many blocks open a box: its leading headings and the paragraph after them."""
    count = 0
    while count < len(blocks) and isinstance(blocks[count], Heading):
        count += 1
    if count and count < len(blocks) and isinstance(blocks[count], Paragraph):
        count += 1
    return count


def _fill_box_cell(ctx: Context, cell, blocks) -> None:
    placeholder = cell._tc.p_lst[0]
    add_blocks(ctx, cell, blocks, in_callout=True)
    tc = cell._tc
    if len(tc.p_lst) + len(tc.tbl_lst) > 1:
        tc.remove(placeholder)
    else:
        ooxml.set_style_id(placeholder.get_or_add_pPr(), ctx.style("box_text"))
    if tc[-1].tag != qn("w:p"):
        # a cell must end with a paragraph
        new_paragraph(ctx, cell, "box_text")
