"""family/compare.py: comparisons among members, checked against the CSV files, with their audit."""

from __future__ import annotations

import dataclasses
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from authoring.build import configure
from authoring.data import load_dataset
from authoring.errors import TemplateError
from authoring.family.compare import family_context
from authoring.templating.env import TemplateRenderer

from .truth import FAMILY, country_values, member_values, members, ranks


def _renderer(member=""):
    config = dataclasses.replace(configure(FAMILY), member=member)
    dataset, extra = family_context(config, load_dataset(config.data_paths(), FAMILY))
    return _Plain(TemplateRenderer(FAMILY, dataset, config.year, config.lang, extra))


class _Plain:
    """The renderer with its audit marks stripped from the text."""

    def __init__(self, renderer):
        self.state = renderer.state
        self._renderer = renderer

    def render_string(self, source):
        from authoring.templating.marks import strip_marks

        return strip_marks(self._renderer.render_string(source))[0]


def test_rank_this_year_and_last_among_the_members():
    r = _renderer("north")
    assert r.render_string("{{ members.rank(gdp) }}") == str(ranks("gdp", 2023)["north"])
    assert r.render_string("{{ members.rank(gdp, at=2022) }}") == str(ranks("gdp", 2022)["north"])
    audit = r.state.printed[0].quantity
    assert audit.formula == "rank of north among 16 members by gdp[2023] (1 = largest)"
    assert len(audit.inputs) == 16 and {i.indicator for i in audit.inputs} == \
        {f"gdp@{m}" for m in members()}


def test_share_of_the_parent_and_position_against_parent_and_average():
    r = _renderer("lakes")
    values, country = member_values(), country_values()
    share = values[("gdp", "lakes", 2023)] / country[("gdp", 2023)] * 100
    assert r.render_string("{{ members.share(gdp) | pct(1) }}") == \
        f"{share.quantize(Decimal('0.1'), ROUND_HALF_UP)}%"
    mine = values[("unemployment_rate", "lakes", 2023)]
    expected = "above" if mine > country[("unemployment_rate", 2023)] else "below"
    assert r.render_string("{{ members.position(unemployment_rate, than='parent') }}") == expected
    assert "unemployment_rate[lakes, 2023]" in r.state.printed[-1].quantity.formula
    average = sum(values[("rd_spending", m, 2023)] for m in members()) / 16
    expected = "above" if values[("rd_spending", "lakes", 2023)] > average else "below"
    assert r.render_string("{{ members.position(rd_spending) }}") == expected


def test_top_n_count_above_and_ranked_in_the_parent():
    r = _renderer()
    values, names = member_values(), members()
    order = sorted(names, key=lambda m: -values[("gdp", m, 2023)])
    assert r.render_string("{% for p in members.top(gdp, 3) %}{{ p.name }};{% endfor %}") == \
        "".join(f"{names[m]};" for m in order[:3])
    national = country_values()[("unemployment_rate", 2023)]
    above = sum(1 for m in names if values[("unemployment_rate", m, 2023)] > national)
    assert r.render_string("{{ members.count_above(unemployment_rate, parent.unemployment_rate) }}") \
        == str(above)
    assert r.render_string("{% for p in members.ranked(gdp) %}{{ p.id }}:{{ p.prev_rank }} "
                           "{% endfor %}").split() == \
        [f"{m}:{ranks('gdp', 2022)[m]}" for m in order]


def test_member_columns_and_the_parent_have_no_member_of_their_own():
    assert _renderer("east").render_string("{{ member.name }}/{{ member.capital }}/{{ member.short }}") \
        == "East Riding/Eastholm/ER"
    parent = _renderer()
    assert parent.render_string("{{ 'x' if member else 'none' }}") == "none"
    with pytest.raises(TemplateError, match="no member of its own"):
        parent.render_string("{{ members.rank(gdp) }}")
    with pytest.raises(TemplateError, match="no column 'capitol'"):
        _renderer("east").render_string("{{ member.capitol }}")


def test_a_ranked_table_shares_one_tuple_of_cells_listed_once_in_the_audit():
    from authoring.model.nodes import DataInput, Document, PrintedFigure
    from authoring.records.audit import audit_rows

    r = _renderer()
    r.render_string("{% for p in members.ranked(gdp) %}{{ p.rank }} {{ p.prev_rank }} {% endfor %}")
    now = [p.quantity for p in r.state.printed[0::2]]
    before = [p.quantity for p in r.state.printed[1::2]]
    # every rank of one year is decided on the same 16 cells: one tuple, not 16 copies
    assert len({id(q.inputs) for q in now}) == 1 and len({id(q.inputs) for q in before}) == 1
    assert {i.indicator for i in now[0].inputs} == {f"gdp@{m}" for m in members()}
    assert {i.year for i in before[0].inputs} == {2022}
    shared = tuple(DataInput(i.indicator, i.year, str(i.value), str(i.location)) for i in now[0].inputs)
    printed = tuple(PrintedFigure(str(n), "rank", shared) for n in range(1, 17))
    rows = audit_rows(Document(None, (), printed=printed))
    assert len(rows) == 16 + 15  # the cells once, then one row per other rank naming figure 1
    assert [r.cell for r in rows[16:]] == ["the same 16 data cells as figure 1"] * 15
    assert {r.indicator for r in rows[:16]} == {f"gdp@{m}" for m in members()}



def test_the_parents_audit_grows_with_the_member_count_not_its_square(tmp_path):
    import csv

    from authoring.build import build
    from benchmarks.family import family_project

    count = 96
    project = family_project(tmp_path / "family", count)
    result = build(project, formats=["docx"], member=None)
    with open(result.outputs["audit-csv"], encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    by_figure: dict[str, list] = {}
    for row in rows:
        by_figure.setdefault(row["figure"], []).append(row)
    ranks = [f for f, rs in by_figure.items() if rs[0]["formula"].startswith("rank of ")]
    assert len(ranks) == 2 * count  # this year's and last year's rank of every member
    for figure in ranks:
        cells = by_figure[figure]
        same = re.fullmatch(r"the same (\d+) data cells as figure (\d+)", cells[0]["cell"])
        if same:  # a figure decided on the same cells, listed there once
            assert len(cells) == 1 and int(same.group(1)) == count
            cells = by_figure[same.group(2)]
        year = re.search(r"gdp\[(\d+)\]", by_figure[figure][0]["formula"]).group(1)
        assert sorted((c["indicator"], c["year"]) for c in cells) == \
            sorted((f"gdp@r{i + 1:04d}", year) for i in range(count))
    # each year's cells listed once, every other figure one row: 2 × 96² rows before
    assert len(rows) < 20 * count
