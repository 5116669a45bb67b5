"""The family fixture's figures read straight from its CSV files, independently of authoring."""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

FAMILY = Path(__file__).resolve().parents[1] / "fixtures" / "family_report"


def members(project: Path = FAMILY) -> dict[str, str]:
    with open(project / "data" / "members.csv", encoding="utf-8") as f:
        return {row["id"]: row["name"] for row in csv.DictReader(f)}


def member_values(project: Path = FAMILY) -> dict[tuple[str, str, int], Decimal]:
    """(indicator, member, year) → value, from both shapes."""
    values = {}
    with open(project / "data" / "regions-wide.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            for year in ("2021", "2022", "2023"):
                values[(row["indicator"], row["member"], int(year))] = Decimal(row[year])
    with open(project / "data" / "regions-long.csv", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            values[(row["indicator"], row["member"], int(row["year"]))] = Decimal(row["value"])
    return values


def country_values(project: Path = FAMILY) -> dict[tuple[str, int], Decimal]:
    with open(project / "data" / "country.csv", encoding="utf-8") as f:
        return {(row["indicator"], int(y)): Decimal(row[y]) for row in csv.DictReader(f)
                for y in ("2021", "2022", "2023")}


def ranks(indicator: str, year: int, project: Path = FAMILY) -> dict[str, int]:
    """Competition ranks, 1 = largest."""
    values = member_values(project)
    col = {m: values[(indicator, m, year)] for m in members(project)}
    return {m: 1 + sum(1 for v in col.values() if v > mine) for m, mine in col.items()}


def shown(value: Decimal, decimals: int) -> str:
    """English display: thousands commas, half-up rounding."""
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{rounded:,.{decimals}f}"


def copy_family(tmp_path: Path) -> Path:
    """A private copy of the fixture family (inputs only)."""
    import shutil

    target = tmp_path / "family"
    shutil.copytree(FAMILY, target, ignore=shutil.ignore_patterns("out"))
    return target


def break_cell(project: Path, indicator: str = "tourists", member: str = "marsh") -> int:
    """Write '12a' into `member`'s 2023 cell of `indicator`; the line it is on."""
    path = project / "data" / "regions-wide.csv"
    lines = path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{indicator},{member},"))
    lines[at] = lines[at].rsplit(",", 1)[0] + ",12a"
    path.write_text("\n".join(lines) + "\n")
    return at + 1
