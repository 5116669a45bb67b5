"""Figure definitions → chart data → SVG/PNG: every kind, determinism, errors, cache."""

import html
from pathlib import Path

import pytest

from authoring.charts.cache import ChartJob, needed_outputs, render_all, text_svg
from authoring.charts.data import chart_data
from authoring.charts.render import ChartTheme, render_chart, render_chart_files
from authoring.charts.spec import load_spec
from authoring.data import load_dataset
from authoring.errors import FigureError

META = """\
indicators:
  - {id: patents, label: 发明专利授权, unit: 件, values: {2019: 22735, 2020: 24208}}
  - {id: pct, label: PCT申请, unit: 件, values: {2019: 2739, 2020: 3558}}
  - {id: ratio, label: 研发强度, unit: "%", decimals: 1, values: {2019: 4.0, 2020: 4.1}}
  - {id: turnover, label: 技术合同成交额, unit: 亿元, decimals: 1, values: {2019: 1522.2, 2020: 1815.3}}
  - {id: a, label: 自然科学奖, unit: 项, values: {2019: 43}}
  - {id: b, label: 技术发明奖, unit: 项, values: {2019: 31}}
  - {id: c, label: 科技进步奖, unit: 项, values: {2019: 205}}
  - {id: neg, label: 负值, unit: 项, min: -10, values: {2019: -5}}
  - {id: total, label: 合计, unit: 项, values: {2019: 279}}
breakdowns:
  - {id: awards, label: 获奖项目, total: total, parts: [a, b, c]}
  - {id: bad, label: 含负值, parts: [a, neg]}
"""
THEME = ChartTheme(palette=("#1f4e79", "#c55a11", "#548235"))

KINDS = {
    "bar": ("kind: bar\nseries: [patents]\nyears: [report-1, report]\ncaption: 专利\nshow_growth: true\n",
            ["2019年", "2020年", "22735", "24208", "增长6.5%"]),
    "grouped_bar": ("kind: grouped_bar\nseries: [patents, pct]\nyears: [report-1, report]\ncaption: 专利\n",
                    ["发明专利授权", "PCT申请", "3558", "2739"]),
    "stacked_bar": ("kind: stacked_bar\nseries: [patents, pct]\nyears: [report-1, report]\ncaption: 专利\n",
                    ["24208", "3558"]),
    "hbar": ("kind: hbar\nseries: [patents, pct]\nyear: report\ncaption: 排名\nsort: true\n",
             ["发明专利授权", "PCT申请", "24208"]),
    "line": ("kind: line\nseries: [ratio]\nyears: [report-1, report]\ncaption: 强度\n",
             ["4.0%", "4.1%"]),
    "bar_line": ("kind: bar_line\nseries: [turnover, ratio]\nsecondary: [ratio]\nyears: [report-1, report]\n"
                 "caption: 成交额\n", ["1815.3", "1522.2", "研发强度"]),
    "panels": ("kind: panels\nseries: [patents, turnover]\nyears: [report-1, report]\ncaption: 比较\n",
               ["发明专利授权", "增长6.5%", "1815.3", "增长19.3%", "亿元"]),
    "hbar_growth": ("kind: hbar\nmeasure: growth\nseries: [patents, pct]\nyear: report\ncaption: 增速\n",
                    ["6.5%", "29.9%", "PCT申请"]),
    "pie": ("kind: pie\nbreakdown: awards\nyear: report-1\ncaption: 构成\n", ["自然科学奖", "43项", "205项"]),
    "donut": ("kind: donut\nbreakdown: awards\nyear: report-1\ncaption: 构成\n", ["技术发明奖", "31项", "279项"]),
}


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("data")
    (folder / "m.yaml").write_text(META, encoding="utf-8")
    return load_dataset([folder / "m.yaml"], folder)


