"""Test helpers: a chart's data drawn by the real renderer, then read back mark by mark."""

from __future__ import annotations

import math
from dataclasses import dataclass

from lxml import etree

from authoring.charts.render import ChartTheme, chart_context, lay_out, save_outputs

THEME = ChartTheme(palette=("#1f4e79", "#c55a11", "#548235", "#7f6000"))
SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Drawn:
    marks: dict  # "mark-<series>-<category>" → the drawn number (bar height, line y, slice %)
    lines: dict  # "mark-<series>-0" of a line → its y values, NaN where nothing is drawn
    ticks: list  # the category axis' labels in reading order (left to right, top to bottom)
    texts: list  # every string in the SVG with real text
    svg_ids: list  # the mark ids found in the SVG with text as paths (the DOCX's)
    pie_boxes: list  # the screen boxes of the slice labels
    line_labels: list = None  # of a line chart: (text, screen box) of each value label printed


def draw(data, size=(150, 85)) -> Drawn:
    with chart_context(THEME):
        fig, svg = lay_out(data, THEME, size)
        text_svg = save_outputs(fig, ("text",))["text"]
        marks, lines = {}, {}
        for artist in fig.findobj(lambda a: (a.get_gid() or "").startswith("mark-")):
            gid = artist.get_gid()
            name = type(artist).__name__
            if name == "Rectangle":
                marks[gid] = artist.get_width() if data.kind == "hbar" else artist.get_height()
            elif name == "Wedge":
                marks[gid] = (artist.theta2 - artist.theta1) / 360 * 100
            elif name == "Line2D":
                lines[gid] = [float(y) for y in artist.get_ydata()]
        ax = fig.axes[0]
        if data.kind == "hbar":
            ticks = [t.get_text() for t in sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])]
        else:
            ticks = [t.get_text() for t in ax.get_xticklabels()]
        pie_boxes = []
        if data.kind in ("pie", "donut"):
            from matplotlib.backends.backend_agg import FigureCanvasAgg

            renderer = FigureCanvasAgg(fig).get_renderer()
            pie_boxes = [t.get_window_extent(renderer) for t in ax.texts if "\n" in t.get_text()]
        line_labels = []
        if data.kind == "line":
            from matplotlib.backends.backend_agg import FigureCanvasAgg

            renderer = FigureCanvasAgg(fig).get_renderer()
            line_labels = [(t.get_text(), t.get_window_extent(renderer)) for t in ax.texts]
    root = etree.fromstring(text_svg)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]
    ids = [el.get("id") for el in etree.fromstring(svg).iter() if (el.get("id") or "").startswith("mark-")]
    return Drawn(marks, lines, ticks, texts, ids, pie_boxes, line_labels)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
