"""Rows of text and integers → the audit's one-sheet XLSX, written directly as SpreadsheetML.

openpyxl built a Cell object per value and checked each string with a regex: 4–5 s for the
139,000 cells of a 300-page report (docs/PERFORMANCE.md). This writer emits the same parts
openpyxl 3.1 wrote for the audit sheet, byte for byte (tests/records/test_xlsx.py compares
the two on hostile text), in a few hundred milliseconds: inline strings, a bold header, the
sentence column wrapped, the header row frozen, an autofilter over the whole table.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime, timezone
from pathlib import Path

_HERE = Path(__file__).parent
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
# characters XML 1.0 forbids, which the audit turns into U+FFFD: the controls openpyxl's cells
# refused, and U+FFFE, U+FFFF and lone surrogates, on which openpyxl (lxml) failed the build
ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
MAX_CELL = 32767  # Excel's longest cell text; openpyxl cut longer text there
# a text equal to one of these is an error value to a spreadsheet (openpyxl stored it so)
ERROR_CODES = frozenset(("#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"))
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})

_CONTENT_TYPES = (
    f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    f'<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    f'<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    f'<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    f'<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    f'</Types>')
_ROOT_RELS = (
    f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml" Id="rId1"/>'
    f'<Relationship Type="{_RELS}/metadata/core-properties" Target="docProps/core.xml" Id="rId2"/>'
    f'<Relationship Type="{_DOC_RELS}/extended-properties" Target="docProps/app.xml" Id="rId3"/>'
    f'</Relationships>')
_BOOK_RELS = (
    f'<Relationships xmlns="{_RELS}">'
    f'<Relationship Type="{_DOC_RELS}/worksheet" Target="/xl/worksheets/sheet1.xml" Id="rId1"/>'
    f'<Relationship Type="{_DOC_RELS}/styles" Target="styles.xml" Id="rId2"/>'
    f'<Relationship Type="{_DOC_RELS}/theme" Target="theme/theme1.xml" Id="rId3"/>'
    f'</Relationships>')
# kept as openpyxl wrote it, so that the audit's bytes did not change with this writer
_APP = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        '<Application>Microsoft Excel Compatible / Openpyxl 3.1.5</Application>'
        '<AppVersion>3.1</AppVersion></Properties>')


def column_letter(number: int) -> str:
    """1 → "A", 27 → "AA"."""
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(value: str) -> str:
    """Cell text as libxml2 serializes it in an ASCII document: &, <, >, CR escaped, every
    other non-ASCII character as a decimal reference."""
    return value.translate(_ESCAPES).encode("ascii", "xmlcharrefreplace").decode("ascii")


def _cell(ref: str, value, style: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise TypeError(f"audit cell {ref}: {type(value).__name__} is not text or a whole number")
    if isinstance(value, int):
        return f'<c r="{ref}"{style} t="n"><v>{value}</v></c>'
    value = ILLEGAL.sub("\ufffd", value)[:MAX_CELL]
    if value in ERROR_CODES:
        return f'<c r="{ref}"{style} t="e"><v>{value}</v></c>'
    if not value:
        return f'<c r="{ref}"{style} t="inlineStr"></c>'
    space = ' xml:space="preserve"' if value != value.strip() else ""
    return f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{_text(value)}</t></is></c>'


def sheet_xml(header, rows, widths, wrapped: int) -> str:
    """The worksheet: `header` bold, column `wrapped` (0-based) wrapped from row 2 on."""
    letters = [column_letter(n) for n in range(1, len(header) + 1)]
    last = f"{letters[-1]}{len(rows) + 1}"
    cols = "".join(f'<col width="{w}" customWidth="1" min="{n}" max="{n}"/>'
                   for n, w in enumerate(widths, start=1))
    out = [f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" summaryRight="1"/>'
           f'<pageSetUpPr/></sheetPr><dimension ref="A1:{last}"/><sheetViews>'
           f'<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
           f'state="frozen"/><selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView>'
           f'</sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/><cols>{cols}</cols>'
           f'<sheetData><row r="1">']
    out.extend(_cell(f"{letter}1", value, ' s="1"') for letter, value in zip(letters, header))
    out.append("</row>")
    styles = ["" if n != wrapped else ' s="2"' for n in range(len(header))]
    for number, row in enumerate(rows, start=2):
        out.append(f'<row r="{number}">')
        out.extend(_cell(f"{letter}{number}", value, style)
                   for letter, value, style in zip(letters, row, styles))
        out.append("</row>")
    out.append(f'</sheetData><autoFilter ref="A1:{last}"/><pageMargins left="0.75" right="0.75" '
               f'top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
    return "".join(out)


def _workbook(title: str, last: str) -> str:
    cells = "$".join(re.match(r"([A-Z]+)(\d+)", last).groups())
    return (f'<workbook xmlns="{_MAIN}"><workbookPr/><workbookProtection/><bookViews>'
            '<workbookView visibility="visible" minimized="0" showHorizontalScroll="1" '
            'showVerticalScroll="1" showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" '
            'autoFilterDateGrouping="1"/></bookViews><sheets>'
            f'<sheet xmlns:r="{_DOC_RELS}" name="{title}" sheetId="1" state="visible" r:id="rId1"/>'
            '</sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" '
            f"hidden=\"1\">'{title}'!$A$1:${cells}</definedName></definedNames>"
            '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')


_WRAP_XF = ('<xf numFmtId="0" fontId="0" fillId="0" borderId="0" applyAlignment="1" pivotButton="0" '
            'quotePrefix="0" xfId="0"><alignment vertical="top" wrapText="1"/></xf>')


def _styles(wrapped_cells: bool) -> bytes:
    """Normal, bold (the header) and wrapped-at-the-top (style 2, only if a cell uses it)."""
    styles = (_HERE / "xlsx-styles.xml").read_text(encoding="ascii")
    if not wrapped_cells:
        styles = styles.replace('<cellXfs count="3">', '<cellXfs count="2">').replace(_WRAP_XF, "")
    return styles.encode("ascii")


def _core(stamp: datetime) -> str:
    when = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    terms = ('xmlns:dcterms="http://purl.org/dc/terms/" '
             'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="dcterms:W3CDTF"')
    return ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
            'core-properties"><dc:creator xmlns:dc="http://purl.org/dc/elements/1.1/">authoring'
            f'</dc:creator><dcterms:created {terms}>{when}</dcterms:created>'
            f'<dcterms:modified {terms}>{when}</dcterms:modified></cp:coreProperties>')


def write_xlsx(title: str, header, rows, widths, wrapped: int, source_date_epoch: int) -> bytes:
    """One sheet named `title` ([A-Za-z0-9_ ] only); identical rows give identical bytes."""
    if not re.fullmatch(r"[A-Za-z0-9_ ]{1,31}", title):
        raise ValueError(f"sheet title {title!r} needs quoting this writer does not do")
    stamp = datetime.fromtimestamp(source_date_epoch, tz=timezone.utc).replace(tzinfo=None)
    stamp = min(max(stamp, datetime(1980, 1, 1)), datetime(2107, 12, 31))  # zip's range
    last = f"{column_letter(len(header))}{len(rows) + 1}"
    parts = (  # the order openpyxl wrote them in
        ("docProps/app.xml", _APP.encode()),
        ("docProps/core.xml", _core(stamp).encode()),
        ("xl/theme/theme1.xml", (_HERE / "xlsx-theme.xml").read_bytes()),
        ("xl/worksheets/sheet1.xml", sheet_xml(header, rows, widths, wrapped).encode("ascii")),
        ("xl/styles.xml", _styles(wrapped_cells=bool(rows))),
        ("_rels/.rels", _ROOT_RELS.encode()),
        ("xl/workbook.xml", _workbook(title, last).encode()),
        ("xl/_rels/workbook.xml.rels", _BOOK_RELS.encode()),
        ("[Content_Types].xml", _CONTENT_TYPES.encode()),
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the host OS would otherwise leak into the bytes
            target.writestr(info, data, compresslevel=6)
    return out.getvalue()
