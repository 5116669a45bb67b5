"""Chart jobs → files drawn by warm processes: the same bytes as drawn in process, first files
before later ones, a failing chart taking back what the call wrote."""

from pathlib import Path

import pytest

from authoring.charts.cache import ChartJob, render_all, text_svg
from authoring.charts.data import chart_data
from authoring.charts.pool import ChartPool, charts_to_draw
from authoring.charts.render import render_chart_files, svg_size

from .test_charts import KINDS, THEME, dataset, spec_of  # noqa: F401 - the fixture

NAMES = ("bar", "panels", "pie")


def jobs(tmp_path, data):
    specs = {name: spec_of(tmp_path, KINDS[name][0], f"{name}.yaml") for name in NAMES}
    return [ChartJob(n, chart_data(s, data, 2020, "zh-CN", s.caption), s.size_mm)
            for n, s in specs.items()]


@pytest.mark.parametrize("processes", [1, 2])
def it_draws_the_same_bytes_as_in_process_with_the_png_later(tmp_path, dataset, processes):
    todo = jobs(tmp_path, dataset)
    pool = ChartPool(processes)
    try:
        files = render_all(todo, THEME, tmp_path / "out", ("svg", "png", "text"), pool,
                           later=("png",), wait=False)
        pool.wait_first()
        assert all(f.svg.is_file() and text_svg(f.svg).is_file() for f in files.values())
        pool.wait_later()
    finally:
        pool.close()
    for job in todo:
        svg, png, text = render_chart_files(job.data, THEME, job.size_mm)
        f = files[job.id]
        assert f.redrawn and len(f.drawn) == 3
        assert (f.svg.read_bytes(), f.png.read_bytes(), text_svg(f.svg).read_bytes()) == (svg, png, text)


def it_takes_back_every_file_of_the_call_when_a_chart_fails(tmp_path, dataset):
    import dataclasses

    todo = jobs(tmp_path, dataset)
    broken = dataclasses.replace(todo[1], data=dataclasses.replace(todo[1].data, kind="nonesuch"))
    pool = ChartPool(1)
    try:
        with pytest.raises(KeyError):
            render_all([todo[0], broken, todo[2]], THEME, tmp_path / "out", ("svg", "png"), pool,
                       later=("png",))
    finally:
        pool.close()
    assert list((tmp_path / "out").iterdir()) == []


def it_counts_the_charts_a_build_may_still_have_to_draw(tmp_path):
    figures, out = tmp_path / "figures", tmp_path / "out"
    figures.mkdir()
    for name in ("a", "b_c", "d"):
        (figures / f"{name}.yaml").write_text("kind: bar\n", encoding="utf-8")
    assert charts_to_draw(figures, out, ("svg", "png")) == 3  # a cold build: no out/ yet
    out.mkdir()
    for name in ("a-0123.svg", "a-0123.png", "b_c-77.svg", "b_c-77.text.svg", "d-9.text.svg"):
        (out / name).write_text("x", encoding="utf-8")
    assert charts_to_draw(figures, out, ("svg", "png")) == 2  # b_c lacks its PNG, d its SVG
    assert charts_to_draw(figures, out, ("svg", "text")) == 2  # a lacks the text SVG, d its SVG
    assert charts_to_draw(figures, out, ("text",)) == 1
    assert charts_to_draw(tmp_path / "none", out, ("svg",)) == 0


@pytest.mark.parametrize("size_mm", [(160, 72), (150.0, 90.0), (123.4, 56.7), (80, 80)])
def it_knows_the_svg_size_before_the_chart_is_drawn(tmp_path, dataset, size_mm):
    from lxml import etree

    job = jobs(tmp_path, dataset)[0]
    for svg in render_chart_files(job.data, THEME, size_mm, ("svg", "text"))[::2]:
        root = etree.fromstring(svg)
        assert (root.get("width"), root.get("height")) == svg_size(size_mm)


def it_tells_a_waiting_writer_that_a_chart_failed(tmp_path, dataset):
    import dataclasses

    from authoring.writers.pending import wait_for

    job = jobs(tmp_path, dataset)[0]
    broken = dataclasses.replace(job, data=dataclasses.replace(job.data, kind="nonesuch"))
    pool = ChartPool(1)
    try:
        files = render_all([broken], THEME, tmp_path / "out", ("svg",), pool, wait=False)
        with pytest.raises(KeyError):  # the DOCX writer's wait, with the build's check
            wait_for(files[broken.id].svg, pool.check)
    finally:
        pool.close()


def it_writes_nothing_once_closed(tmp_path, dataset):
    """close() waits for the chart being drawn and drops the others, so that a failed build
    can take back every file (a shutdown that did not wait let a chart land afterwards)."""
    import time

    pool = ChartPool(2)
    render_all(jobs(tmp_path, dataset), THEME, tmp_path / "out", ("svg", "png", "text"), pool,
               later=("png",), wait=False)
    time.sleep(0.3)  # the processes are busy now
    pool.close()
    after_close = sorted(p.name for p in (tmp_path / "out").iterdir())
    time.sleep(1.0)
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == after_close
    assert not [name for name in after_close if name.endswith(".tmp")]