def spec_of(tmp_path: Path, text: str, name="fig.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_spec(path, f"figures/{name}")


def svg_strings(svg: bytes) -> str:
    # text is drawn as paths; matplotlib keeps each string as an XML comment beside it
    return html.unescape(svg.decode("utf-8"))


@pytest.mark.parametrize("kind", sorted(KINDS))
def it_draws_each_kind_deterministically_with_its_labels(tmp_path, dataset, kind):
    text, expected = KINDS[kind]
    spec = spec_of(tmp_path, text)
    data = chart_data(spec, dataset, 2020, "zh-CN", spec.caption)
    svg1, png1 = render_chart(data, THEME, spec.size_mm)
    svg2, png2 = render_chart(data, THEME, spec.size_mm)
    assert svg1 == svg2 and png1 == png2
    assert png1[:8] == b"\x89PNG\r\n\x1a\n"
    content = svg_strings(svg1)
    for label in expected:
        assert label in content, label
    assert "<dc:date>" not in content


@pytest.mark.parametrize("kind", ["bar", "pie"])
def it_draws_a_second_svg_with_real_text_for_the_pdf(tmp_path, dataset, kind):
    """Same drawing, labels as <text> in the theme's fonts, byte-for-byte repeatable; the
    SVG with text as paths (the DOCX's) stays as render_chart draws it."""
    from lxml import etree

    text, expected = KINDS[kind]
    spec = spec_of(tmp_path, text)
    data = chart_data(spec, dataset, 2020, "zh-CN", spec.caption)
    svg, png, with_text = render_chart_files(data, THEME, spec.size_mm)
    assert (svg, png) == render_chart(data, THEME, spec.size_mm)
    assert with_text == render_chart_files(data, THEME, spec.size_mm)[2]
    root = etree.fromstring(with_text)
    texts = root.findall(".//{http://www.w3.org/2000/svg}text")
    strings = ["".join(t.itertext()) for t in texts]
    for label in expected:
        assert any(label in s for s in strings), label
    assert all(THEME.fonts[0] in t.get("style") for t in texts)
    assert b"<text" not in svg


def it_writes_a_300_dpi_png(tmp_path, dataset):
    from PIL import Image

    spec = spec_of(tmp_path, KINDS["pie"][0])
    _, png = render_chart(chart_data(spec, dataset, 2020, "zh-CN", "c"), THEME, (150, 80))
    image = Image.open(__import__("io").BytesIO(png))
    assert round(image.info["dpi"][0]) == 300
    assert image.size[0] == pytest.approx(150 / 25.4 * 300, abs=2)
    assert image.mode == "RGB"  # opaque: the chart is on white, and RGBA is larger and slower


def it_generates_alt_text_from_the_data(tmp_path, dataset):
    spec = spec_of(tmp_path, KINDS["pie"][0])
    data = chart_data(spec, dataset, 2020, "zh-CN", "2019年度获奖项目构成")
    assert data.alt == "饼图：2019年度获奖项目构成。自然科学奖43项、技术发明奖31项、科技进步奖205项"


@pytest.mark.parametrize("text, field, message", [
    ("kind: bar\nseries: [patentz]\ncaption: x\n", "series", "unknown indicator 'patentz'"),
    ("kind: bar\nseries: [patents]\nyears: [2015]\ncaption: x\n", "years", "no value for 2015"),
    ("kind: pie\nbreakdown: bad\nyear: report-1\ncaption: x\n", "kind", "cannot show negative values"),
    ("kind: radar\nseries: [patents]\ncaption: x\n", "kind", "unknown chart kind 'radar'"),
    ("kind: bar\nseries: [patents]\n", "caption", "needs a caption"),
    ("kind: bar\nseries: [patents, turnover]\ncaption: x\nyears: [report]\n", "series", "different units"),
    ("kind: pie\nbreakdown: awardz\ncaption: x\n", "breakdown", "unknown breakdown 'awardz'"),
    ("kind: bar\nseries: [patents]\ncaption: x\ncolour: red\n", "colour", "unknown field 'colour'"),
    ("kind: bar\nseries: [patents]\nyears: [next year]\ncaption: x\n", "years", "is not a year"),
    ("kind: hbar\nmeasure: share\nseries: [patents]\ncaption: x\n", "measure", "no reference total"),
    ("kind: panels\nseries: [patents]\nyear: report\ncaption: x\n", "years", "two or more"),
    ("kind: bar\nmeasure: ratio\nseries: [patents]\ncaption: x\n", "measure", "unknown measure"),
])
def it_refuses_bad_definitions_naming_file_and_field(tmp_path, dataset, text, field, message):
    with pytest.raises(FigureError) as info:
        spec = spec_of(tmp_path, text)
        chart_data(spec, dataset, 2020, "zh-CN", "x")
    assert "figures/fig.yaml" in str(info.value)
    assert f"'{field}'" in str(info.value)
    assert message in str(info.value)


def it_redraws_only_charts_whose_data_changed(tmp_path, dataset):
    import copy
    from decimal import Decimal

    specs = {name: spec_of(tmp_path, KINDS[name][0], f"{name}.yaml") for name in ("bar", "line", "pie")}

    def jobs(data):
        return [ChartJob(n, chart_data(s, data, 2020, "zh-CN", s.caption), s.size_mm)
                for n, s in specs.items()]

    first = render_all(jobs(dataset), THEME, tmp_path / "out")
    assert all(f.redrawn for f in first.values())
    second = render_all(jobs(dataset), THEME, tmp_path / "out")
    assert not any(f.redrawn for f in second.values())
    changed = copy.deepcopy(dataset)
    value = changed.indicators["ratio"].values[2020]
    changed.indicators["ratio"].values[2020] = type(value)(Decimal("4.2"), value.location)
    third = render_all(jobs(changed), THEME, tmp_path / "out")
    assert {n for n, f in third.items() if f.redrawn} == {"line"}
    # the old rendering stays until the build succeeded (its previous outputs use it) …
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "out").glob("*.svg")
                  if not p.name.endswith(".text.svg")) == ["bar", "line", "line", "pie"]
    from authoring.charts.cache import prune

    # … then it is pruned, and the others stay (with their real-text twins for the PDF)
    prune(tmp_path / "out", {n: (f.svg, f.png) for n, f in third.items()})
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "out").glob("*.svg")
                  if not p.name.endswith(".text.svg")) == ["bar", "line", "pie"]
    assert sorted(p.name.split("-")[0] for p in (tmp_path / "out").glob("*.text.svg")) == \
        ["bar", "line", "pie"]


