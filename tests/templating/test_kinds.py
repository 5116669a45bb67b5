"""Arithmetic on template values by kind: the cases of issue 23 print the right figure and unit,
or stop at the template line; a generated-data property test checks every printed figure."""

import random
import re
from decimal import Decimal as D
from pathlib import Path

import pytest
from click.testing import CliRunner

from authoring.cli import main
from authoring.compute.rounding import round_half_up
from authoring.data import load_dataset
from authoring.errors import TemplateError
from authoring.templating.env import TemplateRenderer
from authoring.templating.marks import strip_marks

META = """\
indicators:
  - {id: hte_city, label: City firms, unit: 家, total: hte_prov, values: {2022: 5000, 2023: 5939}}
  - {id: hte_prov, label: Province firms, unit: 家, values: {2022: 16410, 2023: 18245}}
  - {id: rd_intensity, label: R&D intensity, unit: "%", decimals: 2, values: {2022: 2.60, 2023: 2.67}}
  - {id: national_rd, label: National R&D intensity, unit: "%", decimals: 2, values: {2022: 2.56, 2023: 2.65}}
  - {id: hte_count, label: Firms, unit: 家, values: {2022: 1000, 2023: 17731}}
  - {id: funds, label: Funds, unit: 亿元, decimals: 1, values: {2022: 12.5, 2023: 13.75}}
  - {id: grants, label: Grants, unit: 万元, values: {2022: 300, 2023: 320}}
  - {id: regional_rank, label: Rank, kind: rank, values: {2019: 11, 2020: 10, 2021: 9, 2022: 9, 2023: 8}}
"""
PYTHON = re.compile(r"Error\b|<locals>|IndicatorView|Quantity|BreakdownView|Phrase|Decimal|"
                    r"NoneType|__\w+__|Traceback|\bint\(\)")


def project(tmp_path: Path, template: str, lang="zh-CN") -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "data" / "m.yaml").write_text(META, encoding="utf-8")
    (tmp_path / "templates" / "t.md.j2").write_text(template, encoding="utf-8")
    (tmp_path / "report.toml").write_text(
        f'[report]\nid = "r"\ntitle = "R"\nyear = 2023\nlang = "{lang}"\n\n'
        '[[chapters]]\ntemplate = "t.md.j2"\n\n[build]\nformats = ["docx"]\n', encoding="utf-8")
    return tmp_path


def render(tmp_path, template, lang="zh-CN") -> str:
    project(tmp_path, template, lang)
    data = load_dataset([tmp_path / "data" / "m.yaml"], tmp_path)
    return strip_marks(TemplateRenderer(tmp_path, data, 2023, lang).render("t.md.j2"))[0]


def refused(tmp_path, template, lang="zh-CN") -> TemplateError:
    with pytest.raises(TemplateError) as caught:
        render(tmp_path, template, lang)
    error = caught.value
    assert str(error.location) == "templates/t.md.j2:1"
    assert not PYTHON.search(str(error)), str(error)
    return error


