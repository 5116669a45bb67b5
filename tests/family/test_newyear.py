"""family/newyear.py: `authoring new-year` on a report family adds blank cells for every report
(the parent's data and each member's, in the member files' own shapes), and `check` then names
each blank cell, file:line:cell, with its member."""

from __future__ import annotations

import csv
import re
import subprocess
import sys
from pathlib import Path

from authoring.newyear.blanks import Plan, add_blanks

from .truth import break_cell, copy_family, members

FILES = ("data/regions-wide.csv", "data/regions-long.csv")


def _run(*args):
    return subprocess.run([sys.executable, "-m", "authoring", *map(str, args)],
                          capture_output=True, text=True)


def _cells(project: Path) -> dict[tuple, tuple[str, int, str]]:
    """(indicator, member, year) → (file, line, text) of every member data cell, read with csv."""
    cells = {}
    for name in FILES:
        with open(project / name, encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))
        for line, row in enumerate(rows, start=2):  # no quoted line breaks in these files
            if "year" in row:
                cells[(row["indicator"], row["member"], int(row["year"]))] = (name, line, row["value"])
            else:
                for column, text in row.items():
                    if column.isdigit():
                        cells[(row["indicator"], row["member"], int(column))] = (name, line, text)
    return cells


def _fill(project: Path, value: str = "7") -> None:
    """Type a figure into every blank cell of the data files."""
    for path in (project / "data").glob("*.csv"):
        lines = path.read_text(encoding="utf-8").splitlines()
        lines = [line + value if line.endswith(",") else line.replace(",,", f",{value},")
                 for line in lines]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_new_year_adds_every_members_blank_and_check_names_each_cell(tmp_path):
    project = copy_family(tmp_path)
    before = _cells(project)
    indicators = sorted({i for i, _, _ in before})
    result = _run("new-year", 2024, "--project", project)
    assert result.returncode == 0, result.stderr
    assert re.search(r"(?m)^year = 2024$", (project / "report.toml").read_text())

    after = _cells(project)
    # every earlier figure kept as it was, in the same file
    assert {k: (f, t) for k, (f, _, t) in after.items() if k[2] < 2024} == \
        {k: (f, t) for k, (f, _, t) in before.items()}
    # exactly one blank 2024 cell per member and member indicator, in that indicator's file
    new = {k: v for k, v in after.items() if k[2] == 2024}
    assert set(new) == {(i, m, 2024) for i in indicators for m in members(project)}
    assert all(text == "" for _, _, text in new.values())
    file_of = {i: f for (i, _, _), (f, _, _) in before.items()}
    assert all(f == file_of[i] for (i, _, _), (f, _, _) in new.items())
    # the long file: each blank row right after that member's rows of the indicator
    for (i, m, _), (f, line, _) in new.items():
        if f.endswith("long.csv"):
            assert before[(i, m, 2023)][1] == line - 1 - sum(
                1 for (i2, m2, _), (f2, l2, _) in new.items() if f2 == f and l2 < line)

    # the parent's data has blanks too: check names the members' blanks beside them
    expected = {(f, line, i, m) for (i, m, _), (f, line, _) in new.items()}
    check = _run("check", "--project", project)
    assert check.returncode == 4, check.stdout
    pattern = re.compile(r"^(data/regions-\w+\.csv):(\d+):\d+: error: blank value for (\w+) "
                         r"of (\w+) in 2024")
    named = {(m.group(1), int(m.group(2)), m.group(3), m.group(4))
             for m in map(pattern.match, check.stdout.splitlines()) if m}
    assert named == expected
    assert sum(1 for line in check.stdout.splitlines()
               if line.startswith("data/country.csv:") and "blank value" in line) == len(indicators)

    # with the parent's figures typed in, each member's report names its own blank cells
    country = project / "data" / "country.csv"
    country.write_text("\n".join(line + "1" if line.endswith(",") else line
                                 for line in country.read_text().splitlines()) + "\n")
    check = _run("check", "--project", project)
    per_member = re.compile(r"^(data/regions-\w+\.csv):(\d+):\d+: error: report (\w+): blank "
                            r"value for (\w+) in 2024")
    named = {(m.group(1), int(m.group(2)), m.group(4), m.group(3))
             for m in map(per_member.match, check.stdout.splitlines()) if m}
    assert named == expected, check.stdout
    located = {(f, line) for f, line, _, _ in expected}
    for line in check.stdout.splitlines():  # no error anywhere else
        if ": error: " in line:
            where = line.split(":")
            assert (where[0], int(where[1])) in located, line

    _fill(project)
    check = _run("check", "--project", project)
    assert check.returncode == 0, check.stdout


def test_new_year_refuses_a_family_whose_member_data_has_a_bad_cell(tmp_path):
    project = copy_family(tmp_path)
    line = break_cell(project)
    files = {p: p.read_bytes() for p in project.rglob("*") if p.is_file()}
    result = _run("new-year", 2024, "--project", project)
    assert result.returncode != 0
    assert f"data/regions-wide.csv:{line}" in result.stderr and "'12a'" in result.stderr
    assert {p: p.read_bytes() for p in project.rglob("*") if p.is_file()} == files


def test_member_blanks_go_into_long_and_wide_files_by_indicator_and_member(tmp_path):
    long = tmp_path / "long.csv"
    long.write_text("indicator,member,year,value\ngdp,a,2023,1\ngdp,b,2023,2\npop,a,2023,3\n")
    text = add_blanks(Plan(long, "long.csv", [(("gdp", "a"), 2024, ""), (("pop", "b"), 2024, "")]))
    assert text.decode() == ("indicator,member,year,value\ngdp,a,2023,1\ngdp,a,2024,\n"
                             "gdp,b,2023,2\npop,a,2023,3\npop,b,2024,\n")
    wide = tmp_path / "wide.csv"
    wide.write_text("indicator,member,2022,2023\ngdp,a,1,2\ngdp,b,3,4\n")
    text = add_blanks(Plan(wide, "wide.csv", [(("gdp", "b"), 2024, ""), (("pop", "a"), 2024, "")]))
    # a row that does not need the year gets '-' (no value); a new row '-' in the other years
    assert text.decode() == ("indicator,member,2022,2023,2024\ngdp,a,1,2,-\ngdp,b,3,4,\n"
                             "pop,a,-,-,\n")


def test_member_blanks_go_into_a_wide_sheet_by_indicator_and_member(tmp_path):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["indicator", "member", 2022, 2023], ["gdp", "a", 1, 2], ["gdp", "b", 3, 4]):
        sheet.append(row)
    path = tmp_path / "wide.xlsx"
    book.save(path)
    data = add_blanks(Plan(path, "wide.xlsx", [(("gdp", "b"), 2024, sheet.title),
                                               (("pop", "a"), 2024, sheet.title)]))
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(io.BytesIO(data)).active.rows]
    assert rows == [["indicator", "member", 2022, 2023, 2024], ["gdp", "a", 1, 2, "-"],
                    ["gdp", "b", 3, 4, None], ["pop", "a", "-", "-", None]]
