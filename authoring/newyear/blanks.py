"""Values to add (indicator, year) + the data files → new file contents with blank cells to fill in.

Each blank goes where the editor already keeps that indicator: into the file, and the sheet,
holding its latest value, in that file's own shape:

- long CSV or sheet (indicator, year, value): a row `id,YYYY,` after the indicator's rows;
- wide CSV or sheet (one column per year): a new YYYY column after the last year; rows that
  need the year get a blank cell, the others `-` ("no value"; replace it if you have one);
- YAML `values: {YYYY-1: 1}` (inline or under `values:`): a `YYYY:` entry with no value.

A report family's member data (family/newyear.py) has a `member` column: there a blank is for
an (indicator, member) pair, and rows are matched on both.

An indicator with no value anywhere goes to the first long table. The loader refuses blank
cells and names each one, which is how the editor is told what is left to fill in.
Only text is inserted into CSV and YAML files, so comments and layout stay as they were.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DataError, Location

YEAR = re.compile(r"^\d{4}$")
NO_VALUE = "-"


@dataclass
class Plan:
    """What goes into one data file: (indicator, year) blanks, by sheet for workbooks."""

    path: Path
    shown: str
    items: list = field(default_factory=list)  # [(indicator, year, sheet or "")]


@dataclass(frozen=True)
class Blank:
    indicator: str
    year: int
    location: Location
    member: str = ""  # a report family's member data: whose cell it is


# ------------------------------------------------------------------ planning


def sheet_of(location: Location) -> str:
    return location.cell.split("!")[0] if location.cell and "!" in location.cell else ""


def plan(dataset, needed, paths: list[Path], shown: dict[Path, str]) -> tuple[list[Plan], list]:
    """Decide the file for each needed (indicator, year). Returns the plans and the pairs
    no file can take (to be added by hand)."""
    by_shown = {shown[p]: p for p in paths}
    plans: dict[str, Plan] = {}
    fallback = _first_long_table(paths, shown)
    homeless = []
    for indicator, year in sorted(needed):
        values = dataset.indicators[indicator].values
        if values:
            latest = values[max(values)].location
            file, sheet = latest.file, sheet_of(latest)
        elif fallback:
            file, sheet = fallback
        else:
            homeless.append((indicator, year))
            continue
        if file not in by_shown:
            homeless.append((indicator, year))
            continue
        plans.setdefault(file, Plan(by_shown[file], file)).items.append((indicator, year, sheet))
    return list(plans.values()), homeless


def _first_long_table(paths, shown) -> tuple[str, str] | None:
    from ..data.tables import read_tables

    for path in paths:
        try:
            tables = read_tables(path, shown[path])
        except DataError:
            continue
        for number, table in enumerate(tables):
            if {"indicator", "year", "value"} <= set(table.columns) and \
                    path.suffix.lower() in (".csv", ".xlsx", ".xlsm"):
                sheet = table.rows[0]["indicator"].location.cell if table.rows else None
                return shown[path], (sheet.split("!")[0] if sheet else "")
    return None


# ------------------------------------------------------------------ writing


def add_blanks(item_plan: Plan) -> bytes:
    """The new content of `item_plan.path` with its blanks added."""
    suffix = item_plan.path.suffix.lower()
    items = [(i, y) for i, y, _ in item_plan.items]
    if suffix == ".csv":
        return _csv(item_plan.path, items).encode("utf-8")
    if suffix in (".yaml", ".yml"):
        return _yaml(item_plan.path, item_plan.shown, items).encode("utf-8")
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(item_plan.path, item_plan.shown, item_plan.items)
    raise DataError(f"cannot add values to a '{suffix}' file", Location(item_plan.shown))


def _key(indicator) -> tuple:
    """A blank's row key: (indicator,), or (indicator, member) in member data."""
    return tuple(indicator) if isinstance(indicator, tuple) else (indicator,)


def _key_columns(header) -> list[str]:
    return ["indicator", "member"] if "member" in header else ["indicator"]


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _csv(path: Path, items) -> str:
    text = path.read_text(encoding="utf-8-sig")
    bom = "\ufeff" if path.read_bytes().startswith(b"\xef\xbb\xbf") else ""
    newline = _newline(text)
    records = list(csv.reader(io.StringIO(text)))
    header = [c.strip() for c in records[0]]
    if {"indicator", "year", "value"} <= set(header):
        return bom + _csv_long(text, header, items, newline)
    return bom + _csv_wide(records, header, items, newline)


def _csv_line(fields: list[str], newline: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator=newline).writerow(fields)
    return buffer.getvalue()