@pytest.mark.parametrize("template, zh, en", [
    # seen 1: a change of a share, in percentage points (30.47% → 32.55%)
    ("{{ (share(hte_city) - share(hte_city, at=year - 1)) | pp }}", "提高2.1个百分点",
     "up 2.1 percentage points"),
    ("{{ share(hte_city) - share(hte_city, at=year - 1) }}", "2.1个百分点", "2.1 percentage points"),
    ("{{ (share(hte_city) - share(hte_city, at=year - 1)) | pp(2) }}", "提高2.08个百分点",
     "up 2.08 percentage points"),
    # seen 2: percent minus percent is points, at the percentages' decimals
    ("{{ rd_intensity[year] - national_rd[year] }}", "0.02个百分点", "0.02 percentage points"),
    ("{{ (rd_intensity[year] - national_rd[year]) | pp }}", "提高0.02个百分点",
     "up 0.02 percentage points"),
    # seen 8: an indicator minus an indicator means the report-year values
    ("{{ rd_intensity - national_rd }}", "0.02个百分点", "0.02 percentage points"),
    ("{{ funds - funds[2022] }}", "1.3", "1.3"),
    ("{{ rd_intensity.change }}", "0.07个百分点", "0.07 percentage points"),
    ("{{ (funds * 2) | round(0) }}", "28", "28"),
    ("{{ streak(regional_rank, lt=regional_rank[2019], open=True) }}", "4", "4"),
    ("{{ share(hte_city) * hte_prov }}", "5939", "5,939"),
    ("{{ hte_city / share(hte_city) }}", "18245", "18,245"),
    ("{% if share(hte_city) > rd_intensity %}yes{% endif %}", "yes", "yes"),
    # a growth + 1 is the quotient, a quotient - 1 the growth: the 1 is never added twice
    # (hte_city 5000 → 5939: +18.8%, 1.19 times)
    ("{{ (hte_city.yoy + 1) | times }}", "1.2倍", "1.2 times"),
    ("{{ (1 + hte_city.yoy) | times(2) }}", "1.19倍", "1.19 times"),
    ("{{ (hte_city / hte_city[2022]) | times(2) }}", "1.19倍", "1.19 times"),
    ("{{ hte_city.yoy | times(2) }}", "1.19倍", "1.19 times"),
    ("{{ (hte_city / hte_city[2022]) | times(words=True) }}", "增长18.8%", "rose by 18.8%"),
    ("{{ (hte_city / hte_city[2022] - 1) | change }}", "增长18.8%", "up 18.8%"),
    ("{{ (hte_city / hte_city[2022] - 1) | compared }}", "比上年增长18.8%",
     "up 18.8% on the year before"),
    ("{{ (hte_city.yoy + 1 - 1) | change }}", "增长18.8%", "up 18.8%"),
    ("{{ (hte_city / hte_city[2022]) | pct }}", "118.8%", "118.8%"),
])
def it_prints_the_right_figure_and_unit(tmp_path, template, zh, en):
    assert render(tmp_path, template) == zh
    assert render(tmp_path, template, "en") == en


@pytest.mark.parametrize("template, says, hint", [
    ("{{ hte_count.yoy * 100 }}", "cannot multiply a ratio", "pct"),  # seen 3
    ("{{ 100 * hte_count.yoy }}", "by a ratio", "pct"),
    ("{{ ((share(hte_city) - share(hte_city, at=2022)) * 100) | pp }}", "percentage points", "pp"),
    ("{{ rd_intensity[year] * 100 }}", "a percentage", "already in %"),
    ("{{ funds - grants }}", "the units differ (亿元, 万元)", "same unit"),
    ("{{ funds / grants }}", "the units differ", "same unit"),
    ("{% if funds > grants %}x{% endif %}", "cannot compare", "same unit"),
    ("{{ funds - rd_intensity }}", "cannot subtract a percentage from an amount in 亿元", "percentages"),
    ("{{ regional_rank + regional_rank }}", "cannot add a rank to a rank", "rank"),
    ("{{ (hte_count.yoy * 100) | round(1) }}", "cannot multiply a ratio", "pct"),  # seen 8
    ("{{ hte_count.yoy | round(1) }}", "round cannot be used on a ratio", "pct(1)"),
    ("{{ share(hte_city) | pp }}", "pp expects a change in percentage points", "share(x, at=year - 1)"),
    ("{{ rd_intensity[year] | pp }}", "pp expects a change in percentage points", "x | pp"),
    ("{{ (rd_intensity - national_rd) | pct }}", "pct expects a ratio or a percentage", "pp"),
    ("{{ funds.change | change }}", "change expects an indicator or a growth ratio", "x.change"),
    ("{{ rd_intensity[year] | change }}", "change expects", "pp"),
    ("{{ hte_count ** 2 }}", "'**' cannot be used", "cagr"),
    ("{{ '共' ~ hte_city }}", "turned into plain text", "{{ x }}"),
    ("{{ [hte_city, hte_prov] | join(',') }}", "turned into plain text", "{{ x }}"),
    ("{{ hte_city[2019.5] }}", "not a year", "hte_city[year - 1]"),
    # a quotient or a share is no growth: 增长118.8% and 增长32.6% would be wrong figures
    ("{{ (hte_city / hte_city[2022]) | change }}", "got a quotient of two values", "(a / b - 1)"),
    ("{{ (hte_city / hte_city[2022]) | compared }}", "got a quotient", "growth(x, start)"),
    ("{{ (hte_city / hte_city[2022]) | verb }}", "got a quotient", "growth(x, start)"),
    ("{{ share(hte_city) | change }}", "got a share", "share_of"),
    ("{{ share(hte_city) | compared }}", "got a share", "share_of"),
    ("{{ share(hte_city) | verb }}", "got a share", "share_of"),
    ("{{ share(hte_city) | times }}", "times expects a multiple or a growth rate, got a share", "pct"),
    # an indicator is not a list: Python iterated it as x[0], x[1] ("has no value for 0")
    ("{{ hte_city | and_list }}", "is one indicator, not a list", "matching"),
    ("{% for y in hte_city %}{% endfor %}", "is one indicator, not a list", "x.years"),
])
def it_refuses_what_a_statistician_would_at_the_template_line(tmp_path, template, says, hint):
    error = refused(tmp_path, template)
    assert says in error.message and hint in error.hint
    assert "(in {{" in error.message or "(in {%" in error.message  # names the expression


