"""End to end: the example report and an English report built and read back from the files."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as DocxDocument

from authoring.build import build

from .readback import docx_paragraphs, missing_in_order, normalize, pdf_body_text, seed_paragraphs


def it_writes_both_files_named_by_report_and_year(built_example):
    out = built_example.config.project_dir / "out"
    assert built_example.outputs["docx"] == out / "sti-progress-2020.docx"
    assert built_example.outputs["pdf"].stat().st_size > 10_000
    assert not list(out.glob(".*.tmp"))


def it_reproduces_the_seed_text_in_the_docx(built_example):
    text = "\n".join(docx_paragraphs(built_example.outputs["docx"]))
    assert missing_in_order(text, seed_paragraphs()) == []


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def it_reproduces_the_seed_text_in_the_pdf(engine, request):
    pdf = (request.getfixturevalue("built_example").outputs["pdf"] if engine == "weasyprint"
           else request.getfixturevalue("built_example_typst"))
    text = pdf_body_text(pdf)
    assert missing_in_order(text, seed_paragraphs()) == []


def it_uses_word_heading_styles_and_east_asian_fonts(built_example):
    document = DocxDocument(str(built_example.outputs["docx"]))
    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert ("Heading 1", "综述") in headings
    assert ("Heading 2", "原始创新能力不断增强") in headings
    styles = document.styles.element.xml
    assert 'w:eastAsia="SimSun"' in styles or "w:eastAsia=\"宋体\"" in styles
    assert "eastAsiaTheme" not in styles


def it_places_the_awards_chart_in_both_outputs(built_example):
    import zipfile

    with zipfile.ZipFile(built_example.outputs["docx"]) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert any(n.endswith(".png") for n in media)
    html = built_example.outputs["html"].read_text(encoding="utf-8")
    assert re.search(r'<img[^>]+src="[^"]*awards_by_category-[0-9a-f]+\.text\.svg"', html)
    pdf = built_example.outputs["pdf"]
    assert "图3" in normalize(pdf_body_text(pdf))


def it_builds_the_appendix_table_of_every_indicator(built_example):
    document = DocxDocument(str(built_example.outputs["docx"]))
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    flat = {r[0]: r for r in rows if r}
    assert flat["PCT专利申请受理量"][2:] == ["2739", "3558", "29.9%"]
    assert flat["全社会研究与试验发展经费支出相当于地区生产总值的比例"][4] == "提高0.1个百分点"


def _edit_csv(project: Path, indicator: str, year: int, value: str) -> None:
    path = project / "data" / "values.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    prefix = f"{indicator},{year},"
    hits = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    assert len(hits) == 1
    rest = lines[hits[0]].split(",", 3)
    rest[2] = value
    lines[hits[0]] = ",".join(rest)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def it_recomputes_every_dependent_figure_when_a_value_changes(example_copy):
    before = build(example_copy, formats=["docx", "pdf"])
    old_docx = "\n".join(docx_paragraphs(before.outputs["docx"]))
    assert "PCT专利申请受理量3558件，比上年增长29.9%" in old_docx
    _edit_csv(example_copy, "pct_applications", 2020, "3600")
    after = build(example_copy, formats=["docx", "pdf"])
    docx_text = "\n".join(docx_paragraphs(after.outputs["docx"]))
    assert "PCT专利申请受理量3600件，比上年增长31.4%" in docx_text  # 3600 / 2739 - 1
    document = DocxDocument(str(after.outputs["docx"]))
    rows = {r.cells[0].text: [c.text for c in r.cells] for t in document.tables for r in t.rows}
    assert rows["PCT专利申请受理量"][2:] == ["2739", "3600", "31.4%"]
    pdf_text = normalize(pdf_body_text(after.outputs["pdf"]))
    assert "PCT专利申请受理量3600件，比上年增长31.4%" in pdf_text
    assert after.charts_redrawn == ["main_indicators"]  # the one chart that shows PCT applications
    svg = next((example_copy / "out" / "figures").glob("main_indicators-*.svg")).read_text()
    assert "3600" in svg and "增长31.4%" in svg


def it_redraws_the_chart_and_box_when_an_award_count_changes(example_copy):
    # the same formats both times: a DOCX-only build draws no real-text SVGs for the HTML
    build(example_copy, formats=["docx", "html"])
    xlsx = example_copy / "data" / "awards.xlsx"
    import openpyxl

    book = openpyxl.load_workbook(xlsx)
    sheet = book.active
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == "award_natural_science":
            row[1].value = 44
        if row[0].value == "award_projects":
            row[1].value = 295
    book.save(xlsx)
    after = build(example_copy, formats=["docx", "html"])
    assert after.charts_redrawn == ["awards_by_category"]
    text = "\n".join(docx_paragraphs(after.outputs["docx"]))
    assert "获奖项目295项" in text and "自然科学奖44项" in text
    svg = next((example_copy / "out" / "figures").glob("awards_by_category-*.svg")).read_text()
    assert "44项" in svg and "295项" in svg


def it_refuses_an_award_box_that_does_not_add_up(example_copy):
    import openpyxl

    from authoring.errors import DataError

    xlsx = example_copy / "data" / "awards.xlsx"
    book = openpyxl.load_workbook(xlsx)
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == "award_natural_science":
            row[1].value = 44
    book.save(xlsx)
    with pytest.raises(DataError) as info:
        build(example_copy, formats=["docx"])
    assert "award_projects_by_category" in str(info.value) and "awards.xlsx [awards!B5]" in str(info.value)


def it_builds_an_english_report_with_other_indicators(english_copy):
    result = build(english_copy, formats=["docx", "pdf"])
    assert result.outputs["docx"].name == "innovation-review-2023.docx"
    text = "\n".join(docx_paragraphs(result.outputs["docx"]))
    assert "In 2023 the region awarded 437 research grants, down 3.3% on 2022." in text
    assert "Research funding reached €219.8\u00a0million, up 9.3%" in text
    assert "It went to basic research (€99.8\u00a0million) and applied research (€120.0\u00a0million)." in text
    assert "R&D intensity rose to 2.52%, up 0.14 percentage points." in text
    assert "15.0% of the national total" in text
    assert "ranked second in the innovation league for the second consecutive year." in text
    assert "Figure 1" in text and "Table A1" in text  # the annex numbers its own
    pdf = normalize(pdf_body_text(result.outputs["pdf"]))
    assert normalize("In 2023 the region awarded 437 research grants, down 3.3% on 2022.") in pdf
    assert sorted(result.charts_redrawn) == ["funding_split", "grants_trend"]


def it_skips_a_build_when_nothing_changed_and_keeps_the_bytes(english_copy):
    first = build(english_copy, formats=["docx", "pdf"])
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in first.outputs.values()}
    second = build(english_copy, formats=["docx", "pdf"])
    assert second.up_to_date and second.outputs == first.outputs
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in second.outputs.values()}
    assert after == before  # not rewritten at all
    assert not build(english_copy, formats=["docx"]).up_to_date  # other settings: rebuilt


def it_rebuilds_after_a_paragraph_edit_without_redrawing_charts(english_copy):
    build(english_copy, formats=["docx", "pdf"])
    template = english_copy / "templates" / "summary.md.j2"
    template.write_text(template.read_text().replace("Universities founded", "Universities set up"),
                        encoding="utf-8")
    result = build(english_copy, formats=["docx", "pdf"])
    assert not result.up_to_date and result.charts_redrawn == []
    assert sorted(result.charts_cached) == ["funding_split", "grants_trend"]
    assert "Universities set up" in "\n".join(docx_paragraphs(result.outputs["docx"]))


def it_draws_the_chart_files_each_build_reads_and_takes_back_a_failed_builds(english_copy):
    """A DOCX build draws no real-text SVGs (only the PDF reads them); a PDF build that
    fails late removes the ones it added and keeps the DOCX's; a good one adds them."""
    figures = english_copy / "out" / "figures"
    build(english_copy, formats=["docx"])
    docx_files = {p.name: p.read_bytes() for p in figures.iterdir()}
    assert len(docx_files) == 4 and not list(figures.glob("*.text.svg"))
    (english_copy / "templates" / "style.css").write_text(
        'body { background: url("https://example.com/x.png"); }\n', encoding="utf-8")
    with pytest.raises(Exception, match="refused to load"):
        build(english_copy, formats=["pdf"])
    assert {p.name: p.read_bytes() for p in figures.iterdir()} == docx_files
    (english_copy / "templates" / "style.css").unlink()
    result = build(english_copy, formats=["pdf"])
    assert sorted(result.charts_redrawn) == ["funding_split", "grants_trend"]  # twins drawn
    assert len(list(figures.glob("*.text.svg"))) == 2
    assert {p.name: p.read_bytes() for p in figures.iterdir() if p.name in docx_files} == docx_files
    assert "grants" in pdf_body_text(result.outputs["pdf"]).lower()


