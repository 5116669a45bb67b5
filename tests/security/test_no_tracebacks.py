"""Threat: hostile or odd input ends in a Python traceback instead of a plain error.

Each case must give one message naming the file, and an exit code, without --debug.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from .bombs import lying_zip
from .conftest import assert_plain_error, cli, set_key


def _xlsx_parts(filler_rows: int = 0) -> dict[str, bytes]:
    book = openpyxl.Workbook()
    book.active.append(["indicator", "2023"])
    book.active.append(["grants", 437])
    for i in range(filler_rows):  # a sheet large enough for openpyxl to read it while iterating
        book.active.append([f"filler{i}", None])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def it_refuses_etc_passwd_as_a_data_file(english_copy):
    set_key(english_copy, "data", "files", '["data/meta.yaml", "/etc/passwd"]')
    assert_plain_error(cli("build", "--project", str(english_copy), "--format", "html"), 3,
                       "/etc/passwd")


def it_reports_an_xlsx_with_a_bad_crc(english_copy):
    # only the sheet: openpyxl opens the workbook fine and meets the CRC while iterating rows
    lying_zip(english_copy / "data" / "extra.xlsx",
              [(n, d, None) for n, d in _xlsx_parts(filler_rows=3000).items()],
              bad_crc={"xl/worksheets/sheet1.xml"})
    assert_plain_error(cli("build", "--project", str(english_copy), "--format", "html"), 4,
                       "data/extra.xlsx", "CRC")


def it_refuses_an_xlsx_whose_sheet_declares_a_dtd(english_copy):
    parts = _xlsx_parts()
    sheet = "xl/worksheets/sheet1.xml"
    body = parts[sheet].split(b"?>", 1)[-1] if parts[sheet].startswith(b"<?xml") else parts[sheet]
    parts[sheet] = (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                    + body.replace(b"<v>437</v>", b"<v>&e;</v>"))
    with zipfile.ZipFile(english_copy / "data" / "extra.xlsx", "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    assert_plain_error(cli("build", "--project", str(english_copy), "--format", "html"), 4,
                       "data/extra.xlsx", "DTD")


def it_reports_out_being_a_file(english_copy, tmp_path):
    (english_copy / "out").write_text("not a folder")
    assert_plain_error(cli("build", "--project", str(english_copy), "--format", "html"), 3,
                       "out is a file")
    (tmp_path / "file").write_text("x")
    # click refuses --out FILE itself (usage error, exit 2)
    assert_plain_error(cli("build", "--project", str(english_copy), "--format", "html",
                           "--out", str(tmp_path / "file")), 2, "is a file")


def it_reports_a_read_only_figures_folder(english_copy, monkeypatch):
    # charts drawn in this process: the patched write_bytes below does not reach the chart
    # processes (the next test covers an unwritable chart file there)
    monkeypatch.setenv("AUTHORING_NO_WORKER", "1")
    figures = english_copy / "out" / "figures"
    figures.mkdir(parents=True)
    if os.geteuid() != 0:
        figures.chmod(0o555)
    else:  # root writes anyway: make the write fail the way it does for everyone else
        real = Path.write_bytes

        def write_bytes(self, data):
            if self.parent == figures:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, data)

        monkeypatch.setattr(Path, "write_bytes", write_bytes)
    try:
        assert_plain_error(cli("build", "--project", str(english_copy), "--format", "html"), None,
                           "Permission denied", "out/figures")
    finally:
        figures.chmod(0o755)


def it_reports_a_chart_file_a_chart_process_cannot_write(english_copy):
    from authoring.build import build

    first = build(english_copy, formats=["docx"])
    svgs = sorted((english_copy / "out" / "figures").glob("*.svg"))
    assert first.charts_redrawn and svgs
    shutil.rmtree(english_copy / "out")
    (english_copy / "out" / "figures").mkdir(parents=True)
    svgs[0].mkdir()  # a folder where the chart goes: the rename fails, for root too
    message = assert_plain_error(cli("build", "--project", str(english_copy), "--format", "docx"),
                                 None, svgs[0].name)
    assert "Traceback" not in message and f"{svgs[0].name}: Is a directory" in message
    assert ".tmp" not in message  # the chart's own file is named, not a temporary one
    assert sorted(p.name for p in (english_copy / "out" / "figures").iterdir()) == [svgs[0].name]


@pytest.mark.parametrize("value", ["abc", "99999999999999", "-5", "１２"])
def it_reports_a_bad_source_date_epoch(english_copy, monkeypatch, value):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert_plain_error(cli("build", "--project", str(english_copy), "--format", "docx,html"), 3,
                       "SOURCE_DATE_EPOCH")