@pytest.mark.parametrize("template", [
    "{{ rd_intensity - national_rd }}", "{{ hte_count | length }}",
    "{{ hte_count | over(scale='万', bogus=1) }}",
    "{% for x in [hte_city, hte_prov] | sort(attribute='yoy') %}{{ x.label }}{% endfor %}",
    "{{ [hte_city, hte_prov] | map(attribute='label') | join('、') }}",
    "{{ streak(regional_rank, lt=regional_rank[2019], open=True) }}",
])
def it_never_shows_python_for_what_was_seen(tmp_path, template):
    _no_python(tmp_path, template)


@pytest.mark.parametrize("template, says", [
    ("{{ sort_by([hte_city, hte_prov])[5] }}", "a ranking has no item 5"),
    ("{{ top([hte_city, hte_prov], 1).foo }}", "a ranking has no attribute 'foo'"),
    ("{{ hte_city | length }}", "an indicator has no length"),
])
def it_words_jinja_undefined_values_without_python_class_names(tmp_path, template, says):
    assert says in _no_python(tmp_path, template)


def _no_python(tmp_path, template) -> str:
    try:
        render(tmp_path, template)
    except TemplateError as exc:
        assert not PYTHON.search(str(exc)) and "authoring." not in str(exc), str(exc)
        return exc.message
    return ""


def it_sorts_and_maps_indicators_by_attribute(tmp_path):  # seen 7: the ValueError from int('yoy')
    assert render(tmp_path, "{% for x in [hte_city, hte_count] | sort(attribute='yoy') %}"
                            "{{ x.label }};{% endfor %}") == "City firms;Firms;"
    assert render(tmp_path, "{{ [hte_city, hte_prov] | map(attribute='label') | join('、') }}") \
        == "City firms、Province firms"


def it_fails_check_strict_with_the_message_of_build(tmp_path):
    project(tmp_path, "增长{{ hte_count.yoy * 100 }}\n")
    runner = CliRunner()
    built = runner.invoke(main, ["build", "--project", str(tmp_path)])
    checked = runner.invoke(main, ["check", "--strict", "--project", str(tmp_path)])
    assert built.exit_code == checked.exit_code == 5
    message = "cannot multiply a ratio (a share, growth rate or multiple) by the number 100"
    assert message in built.output and message in checked.output
    line = next(x for x in built.output.splitlines() if message in x)
    words = line.split("templates/t.md.j2:1: ", 1)[1]
    assert f"templates/t.md.j2:1:1: error: {words}" in checked.output  # same words, same line
    assert not (tmp_path / "out" / "r-2023.docx").exists()