def it_rebuilds_when_an_output_was_edited_or_deleted(english_copy):
    first = build(english_copy, formats=["docx"])
    first.outputs["docx"].write_bytes(b"tampered")
    assert not build(english_copy, formats=["docx"]).up_to_date
    first.outputs["docx"].unlink()
    again = build(english_copy, formats=["docx"])
    assert not again.up_to_date and again.outputs["docx"].read_bytes()[:2] == b"PK"


def it_writes_the_audit_table_while_the_pdf_worker_lays_out(english_copy):
    # the audit needs only the model: it runs before the wait for the PDF worker, and only
    # the manifest (which hashes the PDF) comes after it
    from authoring.writers.pdfworker import worth_it

    if not worth_it(["pdf"]):
        pytest.skip("no PDF worker here (one core or AUTHORING_NO_WORKER=1)")
    events = []
    result = build(english_copy, formats=["docx", "pdf"],
                   progress=lambda stage, seconds: events.append((stage, seconds is None)))
    finished = [stage for stage, started in events if not started]
    assert finished.index("audit") < finished.index("pdf") < finished.index("manifest")
    manifest = result.outputs["manifest"].read_text(encoding="utf-8")
    assert result.outputs["audit-xlsx"].name in manifest and result.outputs["pdf"].name in manifest


