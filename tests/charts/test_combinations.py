"""Every kind × data source × one year or several × measure × sort: drawn and read back
against the data (marks, their values, their order, their labels), or refused with the
figure file and line, by the loader and by `authoring check`."""

from __future__ import annotations

import itertools
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from authoring.charts.data import chart_data
from authoring.charts.spec import load_spec
from authoring.data import load_dataset
from authoring.errors import FigureError

from .drawn import close, draw

YEARS = list(range(2019, 2024))  # drawn; the data also has 2018, the year before the first
REPORT = 2023
PARTS = [f"p{i:02d}" for i in range(1, 17)]


def part_value(i: int, year: int) -> int:
    # distinct values whose order differs from the data order and changes growth by part
    return (i * 53 % 17 + 1) * 100 + (year - 2018) * (i % 5 + 1) * 7 + i


def series_value(name: str, year: int) -> int:
    return {"a": 300, "b": 500, "c": 200}[name] + (year - 2018) * {"a": 40, "b": 10, "c": 25}[name]


def national(year: int) -> int:
    return 4000 + (year - 2018) * 100


def meta(more_indicators: str = "") -> str:
    all_years = range(2018, 2024)
    lines = ["indicators:"]
    for i, part in enumerate(PARTS, start=1):
        values = ", ".join(f"{y}: {part_value(i, y)}" for y in all_years)
        lines.append(f"  - {{id: {part}, label: 部分{i:02d}, unit: 亿元, values: {{{values}}}}}")
    totals = ", ".join(f"{y}: {sum(part_value(i, y) for i in range(1, 17))}" for y in all_years)
    lines.append(f"  - {{id: parts_total, label: 合计, unit: 亿元, values: {{{totals}}}}}")
    for name in "abc":
        values = ", ".join(f"{y}: {series_value(name, y)}" for y in all_years)
        lines.append(f"  - {{id: {name}, label: 指标{name.upper()}, unit: 件, total: nat, "
                     f"values: {{{values}}}}}")
    values = ", ".join(f"{y}: {national(y)}" for y in all_years)
    lines.append(f"  - {{id: nat, label: 全国, unit: 件, values: {{{values}}}}}")
    lines.append(more_indicators.rstrip("\n")) if more_indicators else None
    lines += ["breakdowns:", f"  - {{id: cities, label: 各市, total: parts_total, parts: [{', '.join(PARTS)}]}}"]
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    (folder / "m.yaml").write_text(meta(), encoding="utf-8")
    return load_dataset([folder / "m.yaml"], folder)


SOURCES = {"series1": ["a"], "series": ["a", "b", "c"], "breakdown": PARTS}
KINDS = ("bar", "grouped_bar", "stacked_bar", "hbar", "line", "bar_line", "pie", "donut", "panels")
ONE_YEAR, SEVERAL = ("hbar", "pie", "donut"), ("grouped_bar", "stacked_bar", "line", "bar_line", "panels")
MEASURES = {"value": KINDS,
            "share": ("bar", "grouped_bar", "stacked_bar", "hbar", "line", "pie", "donut"),
            "growth": ("bar", "grouped_bar", "hbar", "line")}
SORTED = ("bar", "grouped_bar", "stacked_bar", "hbar", "pie", "donut")
COMBINATIONS = list(itertools.product(KINDS, SOURCES, (False, True), MEASURES, (False, True)))


def definition(kind, source, several, measure, sort) -> str:
    text = f"kind: {kind}\ncaption: 图\n"
    if source == "breakdown":
        text += "breakdown: cities\n"
    else:
        text += f"series: [{', '.join(SOURCES[source])}]\n"
    text += "years: [report-4, report-3, report-2, report-1, report]\n" if several else "year: report\n"
    if measure != "value":
        text += f"measure: {measure}\n"
    if sort:
        text += "sort: true\n"
    if kind == "bar_line":
        text += "show_growth: true\n"
    return text


def should_draw(kind, source, several, measure, sort) -> bool:
    """The rules of docs/FIGURES.md, stated here on their own."""
    if kind in ONE_YEAR and several or kind in SEVERAL and not several:
        return False
    if kind == "bar" and several and source != "series1":
        return False  # several items over years: grouped_bar or stacked_bar
    if kind not in MEASURES[measure]:
        return False
    if kind == "panels" and source == "breakdown":
        return False  # 16 panels do not fit across a page: refused once the data is known
    if sort and (kind not in SORTED or source == "series1" or kind == "bar" and several):
        return False
    return True


def raw(source, item: str, year: int) -> Decimal:
    if source == "breakdown":
        return Decimal(part_value(PARTS.index(item) + 1, year))
    return Decimal(series_value(item, year))


def expected(kind, source, several, measure, sort):
    """items in drawing order and item → year → the number that must be drawn."""
    items, years = SOURCES[source], YEARS if several else [REPORT]

    def number(item, year):
        value = raw(source, item, year)
        if measure == "value":
            return value
        if measure == "growth":
            return (value / raw(source, item, year - 1) - 1) * 100
        if kind in ("pie", "donut", "stacked_bar") or source == "breakdown":
            total = sum(raw(source, i, year) for i in items)
        else:
            total = Decimal(national(year))
        return value / total * 100

    table = {item: {y: number(item, y) for y in years} for item in items}
    order = sorted(items, key=lambda i: -table[i][years[-1]]) if sort else list(items)
    return order, table, years


