"""Threats, second round: inputs that ended in a Python traceback, or were read wrong
without a word. Each is now one message and an exit code within 10 s and 500 MB, and the
previous outputs stay byte for byte as they were.

Deep nesting (RecursionError), files saved as GBK, a palette colour that only matplotlib
refused, years out of range or not whole, XLSX entries flagged as encrypted, zip entries
named twice (XLSX and DOCX), and XLSX cells beyond the sheet's declared dimension.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

import pytest

from .hostile import build, fails_cleanly, good_build, outputs, project, run_limited  # noqa: F401

DEEP = 100_000


def _set(project, old: str, new: str, name: str = "report.toml") -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def it_refuses_deep_nesting_in_a_data_yaml(project):
    before = outputs(project)
    (project / "data" / "deep.yaml").write_text("values: " + "[" * DEEP + "]" * DEEP + "\n")
    fails_cleanly(build(project), before, project, 4, "data/deep.yaml", "nests")


def it_refuses_deep_nesting_in_a_figure_yaml(project):
    before = outputs(project)
    deep = DEEP // 10  # the most a definition holds within its size limit (figure_bytes)
    (project / "figures" / "grants_trend.yaml").write_text(
        "kind: bar\nseries: " + "[" * deep + "]" * deep + "\n")
    fails_cleanly(build(project), before, project, 6, "figures/grants_trend.yaml", "nests")
    (project / "figures" / "grants_trend.yaml").write_text(
        "kind: bar\nseries: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n")
    fails_cleanly(build(project), before, project, 6, "figures/grants_trend.yaml",
                  "AUTHORING_LIMIT_FIGURE_BYTES")


def it_refuses_deep_nesting_in_report_toml(project):
    before = outputs(project)
    _set(project, "[build]", "[build]\nformats = " + "[" * DEEP + "]" * DEEP)
    fails_cleanly(build(project), before, project, 3, "report.toml", "nests")


def it_refuses_report_toml_and_a_figure_saved_as_gbk(project):
    before = outputs(project)
    toml = project / "report.toml"
    good = toml.read_bytes()
    toml.write_bytes(good.decode().replace("Annual indicators", "年度指标").encode("gbk"))
    fails_cleanly(build(project), before, project, 3, "report.toml:6", "not UTF-8")
    fails_cleanly(run_limited("check", "--project", str(project)), before, project, 3,
                  "report.toml", "not UTF-8")
    toml.write_bytes(good)
    figure = project / "figures" / "grants_trend.yaml"
    figure.write_bytes(figure.read_text().replace("Research grants", "研究经费").encode("gbk"))
    fails_cleanly(build(project), before, project, 6, "figures/grants_trend.yaml", "not UTF-8")


def it_refuses_a_bad_palette_colour_in_check_and_build(project):
    before = outputs(project)
    _set(project, "[build]", '[style]\npalette = ["#1f4e7"]\n\n[build]')
    for command in ("check", "build"):
        fails_cleanly(run_limited(command, "--project", str(project)), before, project, 3,
                      "palette", "'#1f4e7'", "#rrggbb")


@pytest.mark.parametrize("year", ["99999", "-1", "0"])
def it_refuses_a_command_line_year_out_of_range(project, year):
    before = outputs(project)
    for command in ("build", "check"):
        fails_cleanly(run_limited(command, "--project", str(project), f"--year={year}"),
                      before, project, 3, "--year", "outside 1900–2100")


@pytest.mark.parametrize("value, words", [("9999", "outside 1900–2100"),
                                          ("2020.5", "whole number"),
                                          ('"2023"', "whole number")])
def it_refuses_a_report_year_out_of_range_or_not_whole(project, value, words):
    before = outputs(project)
    _set(project, "year = 2023", f"year = {value}")
    for command in ("build", "check"):
        fails_cleanly(run_limited(command, "--project", str(project)), before, project, 3,
                      "[report] year", words)


def it_refuses_new_year_out_of_range_and_changes_nothing(project):
    toml = (project / "report.toml").read_bytes()
    data = {p.name: p.read_bytes() for p in (project / "data").iterdir()}
    fails_cleanly(run_limited("new-year", "99999", "--project", str(project)), None, None, 3,
                  "the new year", "outside 1900–2100")
    assert (project / "report.toml").read_bytes() == toml
    assert {p.name: p.read_bytes() for p in (project / "data").iterdir()} == data


# ------------------------------------------------------------------ zip containers

def _xlsx(rows: list[tuple]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rezip(data: bytes, change=lambda name, body: body, extra: tuple = ()) -> bytes:
    """`data` (a zip) rewritten with each member changed by `change`, plus `extra` members
    (a repeated name among them)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info)))
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Duplicate name": what the test is about
            for name, body in extra:
                target.writestr(name, body)
    return out.getvalue()


def _flag_encrypted(data: bytes) -> bytes:
    """Every entry of `data` marked encrypted (general purpose flag bit 0) in both headers."""
    raw = bytearray(data)
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        for match in re.finditer(re.escape(signature), bytes(raw)):
            at = match.start() + offset
            flags = struct.unpack_from("<H", raw, at)[0]
            struct.pack_into("<H", raw, at, flags | 1)
    return bytes(raw)


VALUES = [("indicator", "year", "value"), ("grants", 2020, 400)]


def it_refuses_an_xlsx_whose_entries_are_flagged_encrypted(project):
    before = outputs(project)
    (project / "data" / "more.xlsx").write_bytes(_flag_encrypted(_xlsx(VALUES)))
    fails_cleanly(build(project), before, project, 4, "data/more.xlsx", "encrypted")


def it_refuses_an_xlsx_that_names_an_entry_twice(project):
    before = outputs(project)
    good = _xlsx(VALUES)
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    doctored = sheet.replace(b">400<", b">999<")
    (project / "data" / "more.xlsx").write_bytes(
        _rezip(good, extra=(("xl/worksheets/sheet1.xml", doctored),)))
    fails_cleanly(build(project), before, project, 4, "data/more.xlsx",
                  "xl/worksheets/sheet1.xml", "appears twice")


def it_refuses_a_docx_that_names_an_entry_twice(good_build, tmp_path):
    docx = good_build / "out" / "innovation-review-2023.docx"
    doubled = tmp_path / "doubled.docx"
    with zipfile.ZipFile(docx) as archive:
        body = archive.read("word/document.xml")
    doubled.write_bytes(_rezip(docx.read_bytes(), extra=(("word/document.xml", body),)))
    fails_cleanly(run_limited("docx2text", str(doubled)), None, None, 8, "appears twice")
    fails_cleanly(run_limited("diff", str(docx), str(doubled)), None, None, 8, "appears twice")


def it_reads_xlsx_cells_beyond_the_declared_dimension(project):
    before = outputs(project)
    rows = VALUES + [("grants", 2019, 390)] * 10 + [("grants", 2018, "NOT-A-NUMBER")]
    good = _xlsx(rows)  # the bad cell is in row 13

    def shrink(name, body):
        return re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:C12"', body) \
            if name == "xl/worksheets/sheet1.xml" else body

    (project / "data" / "more.xlsx").write_bytes(_rezip(good, shrink))
    fails_cleanly(build(project), before, project, 4, "data/more.xlsx", "C13", "NOT-A-NUMBER")
