"""Numbers → exact decimals and decimal round-half-up, as statistics offices round."""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from ..errors import ComputeError


def to_decimal(value) -> Decimal:
    """Convert int, str or Decimal exactly; floats go through repr so 0.1 stays 0.1."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ComputeError(f"expected a number, got {value!r}")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ComputeError(f"expected a finite number, got {value!r}")
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ComputeError(f"expected a number, got {value!r}") from None


def _quantum(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def round_half_up(value, decimals: int = 0) -> Decimal:
    """Round on the shown digit, halves away from zero: 2.675 → 2.68, -0.05 → -0.1."""
    return to_decimal(value).quantize(_quantum(decimals), rounding=ROUND_HALF_UP)


def round_down(value, decimals: int = 0) -> Decimal:
    """Truncate toward minus infinity at `decimals`: 1.79 → 1.7 (for "超过1.7")."""
    return to_decimal(value).quantize(_quantum(decimals), rounding=ROUND_FLOOR)


def round_up(value, decimals: int = 0) -> Decimal:
    """Round toward plus infinity at `decimals`: 1.195 → 1.2 (for "近1.2")."""
    return to_decimal(value).quantize(_quantum(decimals), rounding=ROUND_CEILING)
