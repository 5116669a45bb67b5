from decimal import Decimal as D

import pytest

from authoring.compute import check_breakdown, rank, round_half_up, share, streak
from authoring.errors import ComputeError


def it_computes_shares_of_a_reference_total():
    assert str(round_half_up(share(124, 387) * 100, 1)) == "32.0"
    assert str(round_half_up(share(52, 308) * 100, 1)) == "16.9"
    with pytest.raises(ComputeError):
        share(1, 0)
    with pytest.raises(ComputeError):
        share(None, 10)


def it_ranks_with_ties_sharing_a_place():
    values = {"a": 10, "b": 30, "c": 30, "d": 5}
    assert rank(values, "b") == 1
    assert rank(values, "c") == 1
    assert rank(values, "a") == 3
    assert rank(values, "d") == 4
    assert rank(values, "d", descending=False) == 1
    with pytest.raises(ComputeError):
        rank(values, "zz")


def it_checks_breakdowns_add_up():
    assert check_breakdown({"a": 43, "b": 31, "c": 205, "d": 15}, 294) is None
    assert check_breakdown({"a": 43, "b": 31, "c": 205, "d": 15}, 295) == D(-1)


def it_counts_streaks_up_to_the_report_year():
    ranks = {2017: 2, 2018: 1, 2019: 1, 2020: 1}
    assert streak(ranks, 2020, lambda v: v == 1) == 3
    assert streak(ranks, 2017, lambda v: v == 1) == 0
    assert streak({2019: 5, 2020: 1}, 2020, lambda v: v == 1) == 1


def it_refuses_a_streak_that_runs_off_the_data_unless_allowed():
    ranks = {2018: 1, 2019: 1, 2020: 1}
    with pytest.raises(ComputeError) as info:
        streak(ranks, 2020, lambda v: v == 1)
    assert "may be longer" in str(info.value)
    assert streak(ranks, 2020, lambda v: v == 1, open_ok=True) == 3


def it_refuses_a_streak_for_a_missing_year():
    with pytest.raises(ComputeError):
        streak({2019: 1}, 2020, lambda v: v == 1)


def it_ranks_every_key_at_once_as_rank_does_one():
    from authoring.compute import ranks

    values = {"a": D("3"), "b": D("5"), "c": D("3"), "d": D("-1"), "e": D("5.0"), "f": D("4")}
    for descending in (True, False):
        assert ranks(values, descending) == {k: rank(values, k, descending) for k in values}
