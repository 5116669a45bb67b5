"""Labels for figures and tables, heading numbers, and resolved cross-references."""

import dataclasses

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


ZH_ANNEX = NumberingStyle("图", "表", "", per_chapter=True, box_word="专栏", appendix_word="附")


def annexed(style):
    return number_document(doc(
        Chapter("c1", (table("t1"),)),
        Chapter("c2", (table("t2"), Callout((Heading(3, (Text("奖励"),)),), id="box"))),
        Chapter("a", (table("a1"), fig("af1"), table("a2")), kind="appendix"),
        Chapter("b", (table("b1"),), kind="appendix")), style)


def it_numbers_appendix_tables_apart_from_the_body():
    d = annexed(ZH_ANNEX)
    assert d.labels == {"t1": "表1-1", "t2": "表2-1", "box": "专栏2-1", "a1": "附表1",
                        "af1": "附图1", "a2": "附表2", "b1": "附表3"}


def it_letters_appendices_when_asked_and_always_in_english():
    lettered = annexed(dataclasses.replace(ZH_ANNEX, appendix_letters=True)).labels
    assert (lettered["a1"], lettered["a2"], lettered["b1"]) == ("附表A-1", "附表A-2", "附表B-1")
    english = annexed(NumberingStyle("Figure", "Table", " ", box_word="Box")).labels
    assert (english["t2"], english["box"], english["a1"], english["b1"]) == \
        ("Table 2", "Box 1", "Table A1", "Table B1")


def it_makes_a_numbered_box_label_its_title_number():
    box = annexed(ZH_ANNEX).chapters[1].blocks[1]
    assert box.label == "专栏2-1" and box.blocks[0].number == "专栏2-1\u3000"
    untitled = number_document(doc(Chapter("a", (Callout((Paragraph((Text("x"),)),), id="b"),))),
                               ZH_ANNEX).chapters[0].blocks[0]
    assert untitled.blocks[0] == Heading(3, (), number="专栏1-1")


def it_fails_when_two_items_would_print_the_same_label():
    # a front-matter chapter after chapter 1 restarts the count without a chapter number
    with pytest.raises(TemplateError) as info:
        number_document(doc(Chapter("c1", (table("t1"),)),
                            Chapter("f", (table("t2"),), kind="front")), ZH_ANNEX)
    assert "'表1-1' (t1 and t2)" in str(info.value)