def _csv_long(text: str, header: list[str], items, newline: str) -> str:
    """Insert `id,YYYY,` rows after each indicator's last row (text-level: the rest of the
    file stays byte for byte)."""
    lines = text.splitlines(keepends=True)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    columns = [header.index(c) for c in _key_columns(header)]
    keys = [_fields(line, columns) for line in lines]  # each line's key, kept beside it
    for indicator, year in items:
        key = _key(indicator)
        row = dict.fromkeys(header, "")
        row.update(zip(_key_columns(header), key), year=str(year))
        new = _csv_line([row[h] for h in header], newline)
        last = max((n for n in range(1, len(lines)) if keys[n] == key), default=None)
        if last is None:  # a member without rows of it: after the indicator's rows
            last = max((n for n in range(1, len(lines)) if keys[n][:1] == key[:1]), default=None)
        # after the key's rows, or at the end of the file when it has none here
        at = len(lines) if last is None else last + 1
        lines.insert(at, new)
        keys.insert(at, key)
    return "".join(lines)


def _fields(line: str, columns: list[int]) -> tuple:
    fields = next(csv.reader([line]), [])
    return tuple(fields[c].strip() if len(fields) > c else "" for c in columns)


def _csv_wide(records, header, items, newline: str) -> str:
    years = sorted({y for _, y in items})
    header = list(header)
    index = {c: n for n, c in enumerate(header)}
    for year in years:
        if str(year) not in index:
            last_year = max((n for n, c in enumerate(header) if YEAR.match(c)), default=len(header) - 1)
            header.insert(last_year + 1, str(year))
            for row in records[1:]:
                if any(cell.strip() for cell in row):
                    row.insert(min(last_year + 1, len(row)), NO_VALUE)
            index = {c: n for n, c in enumerate(header)}
    wanted = {(_key(i), str(y)) for i, y in items}
    key_cols = [index[c] for c in _key_columns(header)]
    present = set()
    for row in records[1:]:
        if len(row) > max(key_cols):
            key = tuple(row[c].strip() for c in key_cols)
            present.add(key)
            for year in years:
                if (key, str(year)) in wanted:
                    row[index[str(year)]] = ""
    for key in sorted({_key(i) for i, _ in items} - present):
        row = [NO_VALUE if YEAR.match(c) else "" for c in header]
        for column, text in zip(key_cols, key):
            row[column] = text
        for year in years:
            if (key, str(year)) in wanted:
                row[index[str(year)]] = ""
        records.append(row)
    records[0] = header
    return "".join(_csv_line(r, newline) for r in records)


def _xlsx(path: Path, shown: str, items) -> bytes:
    import openpyxl

    from ..safezip import check_zip

    check_zip(path, shown)
    book = openpyxl.load_workbook(path)
    for sheet_name in dict.fromkeys(s for _, _, s in items):
        sheet = book[sheet_name] if sheet_name in book.sheetnames else book.worksheets[0]
        _sheet_blanks(sheet, [(i, y) for i, y, s in items if s == sheet_name])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_blanks(sheet, items) -> None:
    from copy import copy

    header_row = next((r for r in range(1, sheet.max_row + 1)
                       if any(c.value not in (None, "") for c in sheet[r])), 1)
    header = {_header_name(c.value): c.column for c in sheet[header_row] if c.value not in (None, "")}
    ind_col = header["indicator"]
    key_cols = [header[c] for c in _key_columns(header)]
    rows = {tuple(str(sheet.cell(r, c).value).strip() for c in key_cols): r
            for r in range(header_row + 1, sheet.max_row + 1) if sheet.cell(r, ind_col).value}
    if {"year", "value"} <= set(header):
        for indicator, year in items:  # long sheet: a row per blank, at the end
            row = sheet.max_row + 1
            for column, text in zip(key_cols, _key(indicator)):
                sheet.cell(row, column, text)
            sheet.cell(row, header["year"], year)
        return
    for year in sorted({y for _, y in items}):
        if str(year) not in header:
            year_cols = [c for name, c in header.items() if YEAR.match(name)]
            col = max(year_cols, default=max(header.values())) + 1
            if col <= sheet.max_column and not sheet.merged_cells.ranges:
                sheet.insert_cols(col)  # keep the years together, before notes
            else:
                col = sheet.max_column + 1
            source = sheet.cell(header_row, col - 1)
            # the new header takes the type of the years before it: numbers stay numbers
            numeric = any(isinstance(sheet.cell(header_row, c).value, (int, float))
                          for name, c in header.items() if YEAR.match(name))
            cell = sheet.cell(header_row, col, year if numeric else str(year))
            cell._style = copy(source._style)
            header = {_header_name(c.value): c.column for c in sheet[header_row]
                      if c.value not in (None, "")}
            for row in rows.values():
                sheet.cell(row, col, NO_VALUE)
        col = header[str(year)]
        for indicator, y in items:
            if y != year:
                continue
            key = _key(indicator)
            if key not in rows:
                rows[key] = sheet.max_row + 1
                for column, text in zip(key_cols, key):
                    sheet.cell(rows[key], column, text)
                for name, c in header.items():
                    if YEAR.match(name):
                        sheet.cell(rows[key], c, NO_VALUE)
            sheet.cell(rows[key], col).value = None


