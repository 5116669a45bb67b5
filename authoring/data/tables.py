"""A CSV, XLSX or YAML file → rows of raw cells, each cell knowing its file, line and column.

Locations are kept per cell so that every later error (and the audit trail) can say
"data/values.csv:12 (column 'value')" or "data/awards.xlsx [Sheet1!C5]".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Location

MAX_CELL = 10_000  # characters in one cell (data/load.py reports each longer cell)


@dataclass(frozen=True)
class RawCell:
    value: object  # str from CSV/XLSX text, or a YAML scalar
    location: Location


@dataclass(frozen=True)
class RawTable:
    """One table of a file: a kind hint (YAML key or None) and its rows."""

    file: str
    kind: str | None
    columns: tuple[str, ...]
    rows: tuple[dict[str, RawCell], ...]


def read_tables(path: Path, shown: str) -> list[RawTable]:
    """Read `path` (shown to users as `shown`) into raw tables; YAML may hold several.

    The file is read once, by the file rule (paths.read_regular: a regular file, no link,
    within the data size limit); the caller has checked that it lies inside the project."""
    from ..paths import read_regular

    suffix = path.suffix.lower()
    if suffix not in {".csv", ".xlsx", ".xlsm", ".yaml", ".yml"}:
        raise DataError(f"unsupported data file type '{suffix}'", Location(shown),
                        hint="use .csv, .xlsx or .yaml")
    data = read_regular(Path(path).resolve(), shown, DataError,
                        limit="yaml_bytes" if suffix in {".yaml", ".yml"} else "data_bytes")
    if suffix == ".csv":
        return [_read_csv(data, shown)]
    if suffix in {".xlsx", ".xlsm"}:
        return _read_xlsx(data, shown)
    from .yamlread import read_yaml_tables
    return read_yaml_tables(data, shown)


class RowCounter:
    """Counts the rows and cells read so far against the data limits (limits.py), so a file
    of millions of rows stops at the limit instead of taking minutes and gigabytes."""

    def __init__(self, shown: str):
        from .. import limits

        self.shown = shown
        self.rows, self.cells = 0, 0
        self.max_rows, self.max_cells = limits.value("data_rows"), limits.value("data_cells")

    def add(self, cells: int, location: Location) -> None:
        from .. import limits

        self.rows += 1
        self.cells += cells
        if self.rows > self.max_rows:
            raise limits.over("data_rows", f"'{self.shown}' has more than {self.max_rows:,} rows",
                              location, DataError)
        if self.cells > self.max_cells:
            raise limits.over("data_cells", f"'{self.shown}' has more than "
                              f"{self.max_cells:,} cells", location, DataError)


def _clean_header(name: object) -> str:
    return _xlsx_text(name).strip().lstrip("\ufeff")


def _read_csv(data: bytes, shown: str) -> RawTable:
    """The standard library's reader, not pandas: each record keeps the line it starts on,
    duplicate headers are seen (pandas renames them "a.1"), and a build that reads only
    CSV does not pay pandas' import (~0.5 s, before anything else can start)."""
    import csv

    raw = data.removeprefix(b"\xef\xbb\xbf")  # Excel's "CSV UTF-8" starts with a BOM
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        raise DataError("the file is not UTF-8 text", Location(shown, line),
                        hint="save the CSV as 'CSV UTF-8'") from None
    if not text.strip():
        raise DataError("the file is empty", Location(shown))
    counter = RowCounter(shown)
    commas = [0]  # in the lines of the record being read: csv builds a whole record at once

    def lines():
        # a 50 MB line of commas is millions of cells in one record, gigabytes before a row
        # could be counted: the lines are fed to csv.reader after counting their commas
        from .. import limits

        # (not io.StringIO: it holds a copy of the text at 4 bytes a character)
        for number, found in enumerate(_LINE.finditer(text), start=1):
            physical = found.group()
            commas[0] += physical.count(",")
            if commas[0] >= counter.max_cells:
                raise limits.over("data_cells", f"'{shown}' has a record of more than "
                                  f"{counter.max_cells:,} cells (counting its commas)",
                                  Location(shown, number), DataError)
            yield physical

    reader = csv.reader(lines(), strict=True)
    columns, rows, line = None, [], 1
    try:
        for record in reader:
            commas[0] = 0
            first, line = line, reader.line_num + 1  # the line this record started on
            if not any(cell.strip() for cell in record):
                continue  # blank lines, or only commas: Excel leaves them at the end
            if columns is None:
                columns = tuple(_clean_header(c) for c in record)
                while columns and columns[-1] == "":  # trailing empty columns from Excel
                    columns = columns[:-1]
                _check_headers(columns, shown, first)
                continue
            if len(record) > len(columns) and any(c.strip() for c in record[len(columns):]):
                raise DataError(f"this row has {len(record)} cells but the header names "
                                f"{len(columns)} columns", Location(shown, first),
                                hint="remove the extra cells, or quote a cell that contains "
                                     "a comma: \"1,234\"")
            cells = list(record[:len(columns)]) + [""] * (len(columns) - len(record))
            counter.add(len(cells), Location(shown, first))
            rows.append({col: RawCell(val, Location(shown, first, col))
                         for col, val in zip(columns, cells)})
    except csv.Error as exc:
        if "NUL" in str(exc):
            hint = "the file holds NUL bytes: is it really a CSV? Save it as 'CSV UTF-8'"
        elif "field limit" in str(exc):  # a cell of over 131,072 characters, or an open quote
            hint = (f"a cell may hold at most {MAX_CELL:,} characters: shorten it, or close "
                    "the quote that starts it (a cell that starts with \" must end with \")")
        else:
            hint = "check the quotes from this line on: a cell that starts with \" must end with \""
        raise DataError(f"the CSV cannot be read: {exc}", Location(shown, line), hint=hint) from None
    if columns is None:
        raise DataError("the file is empty", Location(shown))
    return RawTable(shown, None, columns, tuple(rows))


