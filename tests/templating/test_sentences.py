"""The standard phrases, worded right for a rise, a fall and no change, in both languages."""

import pytest

from authoring.errors import TemplateError

from .sample import render

# three worlds, one per direction: x rises, falls or stays; the share of a part of the total
# rises, falls or stays; a percentage rises, falls or stays (at its printed decimals)
WORLDS = {
    "rise": dict(x=(200, 213), part=(30, 40), whole=(100, 110), pc=("2.48", "2.52"), nat="2.65"),
    "fall": dict(x=(200, 190), part=(30, 25), whole=(100, 110), pc=("2.48", "2.41"), nat="2.70"),
    "same": dict(x=(200, 200), part=(30, 33), whole=(100, 110), pc=("2.50", "2.50"), nat="2.50"),
}


def meta(world: str) -> str:
    w = WORLDS[world]
    return f"""\
indicators:
  - {{id: x, label: X, unit: 件, values: {{2022: {w['x'][0]}, 2023: {w['x'][1]}}}}}
  - {{id: part, label: Part, unit: 家, total: whole, values: {{2022: {w['part'][0]}, 2023: {w['part'][1]}}}}}
  - {{id: whole, label: Whole, unit: 家, values: {{2022: {w['whole'][0]}, 2023: {w['whole'][1]}}}}}
  - {{id: pc, label: Intensity, unit: "%", decimals: 2, values: {{2022: {w['pc'][0]}, 2023: {w['pc'][1]}}}}}
  - {{id: nat, label: National, unit: "%", decimals: 2, values: {{2022: 2.4, 2023: {w['nat']}}}}}
"""


CASES = [
    # template, language, rise, fall, same  ("What was seen" 4: never 比上年持平)
    ("{{ x | compared }}", "zh-CN", "比上年增长6.5%", "比上年下降5.0%", "与上年持平"),
    ("{{ x | compared }}", "en", "up 6.5% on the year before", "down 5.0% on the year before",
     "unchanged on the year before"),
    ("{{ x | compared(style='同比') }}", "zh-CN", "同比增长6.5%", "同比下降5.0%", "同比持平"),
    ("{{ x | compared(style='yoy') }}", "en", "up 6.5% year on year", "down 5.0% year on year",
     "unchanged year on year"),
    ("{{ pc | compared }}", "zh-CN", "比上年提高0.04个百分点", "比上年下降0.07个百分点", "与上年持平"),
    ("{{ part | share_of('全省') }}", "zh-CN", "占全省的36.4%，比上年提高6.4个百分点",
     "占全省的22.7%，比上年下降7.3个百分点", "占全省的30.0%，与上年持平"),
    ("{{ part | share_of(\"the province's total\") }}", "en",
     "36.4% of the province's total, up 6.4 percentage points on the year before",
     "22.7% of the province's total, down 7.3 percentage points on the year before",
     "30.0% of the province's total, unchanged on the year before"),
    ("{{ pc | moved_from }}", "zh-CN", "由2.48%上升至2.52%", "由2.48%下降至2.41%", "保持在2.50%"),
    ("{{ pc | moved_from }}", "en", "rose from 2.48% to 2.52%", "fell from 2.48% to 2.41%",
     "remained at 2.50%"),
    ("{{ pc | versus(nat, '全国平均水平') }}", "zh-CN", "低于全国平均水平0.13个百分点",
     "低于全国平均水平0.29个百分点", "与全国平均水平持平"),
    ("{{ nat | versus(pc, 'the region') }}", "en", "0.13 percentage points above the region",
     "0.29 percentage points above the region", "level with the region"),
    ("{{ x | versus(x[2022], '上年', relative=True) }}", "zh-CN", "比上年高6.5%", "比上年低5.0%",
     "与上年持平"),
    ("{{ x | versus(x[2022], 'the year before', by=False) }}", "en", "above the year before",
     "below the year before", "level with the year before"),
]


@pytest.mark.parametrize("template, lang, rise, fall, same", CASES)
def it_words_each_direction_right(tmp_path, template, lang, rise, fall, same):
    for world, expected in (("rise", rise), ("fall", fall), ("same", same)):
        text, _ = render(tmp_path / world, meta(world), template, lang)
        assert text == expected, world


def it_compares_with_another_base_year(tmp_path):
    text, _ = render(tmp_path, meta("rise"), "{{ growth(x, 2022) | compared(since=2022) }}")
    assert text == "比上年增长6.5%"


