"""Captions that cannot disagree with their chart: `{{ first_year }}`—`{{ last_year }}` name
the drawn range; literal years or share / growth words that contradict the drawing are a
`check` warning (an error with --strict) and a build warning."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest

from authoring.charts.caption import disagreements
from authoring.charts.data import ChartData, Series


def chart(years, measure="value", kind="bar"):
    series = (Series("x", tuple(Decimal(1) for _ in years), tuple("1" for _ in years)),)
    return ChartData(kind, tuple(str(y) for y in years), series, "", None, "", measure=measure,
                     years=tuple(years))


@pytest.mark.parametrize("caption, years, measure, problem", [
    ("2019—2023年按执行主体分R&D经费", [2023], "value", "says 2019—2023, the chart draws 2023"),
    ("2019-2023 R&D by performer", [2021, 2022, 2023], "value", "says 2019—2023, the chart draws 2021—2023"),
    ("2021年各市R&D经费", [2023], "value", "names 2021"),
    ("各市（区）R&D经费占全省比重", [2023], "value", "says '比重'"),
    ("Each city's share of the total", [2023], "value", "says 'share'"),
    ("2019—2023年R&D经费增速", [2019, 2020, 2021, 2022, 2023], "value", "says '增速'"),
    ("各市R&D经费占全省的比例", [2023], "value", "says '比例'"),
    ("各市R&D经费占全省", [2023], "value", "says '占'"),
    ("Percentage of R&D by city", [2023], "value", "says 'Percentage'"),
    ("近五年各市R&D经费", [2023], "value", "says '近五年', the chart draws 1 year"),
    ("五年来R&D经费", [2021, 2022, 2023], "value", "the chart draws 3 years"),
    ("R&D spending over the last five years", [2022, 2023], "value", "says 'last five years'"),
])
def it_finds_a_caption_that_contradicts_the_chart(caption, years, measure, problem):
    found = disagreements(caption, chart(years, measure))
    assert any(problem in p for p in found), found


@pytest.mark.parametrize("caption, years, measure", [
    ("2019—2023年按执行主体分R&D经费", [2019, 2020, 2021, 2022, 2023], "value"),
    ("各市（区）R&D经费占全省比重", [2023], "share"),
    ("2020年主要科技指标与上年比较", [2019, 2020], "value"),
    ("R&D growth, 2022", [2022], "growth"),
    ("Research grants awarded", [2021, 2022, 2023], "value"),
    ("近五年R&D经费", [2019, 2020, 2021, 2022, 2023], "value"),
    ("R&D spending, last 3 years", [2021, 2022, 2023], "value"),
    ("各市R&D经费构成", [2023], "value"),
])
def it_accepts_a_caption_that_agrees(caption, years, measure):
    assert disagreements(caption, chart(years, measure)) == []


@pytest.fixture
def project(english_copy):
    figures = english_copy / "figures"
    (figures / "ranged.yaml").write_text(
        "kind: bar\nseries: [grants]\nyears: [report-1, report]\n"
        "caption: 'Grants, {{ first_year }}–{{ last_year }}'\n", encoding="utf-8")
    (figures / "wrong.yaml").write_text(
        "kind: hbar\nseries: [startups, national_startups]\nyear: report\n"
        "caption: Share of spin-offs, 2019–2023\n", encoding="utf-8")
    chapter = english_copy / "templates" / "summary.md.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8")
                       + '\n{{ figure("ranged") }}\n\n{{ figure("wrong") }}\n', encoding="utf-8")
    return english_copy


def check(project, *more):
    return subprocess.run([sys.executable, "-m", "authoring", "check", "--project", str(project), *more],
                          capture_output=True, text=True)


def it_warns_in_check_and_fails_with_strict_at_the_caption_line(project):
    result = check(project)
    assert result.returncode == 0, result.stdout
    lines = [l for l in result.stdout.splitlines() if l.startswith("figures/")]
    assert "figures/wrong.yaml:4:1: warning: the caption says 2019—2023, the chart draws 2023" in lines
    assert "figures/wrong.yaml:4:1: warning: the caption says 'Share', the chart draws values" in lines
    assert not any(l.startswith("figures/ranged.yaml") for l in lines)
    strict = check(project, "--strict")
    assert strict.returncode == 1 and "figures/wrong.yaml:4:1: error: the caption says" in strict.stdout


def it_names_the_drawn_range_in_the_built_caption(project):
    from authoring.build import build

    from ..readback import docx_paragraphs

    result = build(project, formats=["docx"])
    text = "\n".join(docx_paragraphs(result.outputs["docx"]))
    assert "Grants, 2022–2023" in text
    assert any("wrong.yaml" in w and "2019—2023" in w for w in result.warnings)


def it_accepts_share_words_over_an_indicator_in_percent():
    """R&D经费占GDP比重 drawn as values of an indicator in % is a share already."""
    series = (Series("x", (Decimal("2.6"),), ("2.6%",), unit="%"),)
    data = ChartData("bar", ("2023",), series, "%", None, "", measure="value", years=(2023,))
    assert disagreements("R&D经费占GDP比重", data) == []
