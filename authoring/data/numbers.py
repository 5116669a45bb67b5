"""A cell's text → an exact Decimal, or a DataError that says what is wrong with it (pure).

Only one way of writing a number is accepted: ASCII digits, an optional leading minus, a
point as the decimal separator, and commas only where they group thousands (`12,345.6`).
Anything else is refused rather than guessed, because a guess is how `204,9` (a decimal
comma) became 2049 in print. The limits on size keep every value displayable: Decimal
arithmetic and rounding work with 28 significant digits.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

from ..errors import DataError, Location

PLAIN = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?", re.ASCII)  # ASCII: not １２３
MAX_INTEGER_DIGITS = 15  # a quadrillion: more is a typo in a yearly report, never a figure
MAX_DECIMAL_PLACES = 10
YEAR_RANGE = (1900, 2100)
EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!",
                "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!",
                "#UNKNOWN!", "#BUSY!", "#EXTERNAL!"}
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
PLAIN_HINT = ("write plain digits with a point for decimals, such as 1815.3 or 12,345.6 (no units); "
              "use '-' for a value that does not exist")


def parse_number(text: str, location: Location) -> Decimal:
    """`text` (already stripped) → its exact value; every other spelling is a DataError."""
    problem, hint = _diagnose(text)
    if problem is None:
        value = Decimal(text.replace(",", ""))
        integer_digits = len(text.lstrip("+-").split(".")[0].replace(",", "").lstrip("0"))
        places = len(text.split(".")[1]) if "." in text else 0
        if integer_digits > MAX_INTEGER_DIGITS:
            problem = f"'{_short(text)}' has {integer_digits} digits before the decimal point"
            hint = (f"values are limited to {MAX_INTEGER_DIGITS} digits; use the indicator's "
                    "'scale' for large amounts, or check the cell for a typo")
        elif places > MAX_DECIMAL_PLACES:
            problem = f"'{_short(text)}' has {places} decimal places"
            hint = f"round it to at most {MAX_DECIMAL_PLACES} decimal places"
        else:
            return value
    raise DataError(problem, location, hint=hint)


def _diagnose(text: str) -> tuple[str | None, str | None]:
    """(None, None) when `text` is a well-formed number, else (problem, hint)."""
    if PLAIN.fullmatch(text):
        return None, None
    shown = _short(text)
    if text in EXCEL_ERRORS:
        return (f"the spreadsheet cell shows the error {text}",
                "fix the formula in the workbook (or type the figure), then save it again")
    if ISO_DATE.fullmatch(text):
        return f"'{text}' is a date, not a number", "format the cell as a number, not a date"
    if any(ch.isdigit() and not ch.isascii() for ch in text) or any(
            unicodedata.east_asian_width(ch) == "F" for ch in text):
        ascii_text = unicodedata.normalize("NFKC", text)
        return (f"'{shown}' is written with full-width characters",
                f"type it with ASCII (half-width) digits and signs: {_short(ascii_text)}")
    if "%" in text:
        return (f"'{shown}' has a percent sign",
                "write the bare number (the unit '%' belongs in indicators.yaml)")
    if "\u2212" in text or "\u2013" in text:
        return (f"'{shown}' uses a typographic minus or dash",
                "type the ASCII hyphen-minus '-' before the digits")
    if re.fullmatch(r"[+-]?\d+(?:\.\d+)?[eE][+-]?\d+", text):
        return (f"'{shown}' is in exponent notation",
                "write the number out in plain digits (exponents hide typos such as 1e400)")
    if text.lower().lstrip("+-.") in {"nan", "inf", "infinity"}:
        return f"'{shown}' is not a finite number", PLAIN_HINT
    if re.fullmatch(r"[+-]?\d+,\d{1,2}", text) or re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+,\d+", text):
        return (f"'{shown}' looks like a decimal comma",
                f"write {_short(text.replace('.', '').replace(',', '.'))} — the decimal separator is a "
                "point; commas may only group thousands, as in 12,345.6")
    if re.fullmatch(r"[+-]?[\d,]+(?:\.\d+)?", text) and "," in text:
        return (f"'{shown}' has misplaced thousands separators",
                "commas may only group digits in threes, as in 12,345.6; or leave them out")
    if re.fullmatch(r"[+-]?\d{1,3}(?:[ \u00a0\u202f']\d{3})+(?:\.\d+)?", text):
        return (f"'{shown}' groups digits with spaces or apostrophes",
                "leave the separators out, or use commas, as in 12,345.6")
    return f"'{shown}' is not a number", PLAIN_HINT


def parse_year(text: str, location: Location) -> int:
    """`text` → a year within YEAR_RANGE, or a DataError (2023.5, 20233 and dates are refused)."""
    if ISO_DATE.fullmatch(text):
        return _refuse_year(f"'{text}' is a date, not a year", location,
                            "type the year alone, such as 2023, and format the cell as a number")
    if not re.fullmatch(r"[0-9]{4}", text):
        return _refuse_year(f"'{_short(text)}' is not a four-digit year", location,
                            "a year is four digits, such as 2023")
    year = int(text)
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        return _refuse_year(f"the year {year} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}",
                            location, "check the cell for a typo")
    return year


def _refuse_year(message: str, location: Location, hint: str):
    raise DataError(message, location, hint=hint)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def decimal_text(value: float) -> str:
    """A spreadsheet's float → its shortest round-tripping text, in plain digits (no exponent)."""
    try:
        exact = Decimal(repr(value))
    except InvalidOperation:
        return repr(value)
    if not exact.is_finite():
        return repr(value)
    text = format(exact, "f")
    return text.removesuffix(".0") if "." in text and exact == exact.to_integral_value() else text


