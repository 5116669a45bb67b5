"""Labels for figures and tables, heading numbers, and resolved cross-references."""

import pytest

from authoring.errors import TemplateError
from authoring.model.nodes import (Callout, Chapter, CrossRef, Document, Figure, Heading, Meta,
                                   Paragraph, Table, Text)
from authoring.model.numbering import NumberingStyle, chinese_numeral, number_document

ZH = NumberingStyle(figure_word="图", table_word="表", separator="")


def doc(*chapters):
    return Document(Meta("T"), tuple(chapters))


def fig(ident):
    return Figure(ident, (Text("c"),), "alt")


def table(ident):
    return Table((), (), (Text("cap"),), ident)


def it_numbers_figures_and_tables_through_the_document():
    d = number_document(doc(
        Chapter("a", (fig("f1"), table("t1"), fig("f2"))),
        Chapter("b", (fig("f3"), Paragraph((CrossRef("f3"), CrossRef("t1")))))), ZH)
    assert d.labels == {"f1": "图1", "t1": "表1", "f2": "图2", "f3": "图3"}
    para = d.chapters[1].blocks[1]
    assert [c.label for c in para.children] == ["图3", "表1"]


def it_numbers_per_chapter_when_asked():
    style = NumberingStyle("Figure", "Table", " ", per_chapter=True)
    d = number_document(doc(Chapter("a", (fig("f1"), fig("f2"))), Chapter("b", (fig("f3"),))), style)
    assert d.labels == {"f1": "Figure 1-1", "f2": "Figure 1-2", "f3": "Figure 2-1"}


def it_refers_to_sections_by_their_title():
    d = number_document(doc(Chapter("a", (Heading(2, (Text("原始创新"),), "sec-a"),
                                           Paragraph((CrossRef("sec-a"),))))), ZH)
    assert d.chapters[0].blocks[1].children[0].label == "原始创新"


def it_fails_on_an_unknown_reference_listing_known_ids():
    with pytest.raises(TemplateError) as info:
        number_document(doc(Chapter("a", (fig("f1"), Paragraph((CrossRef("f9"),))))), ZH)
    assert "unknown id 'f9'" in str(info.value) and "f1" in str(info.value)


def it_fails_on_a_duplicate_id():
    with pytest.raises(TemplateError):
        number_document(doc(Chapter("a", (fig("f1"), fig("f1")))), ZH)


def it_numbers_headings_in_the_official_chinese_style():
    style = NumberingStyle("图", "表", "", heading_numbers=True)
    blocks = (Heading(1, (Text("综述"),)), Heading(2, (Text("甲"),)), Heading(3, (Text("子"),)),
              Heading(3, (Text("丑"),)), Heading(4, (Text("x"),)), Heading(2, (Text("乙"),)),
              Heading(3, (Text("寅"),)), Callout((Heading(3, (Text("框"),)),)))
    d = number_document(doc(Chapter("a", blocks)), style)
    numbers = [b.number for b in d.chapters[0].blocks if isinstance(b, Heading)]
    assert numbers == ["", "一、", "（一）", "（二）", "1.", "二、", "（一）"]
    assert d.chapters[0].blocks[-1].blocks[0].number == ""  # box titles are not numbered


@pytest.mark.parametrize("n, text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (101, "一百零一"),
                                     (110, "一百一十"), (1001, "一千零一")])
def it_writes_chinese_numerals(n, text):
    assert chinese_numeral(n) == text
