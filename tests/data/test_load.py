"""Loading indicators and values from CSV, YAML and XLSX, and the errors for bad input."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from authoring.data import load_dataset
from authoring.errors import AuthoringError, DataError

META = """\
indicators:
  - id: patents
    label: Patents granted
    unit: items
  - id: share_rd
    label: R&D / GDP
    unit: "%"
    decimals: 1
  - {id: part_a, label: A, unit: items}
  - {id: part_b, label: B, unit: items}
  - {id: total_ab, label: Total, unit: items}
breakdowns:
  - id: ab
    label: A and B
    total: total_ab
    parts: [part_a, part_b]
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path, *files):
    return load_dataset([tmp_path / f for f in files], tmp_path)


def messages(excinfo) -> str:
    return str(excinfo.value)


@pytest.fixture
def meta(tmp_path):
    write(tmp_path, "meta.yaml", META)
    return tmp_path


def it_reads_long_csv_values_exactly(meta):
    write(meta, "v.csv", "indicator,year,value\npatents,2019,22735\npatents,2020,24208\n"
          "share_rd,2020,4.1\npart_a,2020,1\npart_b,2020,2\ntotal_ab,2020,3\n")
    data = load(meta, "meta.yaml", "v.csv")
    assert data.indicators["patents"].values[2020].value == D("24208")
    assert data.indicators["share_rd"].values[2020].value == D("4.1")  # exact, not 4.0999…
    assert data.indicators["share_rd"].kind == "percent"
    loc = data.indicators["patents"].values[2020].location
    assert (loc.file, loc.line, loc.column) == ("v.csv", 3, "value")
    frame = data.frame()
    assert len(frame) == 6 and set(frame.columns) >= {"indicator", "year", "value", "file", "line"}


def it_reads_wide_csv_with_one_column_per_year(meta):
    write(meta, "w.csv", "indicator,2019,2020\npatents,22735,24208\n")
    data = load(meta, "meta.yaml", "w.csv")
    assert data.indicators["patents"].values[2019].value == D(22735)
    assert str(data.indicators["patents"].values[2019].location) == "w.csv:2 (column '2019')"


def it_reads_inline_yaml_values_with_line_numbers(tmp_path):
    write(tmp_path, "m.yaml", "indicators:\n  - id: x\n    label: X\n    values:\n      2019: 1.50\n      2020: 2\n")
    data = load(tmp_path, "m.yaml")
    assert data.indicators["x"].values[2019].value == D("1.50")
    assert data.indicators["x"].values[2019].location.line == 5


def it_reads_xlsx_and_names_the_cell(meta):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "stats"
    sheet.append(["indicator", "2019", "2020"])
    sheet.append(["patents", 22735, 24208.5])
    sheet.append(["share_rd", 4.0, "x"])
    book.save(meta / "s.xlsx")
    with pytest.raises(DataError) as info:
        load(meta, "meta.yaml", "s.xlsx")
    assert "s.xlsx [stats!C3]" in messages(info) and "'x' is not a number" in messages(info)
    sheet["C3"] = 4.1
    book.save(meta / "s.xlsx")
    data = load(meta, "meta.yaml", "s.xlsx")
    assert data.indicators["patents"].values[2020].value == D("24208.5")
    assert data.indicators["share_rd"].values[2020].value == D("4.1")
    assert data.indicators["share_rd"].values[2020].location.cell == "stats!C3"


@pytest.mark.parametrize("csv_text, expected", [
    ("indicator,year,value\npatents,2020,12a\n", "v.csv:2 (column 'value'): '12a' is not a number"),
    ("indicator,year,value\npatents,20x0,1\n", "v.csv:2 (column 'year'): '20x0' is not a four-digit year"),
    ("indicator,year,value\npatents,2020,1\npatents,2020,2\n", "duplicate value for patents in 2020"),
    ("indicator,year,value\npatentz,2020,1\n", "unknown indicator 'patentz'"),
    ("indicator,year,value\npatents,2020,\n", "v.csv:2 (column 'value'): blank value for patents in 2020"),
    ("indicator,year,value\n\n\npatents,2020,\n", "v.csv:4 (column 'value')"),  # real line numbers
    ("indicator,year,value\n,2020,1\n", "the 'indicator' cell is blank"),
])
def it_reports_bad_values_with_file_line_and_column(meta, csv_text, expected):
    write(meta, "v.csv", csv_text)
    with pytest.raises(AuthoringError) as info:
        load(meta, "meta.yaml", "v.csv")
    assert expected in messages(info)