# ------------------------------------------------------------------ property test

DIRECTIONS = {"zh-CN": (("增长", 1), ("下降", -1), ("提高", 1), ("持平", 0)),
              "en": (("up ", 1), ("down ", -1), ("unchanged", 0))}


def _values(rng):
    """Two years of a pair of indicators: rises, falls, zeros, sign changes, boundaries."""
    base = rng.choice(["100", "0.05", "2.675", "-3.5", "1000", "2.665", "0.004", "250"])
    step = rng.choice(["0", "0.005", "-0.005", "0.0449", "0.045", "-0.045", "1", "-1.5",
                       "0.0651", "10", "-7.25", "0.125"])
    a = D(base)
    b = a + D(step) * rng.choice([1, 10, 100])
    return a, b


def _exact(text: str) -> D:
    return D(re.sub(r"[^\d.\-]", "", text.replace(",", "")))


def _render_case(folder: Path, meta: str, template: str, lang: str):
    """A generated case written as a project and rendered: (its text, its dataset)."""
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "templates").mkdir(exist_ok=True)
    (folder / "data" / "m.yaml").write_text(meta, encoding="utf-8")
    (folder / "templates" / "t.md.j2").write_text(template, encoding="utf-8")
    data = load_dataset([folder / "data" / "m.yaml"], folder)
    return strip_marks(TemplateRenderer(folder, data, 2023, lang).render("t.md.j2"))[0], data


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def it_prints_exact_figures_with_words_that_match_their_sign(tmp_path, lang):
    rng = random.Random(23)
    for case in range(40):
        p1, p2 = (D(rng.choice(["2.60", "2.665", "2.675", "0.0", "3.1", "2.64"])) for _ in "ab")
        n1, n2 = _values(rng)
        if n1 == 0:
            n1 = D(1)
        meta = ("indicators:\n"
                f"  - {{id: p, label: P, unit: '%', decimals: 2, values: {{2022: {p1}, 2023: {p2}}}}}\n"
                f"  - {{id: n, label: N, unit: t, decimals: 1, values: {{2022: {n1}, 2023: {n2}}}}}\n"
                f"  - {{id: m, label: M, unit: '%', decimals: 2, values: {{2022: {p2}, 2023: {p1}}}}}\n")
        template = ("{{ n | change }}|{{ p | pp }}|{{ (p - m) | pp }}|{{ p - m }}|{{ n.change }}|"
                    "{{ n | num }}|{{ n.yoy | pct(2) }}|{{ (p - p[2022]) | pp(2) }}")
        try:
            text, _ = _render_case(tmp_path / str(case), meta, template, lang)
        except TemplateError as exc:
            assert "base" in exc.message or "zero" in exc.message, exc.message  # a zero base
            continue
        change, pp1, pp2, points, delta, level, growth, pp3 = text.split("|")
        yoy = (n2 - n1) / n1 * 100
        expected = {
            change: (yoy, 1), pp1: (round_half_up(p2, 2) - round_half_up(p1, 2), 2), pp2: (p2 - p1, 2), points: (p2 - p1, 2),
            delta: (n2 - n1, 1), level: (n2, 1), growth: (yoy, 2), pp3: (p2 - p1, 2)}
        for printed, (exact, decimals) in expected.items():
            shown = round_half_up(exact, decimals)
            words = [(w, s) for w, s in DIRECTIONS[lang] if w in printed]
            if words:
                word, sign = words[0]
                assert (shown > 0) - (shown < 0) == sign, (printed, exact)
                if sign:
                    assert _exact(printed) == abs(shown), (printed, exact)
            else:
                assert _exact(printed) == shown, (printed, exact)


