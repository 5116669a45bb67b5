"""Figures that wait for the next page let the following text fill the page (PDF read back)."""

from __future__ import annotations

from pathlib import Path

from authoring.writers.weasyprint import weasy_floats, weasy_justify

from ..pdflines import pdf_lines

PARA = "<p>" + "科技创新中心建设取得新进展，基础研究投入持续增加。" * 9 + "</p>"
# a picture 120 mm tall with its caption: it cannot share a page with the first 4 paragraphs (24 lines)
FIGURE = ('<figure><svg xmlns="http://www.w3.org/2000/svg" width="150mm" height="120mm">'
          '<rect width="100%" height="100%" fill="#1f4e79"/></svg>'
          "<figcaption>图1 示意图</figcaption></figure>")
CSS = ("@page { size: A4; margin: 25mm } html { font: 10.5pt/1.8 'Noto Serif CJK SC' }"
       "p { margin: 0; text-indent: 2em; text-align: justify } h2 { break-after: avoid }"
       "figure { break-inside: avoid; margin: 1em 0 } figure svg { display: block }")


def render(tmp_path: Path, body: str) -> Path:
    import weasyprint

    weasy_justify.install()
    weasy_floats.install()
    html = f'<html lang="zh-CN"><style>{CSS}</style><body>{body}</body></html>'
    target = tmp_path / "f.pdf"
    weasyprint.HTML(string=html).write_pdf(target)
    return target


def test_text_flows_past_a_figure_that_does_not_fit(tmp_path):
    pdf = render(tmp_path, PARA * 4 + FIGURE + PARA.replace("科技", "后文") * 4)
    pages = pdf_lines(pdf)
    first = pages[0]
    # the page before the figure is full: its last line sits near the bottom margin
    assert first[-1].y1 > 841.89 - 25 / 25.4 * 72 - 40
    assert any("后文" in line.text for line in first)
    # the figure opens the next page: its caption comes before any text of that page
    second = [line.text for line in pages[1]]
    assert second and "图1" in second[0]


def test_a_heading_passes_only_together_with_its_paragraph(tmp_path):
    pdf = render(tmp_path, PARA * 4 + FIGURE + "<h2>下一节</h2>" + PARA.replace("科技", "后文") * 3)
    first, second = pdf_lines(pdf)[:2]
    assert any("下一节" in line.text for line in first)
    bottom = 841.89 - 25 / 25.4 * 72
    assert first[-1].y1 > bottom - weasy_floats.GAP * (bottom - 25 / 25.4 * 72)
    assert "图1" in second[0].text


def test_a_figure_does_not_float_past_a_table(tmp_path):
    table = "<table><tr><td>指标</td><td>数值</td></tr></table>"
    pdf = render(tmp_path, PARA * 4 + FIGURE + table + PARA * 3)
    first, second = pdf_lines(pdf)[:2]
    assert not any("指标" in line.text for line in first)
    assert "图1" in second[0].text
