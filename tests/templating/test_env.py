"""Rendering templates: sandbox, strict names with suggestions, located errors."""

from pathlib import Path

import pytest

from authoring.data import load_dataset
from authoring.errors import AuthoringError, TemplateError
from authoring.templating.env import TemplateRenderer
from authoring.templating.marks import strip_marks

META = """\
indicators:
  - id: pct_applications
    label: PCT applications
    unit: items
    values: {2019: 2739, 2020: 3558}
  - id: rd_ratio
    label: R&D ratio
    unit: "%"
    decimals: 1
    values: {2019: 4.0, 2020: 4.1}
  - id: papers
    label: Papers
    total: national_papers
    values: {2020: 124}
  - id: national_papers
    label: National papers
    values: {2020: 387}
  - id: zero_base
    label: Zero base
    values: {2019: 0, 2020: 5}
  - id: rank_x
    label: Rank
    kind: rank
    values: {2018: 1, 2019: 1, 2020: 1}
"""


def renderer(tmp_path: Path, template: str, lang="zh-CN") -> TemplateRenderer:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "data" / "m.yaml").write_text(META, encoding="utf-8")
    (tmp_path / "templates" / "t.md.j2").write_text(template, encoding="utf-8")
    data = load_dataset([tmp_path / "data" / "m.yaml"], tmp_path)
    return TemplateRenderer(tmp_path, data, 2020, lang)


def render(tmp_path, template, lang="zh-CN") -> str:
    return strip_marks(renderer(tmp_path, template, lang).render("t.md.j2"))[0]


def it_renders_figures_from_data(tmp_path):
    text = render(tmp_path, "受理量{{ pct_applications }}件，比上年{{ pct_applications | change }}；"
                            "比例{{ rd_ratio }}，{{ rd_ratio | pp }}；占{{ share(papers) | pct }}。")
    assert text == "受理量3558件，比上年增长29.9%；比例4.1%，提高0.1个百分点；占32.0%。"


def it_renders_the_same_template_in_english(tmp_path):
    text = render(tmp_path, "{{ pct_applications }}, {{ pct_applications | change }}", lang="en")
    assert text == "3,558, up 29.9%"


def it_picks_years_by_subscript(tmp_path):
    assert render(tmp_path, "{{ pct_applications[year - 1] }}→{{ pct_applications }}") == "2739→3558"


def it_names_the_template_line_and_the_nearest_name_for_a_typo(tmp_path):
    with pytest.raises(TemplateError) as info:
        render(tmp_path, "line one\n\n{{ pct_aplications }}\n")
    text = str(info.value)
    assert "templates/t.md.j2:3" in text
    assert "pct_aplications" in text and "did you mean pct_applications" in text


def it_names_the_missing_year(tmp_path):
    with pytest.raises(TemplateError) as info:
        render(tmp_path, "x\n{{ pct_applications[2015] }}")
    text = str(info.value)
    assert "templates/t.md.j2:2" in text and "no value for 2015" in text and "2019, 2020" in text


def it_refuses_growth_from_a_zero_base_instead_of_printing_inf(tmp_path):
    with pytest.raises(AuthoringError) as info:
        render(tmp_path, "{{ zero_base | change }}")
    assert "zero" in str(info.value) and "templates/t.md.j2:1" in str(info.value)


def it_allows_a_template_fallback_for_a_missing_base(tmp_path):
    text = render(tmp_path, "{% if papers.has(year - 1) %}{{ papers | change }}{% else %}新增{% endif %}")
    assert text == "新增"


def it_refuses_relative_growth_of_a_percentage(tmp_path):
    with pytest.raises(AuthoringError) as info:
        render(tmp_path, "{{ rd_ratio | change }}")
    assert "percentage points" in str(info.value) or "pp" in str(info.value)


def it_refuses_an_open_ended_streak(tmp_path):
    with pytest.raises(AuthoringError) as info:
        render(tmp_path, "{{ streak(rank_x, eq=1) }}")
    assert "may be longer" in str(info.value)
    assert render(tmp_path, "{{ streak(rank_x, eq=1, open=True) }}") == "3"


def it_runs_templates_in_a_sandbox(tmp_path):
    with pytest.raises(TemplateError) as info:
        render(tmp_path, "{{ pct_applications.__class__.__mro__ }}")
    assert "t.md.j2:1" in str(info.value)


def it_reports_syntax_errors_with_the_line(tmp_path):
    with pytest.raises(TemplateError) as info:
        render(tmp_path, "ok\n{% if %}\n")
    assert "templates/t.md.j2:2" in str(info.value) and "syntax error" in str(info.value)


def it_escapes_markdown_in_data_text(tmp_path):
    (tmp_path / "data").mkdir()
    text = render(tmp_path, "{{ rd_ratio.label }}|{{ '*x*' }}")
    assert text == "R&D ratio|\\*x\\*"


def it_records_every_printed_figure_with_its_formula(tmp_path):
    r = renderer(tmp_path, "x\n\n{{ pct_applications | change }}")
    text, indexes = strip_marks(r.render("t.md.j2"))
    printed = r.state.printed
    assert indexes == [0] and [p.text for p in printed] == ["增长29.9%"]
    assert (printed[0].template, printed[0].line) == ("t.md.j2", 3)
    assert printed[0].quantity.formula == "pct_applications[2020] / pct_applications[2019] - 1"
    assert [i.location.file for i in printed[0].quantity.inputs] == ["data/m.yaml", "data/m.yaml"]


def it_maps_every_code_line_to_the_template_line_jinja_gives():
    # the renderer's memoized mapping (env.py _template_line) must agree with Jinja's own
    # get_corresponding_lineno on every line of the example's generated code
    from authoring.config import load_config

    root = Path(__file__).parents[2]
    config = load_config(root)
    r = TemplateRenderer(root, load_dataset(config.data_paths(), root), config.year, config.lang)
    checked = 0
    for spec in config.chapters:
        template = r.env.get_template(spec.template)
        filename = template.filename
        last = max(code for _, code in template.debug_info)
        for lineno in range(0, last + 3):
            assert r._template_line(filename, lineno) == (
                spec.template, template.get_corresponding_lineno(lineno))
            checked += 1
    assert checked > 50