@pytest.mark.parametrize("kind", ["bar_line", "panels"])
def it_saves_each_output_with_the_same_bytes_whichever_others_are_drawn(tmp_path, dataset, kind):
    """The figure is laid out once, by the SVG's save, so a build that draws only some of a
    chart's files (and another that adds the rest later) gets the same bytes as one that
    draws all three."""
    spec = spec_of(tmp_path, KINDS[kind][0])
    data = chart_data(spec, dataset, 2020, "zh-CN", spec.caption)
    svg, png, text = render_chart_files(data, THEME, spec.size_mm)
    assert render_chart_files(data, THEME, spec.size_mm, ("svg",)) == (svg, None, None)
    assert render_chart_files(data, THEME, spec.size_mm, ("svg", "png")) == (svg, png, None)
    assert render_chart_files(data, THEME, spec.size_mm, ("svg", "text")) == (svg, None, text)
    # the text SVG has the path SVG's layout: the same axes frame, to the digit
    from lxml import etree

    def frame(svg_bytes):
        ns = {"s": "http://www.w3.org/2000/svg"}
        return etree.fromstring(svg_bytes).find(".//s:g[@id='patch_2']/s:path", ns).get("d")
    assert frame(svg) == frame(text)


def it_leaves_matplotlib_as_it_found_it(tmp_path, dataset):
    """The font-lookup and text-metric memory lives for one chart only."""
    import matplotlib.text as mtext
    from matplotlib import font_manager

    before = mtext._get_text_metrics_with_cache
    spec = spec_of(tmp_path, KINDS["line"][0])
    render_chart_files(chart_data(spec, dataset, 2020, "zh-CN", "c"), THEME, spec.size_mm)
    assert mtext._get_text_metrics_with_cache is before
    assert "_find_fonts_by_props" not in vars(font_manager.fontManager)


@pytest.mark.parametrize("formats, engine, outputs", [
    (["docx"], None, ("svg", "png")),
    (["docx", "pdf"], "weasyprint", ("svg", "png", "text")),
    (["pdf"], "weasyprint", ("svg", "text")),
    (["html"], None, ("svg", "text")),
    (["docx", "pdf"], "typst", ("svg", "png", "text")),
    (["pdf"], "typst", ("svg", "text")),
    (["docx", "odt"], None, ("svg", "png", "text")),  # a format it does not know: everything
])
def it_draws_the_chart_files_the_formats_read(formats, engine, outputs):
    assert needed_outputs(formats, engine) == outputs


def it_draws_only_missing_files_and_reports_which(tmp_path, dataset):
    spec = spec_of(tmp_path, KINDS["bar"][0], "bar.yaml")
    job = ChartJob("bar", chart_data(spec, dataset, 2020, "zh-CN", spec.caption), spec.size_mm)
    folder = tmp_path / "out"
    first = render_all([job], THEME, folder, ("svg", "png"))["bar"]
    assert first.redrawn and first.drawn == (first.svg, first.png)
    assert not text_svg(first.svg).exists()
    stamp = (first.svg.read_bytes(), first.svg.stat().st_mtime_ns, first.png.stat().st_mtime_ns)
    second = render_all([job], THEME, folder, ("svg", "text"))["bar"]
    assert second.redrawn and second.drawn == (text_svg(first.svg),)
    assert (second.svg.read_bytes(), second.svg.stat().st_mtime_ns,
            second.png.stat().st_mtime_ns) == stamp  # what was there is not rewritten
    assert text_svg(first.svg).read_bytes() == render_chart_files(job.data, THEME, spec.size_mm)[2]
    third = render_all([job], THEME, folder)["bar"]
    assert not third.redrawn and third.drawn == ()


def it_keeps_the_legend_where_best_put_it_in_every_output(tmp_path, dataset, monkeypatch):
    """A two-line chart's legend goes where loc "best" finds room; that search runs once (in
    the SVG's save) and the other files get its corner: the same bytes as searching again."""
    import contextlib

    from authoring.charts import render

    spec = spec_of(tmp_path, "kind: line\nseries: [patents, pct]\nyears: [report-1, report]\n"
                             "caption: 专利\n")
    data = chart_data(spec, dataset, 2020, "zh-CN", spec.caption)
    pinned = render_chart_files(data, THEME, spec.size_mm)
    monkeypatch.setattr(render, "_remembered_best_legend_places",
                        lambda fig: contextlib.nullcontext(lambda: None))
    assert render_chart_files(data, THEME, spec.size_mm) == pinned
