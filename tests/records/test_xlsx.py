"""The audit's XLSX writer: the bytes openpyxl wrote for the same rows, hostile text included."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime, timezone

import openpyxl
import pytest

from authoring.records.audit import COLUMNS, XLSX_WIDTHS, AuditRow, audit_rows, to_xlsx
from authoring.records.xlsx import column_letter


def _openpyxl_xlsx(rows, source_date_epoch: int) -> bytes:
    """The audit workbook as records/audit.py wrote it with openpyxl before records/xlsx.py."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE as illegal
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.xml.functions import tostring

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "audit"
    sheet.append(COLUMNS)
    for row in rows:
        values = tuple(getattr(row, name) for name in COLUMNS)
        sheet.append([illegal.sub("\ufffd", v) if isinstance(v, str) else v for v in values])
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":
                cell.data_type = "s"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, name in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = XLSX_WIDTHS.get(name, 12)
    for cell in sheet[get_column_letter(COLUMNS.index("sentence") + 1)][1:]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    stamp = datetime.fromtimestamp(source_date_epoch, tz=timezone.utc).replace(tzinfo=None)
    stamp = min(max(stamp, datetime(1980, 1, 1)), datetime(2107, 12, 31))
    book.properties.creator = "authoring"
    buffer = io.BytesIO()
    book.save(buffer)
    book.properties.created = book.properties.modified = stamp
    core = tostring(book.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            data = core if name == "docProps/core.xml" else source.read(name)
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()


HOSTILE = ["=cmd|' /C calc'!A0", "=1+2", "=", "@SUM(1+1)", "+A1", "-", " leading", "trailing ",
           "\ttab", "line\nbreak", "cr\r\nlf", "a & b < c > d \"q\" 'a'", "]]>", "<t>x</t>",
           "bell\x07 vt\x0b nul\x00 esc\x1b", "😀 emoji 𠀀", "全角，中文。", "#N/A",
           "#DIV/0!", "x" * 33000, "\u00a0nbsp\u00a0", "\u2028sep", "", "   "]


def _row(number: int, text: str) -> AuditRow:
    return AuditRow(number, text, "", "templates/a.md.j2:1", f"句子{text}", text, text,
                    "ind", "2020", "1.5", "data/v.csv:2 (column '2020')", text, text[:5], "")


def it_writes_the_bytes_openpyxl_wrote_for_hostile_text():
    rows = [_row(n, text) for n, text in enumerate(HOSTILE, start=1)]
    assert to_xlsx(rows, 1609459200) == _openpyxl_xlsx(rows, 1609459200)


def it_writes_the_bytes_openpyxl_wrote_for_the_example(built_example):
    rows = audit_rows(built_example.document)
    assert to_xlsx(rows, 1609459200) == _openpyxl_xlsx(rows, 1609459200)
    assert to_xlsx([], 0) == _openpyxl_xlsx([], 0)  # clamped to 1980, the zip's first year


def it_keeps_hostile_text_as_text_when_read_back():
    rows = [_row(n, text) for n, text in enumerate(HOSTILE, start=1)]
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(rows, 1609459200)))["audit"]
    read = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [r[5] for r in read][:4] == ["=cmd|' /C calc'!A0", "=1+2", "=", "@SUM(1+1)"]
    assert all(c.data_type != "f" for r in sheet.iter_rows() for c in r)
    assert read[HOSTILE.index(" leading")][5] == " leading"
    assert read[HOSTILE.index("bell\x07 vt\x0b nul\x00 esc\x1b")][5] == "bell\ufffd vt\ufffd nul\ufffd esc\ufffd"
    assert len(read[HOSTILE.index("x" * 33000)][5]) == 32767
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:N{len(HOSTILE) + 1}"


def it_replaces_what_xml_forbids_where_openpyxl_failed():
    rows = [_row(1, "a\ufffeb\uffffc\ud800d")]
    with pytest.raises(ValueError):  # lxml, under openpyxl, refused the whole workbook
        _openpyxl_xlsx(rows, 1609459200)
    sheet = openpyxl.load_workbook(io.BytesIO(to_xlsx(rows, 1609459200)))["audit"]
    assert sheet["F2"].value == "a\ufffdb\ufffdc\ufffdd"


@pytest.mark.parametrize("number, letters", [(1, "A"), (14, "N"), (26, "Z"), (27, "AA"), (703, "AAA")])
def it_names_columns_as_spreadsheets_do(number, letters):
    assert column_letter(number) == letters
