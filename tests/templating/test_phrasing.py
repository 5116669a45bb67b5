"""Worded phrases (verbs, ordinal words, multiples, money, lists) in both locales, on exact
decimals, through the template filters and back out of a rendered template with its audit."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from authoring.data import load_dataset
from authoring.errors import AuthoringError, ComputeError, DataError, TemplateError
from authoring.templating import locale as L
from authoring.templating.env import TemplateRenderer
from authoring.templating.marks import strip_marks
from authoring.templating.quantity import Quantity
from authoring.templating.vocabulary import make_vocabulary

ZH, _ = make_vocabulary(L.ZH, 2020)
EN, _ = make_vocabulary(L.EN, 2020)

META = """\
indicators:
  - id: rd_gdp
    label: R&D intensity
    unit: "% of GDP"
    decimals: 2
    values: {2019: 2.38, 2020: 2.52}
  - id: flat
    label: Flat
    unit: "%"
    decimals: 1
    values: {2019: 4.04, 2020: 4.0}
  - id: grants
    label: Grants
    values: {2019: 452, 2020: 437}
  - id: net_migration
    label: Net migration
    values: {2019: -5200, 2020: -3100}
  - id: funding
    label: Research funding
    unit: EUR
    currency: EUR
    scale: million
    decimals: 1
    values: {2015: 643900000, 2019: 1100000000, 2020: 1287900000}
  - id: yuan
    label: 技术合同成交额
    currency: cny
    scale: 亿
    decimals: 1
    values: {2019: 1522200000, 2020: 1287900000}
  - id: rank_x
    label: League rank
    kind: rank
    values: {2019: 4, 2020: 2}
  - {id: f_basic, label: Basic science, values: {2020: 12}}
  - {id: f_eng, label: Engineering, values: {2020: 27}}
  - {id: f_med, label: Medicine, values: {2020: 9}}
  - {id: f_out, label: Outreach, values: {2020: 4}}
  - {id: f_total, label: Projects, values: {2020: 52}}
breakdowns:
  - id: by_field
    label: Projects by field
    total: f_total
    parts: [f_basic, f_eng, f_med, f_out]
