"""Data files (CSV, XLSX, YAML) → one validated Dataset, reporting every problem with its cell."""

from __future__ import annotations

import re
from contextvars import ContextVar
from decimal import Decimal
from pathlib import Path

from ..errors import AuthoringError, DataError, ErrorCollector, ErrorList, Location, raise_all
from . import numbers
from .schema import KINDS, SCALES, Breakdown, Dataset, Indicator, Value
from .tables import MAX_CELL, RawCell, RawTable, read_tables

ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
NOT_AVAILABLE = {"-", "—", "NA", "n/a", "N/A", ".."}  # explicitly no value for that year
META_FIELDS = {"id", "label", "unit", "decimals", "scale", "kind", "source", "notes", "total", "values",
               "min", "max", "integer"}
META_FIELDS |= {"currency"}  # an ISO code such as EUR; the `money` filter formats it
# Longest text a cell may hold. Labels and notes reach print; a runaway cell (a pasted file)
# would otherwise make the PDF writer lay out megabytes of text for minutes.
MAX_LABEL = 300
MAX_TEXT = 2000
BREAKDOWN_FIELDS = {"id", "label", "parts", "total"}
# the errors of the load in progress: once it is full, errors are only counted, so their
# "did you mean" hints (difflib, ~1 ms each) are not worked out for nobody to read
_HINTS: ContextVar[ErrorCollector | None] = ContextVar("load_errors", default=None)


def load_dataset(paths: list[Path], project_dir: Path) -> Dataset:
    """Read and validate every file in `paths`; raise one error listing all problems."""
    from .. import limits

    stop = limits.value("data_errors")
    errors = ErrorCollector(stop, f"checking stopped after {stop:,} problems (the data_errors "
                            f"limit; {limits.env_name('data_errors')} raises it)")
    hints = _HINTS.set(errors)
    try:
        return _load(paths, project_dir, errors)
    finally:
        _HINTS.reset(hints)


def _load(paths: list[Path], project_dir: Path, errors: ErrorCollector) -> Dataset:
    meta_tables, value_tables, breakdown_tables = [], [], []
    shown_files = []
    for path in paths:
        shown = _shown(path, project_dir)
        shown_files.append(shown)
        try:
            tables = read_tables(path, shown)
        except AuthoringError as exc:
            errors.append(exc)
            continue
        for table in tables:
            if _oversized(table, errors):
                continue
            kind = table.kind or _classify(table)
            if kind is None:
                errors.append(DataError(
                    "cannot tell what this table holds", Location(table.file, 1),
                    hint="indicator metadata needs columns id,label; values need indicator,year,value "
                         "or indicator plus one column per year"))
            elif kind == "indicators":
                meta_tables.append(table)
            elif kind == "breakdowns":
                breakdown_tables.append(table)
            else:
                value_tables.append(table)

    indicators: dict[str, Indicator] = {}
    for table in meta_tables:
        for row in table.rows:
            _collect(errors, _parse_indicator, row, indicators, value_tables, table)
    # when a file could not be read or an indicator was refused, "unknown indicator" errors
    # for its values would only hide the real problem
    declared_all = not errors
    for table in value_tables:
        for row in _long_rows(table, errors):
            _collect(errors, _parse_value, row, indicators, declared_all)
    breakdowns: dict[str, Breakdown] = {}
    for table in breakdown_tables:
        for row in table.rows:
            _collect(errors, _parse_breakdown, row, breakdowns, indicators)
    for ind in indicators.values():
        if ind.total and ind.total not in indicators:
            errors.append(DataError(f"'{ind.id}' names the unknown total indicator '{ind.total}'",
                                    ind.location, hint=_nearest_hint(ind.total, indicators)))
    for breakdown in breakdowns.values():
        errors.extend(check_breakdown_sums(breakdown, indicators))
    raise_all(errors)
    return Dataset(indicators, breakdowns, tuple(shown_files))