def _header_name(value) -> str:
    """A header cell as text: a year typed as the number 2020 (2020.0 in some files) → "2020"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _yaml(path: Path, shown: str, items) -> str:
    """Insert `YYYY:` entries into the YAML mapping that holds each indicator's values."""
    import yaml

    text = path.read_text(encoding="utf-8")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    inserts: list[tuple[int, str]] = []  # (offset, text), applied from the end
    for indicator, year in items:
        node = _values_node(root, indicator)
        if node is None:
            raise DataError(f"cannot find where {indicator}'s values are in this file",
                            Location(shown), hint=f"add {year}: <value> for {indicator} by hand")
        if isinstance(node, yaml.SequenceNode):
            inserts.append(_list_insert(text, node, indicator, str(year)))
        else:
            inserts.append(_mapping_insert(text, node, str(year)))
    for offset, piece in sorted(inserts, key=lambda x: x[0], reverse=True):
        text = text[:offset] + piece + text[offset:]
    return text


def _values_node(root, indicator: str):
    """The mapping node of `indicator`'s year → value entries, wherever the file keeps it."""
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return None
    for key, value in root.value:
        if key.value == "indicators" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                fields = {k.value: v for k, v in getattr(item, "value", [])}
                ident = fields.get("id")
                if ident is not None and getattr(ident, "value", None) == indicator \
                        and isinstance(fields.get("values"), yaml.MappingNode):
                    return fields["values"]
        if key.value == "values" and isinstance(value, yaml.MappingNode):
            for k, v in value.value:
                if k.value == indicator and isinstance(v, yaml.MappingNode):
                    return v
        if key.value == "values" and isinstance(value, yaml.SequenceNode):
            if any(_field(item, "indicator") == indicator for item in value.value):
                return value
    return None


def _field(node, name: str):
    for k, v in getattr(node, "value", []) if hasattr(node, "flow_style") else []:
        if getattr(k, "value", None) == name:
            return getattr(v, "value", None)
    return None


def _list_insert(text: str, node, indicator: str, year: str) -> tuple[int, str]:
    """`values:` as a list of {indicator, year, value}: a new entry after the indicator's last."""
    last = [item for item in node.value if _field(item, "indicator") == indicator][-1]
    line_start = text.rfind("\n", 0, last.start_mark.index) + 1
    dash = text.rfind("-", line_start, last.start_mark.index)
    prefix = text[line_start:dash] if dash >= 0 else " " * last.start_mark.column
    end = text.find("\n", last.end_mark.index - 1)
    end = len(text) if end < 0 else end
    return end, f"\n{prefix}- {{indicator: {indicator}, year: {year}, value: }}"


def _mapping_insert(text: str, node, year: str) -> tuple[int, str]:
    if node.flow_style or text[node.start_mark.index] == "{":
        if not node.value:
            return node.end_mark.index - 1, f"{year}: "
        last = node.value[-1][1]
        return last.end_mark.index, f", {year}: "
    # block mapping: a new line after the last entry, indented like the entries
    last_key, last_value = node.value[-1]
    indent = " " * last_key.start_mark.column
    end = text.find("\n", last_value.end_mark.index - 1)
    end = len(text) if end < 0 else end
    return end, f"\n{indent}{year}:"


# ------------------------------------------------------------------ finding blanks


def blank_cells(paths: list[Path], shown: dict[Path, str]) -> list[Blank]:
    """Every value cell left blank in the data files, with its exact location (all at once:
    the loader may stop at the first blank of an indicator's inline values)."""
    from ..data.tables import read_tables

    found = []
    for path in paths:
        try:
            tables = read_tables(path, shown[path])
        except DataError:
            continue
        for table in tables:
            found.extend(_table_blanks(table))
    return found


def _is_blank(cell) -> bool:
    return cell is not None and not isinstance(cell.value, (dict, list)) and str(cell.value).strip() == ""


def _table_blanks(table) -> list[Blank]:
    out = []
    columns = set(table.columns)
    for row in table.rows:
        if "id" in row and isinstance(getattr(row.get("values"), "value", None), dict):
            for year, cell in row["values"].value.items():
                if _is_blank(cell) and YEAR.match(str(year)):
                    out.append(Blank(str(row["id"].value), int(year), cell.location))
            continue
        if "indicator" not in row:
            continue
        indicator = str(row["indicator"].value).strip()
        member = str(row["member"].value).strip() if "member" in row else ""
        if {"year", "value"} <= columns:
            year = str(row["year"].value).strip().removesuffix(".0")
            if _is_blank(row.get("value")) and YEAR.match(year):
                out.append(Blank(indicator, int(year), row["value"].location, member))
            continue
        for column, cell in row.items():
            if YEAR.match(column) and _is_blank(cell):
                out.append(Blank(indicator, int(column), cell.location, member))
    return out
