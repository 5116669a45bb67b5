"""Validated data types: indicators with yearly values, breakdowns, and the whole dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..errors import Location

SCALES = {
    "1": Decimal(1), "": Decimal(1),
    "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12,
    "thousand": Decimal(10) ** 3, "million": Decimal(10) ** 6, "billion": Decimal(10) ** 9,
}
KINDS = ("amount", "percent", "rank", "year")


@dataclass(frozen=True)
class Value:
    """One datum with where it came from (for errors and the audit trail)."""

    value: Decimal
    location: Location
    note: str = ""


@dataclass
class Indicator:
    id: str
    label: str
    unit: str = ""
    decimals: int = 0
    scale: str = ""  # display scale word: "万", "亿", "million", …; "" = as stored
    kind: str = "amount"
    source: str = ""
    notes: str = ""
    total: str = ""  # id of the reference-total indicator used by share()
    location: Location | None = None
    values: dict[int, Value] = field(default_factory=dict)
    currency: str = ""  # ISO 4217 code ("EUR", "CNY") for money; "" = not money
    # what a value may be (indicators.yaml `min`, `max`, `integer`, or defaults by kind and unit)
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    integer: bool = False

    @property
    def scale_factor(self) -> Decimal:
        return SCALES[self.scale]

    def years(self) -> list[int]:
        return sorted(self.values)


@dataclass(frozen=True)
class Breakdown:
    """Categories (indicator ids) that must add up to a declared total indicator."""

    id: str
    label: str
    parts: tuple[str, ...]
    total: str = ""
    location: Location | None = None


@dataclass
class Dataset:
    indicators: dict[str, Indicator]
    breakdowns: dict[str, Breakdown]
    files: tuple[str, ...] = ()
    family: object = None  # family/data.py FamilyScope, in a report family's reports

    def frame(self):
        """All values as a long pandas DataFrame (indicator, year, value, file, line, cell)."""
        import pandas as pd

        records = [
            {"indicator": ind.id, "year": year, "value": v.value, "unit": ind.unit,
             "file": v.location.file, "line": v.location.line, "cell": v.location.cell or "",
             "note": v.note}
            for ind in self.indicators.values() for year, v in sorted(ind.values.items())
        ]
        return pd.DataFrame.from_records(
            records, columns=["indicator", "year", "value", "unit", "file", "line", "cell", "note"])
