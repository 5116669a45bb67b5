"""The audit trail and the manifest: every printed figure traced to its cells; hashes of all files."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import openpyxl
import pytest

from authoring.records.audit import COLUMNS, audit_rows, sentence_at, sentences, to_csv, to_xlsx
from authoring.build import build


def _line_of(path, text) -> int:
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def _rows(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def it_splits_chinese_and_english_sentences_without_breaking_decimals():
    text = "发明专利授权24208件，比上年增长6.5%；PCT专利申请3558件。Funding rose 9.3%. Done!"
    spans = [text[a:b] for a, b in sentences(text)]
    assert spans == ["发明专利授权24208件，比上年增长6.5%；", "PCT专利申请3558件。",
                     "Funding rose 9.3%.", " Done!"]
    assert sentence_at(text, text.index("3558")) == "PCT专利申请3558件。"


def it_writes_the_audit_table_next_to_the_report(built_example):
    out = built_example.config.project_dir / "out"
    assert built_example.outputs["audit-csv"] == out / "sti-progress-2020-audit.csv"
    assert built_example.outputs["audit-xlsx"] == out / "sti-progress-2020-audit.xlsx"
    rows = _rows(built_example.outputs["audit-csv"])
    assert tuple(rows[0]) == COLUMNS
    # every printed figure of the document is in the table
    assert {int(r["figure"]) for r in rows} == set(range(1, len(built_example.document.printed) + 1))


def it_traces_a_growth_rate_to_its_formula_sentence_and_cells(built_example):
    rows = [r for r in _rows(built_example.outputs["audit-csv"])
            if r["formula"] == "pct_applications[2020] / pct_applications[2019] - 1"
            and r["chapter"] == "综述"]
    assert [r["printed"] for r in rows] == ["比上年增长29.9%", "比上年增长29.9%"]  # one row per input
    project = built_example.config.project_dir
    values = project / "data" / "values.csv"
    assert {r["year"]: r["cell"] for r in rows} == {
        "2020": f"data/values.csv:{_line_of(values, 'pct_applications,2020')} (column 'value')",
        "2019": f"data/values.csv:{_line_of(values, 'pct_applications,2019')} (column 'value')"}
    assert rows[0]["chapter"] == "综述" and rows[0]["section"] == "原始创新能力不断增强"
    assert rows[0]["sentence"] == "PCT专利申请受理量3558件，比上年增长29.9%。"
    line = _line_of(project / "templates" / "overview.md.j2", "{{ pct_applications | compared }}")
    assert rows[0]["template"] == f"templates/overview.md.j2:{line}"
    notes = {r["year"]: r["note"] for r in rows}
    assert notes == {"2019": "back-derived", "2020": ""}  # the value's own note
    assert "back-derived from the growth 29.9%" in rows[0]["indicator_notes"]


def it_gives_a_table_figure_its_row_as_the_sentence(built_example):
    rows = [r for r in _rows(built_example.outputs["audit-csv"])
            if r["chapter"].startswith("附录") and r["indicator"] == "pct_applications"]
    assert rows and all(r["sentence"].startswith("PCT专利申请受理量 | 件 | 2739 | 3558") for r in rows)


def it_lists_shares_with_both_inputs_and_their_sources(built_example):
    rows = [r for r in _rows(built_example.outputs["audit-csv"])
            if r["formula"] == "nsc_papers[2020] / national_nsc_papers[2020]"]
    assert {r["indicator"] for r in rows} == {"nsc_papers", "national_nsc_papers"}
    assert rows[0]["printed"] == "32.0%" and "占全国总数的32.0%" in rows[0]["sentence"]


def it_writes_an_xlsx_with_the_same_rows(built_example):
    book = openpyxl.load_workbook(built_example.outputs["audit-xlsx"])
    sheet = book["audit"]
    values = [[("" if v is None else str(v)) for v in row] for row in sheet.iter_rows(values_only=True)]
    csv_rows = [list(COLUMNS)] + [list(r.values()) for r in _rows(built_example.outputs["audit-csv"])]
    assert values == csv_rows
    assert sheet.freeze_panes == "A2"


def it_writes_identical_xlsx_bytes_whatever_the_clock(built_example, monkeypatch):
    import time

    rows = audit_rows(built_example.document)
    first = to_xlsx(rows, 1609459200)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 86400 * 3)  # zip stamps follow the clock
    assert to_xlsx(rows, 1609459200) == first
    book = openpyxl.load_workbook(io.BytesIO(first))
    assert book.properties.modified.year == 2021 and book.properties.created.year == 2021


def it_keeps_csv_text_that_excel_reads(built_example):
    data = to_csv(audit_rows(built_example.document))
    assert data.startswith("\ufeff".encode("utf-8"))  # Excel needs the BOM for Chinese text


def it_writes_a_manifest_of_every_input_and_output(built_example):
    out = built_example.config.project_dir / "out"
    path = built_example.outputs["manifest"]
    assert path == out / "sti-progress-2020-manifest.json"
    text = path.read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert text == json.dumps(manifest, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
    assert manifest["report"] == {"id": "sti-progress", "year": 2020, "lang": "zh-CN"}
    assert manifest["source_date_epoch"] == 1609459200
    inputs = manifest["inputs"]
    for name in ("report.toml", "data/values.csv", "data/awards.xlsx", "data/indicators.yaml",
                 "templates/overview.md.j2", "templates/appendix.md.j2",
                 "figures/awards_by_category.yaml"):
        project_file = built_example.config.project_dir / name
        assert inputs[name]["sha256"] == hashlib.sha256(project_file.read_bytes()).hexdigest()
    outputs = manifest["outputs"]
    for name in ("sti-progress-2020.docx", "sti-progress-2020.pdf", "sti-progress-2020.html",
                 "sti-progress-2020-audit.csv", "sti-progress-2020-audit.xlsx"):
        assert outputs[name]["sha256"] == hashlib.sha256((out / name).read_bytes()).hexdigest()
    assert any(name.startswith("figures/awards_by_category-") and name.endswith(".svg")
               for name in outputs)
    assert "sti-progress-2020-manifest.json" not in outputs
    assert "time" not in text.lower() or "source_date_epoch" in text  # no clock time anywhere


def it_leaves_no_half_written_record_when_the_audit_fails(english_copy, monkeypatch):
    from authoring.records import audit

    good = build(english_copy, formats=["html"])
    out = english_copy / "out"
    before = {p.name: p.read_bytes() for p in out.glob("*.*")}
    assert set(before) == {"innovation-review-2023.html", "innovation-review-2023-audit.csv",
                           "innovation-review-2023-audit.xlsx", "innovation-review-2023-manifest.json"}
    (english_copy / "data" / "values.csv").write_text(
        (english_copy / "data" / "values.csv").read_text().replace("437", "500"), encoding="utf-8")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(audit, "audit_files", broken)
    with pytest.raises(OSError):
        build(english_copy, formats=["html"])
    assert {p.name: p.read_bytes() for p in out.glob("*.*")} == before  # html not replaced either
    assert not list(out.glob(".*.tmp"))
    assert good.outputs["html"].read_text(encoding="utf-8").count("437") >= 1


def it_traces_worded_phrases_to_the_rule_that_chose_them(english_copy):
    """The words that depend on data (a direction verb, an ordinal, "more than doubled") are
    figures like any other: read back from the built CSV and XLSX with their formulas."""
    values = english_copy / "data" / "values.csv"
    values.write_text(values.read_text().replace("startups,35,41,48", "startups,20,41,48"),
                      encoding="utf-8")
    template = english_copy / "templates" / "summary.md.j2"
    template.write_text(template.read_text() + "\nSince {{ year - 2 }} spin-offs have "
                        "{{ multiple(startups, year - 2) | times(words=True) }}.\n", encoding="utf-8")
    result = build(english_copy, formats=["html"])
    rows = _rows(result.outputs["audit-csv"])
    by_text = {}
    for row in rows:
        by_text.setdefault(row["printed"], []).append(row)
    verb = by_text["rose to"]
    assert {r["formula"] for r in verb} == {"rd_intensity[2023] - rd_intensity[2022]: 0.14 points > 0 → rose to"}
    assert {r["year"] for r in verb} == {"2022", "2023"}
    assert verb[0]["sentence"] == "R&D intensity rose to 2.52%, up 0.14 percentage points."
    assert [r["formula"] for r in by_text["second"]][:1] == ["league_rank[2023]: 2 → second"]
    streak = [r for r in by_text["second"] if r["formula"].startswith("streak(")]
    assert streak and streak[0]["formula"].endswith(": 2 → second")
    doubled = by_text["more than doubled"]
    assert doubled[0]["formula"] == "startups[2023] / startups[2021]: 2.4 > 2 → more than doubled"
    assert {(r["indicator"], r["year"]) for r in doubled} == {("startups", "2023"), ("startups", "2021")}
    assert doubled[0]["sentence"] == "Since 2021 spin-offs have more than doubled."
    money = by_text["€99.8\u00a0million"]  # a no-break space joins number and scale
    assert money[0]["formula"] == "fund_basic[2023]" and money[0]["cell"].startswith("data/values.csv:")
    sheet = openpyxl.load_workbook(result.outputs["audit-xlsx"]).active
    header = [c.value for c in sheet[1]]
    xlsx = {(r[header.index("printed")], r[header.index("formula")])
            for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert ("more than doubled", doubled[0]["formula"]) in xlsx
    assert ("rose to", verb[0]["formula"]) in xlsx and ("second", "league_rank[2023]: 2 → second") in xlsx