"""


def q(value, kind="amount", decimals=1):
    return Quantity(D(str(value)), kind, "", decimals, formula="x")


def renderer(tmp_path: Path, template: str, lang: str) -> TemplateRenderer:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "data" / "m.yaml").write_text(META, encoding="utf-8")
    (tmp_path / "templates" / "t.md.j2").write_text(template, encoding="utf-8")
    data = load_dataset([tmp_path / "data" / "m.yaml"], tmp_path)
    return TemplateRenderer(tmp_path, data, 2020, lang)


def render(tmp_path, template, lang="en") -> str:
    return strip_marks(renderer(tmp_path, template, lang).render("t.md.j2"))[0]


# ------------------------------------------------------------------ direction verbs


@pytest.mark.parametrize("template, en, zh", [
    ("{{ rd_gdp | verb }}", "rose", "上升"),
    ("{{ grants | verb }}", "fell", "下降"),
    ("{{ flat | verb }}", "was unchanged", "持平"),  # 4.04 → 4.0: equal as printed (1 decimal)
    ("{{ net_migration | verb }}", "rose", "上升"),  # negative levels: -5200 → -3100 is a rise
    ("{{ rd_gdp | moved_to }}", "rose to 2.52%", "上升至2.52%"),
    ("{{ rd_gdp | moved_to(unit=True) }}", "rose to 2.52% of GDP", "上升至2.52% of GDP"),
    ("{{ flat | moved_to }}", "remained at 4.0%", "保持在4.0%"),
    ("{{ grants | moved_to }}", "fell to 437", "下降至437"),
    ("{{ net_migration | moved_to }}", "rose to -3,100", "上升至-3100"),
    ("{{ funding | moved_to(unit=True) }}", "rose to €1,287.9\u00a0million", "上升至1287.9百万欧元"),
    ("{{ grants.yoy | verb }}", "fell", "下降"),
    ("{{ flat.pp | verb(2) }}", "fell", "下降"),  # -0.04 points shown to 2 decimals
])
def it_prints_a_direction_verb_on_its_own(tmp_path, template, en, zh):
    assert render(tmp_path, template, "en") == en
    assert render(tmp_path, template, "zh-CN") == zh


def it_says_unchanged_for_a_zero_change_and_why():
    assert EN["verb"](q("0", "points")) == "was unchanged"
    assert EN["verb"](q("0", "points")).quantity.formula == "x: 0 points = 0 → was unchanged"
    assert ZH["verb"](q("0", "ratio")) == "持平"
    # not zero, but zero as printed: the rule says so
    assert EN["verb"](q("0.0004", "ratio")).quantity.formula == "x: 0.04% = 0 at 1 decimals → was unchanged"
    assert EN["verb"](q("0.0006", "ratio")) == "rose"  # 0.06% shows as 0.1%


def it_gives_custom_direction_words_the_locale_space():
    assert EN["change"](q("-0.017", "ratio"), down="fell") == "fell 1.7%"
    assert EN["change"](q("0.017", "ratio"), up="grew by ") == "grew by 1.7%"
    assert EN["change"](q("0.017", "ratio"), up="+") == "+1.7%"
    assert EN["pp"](q("-0.3", "points"), down="dropped") == "dropped 0.3 percentage points"
    assert ZH["change"](q("-0.017", "ratio"), down="减少") == "减少1.7%"


def it_gives_custom_level_words_the_locale_space(tmp_path):
    assert render(tmp_path, "{{ grants | moved_to(down='slipped to') }}") == "slipped to 437"
    assert render(tmp_path, "{{ grants | moved_to(down='降至') }}", "zh-CN") == "降至437"


def it_asks_for_words_where_up_is_ambiguous(tmp_path):
    with pytest.raises(TemplateError, match="which way is up"):
        render(tmp_path, "{{ rank_x | verb }}")
    assert render(tmp_path, "{{ rank_x.change | verb(up='slipped', down='climbed') }}") == "climbed"


# ------------------------------------------------------------------ ordinals


@pytest.mark.parametrize("n, en, zh", [
    (1, "first", "第一"), (2, "second", "第二"), (4, "fourth", "第四"), (12, "twelfth", "第十二"),
    (20, "twentieth", "第二十"), (21, "21st", "第二十一"), (22, "22nd", "第二十二"),
    (23, "23rd", "第二十三"), (111, "111th", "第一百一十一"),
])
def it_writes_ordinals_as_words_and_past_the_list_as_figures(n, en, zh):
    assert EN["ordinal"](q(n, "rank", 0), words=True) == en
    assert ZH["ordinal"](q(n, "rank", 0), words=True) == zh


@pytest.mark.parametrize("value", ["0", "2.5", "-1"])
def it_refuses_an_ordinal_of_what_is_not_a_rank(value):
    with pytest.raises(ComputeError, match="ordinal needs"):
        EN["ordinal"](q(value, "rank", 0), words=True)
    with pytest.raises(ComputeError):
        EN["ordinal"](q(value, "rank", 0))


# ------------------------------------------------------------------ multiples


@pytest.mark.parametrize("multiple, en, zh", [
    ("2", "doubled", "翻了一番"),  # exactly 2×: not "more than doubled"
    ("2.00", "doubled", "翻了一番"),
    ("1.995", "nearly doubled", "增长99.5%"),  # shows as "2.0 times", but it is below 2
    ("2.004", "more than doubled", "增长1.0倍"),
    ("2.13", "more than doubled", "增长1.1倍"),  # 增长1.1倍 is 2.1×: never 增长2.1倍
    ("2.9", "nearly tripled", "增长1.9倍"),
    ("3", "tripled", "增长2.0倍"),  # 3×: 增长2倍 (the classic mistake would say 3)
    ("4", "quadrupled", "翻了两番"),
    ("4.5", "more than quadrupled", "增长3.5倍"),
    ("5.34", "grew 5.3-fold", "增长4.3倍"),
    ("1.45", "rose by 45.0%", "增长45.0%"),
    ("1", "was unchanged", "持平"),  # zero change
    ("1.0004", "was unchanged", "持平"),
    ("0.5", "fell by half", "减少一半"),
    ("0.52", "nearly halved", "下降48.0%"),
    ("0.4", "fell by more than half", "下降60.0%"),
    ("0.88", "fell by 12.0%", "下降12.0%"),
    ("0", "fell to zero", "下降100.0%"),
])
def it_writes_multiples_as_words_truthfully(multiple, en, zh):
    assert EN["times"](q(multiple), words=True) == en
    assert ZH["times"](q(multiple), words=True) == zh


def it_keeps_multiples_as_figures_and_refuses_negative_ones():
    assert EN["times"](q("1.995")) == "2.0 times" and ZH["times"](q("2.13")) == "2.1倍"
    assert EN["times"](q("0.065", "ratio"), words=True) == "rose by 6.5%"  # a growth ratio
    with pytest.raises(ComputeError, match="no meaning"):
        EN["times"](q("-1.5"), words=True)


def it_words_the_multiple_of_an_indicator(tmp_path):
    text = render(tmp_path, "{{ multiple(funding, 2015) | times(words=True) }}; "
                            "{{ multiple(funding, 2015) | times }}")
    assert text == "more than doubled; 2.0 times"  # 1287.9 / 643.9 = 2.0002 (> 2, shown 2.0)
    text = render(tmp_path, "比2015年{{ multiple(funding, 2015) | times(words=True) }}，"
                            "是2015年的{{ multiple(funding, 2015) | times }}", "zh-CN")
    assert text == "比2015年增长1.0倍，是2015年的2.0倍"


# ------------------------------------------------------------------ money and units


def it_formats_money_per_locale(tmp_path):
    assert render(tmp_path, "{{ funding | money }} | {{ funding | money(scale='billion') }} | "
                            "{{ funding | num(unit=True) }} | {{ funding[2015] | money(0) }}") == \
        "€1,287.9\u00a0million | €1.3\u00a0billion | €1,287.9\u00a0million | €644\u00a0million"
    assert render(tmp_path, "{{ yuan | money }}|{{ yuan | money(symbol=True) }}|{{ yuan | num(unit=True) }}"
                            "|{{ yuan.change | money }}", "zh-CN") == \
        "12.9亿元|¥12.9亿|12.9亿元|-2.3亿元"
    assert render(tmp_path, "{{ yuan | money }}, {{ yuan.change | money }}") == \
        "CN¥12.9\u00a0亿, -CN¥2.3\u00a0亿"
    with pytest.raises(TemplateError, match="has no currency"):
        render(tmp_path, "{{ grants | money }}")


def it_keeps_the_words_of_a_percent_unit(tmp_path):
    assert render(tmp_path, "{{ rd_gdp }} / {{ rd_gdp | num(unit=True) }} / {{ flat | num(unit=True) }}") \
        == "2.52% / 2.52% of GDP / 4.0%"


def it_refuses_a_currency_that_is_not_a_code(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "m.yaml").write_text(
        "indicators:\n  - {id: a, label: A, currency: euro, values: {2020: 1}}\n", encoding="utf-8")
    with pytest.raises(DataError, match="'euro' is not a currency code") as info:
        load_dataset([tmp_path / "data" / "m.yaml"], tmp_path)
    assert "m.yaml" in str(info.value)


# ------------------------------------------------------------------ lists


def it_joins_lists_in_both_locales(tmp_path):
    assert render(tmp_path, "{{ by_field | and_list('{value} in {label_lower}') }}") == \
        "12 in basic science, 27 in engineering, 9 in medicine and 4 in outreach"
    assert render(tmp_path, "{{ by_field | and_list('{label}{value}项') }}", "zh-CN") == \
        "Basic science12项、Engineering27项、Medicine9项和Outreach4项"
    assert render(tmp_path, "{{ by_field.parts | and_list('{value}', last='以及') }}", "zh-CN") == \
        "12、27、9以及4"
    assert render(tmp_path, "{{ [f_basic, f_eng, f_med] | and_list(serial=True) }}") == "12, 27, and 9"
    assert render(tmp_path, "{{ [grants, rd_gdp] | and_list('{label_lower} {value}', show='moved_to') }}") \
        == "grants fell to 437 and R&D intensity rose to 2.52%"


def it_joins_one_and_two_items(tmp_path):
    assert render(tmp_path, "{{ [f_basic] | and_list('{value} in {label_lower}') }}") == "12 in basic science"
    assert render(tmp_path, "{{ [f_basic, f_eng] | and_list }}") == "12 and 27"
    assert render(tmp_path, "{{ [f_basic, f_eng] | and_list }}", "zh-CN") == "12和27"
    assert render(tmp_path, "{{ [f_basic, f_eng] | and_list(serial=True) }}") == "12 and 27"
    assert render(tmp_path, "{{ ['a*b', grants | change] | and_list }}") == "a\\*b and down 3.3%"
    with pytest.raises(TemplateError, match="empty list"):
        render(tmp_path, "{{ [] | and_list }}")
    with pytest.raises(TemplateError, match="'{name}' is not known"):
        render(tmp_path, "{{ [f_basic] | and_list('{name}') }}")


# ------------------------------------------------------------------ Quantity as a number


def it_converts_quantities_to_int_or_refuses(tmp_path):
    assert render(tmp_path, "{{ rank_x | int }} {{ rank_x[2019] | int }} {{ (rank_x | int) + 1 }}") == "2 4 3"
    assert render(tmp_path, "{{ ['a', 'b', 'c'][rank_x[2020]] }}{{ ['a', 'b', 'c'][rank_x] }}") == "cc"
    with pytest.raises(TemplateError) as info:
        render(tmp_path, "\n{{ rd_gdp | int }}")
    assert "rd_gdp[2020] = 2.52 is not a whole number" in str(info.value)
    assert "t.md.j2:2" in str(info.value)


def it_refuses_chinese_numerals_of_a_fraction():
    assert ZH["cn"](q("18", decimals=0)) == "十八"
    with pytest.raises(TemplateError, match="not a whole number"):
        ZH["cn"](q("2.5"))


def it_names_a_quantity_briefly_in_errors(tmp_path):
    with pytest.raises(AuthoringError) as info:
        render(tmp_path, "{{ ['a', 'b'][rank_x[2019]] }}")
    message = str(info.value)
    assert "Quantity(" not in message and "rank_x[2019] = 4" in message


def it_compares_quantities_with_numbers(tmp_path):
    assert render(tmp_path, "{% if multiple(funding, 2015) > 2 %}yes{% endif %}"
                            "{% if grants < grants[2019] %}, fewer{% endif %}") == "yes, fewer"
    assert render(tmp_path, "{% if rank_x == 2 %}second{% endif %}{% if rank_x != 4 %}, not 4{% endif %}"
                            "{% if rank_x[2019] == 4 %}, was 4{% endif %}") == "second, not 4, was 4"
    # two indicators are the same only if they are one indicator, whatever their values
    assert render(tmp_path, "{{ f_basic in [f_eng] }} {{ f_basic in [f_basic] }} {{ f_basic == 12 }}") \
        == "False True True"


# ------------------------------------------------------------------ audit


def it_records_each_worded_phrase_with_the_rule_that_chose_it(tmp_path):
    r = renderer(tmp_path, "R&D intensity {{ rd_gdp | moved_to }}, ranked {{ rank_x | ordinal(words=True) }}; "
                           "funding {{ multiple(funding, 2015) | times(words=True) }}: "
                           "{{ by_field | and_list('{value} in {label_lower}') }}.", "en")
    r.render("t.md.j2")
    printed = {p.text: p.quantity for p in r.state.printed}
    assert printed["rose to"].formula == "rd_gdp[2020] - rd_gdp[2019]: 0.14 points > 0 → rose to"
    assert printed["2.52%"].formula == "rd_gdp[2020]"
    assert printed["second"].formula == "rank_x[2020]: 2 → second"
    assert printed["more than doubled"].formula.startswith("funding[2020] / funding[2015]: ")
    assert printed["more than doubled"].formula.endswith("> 2 → more than doubled")
    assert {i.indicator for i in printed["more than doubled"].inputs} == {"funding"}
    assert [p.text for p in r.state.printed][-4:] == ["12", "27", "9", "4"]


def it_prints_what_the_docs_say_for_the_example_report():
    """The Chinese examples in docs/TEMPLATES.md, rendered from the example report's data."""
    from authoring.config import load_config
    from authoring.data import load_dataset as load

    from ..conftest import EXAMPLE

    config = load_config(EXAMPLE)
    data = load(config.data_paths(), EXAMPLE)
    r = TemplateRenderer(EXAMPLE, data, config.year, config.lang)
    docs = (EXAMPLE / "docs" / "TEMPLATES.md").read_text(encoding="utf-8")
    listing = strip_marks(r.render_string(
        '{{ award_projects_by_category | and_list("{label}{value}项", at=year - 1) }}'))[0]
    assert listing == "自然科学奖43项、技术发明奖31项、科技进步奖205项和科学技术普及奖15项"
    assert f"`{listing}`" in docs
    assert strip_marks(r.render_string("{{ rd_gdp_ratio | moved_to }}"))[0] == "上升至4.1%"