# a physical line as csv.reader is fed it from a file opened with newline="": \r\n, \r or \n
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


def _read_xlsx(data: bytes, shown: str) -> list[RawTable]:
    import io

    from ..safezip import check_zip, verify_members
    check_zip(io.BytesIO(data), shown)
    # openpyxl trusts the declared sizes and parses DTDs; and it reads ~10,000 rows a second,
    # so a sheet's rows are counted (whatever its <dimension> says) before it opens
    counted = verify_members(io.BytesIO(data), shown, count=_ROW)
    _check_sheet_sizes(counted, shown)
    openpyxl = _openpyxl()
    from openpyxl.utils import get_column_letter

    counter = RowCounter(shown)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many unrelated types for a broken file
        raise DataError(f"the workbook cannot be read: {exc}", Location(shown)) from None
    tables = []
    try:
        for sheet in book.worksheets:
            where = f"{shown} [{sheet.title}]"
            if sheet.sheet_state != "visible":
                # hidden data would reach print without anyone seeing it in Excel
                raise DataError(f"the sheet '{sheet.title}' is hidden", Location(where),
                                hint="unhide it in Excel if its data belongs to the report, "
                                     "or delete it")
            merged = _merged_ranges(sheet)
            if merged:
                # a merged cell has its value in its first cell only: the others read as blank
                raise DataError(f"merged cells {', '.join(merged[:5])}", Location(shown, None, None,
                                f"{sheet.title}!{merged[0].split(':')[0]}"),
                                hint="unmerge them and type the value into every cell it applies to")
            # every cell, as Excel shows it: a read-only sheet trusts its <dimension>, and
            # cells beyond a dimension that lies would be skipped without a word
            sheet.reset_dimensions()
            rows_iter = sheet.iter_rows(values_only=True)
            header = None
            header_row = 0
            rows = []
            for r, values in enumerate(rows_iter, start=1):
                if header is None:
                    if values and any(v is not None and str(v).strip() for v in values):
                        header = tuple(_clean_header(v) if v is not None else "" for v in values)
                        while header and header[-1] == "":
                            header = header[:-1]
                        header_row = r
                    continue
                if not values or all(v is None or str(v).strip() == "" for v in values):
                    continue
                counter.add(len(header), Location(shown, None, None, f"{sheet.title}!A{r}"))
                row = {}
                for c, col in enumerate(header, start=1):
                    v = values[c - 1] if c - 1 < len(values) else None
                    cell = f"{sheet.title}!{get_column_letter(c)}{r}"
                    row[col] = RawCell(_xlsx_text(v), Location(shown, None, col, cell))
                rows.append(row)
            if header is None:
                continue
            _check_headers(header, where, header_row)
            tables.append(RawTable(shown, None, header, tuple(rows)))
    except DataError:
        raise
    except Exception as exc:  # noqa: BLE001 - read-only sheets are parsed while iterated
        raise DataError(f"the workbook cannot be read: {type(exc).__name__}: {exc}",
                        Location(shown), hint="open it in Excel and save it again") from None
    finally:
        book.close()
    return tables


