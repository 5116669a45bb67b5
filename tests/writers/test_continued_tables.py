"""Tables across pages (tests/fixtures/continued_report) in the WeasyPrint PDF, the Typst PDF
and the DOCX as LibreOffice lays it out: every caption on the page of its table's first
rows, "Table N (continued)" in an English report, no cell line holding one character alone.
The LibreOffice part is skipped where soffice is absent (CI installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from authoring.build import build

from ..conftest import ROOT, copy_project
from .test_annex_tables import words

CONTINUED = ROOT / "tests" / "fixtures" / "continued_report"
SOFFICE = shutil.which("soffice")
GROUPS = range(1, 25)


def _build(tmp_path_factory, lang: str) -> dict[str, Path]:
    out = {}
    for engine in ("weasyprint", "typst"):
        project = copy_project(CONTINUED, tmp_path_factory.mktemp(f"{engine}-{lang}") / "c")
        toml = project / "report.toml"
        toml.write_text(toml.read_text(encoding="utf-8").replace('lang = "zh-CN"',
                                                                 f'lang = "{lang}"'),
                        encoding="utf-8")
        result = build(project, formats=["pdf", "docx"], engine=engine)
        out[engine], out["docx"] = result.outputs["pdf"], result.outputs["docx"]
    return out


@pytest.fixture(scope="module")
def chinese(tmp_path_factory) -> dict[str, Path]:
    """name → PDF: "weasyprint", "typst" and (with soffice) "libreoffice" (from the DOCX)."""
    out = _build(tmp_path_factory, "zh-CN")
    if SOFFICE:
        from ..readback import libreoffice_pdf
        out["libreoffice"] = libreoffice_pdf(SOFFICE, out["docx"], tmp_path_factory.mktemp("lo"))
    return out


def page_texts(pdf: Path) -> list[str]:
    """Each page's text without white space (a caption's label and title run together)."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [re.sub(r"\s+", "", page) for page in text.split("\f")]


ENGINES = ["weasyprint", "typst", "libreoffice"]


@pytest.mark.parametrize("engine", ENGINES)
def test_every_caption_is_on_the_page_of_its_tables_first_rows(chinese, engine):
    """Two dozen tables after more and more text: their captions fall at every height of a
    page, some at its foot, and none is left there while its table starts on the next."""
    if engine not in chinese:
        pytest.skip("LibreOffice (soffice) is not installed")
    pages = page_texts(chinese[engine])
    for k in GROUPS:
        caption = f"表{k}第{k}组的表"
        # the last page naming the caption: the list of tables comes before the body
        where = [i for i, page in enumerate(pages) if caption in page]
        assert where, caption
        page = pages[where[-1]]
        assert f"第{k}组首行" in page[page.index(caption):], \
            f"{caption} is on page {where[-1] + 1}, its first row is not"


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def test_the_seventy_row_table_says_continued_on_each_later_page(chinese, engine):
    pages = page_texts(chinese[engine])
    spread = [i for i, page in enumerate(pages) if re.search(r"第\d+行的项目", page)]
    assert len(spread) >= 2
    assert "表26七十行的表" in pages[spread[0]] and "续表26" not in pages[spread[0]]
    for number in spread[1:]:
        # over the repeated head (序号 名称 数量 增长%), and the caption's title not again
        assert "续表26序号名称数量增长%" in pages[number], pages[number][:80]
        assert "七十行的表" not in pages[number]


@pytest.mark.parametrize("engine", ENGINES)
def test_no_cell_line_holds_one_character_alone(chinese, engine):
    """"提高0.1个百分点" wraps (if at all) before "百分点", never before a lone "点"; the
    short head "指标7" stays whole."""
    if engine not in chinese:
        pytest.skip("LibreOffice (soffice) is not installed")
    rows = 0
    for page in words(chinese[engine]):
        cells = [w for w in page if w[0] == "提高"]
        if not cells or any(w[0] == "目" for w in page):
            continue
        rows += len(cells)
        top, bottom = min(w[2] for w in cells) - 40, max(w[4] for w in cells) + 20
        numbers = [w for w in page if w[0] == "1234567.8"]
        edge = min(w[1] for w in numbers) - 2
        lines: dict[int, list[str]] = {}
        for text, x0, y0, _, _ in page:
            if top < y0 < bottom and x0 < edge:  # the text column, head and body
                lines.setdefault(round(y0), []).append(text)
        strays = [ws for ws in lines.values() if len("".join(ws)) == 1]
        assert not strays, strays
        heads = {round(w[2]) for w in page if w[0] == "指标" and top < w[2] < bottom}
        digits = [w for w in page if re.fullmatch(r"[1-7]", w[0]) and top < w[2] < bottom]
        assert all(round(w[2]) in heads for w in digits), "a head's digit on a line of its own"
    assert rows == 6


def test_an_english_report_says_table_n_continued(tmp_path_factory):
    built = _build(tmp_path_factory, "en")
    for engine in ("weasyprint", "typst"):
        pages = page_texts(built[engine])
        spread = [i for i, page in enumerate(pages) if re.search(r"第\d+行的项目", page)]
        assert len(spread) >= 2
        assert "Table26(continued)" not in pages[spread[0]]
        assert all("Table26(continued)序号" in pages[i] for i in spread[1:]), engine


def test_the_docx_keeps_caption_head_and_rows_together_and_says_nothing_else(chinese):
    """What the DOCX does instead of 续表 (docs/TEMPLATES.md): the caption kept with the
    table (keepNext in its style), the head repeated (tblHeader), no row split across pages
    (cantSplit); and no 续表 text that Word would print under the caption."""
    from ..readback import docx_xml
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = docx_xml(chinese["docx"])
    styles = docx_xml(chinese["docx"], "word/styles.xml")
    caption = next(s for s in styles.iter(f"{W}style") if s.get(f"{W}styleId") == "TableCaption")
    assert caption.find(f"{W}pPr/{W}keepNext") is not None
    text = "".join(t.text or "" for t in body.iter(f"{W}t"))
    assert "续表" not in text
    table = next(t for t in body.iter(f"{W}tbl")
                 if "第70行的项目" in "".join(x.text or "" for x in t.iter(f"{W}t")))
    captions = [p for p in table.itersiblings(f"{W}p", preceding=True)
                if "七十行的表" in "".join(x.text or "" for x in p.iter(f"{W}t"))]
    assert captions[0].find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "TableCaption"
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}cantSplit") is not None for r in rows)