def _oversized(table: RawTable, errors: list) -> bool:
    """Report every cell longer than MAX_CELL characters; such a table is not read further."""
    found = False
    for row in table.rows:
        for cell in row.values():
            if isinstance(cell.value, str) and len(cell.value) > MAX_CELL:
                errors.append(DataError(f"the cell holds {len(cell.value):,} characters "
                                        f"(at most {MAX_CELL:,})", cell.location,
                                        hint="was a whole file pasted into it? shorten the cell"))
                found = True
    return found


def _shown(path: Path, project_dir: Path) -> str:
    try:
        return path.resolve().relative_to(project_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


def _collect(errors, func, *args):
    try:
        func(*args)
    except ErrorList as exc:
        errors.extend(exc.errors)
        if hasattr(errors, "omitted"):
            errors.omitted += exc.omitted
    except AuthoringError as exc:
        errors.append(exc)


def _classify(table: RawTable) -> str | None:
    cols = set(table.columns)
    if {"id", "label"} <= cols:
        return "indicators"
    if {"id", "parts"} <= cols:
        return "breakdowns"
    if "indicator" in cols and ({"year", "value"} <= cols or any(_is_year(c) for c in cols)):
        return "values"
    return None


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"\d{4}", str(text).strip()))


WIDE_TEXT_COLUMNS = {"indicator", "note", "notes", "label", "unit", "source"}


def _long_rows(table: RawTable, errors: list):
    """Yield (indicator, year, value, note) cells, turning a wide table into long rows."""
    if "year" in table.columns:
        yield from table.rows
        return
    year_cols = []
    for col in table.columns:
        if col in WIDE_TEXT_COLUMNS:
            continue
        try:  # a column such as 2023.5 or 20233 is a typo, never silently skipped
            numbers.parse_year(col, Location(table.file, _header_line(table), col))
        except DataError as exc:
            exc.hint = (f"{exc.hint}; other columns may be: {', '.join(sorted(WIDE_TEXT_COLUMNS))}")
            errors.append(exc)
            continue
        year_cols.append(col)
    for row in table.rows:
        for col in year_cols:
            cell = row[col]
            yield {"indicator": row["indicator"],
                   "year": RawCell(col, cell.location),
                   "value": cell,
                   "note": row.get("note", RawCell("", cell.location))}


def _header_line(table: RawTable) -> int | None:
    if not table.rows:
        return 1
    first = next(iter(table.rows[0].values())).location
    return first.line - 1 if first.line else None


# ------------------------------------------------------------------ fields


def _text(cell: RawCell | None) -> str:
    if cell is None:
        return ""
    return "" if isinstance(cell.value, (dict, list)) else str(cell.value).strip()


def _required(row: dict, name: str, table_loc: Location) -> RawCell:
    cell = row.get(name)
    blank = cell is None or (not cell.value if isinstance(cell.value, (list, dict)) else _text(cell) == "")
    if blank:
        loc = cell.location if cell else table_loc
        raise DataError(f"the '{name}' cell is blank", loc, hint=f"every row needs a {name}")
    return cell


def parse_number(cell: RawCell) -> Decimal:
    return numbers.parse_number(_text(cell), cell.location)


def parse_year(cell: RawCell) -> int:
    return numbers.parse_year(_text(cell), cell.location)


def _limited(cell: RawCell | None, name: str, limit: int) -> str:
    """The cell's text, refused when longer than `limit` characters."""
    text = _text(cell)
    if len(text) > limit:
        raise DataError(f"the '{name}' text is {len(text):,} characters long (at most {limit:,})",
                        cell.location, hint="shorten it; long explanations belong in the templates")
    return text


def _constraint(row: dict, name: str):
    """`min`/`max` of an indicator: a number, 'none' (no limit) or absent (the default)."""
    text = _text(row.get(name))
    if text == "":
        return "default"
    if text.lower() == "none":
        return None
    return parse_number(row[name])