def write(tmp_path: Path, combo, name="fig.yaml"):
    path = tmp_path / name
    path.write_text(definition(*combo), encoding="utf-8")
    return path


@pytest.mark.parametrize("combo", [c for c in COMBINATIONS if should_draw(*c)],
                         ids=lambda c: "-".join(str(x) for x in c))
def it_draws_each_valid_combination_as_the_data_says(tmp_path, dataset, combo):
    kind, source, several, measure, sort = combo
    spec = load_spec(write(tmp_path, combo), "figures/fig.yaml")
    data = chart_data(spec, dataset, REPORT, "zh-CN", "图")
    drawn = draw(data)
    order, table, years = expected(*combo)
    names = {item: ind.label for item, ind in dataset.indicators.items()}
    by_year = several
    if by_year:  # categories are years, one series per item
        assert data.categories == tuple(f"{y}年" for y in years)
        assert [s.name for s in data.series if s.role == "value"] == [names[i] for i in order]
        if kind != "panels":
            assert drawn.ticks == list(data.categories)
        for s_index, item in enumerate(order):
            wanted = [float(table[item][y]) for y in years]
            if kind == "line":
                assert all(close(a, b) for a, b in zip(drawn.lines[f"mark-{s_index}-0"], wanted))
            else:
                got = [drawn.marks[f"mark-{s_index}-{j}"] for j in range(len(years))]
                assert all(close(a, b) for a, b in zip(got, wanted)), (item, got, wanted)
        bars = 0 if kind == "line" else len(order) * len(years)
        assert len(drawn.marks) == bars
    else:  # categories are the items of one year
        year = years[0]
        assert data.categories == tuple(names[i] for i in order)
        if kind not in ("pie", "donut"):
            assert drawn.ticks == [names[i] for i in order]
        wanted = [table[i][year] for i in order]
        if kind in ("pie", "donut"):
            whole = sum(wanted)
            wanted = [w / whole * 100 for w in wanted]
        got = [drawn.marks[f"mark-0-{j}"] for j in range(len(order))]
        assert len(drawn.marks) == len(order)
        assert all(close(a, float(b)) for a, b in zip(got, wanted)), (got, wanted)
    # the marks have the same names in the DOCX's SVG
    assert sorted(drawn.svg_ids) == sorted(set(drawn.marks) | set(drawn.lines))
    # each value's label is printed, in the measure's words
    if kind == "line":  # a label with no room leaves its value to the alt text; none overlap
        boxes = [box for _, box in drawn.line_labels]
        assert not any(a.overlaps(b) for k, a in enumerate(boxes) for b in boxes[k + 1:])
        printed = [text for text, _ in drawn.line_labels]
        assert set(printed) <= {label for s in data.series for label in s.labels}
        for j in range(len(years)):  # the highest point of each year always has its label
            top = max(data.series, key=lambda s: s.values[j])
            assert top.labels[j] in printed
    elif kind != "stacked_bar":  # a stacked segment too small for its label leaves it to the alt text
        for s in data.series:
            for label in s.labels:
                assert not label or any(label in t for t in drawn.texts), label
    if measure != "value":
        assert all(label.endswith("%") for s in data.series for label in s.labels if label)
    if kind == "bar_line":  # the growth line on the right axis, in %
        growth = [s for s in data.series if s.role == "growth"]
        assert len(growth) == len(order) and all(s.secondary and s.unit == "%" for s in growth)
        for k, item in enumerate(order):
            line = drawn.lines[f"mark-{len(order) + k}-0"]
            want = [(raw(source, item, y) / raw(source, item, y - 1) - 1) * 100 for y in years]
            assert all(close(a, float(b)) for a, b in zip(line, want))


INVALID = [c for c in COMBINATIONS if not should_draw(*c)]


@pytest.mark.parametrize("combo", INVALID, ids=lambda c: "-".join(str(x) for x in c))
def it_refuses_each_invalid_combination_at_its_file_and_line(tmp_path, dataset, combo):
    with pytest.raises(FigureError) as info:
        spec = load_spec(write(tmp_path, combo), "figures/fig.yaml")
        chart_data(spec, dataset, REPORT, "zh-CN", "图")
    error = info.value
    assert error.location.file == "figures/fig.yaml" and error.location.line, str(error)
    assert error.hint or "give" in error.message, str(error)  # says what to write instead


def it_has_both_valid_and_invalid_combinations():
    assert len(INVALID) > 50 and len(COMBINATIONS) - len(INVALID) > 50


def it_refuses_every_invalid_combination_in_check_with_file_and_line(tmp_path, dataset):
    """One `authoring check` run over a project holding every invalid definition, each placed
    in a chapter (so that the ones refused only once the data is known are drawn too)."""
    from ..conftest import ENGLISH, copy_project

    project = copy_project(ENGLISH, tmp_path / "p")
    (project / "data" / "m.yaml").write_text(meta(), encoding="utf-8")
    for n, combo in enumerate(INVALID):
        write(project / "figures", combo, f"bad{n:03d}.yaml")
    chapter = project / "templates" / "summary.md.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "".join(
        f'\n{{{{ figure("bad{n:03d}") }}}}\n' for n in range(len(INVALID))), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "authoring", "check", "--project", str(project)],
                            capture_output=True, text=True)
    assert result.returncode != 0
    for n, combo in enumerate(INVALID):
        line = next(l for l in result.stdout.splitlines() if l.startswith(f"figures/bad{n:03d}.yaml:"))
        assert ": error: " in line and line.split(":")[1].isdigit(), line
