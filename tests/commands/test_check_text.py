"""`authoring check`'s text check for editors: half-width punctuation between Han characters,
symbols in headings, source paths in the text; warnings, errors with --strict."""

from __future__ import annotations

import pytest

from authoring.checks.text import text_findings

from .test_check import _edit, _line_of, check


def found(source: str) -> list[tuple[int, int, str]]:
    return [(f.location.line, f.location.column, f.message) for f in text_findings("t.md.j2", source)]


@pytest.mark.parametrize("source, column, suggestion", [
    ("在沪两院院士共178 名,居全国第二。", 13, "'，'"),
    ("其中外国高端人才(A类）占比", 9, "'（'"),
    ("其中外国高端人才（A类)占比", 12, "'）'"),
    ("研发投入;增长", 5, "'；'"),
    ("院士共{{ n }}名,居全国", 12, "'，'"),  # after a placeholder: the Han text around counts
])
def it_suggests_the_full_width_mark_at_its_column(source, column, suggestion):
    (line, col, message), = found(source)
    assert (line, col) == (1, column) and suggestion in message


@pytest.mark.parametrize("source", [
    "增长 6.5%, a list: 1, 2",  # Latin text keeps its punctuation
    "{{ x | num(1) }},{{ y }}",  # inside Jinja nothing is read
    "{# 说明,注释 data/x.yaml #}",  # nor in comments: editors may keep paths there
    "第一，第二（A 类）",
])
def it_leaves_correct_and_latin_text_alone(source):
    assert found(source) == []


def it_warns_of_a_symbol_in_a_heading_and_of_a_printed_path():
    messages = found("## ▶ 高质量发展 {id=sec-dev}\n\n详见 data/indicators.yaml 中的说明。")
    assert messages[0][:2] == (1, 4) and "'▶'" in messages[0][2] and "bookmarks" in messages[0][2]
    assert messages[1][:2] == (3, 4) and "data/indicators.yaml" in messages[1][2]


def it_warns_and_fails_only_with_strict(example_copy):
    template = example_copy / "templates" / "overview.md.j2"
    _edit(template, "名，居全国", "名,居全国")
    line = _line_of(template, ",居全国")
    column = template.read_text(encoding="utf-8").splitlines()[line - 1].index(",居全国") + 1
    result = check(example_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (f"templates/overview.md.j2:{line}:{column}: warning: half-width ',' in Chinese "
            "text: use '，'") in result.stdout
    assert check(example_copy, "--strict").returncode != 0


def it_reads_a_cross_reference_as_markup_and_still_checks_its_text():
    # "[](#tab-1)" before Han text is syntax, not a half-width ")" the reader sees
    assert found("各市情况见[](#tab-cities)，行业情况见[](#tab-long)。\n") == []
    assert [f[2] for f in found("见[表(一)](#tab-1)列出\n")] == [  # the link text is checked
        "half-width '(' in Chinese text: use '（'", "half-width ')' in Chinese text: use '）'"]