def _flag(row: dict, name: str):
    text = _text(row.get(name)).lower()
    if text == "":
        return "default"
    if text in ("true", "yes"):
        return True
    if text in ("false", "no"):
        return False
    raise DataError(f"{name} must be true or false, got '{text}'", row[name].location)


def _parse_indicator(row, indicators, value_tables, table: RawTable) -> None:
    first = next(iter(row.values()))
    table_loc = Location(first.location.file, first.location.line)
    id_cell = _required(row, "id", table_loc)
    ident = _text(id_cell)
    if not ID_RE.match(ident):
        raise DataError(f"'{ident}' is not a valid indicator id", id_cell.location,
                        hint="use letters, digits and underscores, starting with a letter, "
                             "e.g. patents_granted")
    if ident in indicators:
        raise DataError(f"the indicator '{ident}' is defined twice (first at "
                        f"{indicators[ident].location})", id_cell.location)
    unknown = set(row) - META_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise DataError(f"unknown field '{name}'", row[name].location,
                        hint=f"indicator fields are: {', '.join(sorted(META_FIELDS))}")
    label = _limited(_required(row, "label", id_cell.location), "label", MAX_LABEL)
    unit = _limited(row.get("unit"), "unit", MAX_LABEL)
    decimals = 0
    if _text(row.get("decimals")):
        dec_text = _text(row["decimals"])
        if not dec_text.isdigit() or int(dec_text) > 10:
            raise DataError(f"decimals must be a whole number 0–10, got '{dec_text}'",
                            row["decimals"].location)
        decimals = int(dec_text)
    scale = _text(row.get("scale"))
    if scale not in SCALES:
        raise DataError(f"unknown scale '{scale}'", row["scale"].location,
                        hint=f"use one of: {', '.join(s for s in SCALES if s not in ('', '1'))}")
    kind = _text(row.get("kind")) or ("percent" if unit.startswith("%") else "amount")
    if kind not in KINDS:
        raise DataError(f"unknown kind '{kind}'", row["kind"].location,
                        hint=f"use one of: {', '.join(KINDS)}")
    lowest, highest, integer = numbers.default_constraints(kind, unit, decimals)
    given = _constraint(row, "min"), _constraint(row, "max"), _flag(row, "integer")
    lowest, highest, integer = (d if g == "default" else g
                                for g, d in zip(given, (lowest, highest, integer)))
    if lowest is not None and highest is not None and lowest > highest:
        raise DataError(f"min {lowest} is greater than max {highest}", row["min"].location)
    ind = Indicator(ident, label, unit, decimals, "" if scale == "1" else scale, kind,
                    _limited(row.get("source"), "source", MAX_TEXT),
                    _limited(row.get("notes"), "notes", MAX_TEXT), _text(row.get("total")),
                    id_cell.location, minimum=lowest, maximum=highest, integer=integer)
    currency = _text(row.get("currency")).upper()
    if currency:
        if not re.fullmatch("[A-Z]{3}", currency):
            raise DataError(f"'{_text(row['currency'])}' is not a currency code", row["currency"].location,
                            hint="use a three-letter ISO 4217 code such as EUR, USD or CNY")
        ind.currency = currency
    indicators[ident] = ind
    inline = row.get("values")
    if inline is None or (not isinstance(inline.value, dict) and not str(inline.value).strip()):
        return
    if not isinstance(inline.value, dict):
        raise DataError("'values' must be a mapping of year: value", inline.location,
                        hint="write values: {2019: 2739, 2020: 3558}")
    problems: list[AuthoringError] = []
    for year_text, cell in inline.value.items():
        # every blank or bad value of the mapping is reported, not only the first
        _collect(problems, _parse_value,
                 {"indicator": id_cell, "year": RawCell(year_text, cell.location), "value": cell},
                 indicators, True)
    raise_all(problems)


