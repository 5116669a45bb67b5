"""Chinese punctuation and last lines in the WeasyPrint PDF: consecutive marks compressed
(clreq), never one character alone on a paragraph's last line. Read back with poppler."""

from __future__ import annotations

import re
import subprocess

import pytest

from authoring.model.nodes import Chapter, Document, Heading, Meta, Paragraph, Text
from authoring.writers.weasyprint.cjk import compress_punctuation, keep_last_two
from authoring.writers.weasyprint.html import render_html
from authoring.writers.weasyprint.pdf import write_pdf
from benchmarks.cjk_lines import orphans

from .test_html import zh_options

HALT = '<span class="halt">{}</span>'


@pytest.mark.parametrize("text, halted", [
    ("“交卷之年”，也是", "“交卷之年" + HALT.format("”") + "，也是"),  # closing, then a stop
    ("《自然》《科学》", "《自然" + HALT.format("》") + "《科学》"),  # closing, then opening
    ("（“A”）", "（" + HALT.format("“") + "A" + HALT.format("”") + "）"),  # two openings: the second
    ("第一。（注）", "第一" + HALT.format("。") + "（注）"),
    ("上海、北京", "上海、北京"),  # one mark: nothing to compress
])
def it_sets_one_of_two_adjacent_marks_half_width(text, halted):
    assert compress_punctuation(text) == halted


@pytest.mark.parametrize("text, rest, kept", [
    ("位列第九。", "", "位列<span class=\"keep\">第九</span>。"),
    ("中国城市”。", "", "中国<span class=\"keep\">城市</span>”。"),
    ("相当于2015年的1.7\u2005倍。", "", "相当于2015年的<span class=\"keep\">1.7\u2005倍</span>。"),
    ("九", "", "九"),  # one Han character: nothing to keep it with
    ("增长 6.5%", "", "增长 6.5%"),  # ends in a number: no lone character can follow
    ("第一", "还有后文", "第一"),  # not the paragraph's end
])
def it_keeps_a_paragraphs_last_two_han_characters_together(text, rest, kept):
    assert keep_last_two(text, rest) == kept


def one_paragraph(project, text: str) -> Document:
    return Document(Meta(title="标题", lang="zh-CN"), (Chapter("c", (
        Heading(1, (Text("章"),), id="c1"), Paragraph((Text(text),))), template="c.md.j2"),))


def line_widths(pdf) -> dict[str, float]:
    box = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-"],
                         capture_output=True, text=True, check=True).stdout
    return {m[3]: float(m[2]) - float(m[1])
            for m in re.finditer(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)</word>', box)}


def it_compresses_the_marks_in_the_pdf(tmp_path):
    """16 full-width glyphs, two of them next to another mark: 15 em wide, not 16."""
    text = "“交卷之年”，和《自然》《科学》"
    target = tmp_path / "out" / "x.pdf"
    write_pdf(one_paragraph(tmp_path, text), target, zh_options(tmp_path))
    width = line_widths(target)[text]
    assert width == pytest.approx(15 * 10.5, abs=0.6)


def it_leaves_no_character_alone_on_the_examples_last_lines(built_example):
    """The example had two (…中国城 / 市”。, …启 / 动。), benchmarks/cjk_lines.py counts them."""
    assert orphans(built_example.outputs["pdf"]) == []
    html = render_html(built_example.document, built_example.options)
    assert "交卷之年" + HALT.format('<span class="cjk">”</span>') + "，" in html


def it_spaces_han_and_latin_in_the_running_head(built_example):
    """The running head read "2020上海…" while the cover and Typst space it (issue 27)."""
    html = render_html(built_example.document, built_example.options)
    assert 'doctitle "2020\u2005' in html