def it_records_each_figure_of_a_share_phrase_with_its_formula(tmp_path):
    _, made = render(tmp_path, meta("rise"), "{{ part | share_of('全省') }}")
    formulas = [p.quantity.formula for p in made.state.printed]
    assert formulas == ["part[2023] / whole[2023]",
                        "round(part[2023] / whole[2023] * 100, 1) - round(part[2022] / whole[2022] * 100, 1)"]


@pytest.mark.parametrize("template, message", [
    ("{{ x | versus(pc, 'y') }}", "are not in the same unit"),
    ("{{ x[2023] | compared }}", "compared expects an indicator"),
    ("{{ x | compared(style='monthly') }}", "unknown style"),
])
def it_refuses_what_it_cannot_phrase(tmp_path, template, message):
    with pytest.raises(TemplateError, match=message):
        render(tmp_path, meta("rise"), template)


# ------------------------------------------------------------------ every sign, every boundary

def _view(ident, unit, decimals, before, after):
    from authoring.data.schema import Dataset, Indicator, Value
    from authoring.errors import Location
    from authoring.templating.quantity import IndicatorView

    where = Location("data/v.csv", 2)
    ind = Indicator(ident, ident, unit=unit, decimals=decimals,
                    kind="percent" if unit == "%" else "amount",
                    values={2022: Value(before, where), 2023: Value(after, where)})
    return IndicatorView(ind, 2023, Dataset({ident: ind}, {}))


def _pairs():
    """(in %?, before, after): equal, at the rounding boundary of the printed change, either
    side of it, and at random (fixed seed), for amounts (growth) and percentages (points)."""
    import random
    from decimal import Decimal as D

    rng = random.Random(23)
    pairs = [(False, D(1000), D(1000) + D(d))
             for d in ("0", "0.5", "-0.5", "0.49", "-0.49", "0.51", "65", "-65", "-0.51")]
    pairs += [(True, D("2.60"), D("2.60") + D(d))
              for d in ("0", "0.004", "-0.004", "0.005", "-0.005", "0.01", "-0.01")]
    pairs += [(False, D(rng.randrange(1, 10 ** 6)), D(rng.randrange(1, 10 ** 6))) for _ in range(150)]
    pairs += [(True, D(rng.randrange(0, 10000)) / 1000, D(rng.randrange(0, 10000)) / 1000)
              for _ in range(150)]
    return pairs


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def it_words_every_change_by_the_sign_of_the_printed_figure(lang):
    import re
    from decimal import Decimal as D

    from authoring.compute import round_half_up
    from authoring.templating import locale as L
    from authoring.templating.vocabulary import make_vocabulary

    filters, _ = make_vocabulary(L.get_locale(lang), 2023)
    for percent, before, after in _pairs():
        view = _view("x", "%" if percent else "件", 2 if percent else 0, before, after)
        text = filters["compared"](view)
        # a percentage changes by the difference of its printed levels; an amount by its growth
        shown = (round_half_up(after, 2) - round_half_up(before, 2)) if percent else \
            round_half_up((after / before - 1) * 100, 1)
        number = re.search(r"\d+\.\d+", text)
        if shown == 0:
            assert number is None and ("持平" in text or "unchanged" in text), (before, after, text)
            continue
        assert D(number.group()) == abs(shown), (before, after, text)
        rising = any(word in text for word in ("增长", "提高", "up "))
        falling = any(word in text for word in ("下降", "down "))
        assert rising != falling and rising == (shown > 0), (before, after, text)
        moved = filters["moved_from"](view)
        if filters["num"](view.prev) == filters["num"](view):
            assert "保持在" in moved or "remained at" in moved
        else:
            assert ("上升至" in moved or "rose" in moved) == (after > before), (before, after, moved)


@pytest.mark.parametrize("mine, ref, expected", [
    ("2.674", "2.665", "与全国持平"),  # both print as 2.67%: no difference a reader can see
    ("2.605", "2.594", "高于全国0.02个百分点"),  # 2.61% and 2.59%, not the exact 0.011
    ("2.594", "2.605", "低于全国0.02个百分点"),
])
def it_compares_with_a_reference_as_both_are_printed(tmp_path, mine, ref, expected):
    data = f"""\
indicators:
  - {{id: a, label: A, unit: "%", decimals: 2, values: {{2023: {mine}}}}}
  - {{id: b, label: B, unit: "%", decimals: 2, values: {{2023: {ref}}}}}
"""
    assert render(tmp_path, data, "{{ a | versus(b, '全国') }}")[0] == expected