def it_writes_table_rows_from_a_loop_into_the_docx(tmp_path):
    import docx

    project(tmp_path, "::: table tab-a Firms\n| name | firms |\n|:--|--:|\n"
                      "{% for x in [hte_city, hte_prov, hte_count] %}\n"
                      "{% if x.id != 'hte_prov' %}| {{ x.label }} | {{ x }} |{% endif %}{% endfor %}\n"
                      ":::\n\nAfter {% for x in [1, 2] %}{{ x }}{% endfor %}\n\nNext paragraph.\n", "en")
    result = CliRunner().invoke(main, ["build", "--project", str(tmp_path)])
    assert result.exit_code == 0, result.output
    document = docx.Document(str(tmp_path / "out" / "r-2023.docx"))
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    assert rows == [["name", "firms"], ["City firms", "5,939"], ["Firms", "17,731"]]
    texts = [p.text for p in document.paragraphs]
    assert "After 12" in texts and "Next paragraph." in texts


def it_names_the_expression_whose_filter_failed_when_a_line_has_several(tmp_path):
    # the words of the message fit both expressions; the filter that failed decides
    with pytest.raises(TemplateError) as caught:
        render(tmp_path, "{{ hte_count.change }}，{{ hte_count | pp }}")
    assert caught.value.message.endswith("(in {{ hte_count | pp }})")


def it_says_what_to_write_for_growth_from_a_negative_base(tmp_path):
    meta = META + "  - {id: bal, label: B, unit: 元, min: -1000, values: {2022: -5, 2023: 3}}\n"
    project(tmp_path, "{{ bal.change }}，{{ bal | compared }}")
    (tmp_path / "data" / "m.yaml").write_text(meta, encoding="utf-8")
    data = load_dataset([tmp_path / "data" / "m.yaml"], tmp_path)
    with pytest.raises(TemplateError) as caught:
        TemplateRenderer(tmp_path, data, 2023, "zh-CN").render("t.md.j2")
    error = caught.value
    assert error.message.endswith("(in {{ bal | compared }})") and "negative" in error.message
    assert "{{ x.change }}" in error.hint and "abs_change" not in str(error)


# every phrase: words per language for (rise, fall, same), the sign read from the printed text
PHRASE_WORDS = {
    "zh-CN": {"compared": (("比上年增长", "比上年提高"), ("比上年下降",), ("与上年持平",)),
              "verb": (("上升",), ("下降",), ("持平",)),
              "versus": (("高于R",), ("低于R",), ("与R持平",))},
    "en": {"compared": (("up ",), ("down ",), ("unchanged on the year before",)),
           "verb": (("rose",), ("fell",), ("was unchanged",)),
           "versus": (("above R",), ("below R",), ("level with R",))},
}


