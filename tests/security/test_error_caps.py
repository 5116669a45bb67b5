"""Threat: a data file with a huge number of bad rows turns into a hang and a flood.

A million bad rows took 154 s, 2.9 GB and printed two million lines. The first 50 problems
are reported with their cells, the rest are counted; hints are worked out only for those shown.
"""

from __future__ import annotations

from authoring.errors import MAX_SHOWN_ERRORS

from .conftest import assert_plain_error, cli

BAD_ROWS = 20_000


def it_reports_the_first_50_problems_then_a_count(english_copy, monkeypatch):
    monkeypatch.setenv("AUTHORING_LIMIT_DATA_ERRORS", str(10 * BAD_ROWS))  # all counted
    with (english_copy / "data" / "bad.csv").open("w", encoding="utf-8") as handle:
        handle.write("indicator,year,value\n")
        for i in range(BAD_ROWS):
            # alternately a value that is not a number and an unknown indicator
            handle.write(f"grants,{1000 + i % 9000},1x{i}\n" if i % 2 else f"nosuch{i},2023,{i}\n")
    text = assert_plain_error(cli("build", "--project", str(english_copy), "--format", "html"), 4)
    problems = [line for line in text.splitlines() if line.startswith(("data/", "data error: data/"))]
    assert len(problems) == MAX_SHOWN_ERRORS
    assert "data/bad.csv:2 (column 'indicator'): unknown indicator 'nosuch0'" in text
    assert f"… and {BAD_ROWS - MAX_SHOWN_ERRORS:,} more problems (the first 50 are shown" in text
    assert len(text.splitlines()) < 3 * MAX_SHOWN_ERRORS  # problems, their hints, one count
