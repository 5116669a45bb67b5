from decimal import Decimal as D

import pytest

from authoring.compute import abs_change, cagr, doubling, pp_change, round_half_up, yoy_change
from authoring.errors import ComputeError


@pytest.mark.parametrize("value, decimals, expected", [
    ("2.675", 2, "2.68"),      # binary float would give 2.67
    ("0.05", 1, "0.1"),
    ("-0.05", 1, "-0.1"),      # halves go away from zero
    ("1.25", 1, "1.3"),
    ("1.35", 1, "1.4"),
    ("6.45", 1, "6.5"),
    ("6.449999", 1, "6.4"),
    (2.675, 2, "2.68"),        # floats are taken by their shortest repr, not their binary value
    ("123", 0, "123"),
])
def it_rounds_half_up_on_the_shown_digit(value, decimals, expected):
    assert str(round_half_up(value, decimals)) == expected


@pytest.mark.parametrize("cur, prev, expected_pct", [
    (24208, 22735, "6.5"),
    (3558, 2739, "29.9"),
    ("1815.3", "1522.2", "19.3"),
    (968, 1000, "-3.2"),       # negative growth
    (100, 100, "0.0"),
])
def it_computes_year_on_year_change(cur, prev, expected_pct):
    assert str(round_half_up(yoy_change(cur, prev) * 100, 1)) == expected_pct


def it_is_exact_at_rounding_edges():
    # 1.0645 is exactly 6.45%: must round to 6.5, a float division gives 6.449999…
    assert str(round_half_up(yoy_change("1.0645", 1) * 100, 1)) == "6.5"


@pytest.mark.parametrize("prev", [0, None, "0.0"])
def it_refuses_a_zero_or_missing_base(prev):
    with pytest.raises(ComputeError) as info:
        yoy_change(10, prev)
    assert "base-year value" in str(info.value)


def it_refuses_a_negative_base():
    with pytest.raises(ComputeError):
        yoy_change(10, -5)


def it_gives_absolute_and_percentage_point_changes():
    assert abs_change(303, 20) == 283
    assert pp_change(D("4.1"), D("4.0")) == D("0.1")  # not +2.5%
    assert pp_change(D("3.9"), D("4.0")) == D("-0.1")


def it_computes_cagr_over_a_plan_period():
    rate = cagr(100, 161.051, 5)  # 10% a year for five years
    assert str(round_half_up(rate * 100, 2)) == "10.00"
    with pytest.raises(ComputeError):
        cagr(100, 200, 0)
    with pytest.raises(ComputeError):
        cagr(0, 200, 5)


def it_tells_doubling():
    assert doubling(50, 100) == 2
    assert doubling(50, 210) > 4  # 翻两番
    with pytest.raises(ComputeError):
        doubling(0, 10)
