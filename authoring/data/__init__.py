"""Data loading: CSV, XLSX and YAML files → a validated Dataset of indicators and breakdowns."""

from .load import load_dataset  # noqa: F401
from .schema import Breakdown, Dataset, Indicator, Value  # noqa: F401
