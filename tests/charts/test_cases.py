"""The charts issue 24 saw come out wrong, drawn from definitions of our own and read back:
a breakdown over years stacked and grouped, a sorted share chart, a growth line on a second
axis, a highlighted bar, top N with the rest as Other, slice labels that never overlap, and
money labels as the prose writes them."""

from __future__ import annotations

from decimal import Decimal

import pytest

from authoring.charts.data import chart_data
from authoring.charts.spec import load_spec
from authoring.data import load_dataset

from .drawn import THEME, close, draw
from .test_combinations import PARTS, meta, part_value

FIVE_YEARS = "years: [report-4, report-3, report-2, report-1, report]\n"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    (folder / "m.yaml").write_text(meta(MONEY), encoding="utf-8")
    return load_dataset([folder / "m.yaml"], folder)


MONEY = """\
  - {id: fund_basic, label: Basic research, unit: EUR, currency: EUR, scale: million, decimals: 1,
     values: {2023: 99800000}}
  - {id: fund_applied, label: Applied research, unit: EUR, currency: EUR, scale: million, decimals: 1,
     values: {2023: 120000000}}
  - {id: fund_total, label: Funding, unit: EUR, currency: EUR, scale: million, decimals: 1,
     values: {2023: 219800000}}
  - {id: rd_cny, label: R&D经费, unit: 元, currency: CNY, scale: 亿, decimals: 1,
     values: {2022: 1290000000, 2023: 1400000000}}
"""


def drawn_chart(tmp_path, dataset, text, lang="zh-CN"):
    path = tmp_path / "fig.yaml"
    path.write_text(text, encoding="utf-8")
    spec = load_spec(path, "figures/fig.yaml")
    data = chart_data(spec, dataset, 2023, lang, "图")
    return data, draw(data, spec.size_mm)


def it_stacks_a_16_part_breakdown_over_five_years_in_80_segments(tmp_path, dataset):
    data, drawn = drawn_chart(tmp_path, dataset, "kind: stacked_bar\nbreakdown: cities\n"
                              + FIVE_YEARS + "caption: 2019—2023年各市\n")
    assert len(drawn.svg_ids) == 80 and len(drawn.marks) == 80
    assert drawn.ticks == ["2019年", "2020年", "2021年", "2022年", "2023年"]
    for j, year in enumerate(range(2019, 2024)):
        column = [drawn.marks[f"mark-{i}-{j}"] for i in range(16)]
        assert [round(v) for v in column] == [part_value(i, year) for i in range(1, 17)]
        assert close(sum(column), sum(part_value(i, year) for i in range(1, 17)))


def it_groups_a_breakdown_over_five_years(tmp_path, dataset):
    data, drawn = drawn_chart(tmp_path, dataset, "kind: grouped_bar\nbreakdown: cities\ntop: 3\n"
                              + FIVE_YEARS + "caption: 2019—2023年各市\n")
    assert len(drawn.marks) == 4 * 5  # the three largest and the rest, in each of five years
    assert [s.name for s in data.series][-1] == "其他"
    biggest = sorted(range(1, 17), key=lambda i: -part_value(i, 2023))[:3]
    for j, year in enumerate(range(2019, 2024)):
        rest = sum(part_value(i, year) for i in range(1, 17) if i not in biggest)
        assert round(drawn.marks[f"mark-3-{j}"]) == rest


def it_draws_a_sorted_share_chart_in_descending_percentages_adding_to_100(tmp_path, dataset):
    data, drawn = drawn_chart(tmp_path, dataset, "kind: hbar\nbreakdown: cities\nmeasure: share\n"
                              "sort: true\ndecimals: 2\ncaption: 2023年各市占全省比重\nsize: [150, 120]\n")
    shares = [drawn.marks[f"mark-0-{j}"] for j in range(16)]
    assert shares == sorted(shares, reverse=True)
    assert close(sum(shares), 100)
    labels = data.series[0].labels
    assert all(label.endswith("%") for label in labels)
    assert [float(label[:-1]) for label in labels] == sorted((float(x[:-1]) for x in labels), reverse=True)
    assert abs(sum(Decimal(label[:-1]) for label in labels) - 100) <= Decimal("0.01") * 16 / 2
    for label in labels:  # printed on the chart
        assert label in drawn.texts
    order = sorted(range(1, 17), key=lambda i: -part_value(i, 2023))
    assert drawn.ticks == [f"部分{i:02d}" for i in order]  # largest on top


def it_draws_the_growth_of_the_bars_as_a_line_on_a_second_axis(tmp_path, dataset):
    from .drawn import chart_context, lay_out

    data, drawn = drawn_chart(tmp_path, dataset, "kind: bar_line\nseries: [a]\nshow_growth: true\n"
                              + FIVE_YEARS + "caption: 2019—2023年指标A及增速\n")
    assert [round(drawn.marks[f"mark-0-{j}"]) for j in range(5)] == [340, 380, 420, 460, 500]
    wanted = [40 / 300, 40 / 340, 40 / 380, 40 / 420, 40 / 460]
    assert all(close(a, b * 100) for a, b in zip(drawn.lines["mark-1-0"], wanted))
    assert "13.3%" in drawn.texts and "%" in drawn.texts  # the first point, the right axis title
    with chart_context(THEME):
        fig, _ = lay_out(data, THEME, (150, 85))
        left, right = fig.axes
        line = next(a for a in fig.findobj() if (a.get_gid() or "") == "mark-1-0")
        assert line.axes is right and right.get_ylabel() == "%"


