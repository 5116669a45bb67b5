"""`authoring new-year`: blank cells for every value the next report needs, in each file's shape."""

from __future__ import annotations

import csv
import subprocess
import sys

import openpyxl
import pytest

from authoring.build import build
from authoring.errors import ErrorList


def run(*args):
    return subprocess.run([sys.executable, "-m", "authoring", *args], capture_output=True, text=True)


def new_year(project, year, *args):
    return run("new-year", str(year), "--project", str(project), *args)


def it_prepares_the_example_for_the_next_year(example_copy):
    before = {p: p.read_bytes() for p in (example_copy / "templates").iterdir()}
    result = new_year(example_copy, 2021)
    assert result.returncode == 0, result.stderr
    assert "year = 2021" in (example_copy / "report.toml").read_text(encoding="utf-8")
    # long CSV: a row `id,YYYY,` right after the indicator's rows
    lines = (example_copy / "data" / "values.csv").read_text(encoding="utf-8").splitlines()
    at = lines.index("pct_applications,2020,3558,")
    assert lines[at + 1] == "pct_applications,2021,,"
    assert "national_awards,2020,," in lines  # awards of year - 1: read as x[year - 1]
    # YAML inline values: a `YYYY:` entry with no value
    meta = (example_copy / "data" / "indicators.yaml").read_text(encoding="utf-8")
    assert "values: {2017: 2, 2018: 1, 2019: 1, 2020: 1, 2021: }" in meta
    assert "# Indicator metadata for the example report." in meta  # comments kept
    # wide XLSX: a new year column, the declared totals included so the sums stay checked
    sheet = openpyxl.load_workbook(example_copy / "data" / "awards.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["indicator", "2019", "2020"] and header[-1] == "note"
    rows = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["award_natural_science"][2] is None and rows["award_projects"][2] is None
    # nothing invented, templates carried over unchanged
    assert {p: p.read_bytes() for p in (example_copy / "templates").iterdir()} == before
    out = result.stdout
    assert "data/values.csv:" in out and "pct_applications 2021" in out
    assert "data/awards.xlsx [awards!C7]" in out


def it_writes_a_new_year_header_as_a_number_when_the_others_are_numbers(example_copy):
    xlsx = example_copy / "data" / "awards.xlsx"
    book = openpyxl.load_workbook(xlsx)
    sheet = book.active
    for cell in sheet[1]:
        if str(cell.value).isdigit():
            cell.value = int(cell.value)  # years typed as numbers, as Excel users do
    book.save(xlsx)
    result = new_year(example_copy, 2021)
    assert result.returncode == 0, result.stderr
    header = [c.value for c in openpyxl.load_workbook(xlsx).active[1]]
    assert header == ["indicator", 2019, 2020, "note"]  # awards of year - 1: the 2020 column
    assert "data/awards.xlsx [awards!C7]" in result.stdout


def it_adds_only_values_the_text_reads_whatever_the_data_says(example_copy):
    result = new_year(example_copy, 2021)
    lines = (example_copy / "data" / "values.csv").read_text(encoding="utf-8").splitlines()
    # the appendix shows national_awards for 2021 only if present ({% if x.has(year) %})
    assert "national_awards,2021,," not in lines
    assert "not added, shown only if present" in result.stdout and "national_awards 2021" in result.stdout


def it_then_refuses_to_build_naming_every_blank_at_once(example_copy):
    result = new_year(example_copy, 2021)
    added = [line for line in result.stdout.splitlines() if line.startswith("  data/")]
    with pytest.raises(ErrorList) as info:
        build(example_copy, formats=["html"])
    blanks = [e for e in info.value.errors if e.message.startswith("blank value")]
    assert len(blanks) == len(added) == len(info.value.errors)
    assert {str(e.location) for e in blanks} == {line.split(": ")[0].strip() for line in added}
    check = run("check", "--project", str(example_copy))
    assert check.returncode == 4 and check.stdout.count("error: blank value") == len(added)


def it_adds_a_year_column_to_a_wide_csv_and_builds_once_filled(english_copy):
    assert new_year(english_copy, 2024).returncode == 0
    path = english_copy / "data" / "values.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0] == ["indicator", "2021", "2022", "2023", "2024"]
    needed = {r[0] for r in rows[1:] if r[4] == ""}
    assert {"grants", "funding", "fund_basic", "fund_applied", "league_rank"} <= needed
    # the editor types in the figures (here: last year's, with parts that add up)
    for row in rows[1:]:
        row[4] = row[3] if row[4] == "" else row[4]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    result = build(english_copy, formats=["html"])
    assert result.config.year == 2024
    assert result.outputs["html"].name == "innovation-review-2024.html"


def it_changes_nothing_on_a_dry_run(english_copy):
    before = {p: p.read_bytes() for p in english_copy.rglob("*") if p.is_file()}
    result = new_year(english_copy, 2024, "--dry-run")
    assert result.returncode == 0 and "would add" in result.stdout and "grants 2024" in result.stdout
    assert {p: p.read_bytes() for p in english_copy.rglob("*") if p.is_file()} == before


def it_only_moves_forward(english_copy):
    result = new_year(english_copy, 2023)
    assert result.returncode == 3 and "already 2023" in result.stderr
    assert "authoring check" in result.stderr
    assert "authoring build --year 2022" in new_year(english_copy, 2022).stderr


def it_fills_block_and_list_yaml_values(tmp_path):
    from authoring.commands.newyear import prepare, write_all
    from authoring.config import load_config
    from authoring.data import load_dataset

    project = tmp_path / "p"
    (project / "templates").mkdir(parents=True)
    (project / "data").mkdir()
    (project / "report.toml").write_text(
        '[report]\nid = "t"\ntitle = "T"\nyear = 2020  # the report year\nlang = "en"\n\n'
        '[[chapters]]\ntemplate = "a.md.j2"\n', encoding="utf-8")
    (project / "templates" / "a.md.j2").write_text(
        "{{ a }} {{ b | change }} {{ c }}\n", encoding="utf-8")
    (project / "data" / "d.yaml").write_text(
        "indicators:\n"
        "  - id: a\n    label: A\n    values:\n      2019: 1\n      2020: 2  # note\n"
        "  - {id: b, label: B}\n  - {id: c, label: C}\n"
        "values:\n  - {indicator: b, year: 2019, value: 3}\n  - {indicator: b, year: 2020, value: 4}\n"
        "  - indicator: c\n    year: 2020\n    value: 5\n", encoding="utf-8")
    config = load_config(project)
    write_all(prepare(config, load_dataset(config.data_paths(), project), 2021).files)
    text = (project / "data" / "d.yaml").read_text(encoding="utf-8")
    assert "      2020: 2  # note\n      2021:\n" in text
    assert "  - {indicator: b, year: 2020, value: 4}\n  - {indicator: b, year: 2021, value: }\n" in text
    assert "    value: 5\n  - {indicator: c, year: 2021, value: }" in text
    assert "year = 2021  # the report year" in (project / "report.toml").read_text(encoding="utf-8")
    with pytest.raises(ErrorList) as info:
        load_dataset(load_config(project).data_paths(), project)
    assert sorted(e.message for e in info.value.errors) == [
        "blank value for a in 2021", "blank value for b in 2021", "blank value for c in 2021"]
