"""Threat: a zip bomb that lies about its sizes (a reviewer's DOCX, a data XLSX).

A 1.2 MB .docx declares document.xml as 1 MiB while it inflates to 800 MB: the directory
checks pass, and a plain `archive.read` inflates it all in one call (1.66 GB peak). Members
are read in 1 MiB chunks that stop at the declared size or the limit, whichever is first, so
memory stays bounded; the XLSX is verified the same way before openpyxl opens it.
"""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from authoring.errors import DataError, Location, ReviewError
from authoring.safezip import read_member, verify_members

from .bombs import docx_bomb, lying_zip, repeated_deflate
from .conftest import peak_rss

PEAK_MB = 400  # the CLI itself with lxml and pandas imported is ~120 MB


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    return docx_bomb(tmp_path_factory.mktemp("bomb") / "reviewed.docx")


@pytest.mark.parametrize("command", ["docx2text", "diff"])
def it_refuses_a_lying_docx_in_bounded_memory(bomb, tmp_path, command, record_property):
    args = [command, str(bomb)] + ([str(bomb)] if command == "diff" else [])
    result, peak = peak_rss(args)
    record_property("peak_rss_mb", round(peak))
    print(f"{command}: peak RSS {peak:.0f} MB")
    assert result.returncode == 8, result.stderr
    assert "word/document.xml" in result.stderr and "Traceback" not in result.stderr
    assert peak < PEAK_MB


def it_stops_inflating_a_member_at_the_limit(tmp_path):
    path = lying_zip(tmp_path / "x.docx", [
        ("word/document.xml", repeated_deflate(b"<w:p/>" * 170_000, 100), None)])
    with zipfile.ZipFile(path) as archive:
        with pytest.raises(ReviewError, match="inflates to more than 1 MiB"):
            read_member(archive, archive.getinfo("word/document.xml"), 2**20,
                        Location("x.docx"), ReviewError)


def _workbook_bytes() -> dict[str, bytes]:
    book = openpyxl.Workbook()
    book.active.append(["indicator", "2023"])
    book.active.append(["grants", 437])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


def it_refuses_a_lying_xlsx_before_openpyxl_reads_it(tmp_path):
    parts = _workbook_bytes()
    members = [(n, repeated_deflate(b"<row/>" * 170_000, 800) if n == "xl/sharedStrings.xml"
                or n.endswith("sheet1.xml") else data, 2**20 if n.endswith("sheet1.xml") else None)
               for n, data in parts.items()]
    path = lying_zip(tmp_path / "bomb.xlsx", members)
    with pytest.raises(DataError, match="sheet1.xml"):
        verify_members(path, "data/bomb.xlsx")


def it_builds_with_a_lying_xlsx_in_bounded_memory(english_copy):
    # openpyxl streams a sheet but reads the shared strings whole (ZipFile.read): the bomb
    # goes there
    parts = _workbook_bytes()
    bomb = "xl/sharedStrings.xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
        b'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    parts[bomb] = b""
    members = [(n, repeated_deflate(b"<si/>" * 200_000, 800) if n == bomb else data,
                2**20 if n == bomb else None) for n, data in parts.items()]
    lying_zip(english_copy / "data" / "extra.xlsx", members)
    result, peak = peak_rss(["build", "--project", str(english_copy), "--format", "html"])
    print(f"build with a lying xlsx: peak RSS {peak:.0f} MB")
    assert result.returncode == 4, result.stderr
    assert "data/extra.xlsx" in result.stderr and "Traceback" not in result.stderr
    assert peak < PEAK_MB