# a row element of a worksheet, or a shared string (si) of the string table, any prefix
_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:row|si)[\s>/]")


def _check_sheet_sizes(counted: dict[str, int], shown: str) -> None:
    from .. import limits

    rows = sum(n for name, n in counted.items() if name.lower().startswith("xl/worksheets/"))
    if rows > limits.value("data_rows"):  # the header and blank rows count too: a bound
        raise limits.over("data_rows", f"'{shown}' has {rows:,} rows", Location(shown),
                          DataError, rows)
    # openpyxl reads the whole shared-string table when it opens the book, whichever cells
    # use it: 3 million short strings (an 8 MB file) took a minute. Each is a cell's text.
    # (whatever the part is named: the workbook's relationships name it)
    strings = sum(n for name, n in counted.items() if not name.lower().startswith("xl/worksheets/"))
    if strings > limits.value("data_cells"):
        raise limits.over("data_cells", f"'{shown}' has {strings:,} shared strings (cell texts)",
                          Location(shown), DataError, strings)


def _openpyxl():
    """openpyxl, imported without numpy where that is safe: openpyxl imports numpy (~0.07 s,
    on a build's critical path) only to accept numpy numbers when it writes cells, and the
    build's main process needs numpy nowhere else (the charts are drawn in other processes).
    Only on the main thread: the build's other threads (progress, process pools) import
    nothing, and a preview's rebuild thread might import matplotlib meanwhile."""
    import sys
    import threading

    if "openpyxl" in sys.modules or "numpy" in sys.modules or \
            threading.current_thread() is not threading.main_thread():
        import openpyxl
        return openpyxl
    sys.modules["numpy"] = None  # makes `import numpy` fail: openpyxl then goes without
    try:
        import openpyxl
    finally:
        del sys.modules["numpy"]
    return openpyxl


def _merged_ranges(sheet) -> list[str]:
    """The merged ranges of a read-only sheet (openpyxl only parses them in its slow mode)."""
    import re

    try:
        with sheet._get_source() as source:  # the sheet's XML, inside a zip checked by safezip
            xml = source.read()
    except (AttributeError, KeyError, OSError):
        return []
    return [m.decode() for m in re.findall(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z0-9:]+)"', xml)]


def _xlsx_text(value) -> str:
    """Spreadsheet values → text, so CSV and XLSX cells are validated the same way."""
    import datetime

    from .numbers import decimal_text

    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        # the shortest text that round-trips (1815.3, not 1815.299999), without exponents
        return decimal_text(value)
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()  # a date cell: refused as a year or a value, by name
    if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
        return value.isoformat(sep=" ") if isinstance(value, datetime.datetime) else value.isoformat()
    return str(value)


def _check_headers(columns, shown: str, line: int) -> None:
    seen = set()
    for col in columns:
        if not col:
            raise DataError("a column has no header", Location(shown, line),
                            hint="give every used column a name in the first row")
        if col in seen:
            raise DataError(f"the column '{col}' appears twice", Location(shown, line, col))
        seen.add(col)
