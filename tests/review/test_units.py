"""The pure parts: tokens, inline diff, block alignment with moves, changed figures."""

from __future__ import annotations

import pytest

from authoring.review.align import align
from authoring.review.figures import changed_figures
from authoring.review.inline import diff_text
from authoring.review.model import Block, Piece
from authoring.review.tokens import tokenize


def edits(old: str, new: str) -> list:
    return [(old[s.old_start:s.old_end], new[s.new_start:s.new_end])
            for s in diff_text(old, new) if s.op != "equal"]


def block(text: str, kind: str = "paragraph", where: str = "", **extra) -> Block:
    return Block(kind, text, (Piece(text),), ("综述",), where, **extra)


# ---------------------------------------------------------------- tokens


def it_makes_each_han_character_a_token_and_keeps_numbers_and_words_whole():
    tokens = [(t.text, t.kind) for t in tokenize("位列第九，增长6.5%，EUR 219,800,000 it's")]
    assert tokens == [("位", "cjk"), ("列", "cjk"), ("第九", "number"), ("，", "other"),
                      ("增", "cjk"), ("长", "cjk"), ("6.5%", "number"), ("，", "other"),
                      ("EUR", "word"), (" ", "space"), ("219,800,000", "number"),
                      (" ", "space"), ("it's", "word")]


def it_does_not_glue_latin_letters_to_han_characters():
    assert [t.text for t in tokenize("R&D经费")] == ["R", "&", "D", "经", "费"]


# ---------------------------------------------------------------- inline diff


def it_marks_one_changed_chinese_character_only():
    assert edits("重大原创成果持续涌现。坚持", "重大原创成果持续出现。坚持") == [("涌", "出")]


def it_marks_whole_latin_words():
    assert edits("Research output rose again", "Research output fell again") == [("rose", "fell")]


def it_marks_a_changed_number_as_one_change():
    assert edits("发明专利授权24208件", "发明专利授权25100件") == [("24208", "25100")]


def it_ignores_white_space_only_differences():
    assert edits("up 9.3%,  and rising", "up 9.3%, and rising\t") == []


def it_folds_a_short_common_stretch_into_a_rewritten_phrase():
    # "的" in the middle is common by chance; one replacement reads better than two
    assert edits("显示度持续提升的重要标志", "影响力明显增强的主要标志") == \
        [("显示度持续提升的重", "影响力明显增强的主")]


def it_covers_both_texts_with_its_segments():
    old, new = "上海科学家发表论文124篇，占全国32.0%", "上海科学家共发表论文130篇，占全国33.1%"
    segments = diff_text(old, new)
    assert "".join(old[s.old_start:s.old_end] for s in segments) == old
    assert "".join(new[s.new_start:s.new_end] for s in segments) == new


# ---------------------------------------------------------------- alignment


def it_pairs_a_changed_paragraph_and_keeps_the_others_equal():
    old = [block("甲段落内容不变。"), block("乙段落发明专利授权24208件。"), block("丙段落也不变。")]
    new = [block("甲段落内容不变。"), block("乙段落发明专利授权25100件。"), block("丙段落也不变。")]
    assert [op.kind for op in align(old, new)] == ["equal", "changed", "equal"]


def it_reports_a_moved_paragraph_once_with_its_old_place():
    a, b, c, d = (block(t) for t in ("第一段讲原始创新。", "第二段讲人才集聚。",
                                      "第三段讲平台建设与产业集群。", "第四段讲技术转移。"))
    ops = align([a, b, c, d], [a, b, d, c])
    kinds = [op.kind for op in ops]
    assert sorted(kinds) == ["equal", "equal", "equal", "moved", "moved_away"]
    moved = next(op for op in ops if op.kind == "moved")
    away = next(op for op in ops if op.kind == "moved_away")
    assert moved.move == away.move and not moved.edited


def it_pairs_table_cells_by_row_and_column_even_when_the_text_is_all_new():
    old = [block("1815.3", "cell", cell=("表1", "技术合同成交额", 3, 5))]
    new = [block("1902.6", "cell", cell=("表1", "技术合同成交额", 3, 5))]
    [op] = align(old, new)
    assert op.kind == "changed"


def it_reports_inserted_and_deleted_paragraphs():
    old = [block("保留的段落。"), block("删去的一段话，内容完全不同。")]
    new = [block("保留的段落。"), block("New text in another language entirely.")]
    assert [op.kind for op in align(old, new)] == ["equal", "deleted", "inserted"]


# ---------------------------------------------------------------- figures


def it_lists_changed_figures_with_their_context():
    old = [block("全年技术合同成交额1815.3亿元，比上年增长19.3%。", where="¶2")]
    new = [block("全年技术合同成交额1902.6亿元，比上年增长25.0%。", where="¶2")]
    figures = changed_figures(align(old, new))
    assert [(f.old, f.new) for f in figures] == [("1815.3", "1902.6"), ("19.3%", "25.0%")]
    before, figure, after = figures[0].context_new
    assert (before, figure) == ("全年技术合同成交额", "1902.6") and after.startswith("亿元，比上年")
    assert figures[0].location == "综述 › ¶2"


def it_lists_a_figure_added_to_a_sentence():
    old = [block("获奖项目若干项。")]
    new = [block("获奖项目294项。")]
    assert [(f.old, f.new) for f in changed_figures(align(old, new))] == [("", "294")]


@pytest.mark.parametrize("old,new", [("位列第九。", "位列第八。"), ("排名第二", "排名第三")])
def it_treats_chinese_ordinals_as_figures(old, new):
    figures = changed_figures(align([block(old)], [block(new)]))
    assert len(figures) == 1 and figures[0].old.startswith("第")
