"""A yearly series and a condition → how many consecutive years up to a year it held."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ..errors import ComputeError


def streak(series: Mapping[int, object], year: int, holds: Callable[[object], bool],
           open_ok: bool = False) -> int:
    """Count consecutive years ending at `year` for which `holds(value)` is true.

    If the run reaches the first year of the data the true streak may be longer; that
    is an error unless `open_ok`, because "连续3年" printed from 3 years of data is a guess.
    """
    if year not in series:
        raise ComputeError(f"streak: no value for {year}")
    count = 0
    y = year
    while y in series and holds(series[y]):
        count += 1
        y -= 1
    if count and y not in series and not open_ok:
        raise ComputeError(
            f"streak: the condition holds back to {y + 1}, the first year in the data, so the "
            f"streak may be longer than {count}; add the value for {y} or allow an open streak")
    return count
