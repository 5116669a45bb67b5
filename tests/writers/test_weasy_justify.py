"""The WeasyPrint justification adapter: checked against WeasyPrint itself and on PDFs read back."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from authoring.errors import RenderError
from authoring.writers.weasyprint import weasy_justify
from authoring.writers.weasyprint.cjk import space_han_latin

from ..pdflines import pdf_lines, short_lines

ROOT = Path(__file__).resolve().parents[2]

# The paragraph of the example where a line ending in a quarter-em space (U+2005) sent
# WeasyPrint back to the break before "台”", leaving half a line empty (issue 12).
HOLE = ("<p><strong>高水平科技创新人才加快集聚。</strong>在沪两院院士共\u2005178\u2005名,居全国第二。"
        "进一步拓宽引才引智渠道,<span class=cjk>“</span>全球高层次科技专家信息平台"
        "<span class=cjk>”</span>集聚高层次专家\u200557\u2005万余人,累计核发《外国人工作许可证》"
        "26\u2005万余份,其中外国高端人才(A\u2005类)占比约\u200518%,连续\u20058\u2005年蝉联"
        "<span class=cjk>“</span>外籍人才眼中最具吸引力的中国城市<span class=cjk>”</span>。</p>")

MIXED = ("<p>2020年全社会研发经费支出达1615.69亿元，相当于全市生产总值的比例为4.1%左右，"
         "其中基础研究经费占比8.9%。技术合同成交额1815.3亿元，比上年增长19.7%。"
         "在Nature、Science和Cell三大期刊发表论文124篇，占全国的32.0%；"
         "上海光源、蛋白质设施等大科学设施（SSRF、NFPS）向用户开放机时超过6万小时，"
         "支撑用户发表论文1,150余篇。国际人类表型组（Human Phenome）计划稳步推进，"
         "张江实验室、李政道研究所等一批新型研发机构加快建设，"
         "科技创新券发放金额2.35亿元，惠及中小企业4,217家，同比增长12.6%。</p>")
# as the HTML writer spaces it: a quarter em (U+2005) between Han and Latin characters
MIXED = space_han_latin(MIXED)

CSS = ("@page { size: A4; margin: 20mm 20mm 20mm 20mm }"
       "html { font-family: 'Liberation Serif', 'Noto Serif CJK SC'; font-size: 10.5pt;"
       " line-height: 1.8 } .cjk { font-family: 'Noto Serif CJK SC' }"
       "p { text-align: justify; text-indent: 2em; margin: 0; width: %s }")


def render(tmp_path: Path, body: str, width: str = "40em", align: str = "justify",
           name: str = "t.pdf") -> Path:
    import weasyprint

    weasy_justify.install()
    css = CSS % width
    if align != "justify":
        css += f"p {{ text-align: {align} }}"
    html = f'<html lang="zh-CN"><style>{css}</style><body>{body}</body></html>'
    target = tmp_path / name
    weasyprint.HTML(string=html).write_pdf(target)
    return target


# ------------------------------------------------------------------ WeasyPrint as written for


def test_the_installed_weasyprint_is_the_one_the_adapter_was_written_for():
    weasy_justify.check_weasyprint()  # raises RenderError listing every difference
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    pin = next(d for d in pyproject["project"]["dependencies"] if d.startswith("weasyprint"))
    major = weasy_justify.SUPPORTED_MAJOR
    assert pin.replace(" ", "") == f"weasyprint>={major},<{major + 1}"


@pytest.mark.parametrize("module, name", [("layout.inline", "justify_line"),
                                          ("layout.preferred", "trailing_whitespace_size"),
                                          ("layout.inline", "text_align")])
def test_a_changed_weasyprint_function_is_a_loud_error(module, name, monkeypatch):
    import importlib

    owner = importlib.import_module(f"weasyprint.{module}")
    monkeypatch.setattr(owner, name, lambda context, line: None)
    with pytest.raises(RenderError, match=name):
        weasy_justify.check_weasyprint()


def test_a_different_weasyprint_version_is_a_loud_error(monkeypatch):
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(RenderError, match="71.0"):
        weasy_justify.check_weasyprint()


def test_weights_spare_latin_words_and_numbers():
    text = "论文124篇，在Nature、“Science” don’t"
    w = weasy_justify.weights(text)
    marked = "".join(c if k else "_" for c, k in zip(text, w))
    assert marked == "论文___篇，在______、“_______” _____"


# ------------------------------------------------------------------ PDFs read back


def test_chinese_lines_with_numbers_and_latin_words_end_flush(tmp_path):
    pdf = render(tmp_path, MIXED * 5)
    measured, short = short_lines(pdf, 1.0)
    assert measured >= 12
    assert short == []


def test_latin_words_and_numbers_are_not_stretched(tmp_path):
    """A word's width in a justified line equals its width in the same text set ragged."""
    def word_widths(pdf):
        xml = __import__("subprocess").run(["pdftotext", "-bbox", str(pdf), "-"],
                                           capture_output=True, text=True, check=True).stdout
        return sorted((text, round(float(x1) - float(x0), 2)) for x0, x1, text in
                      re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"'
                                 r' yMax="[\d.]+">([A-Za-z0-9.,%]+)</word>', xml))

    justified = word_widths(render(tmp_path, MIXED, name="j.pdf"))
    ragged = word_widths(render(tmp_path, MIXED, align="left", name="r.pdf"))
    assert len(justified) >= 10
    assert justified == ragged


def test_han_lines_take_half_an_em_of_slack_between_their_characters(tmp_path):
    """A 40.5 em measure holds 40 Han characters and half an em of slack: spread over the
    line, every full line runs from margin to margin."""
    text = "高水平科技创新人才加快集聚" * 12
    pdf = render(tmp_path, f"<p>{text}</p>", width="40.5em")
    lines = pdf_lines(pdf)[0]
    assert len(lines) >= 3
    for line in lines[1:-1]:
        assert len(line.text) == 40
        assert line.x1 - line.x0 == pytest.approx(40.5 * 10.5, abs=0.3)
    assert lines[0].x1 == pytest.approx(lines[1].x1, abs=0.3)


def test_a_line_ending_in_a_quarter_em_space_leaves_no_hole(tmp_path):
    """Before the adapter this paragraph broke after "信息平", 300 pt short of the margin."""
    pdf = render(tmp_path, HOLE, width="43em")
    lines = [line for line in pdf_lines(pdf)[0] if re.search(r"[\u4e00-\u9fff]", line.text)]
    assert len(lines) == 4
    right = max(line.x1 for line in lines)
    for line in lines[:-1]:
        assert right - line.x1 < 1.0, line.text
    assert lines[1].text.endswith("26")  # the quarter-em space hangs and is dropped


def test_lines_without_chinese_keep_weasyprints_justification_by_spaces(tmp_path):
    text = ("Research and development spending reached a new high, and the share of basic "
            "research rose for the fifth year running, while technology contracts grew. ") * 4
    pdf = render(tmp_path, f'<p lang="en" style="hyphens: auto">{text}</p>')
    measured, short = short_lines(pdf, 1.0, chinese=False, min_chars=40)
    assert measured >= 3 and short == []