def it_gives_the_same_bytes_with_chart_processes_as_in_one_process(example_copy, monkeypatch):
    """A cold build draws its charts in warm processes while WeasyPrint lays the PDF out
    (charts/pool.py, writers/weasyprint/weasy_pending.py), the PNGs after the PDF's files; a build in
    one process draws them all first. Their outputs are the same bytes."""
    import shutil

    from authoring.charts import pool as pool_module
    from authoring.writers.pdfworker import worth_it

    if not worth_it(["pdf"]):
        pytest.skip("no second core here (or AUTHORING_NO_WORKER=1)")
    started = []
    real = pool_module.ChartPool.__init__

    def counting(self, processes):
        started.append(processes)
        real(self, processes)

    monkeypatch.setattr(pool_module.ChartPool, "__init__", counting)
    parallel = build(example_copy, formats=["docx", "pdf"])
    assert started == [1] and parallel.charts_redrawn  # three charts: one warm process
    kept = {key: path.read_bytes() for key, path in parallel.outputs.items()}
    shutil.rmtree(example_copy / "out")
    monkeypatch.setenv("AUTHORING_NO_WORKER", "1")
    alone = build(example_copy, formats=["docx", "pdf"])
    assert started == [1] and alone.charts_redrawn
    for key, path in alone.outputs.items():
        assert path.read_bytes() == kept[key], key