def _parse_value(row, indicators, declared_all: bool = True) -> None:
    ind_cell = row.get("indicator")
    value_cell = row.get("value")
    loc = (value_cell or ind_cell).location
    ident = _text(_required(row, "indicator", loc))
    if ident not in indicators and not declared_all:
        return  # its declaration may be what failed: that error is already reported
    if ident not in indicators:
        raise DataError(f"unknown indicator '{ident}'", ind_cell.location,
                        hint=_nearest_hint(ident, indicators) or
                        "declare it with id and label in the indicators file first")
    year = parse_year(_required(row, "year", loc))
    if value_cell is None or _text(value_cell) == "":
        raise DataError(f"blank value for {ident} in {year}", loc,
                        hint="fill in the figure, or write '-' if it does not exist")
    if _text(value_cell) in NOT_AVAILABLE:
        return
    number = parse_number(value_cell)
    ind = indicators[ident]
    numbers.check_value(number, ind.minimum, ind.maximum, ind.integer,
                        f"{ident} ({ind.unit or ind.kind}) in {year}", value_cell.location)
    if year in ind.values:
        raise DataError(f"duplicate value for {ident} in {year} (also at "
                        f"{ind.values[year].location})", value_cell.location,
                        hint="keep one row per indicator and year")
    ind.values[year] = Value(number, value_cell.location, _limited(row.get("note"), "note", MAX_TEXT))


def _parse_breakdown(row, breakdowns, indicators) -> None:
    first = next(iter(row.values()))
    id_cell = _required(row, "id", first.location)
    ident = _text(id_cell)
    if not ID_RE.match(ident):
        raise DataError(f"'{ident}' is not a valid breakdown id", id_cell.location)
    if ident in breakdowns or ident in indicators:
        raise DataError(f"the id '{ident}' is already used", id_cell.location)
    unknown = set(row) - BREAKDOWN_FIELDS
    if unknown:
        name = sorted(unknown)[0]
        raise DataError(f"unknown field '{name}'", row[name].location,
                        hint=f"breakdown fields are: {', '.join(sorted(BREAKDOWN_FIELDS))}")
    parts_cell = _required(row, "parts", id_cell.location)
    parts = parts_cell.value if isinstance(parts_cell.value, list) else \
        [p.strip() for p in str(parts_cell.value).replace(";", ",").split(",") if p.strip()]
    for part in parts:
        if part not in indicators:
            raise DataError(f"breakdown part '{part}' is not an indicator", parts_cell.location,
                            hint=_nearest_hint(part, indicators))
    total = _text(row.get("total"))
    if total and total not in indicators:
        raise DataError(f"breakdown total '{total}' is not an indicator", row["total"].location,
                        hint=_nearest_hint(total, indicators))
    breakdowns[ident] = Breakdown(ident, _limited(row.get("label"), "label", MAX_LABEL) or ident, tuple(parts), total,
                                  id_cell.location)


def check_breakdown_sums(breakdown: Breakdown, indicators) -> list[DataError]:
    """Every year with a declared total must have all parts, summing exactly to it."""
    from ..compute import check_breakdown

    if not breakdown.total:
        return []
    total = indicators[breakdown.total]
    errors = []
    for year, declared in sorted(total.values.items()):
        parts = {p: indicators[p].values.get(year) for p in breakdown.parts}
        missing = [p for p, v in parts.items() if v is None]
        if missing:
            errors.append(DataError(
                f"breakdown '{breakdown.id}' has a total for {year} but no value for "
                f"{', '.join(missing)}", declared.location))
            continue
        diff = check_breakdown({p: v.value for p, v in parts.items()}, declared.value)
        if diff is not None:
            summed = " + ".join(str(v.value) for v in parts.values())
            errors.append(DataError(
                f"breakdown '{breakdown.id}' does not add up in {year}: {summed} = "
                f"{declared.value + diff}, but the declared total is {declared.value}",
                declared.location, hint="correct a part or the total"))
    return errors


def _nearest_hint(name: str, known) -> str | None:
    from ..suggest import nearest

    collector = _HINTS.get()
    if collector is not None and collector.full:
        return None

    close = nearest(name, known)
    return f"did you mean {', '.join(close)}?" if close else None
