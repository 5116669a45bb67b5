"""Rendered Markdown → model blocks, including the CJK emphasis and soft-break cases."""

import pytest

from authoring.errors import TemplateError
from authoring.model.nodes import (Callout, CrossRef, Figure, Heading, ListBlock, Note, Paragraph,
                                   Strong, Table, Text)
from authoring.templating.markdown import markdown_to_blocks


def fig(ident, source):
    return Figure(ident, (Text("cap"),), "alt")


def blocks(text):
    return markdown_to_blocks(text, "t.md.j2", fig)


def it_parses_bold_lead_ins_before_han_characters():
    # CommonMark alone leaves the ** of "**…。**坚持" as literal asterisks
    (para,) = blocks("**重大原创成果持续涌现。**坚持“四个面向”战略方向")
    assert para.children[0] == Strong((Text("重大原创成果持续涌现。"),))
    assert para.children[1] == Text("坚持“四个面向”战略方向")


def it_joins_soft_breaks_inside_chinese_without_a_space():
    (para,) = blocks("第一行\n第二行 and\nEnglish")
    assert para.children == (Text("第一行第二行 and English"),)


def it_reads_heading_ids_and_cross_references():
    heading, para = blocks("## 标题 {id=sec-a}\n\n见[](#sec-a)。")
    assert heading == Heading(2, (Text("标题"),), "sec-a", source=heading.source)
    assert heading.source.template == "t.md.j2"
    assert para.children[1] == CrossRef("sec-a")


def it_builds_callouts_lists_tables_figures_and_notes():
    text = ("::: box\n### 框\n- 项**43**项\n:::\n\n::: figure f1\n:::\n\n"
            "::: table t1 表题\n| a | b |\n|:--|--:|\n| x | 1.5 |\n:::\n\n正文[^1]\n\n[^1]: 注释。\n")
    box, figure, table, para = blocks(text)
    assert isinstance(box, Callout) and isinstance(box.blocks[1], ListBlock)
    assert box.blocks[1].items[0][0].children[1] == Strong((Text("43"),))
    assert figure.id == "f1"
    assert isinstance(table, Table) and table.id == "t1" and table.caption == (Text("表题"),)
    assert table.rows[0][1].numeric and table.rows[0][1].align == "right"
    assert isinstance(para.children[1], Note)
    assert para.children[1].blocks[0].children == (Text("注释。"),)


def it_refuses_raw_html():
    (para,) = blocks("a <b>x</b>")
    assert all(isinstance(c, Text) for c in para.children)
    assert "<b>" in para.children[0].text


def it_requires_a_pipe_table_inside_a_table_block():
    with pytest.raises(TemplateError) as info:
        blocks("::: table t1 Caption\nno table\n:::\n")
    assert "templates/t.md.j2" in str(info.value)


def it_records_which_printed_figures_each_block_holds():
    from authoring.templating.marks import mark

    heading, para, table = blocks(f"## 标题{mark(0, '3')}\n\n增长{mark(1, '6.5%')}，{mark(2, '7')}项\n\n"
                                  f"::: table t1 Cap\n| a | b |\n|--|--|\n| x | {mark(3, '1.5')} |\n:::\n")
    assert heading.children == (Text("标题3"),) and heading.source.figures == (0,)
    assert para.children == (Text("增长6.5%，7项"),) and para.source.figures == (1, 2)
    assert table.source.figures == (3,) and table.rows[0][1].numeric