# Units that count whole things: Chinese measure words and common English count nouns.
# An indicator in one of them is a count (a non-negative whole number) unless it says otherwise.
COUNT_UNITS = frozenset("项 件 个 家 篇 款 人 名 位 所 次 台 只 座 部 种 户 本 条 批 支 艘 架 辆 株".split()) | {
    "人次", "项目", "people", "persons", "person", "companies", "company", "firms", "enterprises",
    "institutions", "projects", "patents", "papers", "articles", "grants", "awards",
    "applications", "students", "researchers", "employees", "jobs", "visits", "count"}


def default_constraints(kind: str, unit: str, decimals: int = 0
                        ) -> tuple[Decimal | None, Decimal | None, bool]:
    """(min, max, integer) an indicator gets when indicators.yaml does not say. A count unit
    shown with decimals is a rate (patents per 10,000 people), so not a whole number."""
    if kind == "year":
        return Decimal(1000), Decimal(9999), True
    if kind == "rank":
        return Decimal(1), None, True
    if kind == "percent" or unit == "%":
        return Decimal(0), Decimal(100), False
    if unit.strip().lower() in COUNT_UNITS:
        return Decimal(0), None, decimals == 0
    return None, None, False  # an amount may be negative: net migration, a trade balance


def check_value(value: Decimal, lowest: Decimal | None, highest: Decimal | None, integer: bool,
                what: str, location: Location) -> None:
    """Refuse a value its indicator says is impossible (negative count, share over 100, …)."""
    if integer and value != value.to_integral_value():
        raise DataError(f"{what} must be a whole number, got {value}", location,
                        hint="correct the cell, or set 'integer: false' for the indicator "
                             "in indicators.yaml")
    if lowest is not None and value < lowest:
        raise DataError(f"{what} must be at least {lowest}, got {value}", location,
                        hint="correct the cell, or set 'min:' for the indicator in indicators.yaml "
                             "if such values are real")
    if highest is not None and value > highest:
        raise DataError(f"{what} must be at most {highest}, got {value}", location,
                        hint="correct the cell, or set 'max:' for the indicator in indicators.yaml "
                             "if such values are real")
