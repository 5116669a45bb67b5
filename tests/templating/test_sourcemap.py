"""Blocks are mapped back to the template line they came from."""

from authoring.model.nodes import Paragraph, Source, Text
from authoring.templating.env import Printed
from authoring.templating.sourcemap import attach_lines, best_line

LINES = ["# 综述 {id=overview}", "", "{{ year }}年是“十三五”规划收官之年，总体来看{{ x }}。", "",
         "**重大原创成果持续涌现。**坚持“四个面向”战略方向。"]


def it_finds_the_line_of_plain_prose():
    assert best_line("重大原创成果持续涌现。坚持“四个面向”战略方向。", LINES) == 5
    assert best_line("2020年是“十三五”规划收官之年，总体来看5。", LINES) == 3
    assert best_line("完全不同的文字", LINES) == 0


def it_prefers_the_exact_line_of_a_printed_figure():
    para = Paragraph((Text("…"),), Source("t.md.j2", 0, (0,)))
    (mapped,) = attach_lines((para,), [Printed("5", None, "t.md.j2", 3)], LINES)
    assert mapped.source.line == 3
