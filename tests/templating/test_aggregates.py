"""Counts, streaks, rankings and top lists: right results, and audit formulas that name the
items, the measure and the condition."""

import pytest

from authoring.errors import AuthoringError, TemplateError

from .sample import render

# five regions (r_a … r_e) with an R&D intensity in %, the province's, and firms by region
META = """\
indicators:
  - {id: rd, label: Province, unit: "%", decimals: 2, values: {2019: 2.40, 2020: 2.45, 2021: 2.50, 2022: 2.60, 2023: 2.67}}
  - {id: nat, label: Nation, unit: "%", decimals: 2, values: {2019: 2.50, 2020: 2.40, 2021: 2.44, 2022: 2.54, 2023: 2.65}}
  - {id: r_a, label: Alpha, unit: "%", decimals: 2, values: {2022: 3.10, 2023: 3.30}}
  - {id: r_b, label: Beta, unit: "%", decimals: 2, values: {2022: 2.00, 2023: 2.10}}
  - {id: r_c, label: Gamma, unit: "%", decimals: 2, values: {2022: 2.90, 2023: 2.80}}
  - {id: r_d, label: Delta, unit: "%", decimals: 2, values: {2022: 1.50, 2023: 1.60}}
  - {id: r_e, label: Epsilon_x, unit: "%", decimals: 2, values: {2022: 2.60, 2023: 2.70}}
  - {id: f_a, label: Alpha, unit: 家, total: firms, values: {2022: 100, 2023: 120}}
  - {id: f_b, label: Beta, unit: 家, total: firms, values: {2022: 200, 2023: 210}}
  - {id: f_c, label: Gamma, unit: 家, total: firms, values: {2022: 50, 2023: 70}}
  - {id: firms, label: Firms, unit: 家, values: {2022: 350, 2023: 400}}
  - {id: grows, label: Grows, unit: 件, values: {2018: 5, 2019: 4, 2020: 6, 2021: 7, 2022: 8, 2023: 9}}
  - {id: always, label: Always, unit: 件, values: {2021: 1, 2022: 2, 2023: 3}}
breakdowns:
  - {id: firms_by_region, label: Firms by region, total: firms, parts: [f_a, f_b, f_c]}
"""


def run(tmp_path, template, lang="zh-CN"):
    text, made = render(tmp_path, META, template, lang)
    return text, [(p.text, p.quantity.formula, len(p.quantity.inputs)) for p in made.state.printed]


def it_counts_where_a_condition_holds_and_names_the_items_in_the_formula(tmp_path):
    text, printed = run(tmp_path, "{% set regions = indicators | matching('r_*') %}"
                                  "{{ regions | length }}个地区中有{{ count_where(regions, gt=rd) }}个高于全省")
    assert text == "5个地区中有3个高于全省"
    size, (shown, formula, inputs) = printed  # the 5 has its row too
    assert size == ("5", "count(r_* (5: r_a, r_b, r_c, r_d, r_e)) = 5", 0)
    assert formula == ("count(r_* (5: r_a, r_b, r_c, r_d, r_e): each[2023] > rd[2023] = 2.67) = 3: "
                       "r_a, r_c, r_e")
    assert inputs == 6  # the five regions and the province


@pytest.mark.parametrize("template, expected", [
    ("{{ count_where(firms_by_region, by='yoy', gt='10%') }}", "2"),  # +20%, +5%, +40%
    ("{{ count_where(firms_by_region, by='share', ge='30%') }}", "2"),  # 30%, 52.5%
    ("{{ count_where(firms_by_region, by=2022, lt=150) }}", "2"),
    ("{{ count_where([r_a, r_b], by='pp', gt=0) }}", "2"),
    ("{{ count_where([r_a, r_b], le=2.1) }}", "1"),
])
def it_counts_on_any_measure(tmp_path, template, expected):
    assert run(tmp_path, template)[0] == expected


def it_counts_streaks_of_growth_and_above_a_reference(tmp_path):
    text, printed = run(tmp_path, "连续{{ rising(grows) }}年增长，连续{{ streak_where(rd, gt=nat) }}年高于全国")
    assert text == "连续4年增长，连续4年高于全国"
    assert printed[0][1] == "streak(grows[y] - grows[y-1] > 0, years 2020–2023) = 4; 2019: -1 vs 0"
    assert printed[1][1] == "streak(rd[y] > nat[y], years 2020–2023) = 4; 2019: 2.4 vs 2.5"


def it_refuses_a_streak_that_may_be_longer_than_the_data(tmp_path):
    with pytest.raises(AuthoringError, match="streak may be longer"):
        run(tmp_path, "{{ rising(always) }}")
    assert run(tmp_path, "{{ rising(always, open=True) }}")[0] == "2"


def it_takes_the_top_n_by_any_measure_with_a_formula_for_each(tmp_path):
    text, printed = run(tmp_path, "增长最快的是{{ top(firms_by_region, 2, by='yoy') | and_list('{label}（{value}）', show='pct') }}")
    assert text == "增长最快的是Gamma（40.0%）和Alpha（20.0%）"
    labels = [p for p in printed if p[0] in ("Gamma", "Alpha")]
    assert labels[0][1] == ("top(firms_by_region (3: f_a, f_b, f_c) by yoy each[2023], largest first, "
                            "first 2): #1 f_c = 0.4")
    assert labels[0][2] == 6  # decided on all three regions' two years


