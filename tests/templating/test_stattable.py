"""stat_table(): indicators or a breakdown × years → a ::: table, every figure audited."""

from __future__ import annotations

from pathlib import Path

import pytest

from authoring.data import load_dataset
from authoring.errors import TemplateError
from authoring.model.nodes import Table
from authoring.model.text import table_texts
from authoring.templating.env import TemplateRenderer
from authoring.templating.markdown import markdown_to_blocks
from authoring.templating.marks import strip_marks

META = """\
indicators:
  - id: firms
    label: 高新技术企业
    unit: 家
    values: {2019: 1200, 2020: 1380}
  - id: intensity
    label: 研发强度
    unit: "%"
    decimals: 2
    values: {2019: 4.00, 2020: 4.17}
  - {id: basic, label: 基础研究, unit: 亿元, decimals: 1, values: {2019: 50.5, 2020: 60.2}}
  - {id: applied, label: 应用研究, unit: 亿元, decimals: 1, values: {2019: 120.0, 2020: 130.3}}
  - id: rd
    label: 研发经费
    unit: 亿元
    decimals: 1
    values: {2019: 170.5, 2020: 190.5}
breakdowns:
  - id: rd_by_type
    label: 研发经费按活动类型
    total: rd
    parts: [basic, applied]
"""


def render(tmp_path: Path, template: str) -> tuple[str, TemplateRenderer]:
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "templates").mkdir(exist_ok=True)
    (tmp_path / "data" / "m.yaml").write_text(META, encoding="utf-8")
    (tmp_path / "templates" / "t.md.j2").write_text(template, encoding="utf-8")
    r = TemplateRenderer(tmp_path, load_dataset([tmp_path / "data" / "m.yaml"], tmp_path),
                         2020, "zh-CN")
    return r.render("t.md.j2"), r


def table(text: str) -> Table:
    return next(b for b in markdown_to_blocks(text, "t.md.j2", None) if isinstance(b, Table))


def it_sets_rows_of_indicators_over_years_without_repeating_units(tmp_path):
    text, r = render(tmp_path, '{{ stat_table("tab-a", "主要指标", [firms, intensity], '
                               'years=2, change=true, source="统计局") }}\n')
    cells = table_texts(table(text))
    assert cells[0] == ["指标", "单位", "2019年", "2020年", "比上年增长（%）"]
    # numbers only: no "%" and no "家" in the cells; the point lines up (figure spaces)
    assert cells[1] == ["高新技术企业", "家", "1200\u2008\u2007\u2007", "1380\u2008\u2007\u2007", "15.0"]
    assert cells[2] == ["研发强度", "%", "4.00", "4.17", "0.17"]
    plain = strip_marks(text)[0]
    assert "注：研发强度的增长为百分点。" in plain and "资料来源：统计局" in plain
    # every figure is a printed figure with its formula, as in prose
    formulas = [p.quantity.formula for p in r.state.printed]
    assert "firms[2020] / firms[2019] - 1" in formulas and "intensity[2019]" in formulas
    assert len(r.state.printed) == 6


def it_sets_a_breakdown_with_its_total_and_shares_unit_in_the_head(tmp_path):
    text, _ = render(tmp_path, '{{ stat_table("tab-b", "研发经费构成", rd_by_type, years=[2020], '
                               'share=true, unit="header") }}\n')
    t = table(text)
    assert "研发经费构成（亿元）" in strip_marks(text)[0]
    assert table_texts(t) == [["指标", "2020年", "占比（%）"], ["基础研究", "60.2", "31.6"],
                              ["应用研究", "130.3", "68.4"], ["合计", "190.5", "100.0"]]
    assert all(row[1].numeric for row in t.rows)


@pytest.mark.parametrize("call, message", [
    ('stat_table("t", "c", [firms, basic], unit="header")', "one unit for all rows"),
    ('stat_table("t", "c", [firms], share=true)', "needs a breakdown"),
    ('stat_table("t", "c", [firms], colour="red")', "no option 'colour'"),
    ('stat_table("t", "c", "firms")', "rows must be indicators"),
])
def it_refuses_what_it_cannot_set(tmp_path, call, message):
    with pytest.raises(TemplateError) as caught:
        render(tmp_path, "{{ " + call + " }}\n")
    assert message in str(caught.value)