def it_highlights_one_bar_and_only_that_one(tmp_path, dataset):
    from matplotlib.colors import to_hex

    from .drawn import chart_context, lay_out

    data, _ = drawn_chart(tmp_path, dataset, "kind: bar\nseries: [a, b, c]\nhighlight: b\n"
                          "caption: 2023年\n")
    assert data.highlight == 1
    with chart_context(THEME):
        fig, svg = lay_out(data, THEME, (150, 85))
        colours = [to_hex(a.get_facecolor()) for a in fig.findobj()
                   if (a.get_gid() or "").startswith("mark-")]
    assert colours == [THEME.palette[0], THEME.palette[1], THEME.palette[0]]


@pytest.mark.parametrize("kind", ["pie", "donut"])
def it_never_overlaps_the_labels_of_small_slices(tmp_path, dataset, kind):
    # 16 slices, several of them thin, on a small chart
    data, drawn = drawn_chart(tmp_path, dataset, f"kind: {kind}\nbreakdown: cities\nyear: report\n"
                              "caption: 构成\nsize: [150, 90]\n")
    boxes = drawn.pie_boxes
    assert len(boxes) == 16
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (a, b)


def it_writes_money_labels_as_the_prose_does(tmp_path, dataset):
    data, drawn = drawn_chart(tmp_path, dataset, "kind: pie\nseries: [fund_basic, fund_applied]\n"
                              "year: report\ncaption: Funding\n", lang="en")
    assert any("€99.8\u00a0million" in t for t in drawn.texts)
    assert not any("m EUR" in t or "million EUR" in t for t in drawn.texts)
    assert "€99.8\u00a0million" in data.alt
    data, drawn = drawn_chart(tmp_path, dataset, "kind: bar\nseries: [rd_cny]\n"
                              "years: [report-1, report]\ncaption: R&D\n")
    assert data.unit == "亿元" and "亿元" in drawn.texts and "12.9" in drawn.texts


def it_refuses_a_unit_on_money(tmp_path, dataset):
    from authoring.errors import FigureError

    with pytest.raises(FigureError, match="money") as info:
        drawn_chart(tmp_path, dataset, "kind: pie\nseries: [fund_basic, fund_applied]\n"
                    "caption: Funding\nunit: ' m EUR'\n", lang="en")
    assert info.value.location.line == 4


def it_folds_the_rest_into_other_after_the_top_n(tmp_path, dataset):
    data, drawn = drawn_chart(tmp_path, dataset, "kind: pie\nbreakdown: cities\ntop: 5\nsort: true\n"
                              "measure: share\ncaption: 构成\n")
    assert len(data.categories) == 6 and data.categories[-1] == "其他"
    assert close(sum(drawn.marks.values()), 100)
    assert all(label.endswith("%") for label in data.series[0].labels)


def it_never_prints_line_labels_over_each_other_nor_an_axis_below_zero(tmp_path):
    """Four lines over six years, three of them close together (docs/figures/demo.yaml's
    performers): their labels were printed over each other ("160.1" over "262.9") on an axis
    running down to -250."""
    from pathlib import Path

    from authoring.charts.render import chart_context, lay_out

    demo = Path(__file__).resolve().parents[2] / "docs" / "figures"
    data, drawn = drawn_chart(tmp_path, load_dataset([demo / "demo.yaml"], demo),
                              "kind: line\nbreakdown: rd_by_performer\n"
                              "years: [report-5, report-4, report-3, report-2, report-1, report]\n"
                              "caption: 图\n")
    boxes = [box for _, box in drawn.line_labels]
    assert not any(a.overlaps(b) for k, a in enumerate(boxes) for b in boxes[k + 1:])
    printed = {t for t, _ in drawn.line_labels}
    assert {"980.2", "1502.3", "210.3", "270.4"} <= printed
    with chart_context(THEME):
        fig, _ = lay_out(data, THEME, (150, 85))
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        renderer = FigureCanvasAgg(fig).get_renderer()
        ax = fig.axes[0]
        assert ax.get_ylim()[0] == 0
        points = [ax.transData.transform((x, y)) for line in ax.lines
                  for x, y in zip(line.get_xdata(), line.get_ydata())]
        for text in ax.texts:  # no label covers a point of another line
            box = text.get_window_extent(renderer)
            own = ax.transData.transform(text.xy)
            assert not any(box.contains(px, py) for px, py in points
                           if abs(px - own[0]) + abs(py - own[1]) > 0.5), text.get_text()


def it_refuses_years_that_run_backwards(tmp_path, dataset):
    """A time axis 2023, 2022, … under a caption "{{ first_year }}—{{ last_year }}" would read
    "2023—2019"; the definition is refused at its 'years' line, with the order to write."""
    from authoring.errors import FigureError

    with pytest.raises(FigureError) as info:
        drawn_chart(tmp_path, dataset, "kind: bar\nseries: [a]\n"
                    "years: [report, report-1, report-2]\ncaption: 图\n")
    assert "earliest to the latest" in info.value.message and info.value.location.line == 3
    assert info.value.hint == "years: [report-2, report-1, report]"