def it_sorts_by_a_year_and_finds_the_largest_and_smallest(tmp_path):
    text, _ = run(tmp_path, "{% set rs = [r_a, r_b, r_c, r_d, r_e] %}"
                            "{% for r in sort_by(rs, by=2022) %}{{ r }}{{ r.value }} {% endfor %}|"
                            "{{ largest(rs) }}{{ largest(rs).value }}|{{ smallest(rs, by='pp') }}|"
                            "{{ rank_in(r_c, rs) | ordinal }}")
    assert text == r"Alpha3.10% Gamma2.90% Epsilon\_x2.60% Beta2.00% Delta1.50% |Alpha3.30%|Gamma|第二"


def it_refuses_a_top_list_cut_through_a_tie(tmp_path):
    with pytest.raises(TemplateError, match="tie at 0.1"):
        run(tmp_path, "{{ top([r_a, r_b, r_d], 2, by='pp') }}")


def it_lets_jinja_sort_and_map_by_attribute(tmp_path):
    # "What was seen" 7: sort(attribute="yoy") and map(attribute="label") used to fail
    text, _ = run(tmp_path, "{{ [f_a, f_b, f_c] | sort(attribute='yoy', reverse=True) | map(attribute='label') | join('、') }}")
    assert text == "Gamma、Alpha、Beta"


@pytest.mark.parametrize("template, message", [
    ("{{ count_where([r_a], gt=rd, lt=rd) }}", "exactly one condition"),
    ("{{ count_where([r_a], by='speed', gt=0) }}", "unknown measure"),
    ("{{ count_where(firms_by_region, by='yoy', gt=10) }}", "a ratio or a percentage"),
    ("{{ count_where([1, 2], gt=0) }}", "is not an indicator"),
    ("{{ indicators | matching('zz_*') }}", "no indicator id matches"),
    ("{{ rank_in(r_a, [r_b]) }}", "is not in"),
    ("{{ r_a['lable'] }}", "no attribute 'lable'"),
])
def it_refuses_what_it_cannot_compute_with_a_clear_message(tmp_path, template, message):
    with pytest.raises(AuthoringError, match=message):
        run(tmp_path, template)


def it_lets_an_item_of_a_ranking_stand_for_its_indicator_and_its_measure(tmp_path):
    text, printed = run(tmp_path, "{% set best = largest(firms_by_region, by='yoy') %}"
                                  "{{ best }}{{ best | compared }}，{{ best | pct }}，{{ best | share_of('全省') }}")
    assert text == "Gamma比上年增长40.0%，40.0%，占全省的17.5%，比上年提高3.2个百分点"
    assert printed[0][1].startswith("largest(firms_by_region (3: f_a, f_b, f_c) by yoy")


def it_refuses_to_print_a_ranking_as_a_python_list(tmp_path):
    with pytest.raises(TemplateError, match="print it with and_list"):
        run(tmp_path, "{{ top(firms_by_region, 2) }}")


def it_counts_as_the_figures_are_printed_for_random_data(tmp_path):
    """A sweep (fixed seed): the count equals the count of printed levels above the printed
    reference, and the formula lists exactly the items counted."""
    import random
    from decimal import Decimal as D

    from authoring.compute import round_half_up

    rng = random.Random(23)
    for case in range(40):
        values = [D(rng.randrange(2600, 2700)) / 1000 for _ in range(6)]  # 2.600 … 2.699
        ref = D(rng.randrange(2600, 2700)) / 1000
        meta = "indicators:\n" + "".join(
            f"  - {{id: c{i}, label: C{i}, unit: \"%\", decimals: 2, values: {{2023: {v}}}}}\n"
            for i, v in enumerate(values)) + f"  - {{id: base, label: R, unit: \"%\", decimals: 2, values: {{2023: {ref}}}}}\n"
        text, made = render(tmp_path / str(case), meta, "{{ count_where(indicators | matching('c*'), gt=base) }}")
        above = [f"c{i}" for i, v in enumerate(values) if round_half_up(v, 2) > round_half_up(ref, 2)]
        assert text == str(len(above)), (values, ref)
        formula = made.state.printed[0].quantity.formula
        assert formula.endswith(f"= {len(above)}" + (f": {', '.join(above)}" if above else ""))


@pytest.mark.parametrize("template", [
    "{{ count_where(firms_by_region, by='share', gt=rd[2023]) }}",  # a share against a percentage
    "{{ count_where([r_a, r_b], gt=share(f_a)) }}",  # a percentage against a share
    "{{ count_where(firms_by_region, gt=grows) }}",  # firms against items
])
def it_refuses_to_compare_unlike_measures(tmp_path, template):
    with pytest.raises(TemplateError, match="cannot be compared"):
        run(tmp_path, template)


def it_refuses_to_rank_items_of_different_units(tmp_path):
    with pytest.raises(TemplateError, match="different units"):
        run(tmp_path, "{{ largest([f_a, r_a]) }}")


def it_records_the_size_of_a_set_printed_with_length(tmp_path):
    """"全省16个市中" prints a count: it has an audit row naming the items, like count_where."""
    from authoring.templating.aggregates import set_size

    assert set_size("abc") == 3 and set_size([1, 2]) == 2  # anything else: Jinja's length
    text, printed = run(tmp_path, "{{ firms_by_region.parts | length }}个区；"
                                  "{{ firms_by_region | length }}；"
                                  "{% if count_where(firms_by_region, by='yoy', gt=0) == "
                                  "firms_by_region | length %}均增长{% endif %}")
    assert text == "3个区；3；均增长"
    assert ("3", "count([f_a, f_b, f_c]) = 3", 0) in printed
    assert ("3", "count(firms_by_region (3: f_a, f_b, f_c)) = 3", 0) in printed
