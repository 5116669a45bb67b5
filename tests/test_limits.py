"""limits.py: each budget has its documented default, a variable that raises it, and an
error that names both."""

from __future__ import annotations

import re

import pytest

from authoring import limits
from authoring.errors import ConfigError, DataError, Location
from tests.conftest import ROOT


def _shown(value: int) -> str:
    for unit, size in (("MiB", 2**20), ("KiB", 2**10)):
        if value >= size and value % size == 0:
            return f"{value // size} {unit}"
    return f"{value:,}"


def it_documents_every_limit_with_its_default():
    text = (ROOT / "docs" / "SECURITY.md").read_text(encoding="utf-8")
    for name, limit in limits.LIMITS.items():
        assert re.search(rf"\| `{name}` \| {re.escape(_shown(limit.default))} \|", text), name


def it_takes_a_limit_from_the_environment_and_names_it_in_the_error(monkeypatch):
    monkeypatch.setenv("AUTHORING_LIMIT_DATA_ROWS", "1_000")
    assert limits.value("data_rows") == 1000
    error = limits.over("data_rows", "'data/x.csv' has more than 1,000 rows", Location("x"),
                        DataError)
    assert isinstance(error, DataError)
    assert "over the limit of 1,000 rows" in str(error)
    assert "AUTHORING_LIMIT_DATA_ROWS=4000" in str(error)


@pytest.mark.parametrize("bad", ["lots", "-5", "0", "1e6"])
def it_refuses_a_limit_that_is_not_a_whole_number(monkeypatch, bad):
    monkeypatch.setenv("AUTHORING_LIMIT_DATA_ROWS", bad)
    with pytest.raises(ConfigError, match="AUTHORING_LIMIT_DATA_ROWS"):
        limits.value("data_rows")


def it_suggests_a_limit_the_counted_input_fits():
    from authoring.limits import suggested

    assert suggested(500, None) == 2000  # not counted whole: four times the limit
    assert suggested(500, 1200) == 2000  # fits in four times
    assert suggested(500, 20_002) == 21_000  # far larger: rounded up, two digits
    assert suggested(10_000, 10_000_001) == 11_000_000
    assert all(suggested(7, n) >= n for n in range(1, 5000))
