"""Pairs of yearly values → year-on-year change, percentage points, CAGR and doubling."""

from __future__ import annotations

from decimal import Decimal, localcontext

from ..errors import ComputeError
from .rounding import to_decimal

_PREC = 34  # enough that rounding to any shown digit is exact


def _base(prev, what: str) -> Decimal:
    if prev is None:
        raise ComputeError(f"{what}: the base-year value is missing")
    base = to_decimal(prev)
    if base == 0:
        raise ComputeError(f"{what}: the base-year value is zero, so a relative change is undefined")
    return base


def yoy_change(current, previous) -> Decimal:
    """Relative change as a ratio: (current / previous) - 1; 0.065 means +6.5%."""
    if current is None:
        raise ComputeError("year-on-year change: the current value is missing")
    base = _base(previous, "year-on-year change")
    if base < 0:
        # a relative change against a negative base has no reader-friendly meaning
        raise ComputeError("year-on-year change: the base-year value is negative, so a growth "
                           "rate has no meaning", hint="state the change in the indicator's "
                           "unit: {{ x.change }}, or the two levels: {{ x | moved_from }}")
    with localcontext() as ctx:
        ctx.prec = _PREC
        return to_decimal(current) / base - 1


def abs_change(current, previous) -> Decimal:
    """Absolute change: current - previous, in the indicator's own unit."""
    if current is None or previous is None:
        raise ComputeError("absolute change: a value is missing")
    return to_decimal(current) - to_decimal(previous)


def pp_change(current_pct, previous_pct) -> Decimal:
    """Change of a ratio in percentage points: 4.0% → 4.1% is +0.1, not +2.5%."""
    return abs_change(current_pct, previous_pct)


def cagr(first, last, years: int) -> Decimal:
    """Compound annual growth over `years` steps: (last / first) ** (1 / years) - 1."""
    if years <= 0:
        raise ComputeError(f"CAGR needs a positive number of years, got {years}")
    base = _base(first, "CAGR")
    end = to_decimal(last)
    if base < 0 or end < 0:
        raise ComputeError("CAGR is undefined for negative values")
    with localcontext() as ctx:
        ctx.prec = _PREC
        if end == 0:
            return Decimal(-1)
        return (end / base) ** (Decimal(1) / Decimal(years)) - 1


def doubling(first, last) -> Decimal:
    """How many times `last` is of `first` (2 or more is "翻番", 4 "翻两番")."""
    base = _base(first, "doubling")
    with localcontext() as ctx:
        ctx.prec = _PREC
        return to_decimal(last) / base
