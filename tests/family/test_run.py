"""family/run.py and `authoring build` on a family: all 17 reports, read back against the data;
one member's bad cell fails it alone; the union of the shards is the whole family, byte for byte."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document

from ..readback import pdf_body_text
from .truth import (break_cell, copy_family, country_values, member_values, members,
                    ranks, shown)




def _authoring(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "authoring", *map(str, args)],
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def family(tmp_path_factory):
    """The fixture family built once, DOCX only, by one command."""
    project = copy_family(tmp_path_factory.mktemp("family"))
    result = _authoring("build", "--project", project, "--format", "docx")
    assert result.returncode == 0, result.stderr
    return project, result.stdout


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def _table(path: Path, caption: str, first_header: str):
    """The rows of the table whose header starts with `first_header`, once `caption` is seen."""
    doc = Document(str(path))
    assert any(p.text.endswith(caption) for p in doc.paragraphs), caption
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == first_header)
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_one_command_builds_the_parent_and_every_member(family):
    project, stdout = family
    assert "17 reports: 17 built, 0 up to date, 0 failed" in stdout
    assert (project / "out" / "economy-2023.docx").is_file()
    for member in members():
        assert (project / "out" / member / f"economy-{member}-2023.docx").is_file()


def test_a_members_docx_shows_its_own_series_and_its_rank(family):
    project, _ = family
    path = project / "out" / "coast" / "economy-coast-2023.docx"
    values = member_values()
    rows = _table(path, "Indicators of Gold Coast", "Indicator")
    gdp = next(r for r in rows if r[0] == "Gross domestic product")
    assert gdp[2:] == [shown(values[("gdp", "coast", y)], 1) for y in (2021, 2022, 2023)]
    assert len(rows) == 1 + 12
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert f"of {len(members())} regions by GDP" in text
    share = values[("gdp", "coast", 2023)] / country_values()[("gdp", 2023)] * 100
    assert f"produced {shown(share, 1)}% of the national GDP" in text


def test_the_parents_comparison_table_ranks_every_member(family):
    project, _ = family
    rows = _table(project / "out" / "economy-2023.docx", "Regions ranked by GDP, 2023", "Rank")
    values, names, country = member_values(), members(), country_values()
    order = sorted(names, key=lambda m: -values[("gdp", m, 2023)])
    expected = [[str(ranks("gdp", 2023)[m]), names[m], shown(values[("gdp", m, 2023)], 1),
                 shown(values[("gdp", m, 2023)] / country[("gdp", 2023)] * 100, 1) + "%",
                 str(ranks("gdp", 2022)[m])] for m in order]
    assert rows[1:] == expected


def test_a_members_pdf_reads_back_its_figures(tmp_path):
    project = copy_family(tmp_path)
    result = _authoring("build", "--project", project, "--member", "bay", "--format", "pdf")
    assert result.returncode == 0, result.stderr
    text = pdf_body_text(project / "out" / "bay" / "economy-bay-2023.pdf")
    values = member_values()
    assert "Amber Bay in 2023" in text
    for ident, decimals in (("gdp", 1), ("population", 1), ("patents", 0)):
        assert shown(values[(ident, "bay", 2023)], decimals) in text
    assert not (project / "out" / "economy-2023.pdf").exists()  # only the member asked for


def test_a_member_with_a_bad_cell_fails_alone_and_the_summary_says_where(tmp_path):
    project = copy_family(tmp_path)
    line = break_cell(project)
    result = _authoring("build", "--project", project, "--format", "docx", "--member", "parent",
                        "--member", "marsh", "--member", "north", "--member", "lakes")
    assert result.returncode == 4
    assert "4 reports: 3 built, 0 up to date, 1 failed" in result.stderr
    assert f"failed marsh: data error: data/regions-wide.csv:{line} (column '2023')" \
        in result.stderr
    for built in ("north", "lakes"):
        assert (project / "out" / built / f"economy-{built}-2023.docx").is_file()
    assert (project / "out" / "economy-2023.docx").is_file()
    assert not (project / "out" / "marsh").exists() or \
        not list((project / "out" / "marsh").glob("*.docx"))


def test_the_shards_together_are_the_whole_family_byte_for_byte(family, tmp_path):
    project, _ = family
    listed = json.loads(_authoring("members", "--project", project, "--shards", "3").stdout)
    assert listed == ["1/3", "2/3", "3/3"]
    union: dict[str, bytes] = {}
    for shard in listed:
        out = tmp_path / shard.replace("/", "-of-")
        result = _authoring("build", "--project", project, "--format", "docx", "--shard", shard,
                            "--out", out)
        assert result.returncode == 0, result.stderr
        files = _files(out)
        assert not set(files) & set(union) - {p for p in files if p.startswith("figures/")}
        union.update(files)
    assert union == _files(project / "out")


def test_members_lists_the_reports_as_json(family):
    project, _ = family
    listed = json.loads(_authoring("members", "--project", project).stdout)
    assert listed[0]["id"] == "parent" and [m["id"] for m in listed[1:]] == list(members())
    assert listed[1] == {"id": "north", "name": "North Cape"}
    shard = json.loads(_authoring("members", "--project", project, "--shard", "2/4").stdout)
    assert [m["id"] for m in shard] == [m["id"] for m in listed[1::4]]
