"""One accepted spelling of a number; every other one refused with the reason (data/numbers.py)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from authoring.data.numbers import (check_value, decimal_text, default_constraints, parse_number,
                                    parse_year)
from authoring.errors import DataError, Location

AT = Location("data/v.csv", 3, "value")


@pytest.mark.parametrize("text, value", [
    ("1815.3", D("1815.3")), ("-3", D("-3")), ("+2.5", D("2.5")), ("12,345", D("12345")),
    ("1,204.5", D("1204.5")), ("80,000,000.0", D("80000000.0")), ("0.0645", D("0.0645")),
])
def it_reads_well_formed_numbers_exactly(text, value):
    assert parse_number(text, AT) == value


@pytest.mark.parametrize("text, reason", [
    ("204,9", "decimal comma"), ("84,5", "decimal comma"), ("8,45", "decimal comma"),
    ("1.204,5", "decimal comma"), ("1,2,3", "misplaced thousands"), ("12,34,567", "misplaced"),
    ("１２３", "full-width"), ("１２３.５", "full-width"), ("12.5%", "percent sign"),
    ("1e400", "exponent"), ("2.5E3", "exponent"), ("NaN", "not a finite"), ("-inf", "not a finite"),
    (".nan", "not a finite"), ("−5", "typographic minus"), ("1 234", "spaces"),
    ("#DIV/0!", "#DIV/0!"), ("#N/A", "#N/A"), ("2023-01-01", "a date"), ("12a", "is not a number"),
    ("9" * 16, "16 digits before"), ("0." + "1" * 11, "11 decimal places"), ("", "not a number"),
])
def it_refuses_every_other_spelling_with_the_reason(text, reason):
    with pytest.raises(DataError) as caught:
        parse_number(text, AT)
    assert reason in caught.value.message and caught.value.location == AT
    assert caught.value.hint


@pytest.mark.parametrize("text, reason", [
    ("2023.5", "four-digit"), ("20233", "four-digit"), ("２０２３", "four-digit"),
    ("1823", "outside 1900–2100"), ("2023-01-01", "a date"),
])
def it_refuses_bad_years(text, reason):
    with pytest.raises(DataError, match=reason):
        parse_year(text, AT)


def it_gives_spreadsheet_floats_plain_digits():
    assert decimal_text(1815.3) == "1815.3"
    assert decimal_text(2023.0) == "2023"
    assert decimal_text(1e16) == "10000000000000000"


@pytest.mark.parametrize("kind, unit, decimals, expected", [
    ("percent", "%", 1, (D(0), D(100), False)), ("amount", "%", 0, (D(0), D(100), False)),
    ("rank", "", 0, (D(1), None, True)), ("year", "", 0, (D(1000), D(9999), True)),
    ("amount", "项", 0, (D(0), None, True)), ("amount", "companies", 0, (D(0), None, True)),
    ("amount", "件", 1, (D(0), None, False)), ("amount", "EUR", 1, (None, None, False)),
])
def it_has_defaults_by_kind_and_unit(kind, unit, decimals, expected):
    assert default_constraints(kind, unit, decimals) == expected


def it_checks_values_against_constraints():
    check_value(D(5), D(0), D(100), True, "x", AT)
    for value, integer, wanted in ((D(-1), False, "at least 0"), (D(101), False, "at most 100"),
                                   (D("2.5"), True, "whole number")):
        with pytest.raises(DataError, match=wanted):
            check_value(value, D(0), D(100), integer, "x", AT)