def _sign_of(text: str, words) -> int:
    found = [sign for sign, group in zip((1, -1, 0), words) if any(w in text for w in group)]
    assert len(found) == 1, text
    return found[0]


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def it_prints_every_phrase_exactly_over_generated_data(tmp_path, lang):
    """Generated data (fixed seed): rises, falls, zeros, sign changes, missing years and values
    at rounding boundaries. Every printed figure equals the exact decimal computation at its
    printed digits, every direction word has the sign of the printed figure, and a missing
    year stops the build naming it: nothing is printed from a value that is not there."""
    rng = random.Random(2023)
    levels = ["2.60", "2.665", "2.675", "0.0", "3.1", "2.64", "2.605", "2.595", "10.125"]
    template = ("{{ n | compared }}|{{ p | compared }}|{{ n | verb }}|{{ p | verb }}|"
                "{{ p | versus(m, 'R') }}|{{ (n / n[2022]) | pct(2) }}|"
                "{{ (n / n[2022] - 1) | change(2) }}|{{ n | moved_from }}")
    multiples = "{{ (n.yoy + 1) | times(2) }}|{{ n.yoy | times(2) }}|{{ (n / n[2022]) | times(2) }}"
    printed = 0
    for case in range(120):
        p1, p2 = (D(rng.choice(levels)) for _ in "ab")
        n1, n2 = _values(rng)
        n1 = n1 if n1 > 0 else D("0.5")  # growth from a negative base is refused (tested above)
        missing = rng.random() < 0.15
        n_values = f"2023: {n2}" if missing else f"2022: {n1}, 2023: {n2}"
        meta = ("indicators:\n"
                f"  - {{id: p, label: P, unit: '%', decimals: 2, values: {{2022: {p1}, 2023: {p2}}}}}\n"
                f"  - {{id: n, label: N, unit: t, decimals: 1, min: -1000000, values: {{{n_values}}}}}\n"
                f"  - {{id: m, label: M, unit: '%', decimals: 2, values: {{2022: {p2}, 2023: {p1}}}}}\n")
        folder = tmp_path / str(case)
        try:
            text, data = _render_case(folder, meta, template, lang)
        except TemplateError as exc:
            assert missing and "no value for 2022" in exc.message, exc.message
            continue
        assert not missing, text
        printed += 1
        try:  # a multiple of values of different signs is refused, never printed
            times, _ = _render_case(folder, meta, multiples, lang)
            assert n2 / n1 >= 0, times
            assert {_exact(t) for t in times.split("|")} == {round_half_up(n2 / n1, 2)}, (times, n1, n2)
        except TemplateError as exc:
            assert n2 / n1 < 0 and "different signs" in exc.message, exc.message
        words = PHRASE_WORDS[lang]
        n_cmp, p_cmp, n_verb, p_verb, vs, quotient, growth, moved = text.split("|")
        yoy = round_half_up((n2 - n1) / n1 * 100, 1)
        assert _sign_of(n_cmp, words["compared"]) == (yoy > 0) - (yoy < 0), (n_cmp, n1, n2)
        if yoy:
            assert _exact(n_cmp) == abs(yoy), (n_cmp, n1, n2)
        points = round_half_up(p2, 2) - round_half_up(p1, 2)  # the printed levels' difference
        assert _sign_of(p_cmp, words["compared"]) == (points > 0) - (points < 0), (p_cmp, p1, p2)
        if points:
            assert _exact(p_cmp) == abs(points), (p_cmp, p1, p2)
        level = round_half_up(n2, 1) - round_half_up(n1, 1)
        assert _sign_of(n_verb, words["verb"]) == (level > 0) - (level < 0), (n_verb, n1, n2)
        assert _sign_of(p_verb, words["verb"]) == (points > 0) - (points < 0), (p_verb, p1, p2)
        assert _sign_of(vs, words["versus"]) == (points > 0) - (points < 0), (vs, p1, p2)
        if points:
            assert _exact(vs.replace("R", "")) == abs(points), (vs, p1, p2)
        assert _exact(quotient) == round_half_up(n2 / n1 * 100, 2), (quotient, n1, n2)
        growth_2 = round_half_up((n2 / n1 - 1) * 100, 2)
        if growth_2:
            assert _exact(growth) == abs(growth_2), (growth, n1, n2)
        shown = [round_half_up(v, 1) for v in (n1, n2)]
        numbers = [D(x.replace(",", "")) for x in re.findall(r"-?[\d,]+\.\d", moved)]
        assert numbers == (shown if shown[0] != shown[1] else shown[1:]), (moved, n1, n2)
    assert printed > 60  # most cases print; the rest were refused for a missing year


def it_phrases_an_indicator_in_percent_by_its_printed_levels(tmp_path):
    """2.60% → 2.67% printed with two decimals: pp says the 0.07 points a reader sees; with
    one decimal (the old default) a move of 0.04 read "持平" beside two different levels."""
    meta = META + "  - {id: pc, label: PC, unit: '%', decimals: 2, values: {2022: 3.05, 2023: 3.09}}\n"
    for lang, expected in (("zh-CN", "由3.05%上升至3.09%，提高0.04个百分点"),
                           ("en", "rose from 3.05% to 3.09%，up 0.04 percentage points")):
        text, _ = _render_case(tmp_path / lang, meta, "{{ pc | moved_from }}，{{ pc | pp }}", lang)
        assert text == expected
    assert render(tmp_path, "{{ rd_intensity | pp }}") == "提高0.07个百分点"