def it_suggests_the_nearest_indicator(meta):
    write(meta, "v.csv", "indicator,year,value\npatentz,2020,1\n")
    with pytest.raises(AuthoringError) as info:
        load(meta, "meta.yaml", "v.csv")
    assert "did you mean patents" in messages(info)


def it_reports_every_problem_at_once(meta):
    write(meta, "v.csv", "indicator,year,value\npatents,2020,x\nnope,2020,1\n")
    with pytest.raises(AuthoringError) as info:
        load(meta, "meta.yaml", "v.csv")
    assert "'x' is not a number" in messages(info) and "unknown indicator 'nope'" in messages(info)


def it_accepts_an_explicit_not_available_marker(meta):
    write(meta, "v.csv", "indicator,year,value\npatents,2020,-\n")
    data = load(meta, "meta.yaml", "v.csv")
    assert 2020 not in data.indicators["patents"].values


def it_checks_that_breakdowns_add_up(meta):
    write(meta, "v.csv", "indicator,year,value\npart_a,2020,43\npart_b,2020,31\ntotal_ab,2020,75\n")
    with pytest.raises(DataError) as info:
        load(meta, "meta.yaml", "v.csv")
    text = messages(info)
    assert "breakdown 'ab' does not add up in 2020: 43 + 31 = 74, but the declared total is 75" in text
    assert "v.csv:4" in text


def it_checks_breakdown_parts_exist(meta):
    write(meta, "v.csv", "indicator,year,value\npart_a,2020,43\ntotal_ab,2020,43\n")
    with pytest.raises(DataError) as info:
        load(meta, "meta.yaml", "v.csv")
    assert "no value for part_b" in messages(info)


@pytest.mark.parametrize("yaml_text, expected", [
    ("indicators:\n  - id: 9x\n    label: X\n", "m.yaml:2 (column 'id'): '9x' is not a valid indicator id"),
    ("indicators:\n  - id: x\n", "the 'label' cell is blank"),
    ("indicators:\n  - id: x\n    label: X\n    decimals: two\n", "m.yaml:4 (column 'decimals')"),
    ("indicators:\n  - id: x\n    label: X\n    colour: red\n", "unknown field 'colour'"),
    ("indicators:\n  - id: x\n    label: X\n  - id: x\n    label: Y\n", "defined twice"),
    ("indicators: [\n", "m.yaml:2:1: YAML syntax error"),
    ("stuff: []\n", "unknown top-level key 'stuff'"),
    ("indicators:\n  - id: x\n    label: X\n    scale: lots\n", "unknown scale 'lots'"),
])
def it_reports_bad_metadata(tmp_path, yaml_text, expected):
    write(tmp_path, "m.yaml", yaml_text)
    with pytest.raises(AuthoringError) as info:
        load(tmp_path, "m.yaml")
    assert expected in messages(info)


def it_refuses_a_table_it_cannot_classify(tmp_path):
    write(tmp_path, "x.csv", "foo,bar\n1,2\n")
    with pytest.raises(DataError) as info:
        load(tmp_path, "x.csv")
    assert "cannot tell what this table holds" in messages(info)


def it_refuses_a_zip_bomb_posing_as_a_workbook(tmp_path):
    import zipfile

    with zipfile.ZipFile(tmp_path / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/huge.xml", b"0" * (50 * 2**20))
    with pytest.raises(DataError) as info:
        load(tmp_path, "bomb.xlsx")
    assert "zip bomb" in messages(info)


def it_refuses_a_file_that_is_not_a_workbook(tmp_path):
    (tmp_path / "fake.xlsx").write_bytes(b"not a zip")
    with pytest.raises(DataError) as info:
        load(tmp_path, "fake.xlsx")
    assert "fake.xlsx" in messages(info)


def it_lists_every_blank_of_an_inline_yaml_mapping(tmp_path):
    write(tmp_path, "m.yaml", "indicators:\n  - id: x\n    label: X\n    values:\n      2019:\n      2020:\n")
    with pytest.raises(AuthoringError) as info:
        load(tmp_path, "m.yaml")
    assert "blank value for x in 2019" in messages(info) and "blank value for x in 2020" in messages(info)


def it_refuses_values_that_are_not_a_mapping(tmp_path):
    write(tmp_path, "m.yaml", "indicators:\n  - id: x\n    label: X\n    values: 12\n")
    with pytest.raises(DataError) as info:
        load(tmp_path, "m.yaml")
    assert "m.yaml:4 (column 'values'): 'values' must be a mapping" in messages(info)
