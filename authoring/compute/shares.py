"""Values and totals → shares, ranks and breakdown checks."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, localcontext

from ..errors import ComputeError
from .rounding import to_decimal


def share(part, total) -> Decimal:
    """`part` as a ratio of `total`: 124 of 387 → 0.3204…"""
    if part is None or total is None:
        raise ComputeError("share: a value is missing")
    denominator = to_decimal(total)
    if denominator == 0:
        raise ComputeError("share: the total is zero")
    with localcontext() as ctx:
        ctx.prec = 34
        return to_decimal(part) / denominator


def rank(values: Mapping[str, object], key: str, descending: bool = True) -> int:
    """Competition rank of `key` among `values` (1, 2, 2, 4): ties share a place."""
    if key not in values:
        raise ComputeError(f"rank: '{key}' is not among the ranked values")
    mine = to_decimal(values[key])
    others = [to_decimal(v) for v in values.values()]
    better = sum(1 for v in others if (v > mine if descending else v < mine))
    return better + 1


def ranks(values: Mapping[str, object], descending: bool = True) -> dict[str, int]:
    """Competition rank of every key at once (as `rank`, in n log n rather than n² for all)."""
    from bisect import bisect_left, bisect_right

    numbers = {k: to_decimal(v) for k, v in values.items()}
    ordered = sorted(numbers.values())
    n = len(ordered)
    # better = how many are strictly larger (descending) or strictly smaller (ascending)
    return {k: 1 + (n - bisect_right(ordered, v) if descending else bisect_left(ordered, v))
            for k, v in numbers.items()}


def check_breakdown(parts: Mapping[str, object], total) -> Decimal | None:
    """Return the difference sum(parts) - total when it is not zero, else None."""
    summed = sum((to_decimal(v) for v in parts.values()), Decimal(0))
    diff = summed - to_decimal(total)
    return diff if diff != 0 else None
