"""ChartData + theme → SVG and 300-dpi PNG bytes with matplotlib (Agg), byte-for-byte repeatable.

matplotlib quirks for determinism live here: a fixed svg.hashsalt (default is a random
uuid), no Date/Creator metadata, no PNG Software key, and text drawn as paths so the
SVG looks identical in every viewer (the strings stay in the SVG as comments). That SVG
goes into the DOCX. The PDF gets a second SVG of the same drawing with its text as
<text> elements (svg.fonttype "none") in the theme's fonts, which WeasyPrint draws with
the same fonts matplotlib measured: the chart stays vector, and its labels can be
searched and copied in the PDF.

Speed (docs/PERFORMANCE.md, "Charts"): the figure is laid out once, by constrained layout
during the first save (the SVG with text as paths, whose bytes are therefore those of a
save on its own); the other formats are saved from that same layout. While one chart is
drawn, font lookups and text measurements are remembered across its saves (the answers
are the same: same rcParams, same renderer kind and resolution). Only the outputs asked
for are saved; the layout does not depend on which.
"""

from __future__ import annotations

import contextlib
import io
import threading
from dataclasses import dataclass

from .data import ChartData

MM_PER_INCH = 25.4


@dataclass(frozen=True)
class ChartTheme:
    palette: tuple[str, ...]
    fonts: tuple[str, ...] = ("Noto Sans CJK SC", "DejaVu Sans")
    highlight: str = ""  # colour for the report year; default: palette[1]
    font_size: float = 8.5


_ONE_CHART = threading.Lock()
OUTPUTS = ("svg", "png", "text")  # text as paths (DOCX, Typst), 300-dpi PNG (DOCX), real text (HTML/PDF)
PNG_DPI = 300


def svg_size(size_mm: tuple[float, float]) -> tuple[str, str]:
    """The width and height attributes of the chart SVGs drawn at `size_mm`, as matplotlib
    writes them (backend_svg: inches × 72, "%f" without trailing zeros, then "pt"): known
    before the chart is drawn, so the PDF can be laid out while it is (writers/weasyprint/weasy_pending.py)."""
    def short(x: float) -> str:
        return f"{x:f}".rstrip("0").rstrip(".")

    return tuple(short(mm / MM_PER_INCH * 72) + "pt" for mm in size_mm)


def render_chart(data: ChartData, theme: ChartTheme, size_mm: tuple[float, float]) -> tuple[bytes, bytes]:
    """Return (svg_bytes, png_bytes) for `data`."""
    return render_chart_files(data, theme, size_mm, ("svg", "png"))[:2]


def render_chart_files(data: ChartData, theme: ChartTheme, size_mm: tuple[float, float],
                       outputs=OUTPUTS) -> tuple[bytes, bytes | None, bytes | None]:
    """Return (svg with text as paths, png, svg with text as <text>) for `data`; the PNG and
    the text SVG are None unless named in `outputs`. The SVG is always drawn: its save lays
    the figure out, so every output has the same bytes whichever others were asked for."""
    with chart_context(theme):
        fig, svg = lay_out(data, theme, size_mm)
        saved = save_outputs(fig, outputs)
    return svg, saved.get("png"), saved.get("text")


@contextlib.contextmanager
def chart_context(theme: ChartTheme):
    """matplotlib's settings for drawing and saving one chart (`lay_out`, `save_outputs`).

    One chart at a time per process: rc_context and the remembered lookups change
    matplotlib's global state while they last."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    rc = {
        "svg.hashsalt": "authoring", "svg.fonttype": "path", "font.family": list(theme.fonts),
        "font.size": theme.font_size, "axes.spines.top": False, "axes.spines.right": False,
        "axes.edgecolor": "#555555", "axes.labelcolor": "#333333", "xtick.color": "#333333",
        "ytick.color": "#333333", "axes.unicode_minus": False, "path.simplify": False,
    }
    with _ONE_CHART, matplotlib.rc_context(rc), _remembered_text_metrics():
        yield


def lay_out(data: ChartData, theme: ChartTheme, size_mm: tuple[float, float]):
    """Draw `data` and lay it out by saving the SVG with text as paths; return (figure, svg).
    The figure keeps that layout for `save_outputs`, now or later (within chart_context)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(size_mm[0] / MM_PER_INCH, size_mm[1] / MM_PER_INCH), dpi=100)
    _DRAW[data.kind](fig, data, theme)
    if any(ax.get_subplotspec() is not None for ax in fig.axes):  # a pie places its own axes
        fig.set_layout_engine("constrained")
    with _remembered_best_legend_places(fig) as keep_places:
        svg = _save_svg(fig)
    # the layout found for the SVG stays: constrained layout would run again on every
    # save (a third of a save's time) and place things differently per resolution
    fig.set_layout_engine("none")
    keep_places()
    return fig, svg


def save_outputs(fig, outputs) -> dict[str, bytes]:
    """The laid-out figure's "text" SVG and "png", those of them named in `outputs`."""
    import matplotlib

    saved = {}
    if "text" in outputs:
        with matplotlib.rc_context({"svg.fonttype": "none"}):
            saved["text"] = _save_svg(fig)
    if "png" in outputs:
        saved["png"] = _save_png(fig, PNG_DPI)
    return saved


def _save_svg(fig) -> bytes:
    out = io.BytesIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    return out.getvalue()


def _save_png(fig, dpi: int) -> bytes:
    """An opaque RGB PNG (the figure is white; matplotlib's own PNG is RGBA: larger, and
    slower to compress), with its resolution and no Software text."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    before, previous = fig.dpi, fig.canvas
    canvas = FigureCanvasAgg(fig)
    fig.dpi = dpi
    try:
        canvas.draw()
        pixels = canvas.buffer_rgba()
        height, width = pixels.shape[:2]
        image = Image.frombuffer("RGBA", (width, height), pixels, "raw", "RGBA", 0, 1)
        out = io.BytesIO()
        image.convert("RGB").save(out, format="png", dpi=(dpi, dpi))
        del pixels, image
    finally:
        fig.dpi = before
        # the Agg canvas keeps its 300-dpi buffer (~7 MB) as long as the figure keeps it
        fig.set_canvas(previous)
    return out.getvalue()


@contextlib.contextmanager
def _remembered_best_legend_places(fig):
    """Yield a function that pins each legend placed at loc "best" to the corner the first
    save chose. "best" tries nine corners against every data point on every save (a tenth
    of a line chart's time); the corner found for the SVG is the one the others get."""
    import numpy as np
    from matplotlib.transforms import Bbox

    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    legends = [legend for legend in legends if legend._loc == 0]  # 0: "best"
    chosen = {}

    def watch(legend):
        find = legend._find_best_position

        def find_and_remember(width, height, renderer, *args, **kwargs):
            x, y = find(width, height, renderer, *args, **kwargs)
            box = Bbox.from_bounds(0, 0, width, height)
            for code in range(1, len(legend.codes)):  # the candidates "best" considers
                corner = legend._get_anchored_bbox(code, box, legend.get_bbox_to_anchor(), renderer)
                if np.array_equal(corner, (x, y)):
                    chosen[legend] = code
                    break
            return x, y
        legend._find_best_position = find_and_remember

    def keep():
        for legend in legends:
            if legend in chosen:
                legend._loc = chosen[legend]

    for legend in legends:
        watch(legend)
    try:
        yield keep
    finally:
        for legend in legends:
            del legend._find_best_position


@contextlib.contextmanager
def _remembered_text_metrics():
    """Within one chart, remember matplotlib's font lookups and text measurements across its
    saves. matplotlib keys its own text-metrics cache by renderer object, so each save (a new
    renderer) measured every label again, and it re-resolves the font list per text (~40 %
    of a save). The keys hold everything the answers depend on (font properties, renderer
    kind and resolution); rcParams do not change inside one chart's rc_context."""
    import matplotlib.text as mtext
    from matplotlib import font_manager

    manager = font_manager.fontManager
    find, measure = manager._find_fonts_by_props, mtext._get_text_metrics_with_cache
    fonts, metrics = {}, {}

    def find_remembered(prop, *args, **kwargs):
        key = (prop, args, tuple(sorted(kwargs.items())))
        if key not in fonts:  # a copy as key: FontProperties is mutable
            fonts[(getattr(prop, "copy", lambda: prop)(), *key[1:])] = find(prop, *args, **kwargs)
        return fonts[key]

    def measure_remembered(renderer, text, fontprop, ismath, dpi):
        key = (type(renderer), renderer.points_to_pixels(72), text, fontprop, ismath, dpi)
        if key not in metrics:
            metrics[(*key[:3], fontprop.copy(), *key[4:])] = measure(renderer, text, fontprop,
                                                                     ismath, dpi)
        return metrics[key]

    manager._find_fonts_by_props = find_remembered
    mtext._get_text_metrics_with_cache = measure_remembered
    try:
        yield
    finally:
        del manager._find_fonts_by_props
        mtext._get_text_metrics_with_cache = measure


def _colors(data: ChartData, theme: ChartTheme, n: int) -> list[str]:
    return [theme.palette[i % len(theme.palette)] for i in range(n)]


def _highlight_colour(theme: ChartTheme) -> str:
    return theme.highlight or theme.palette[1 % len(theme.palette)]


def _numbers(series) -> list[float]:
    """The drawn numbers as floats; a missing one (None) is not drawn (NaN)."""
    return [float("nan") if v is None else float(v) for v in series.values]


def _mark(artist, series: int, category: int) -> None:
    """Name a drawn bar, point or slice in the SVG (`mark-<series>-<category>`), so what was
    drawn can be read back and counted against the data."""
    artist.set_gid(f"mark-{series}-{category}")


def _bar_labels(ax, bars, labels, fontsize):
    for bar, label in zip(bars, labels):
        if not label:
            continue
        below = bar.get_height() < 0
        ax.annotate(label, (bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height()
                            if not below else bar.get_y()),
                    xytext=(0, -2 if below else 2), textcoords="offset points", ha="center",
                    va="top" if below else "bottom", fontsize=fontsize)


def _style_axes(ax, data: ChartData):
    ax.yaxis.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if data.unit:
        ax.set_ylabel(data.unit)


def _highlight_year(ax, data: ChartData, theme: ChartTheme, axis: str = "x") -> None:
    """Several series share each year: the report year's axis label is set in the highlight
    colour and bold (its bars keep their series' colours)."""
    if data.highlight is None:
        return
    ticks = (ax.get_xticklabels() if axis == "x" else ax.get_yticklabels())
    ticks[data.highlight].set_color(_highlight_colour(theme))
    ticks[data.highlight].set_fontweight("bold")


def _legend(ax, n: int, handles=None):
    """Up to four series in a row above the bars; more in a column beside the chart."""
    kwargs = {"handles": handles} if handles is not None else {}
    if n > 4:
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0), ncols=1 if n <= 12 else 2,
                  fontsize="small", **kwargs)
    else:  # above the plot, where no bar or line can be
        ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0, 1.0), ncols=min(n, 4),
                  borderaxespad=0.2, **kwargs)


def _draw_bar(fig, data: ChartData, theme: ChartTheme):
    ax = fig.add_subplot()
    n = len(data.series)
    width = 0.8 / n if data.kind == "grouped_bar" or n > 1 else 0.6
    xs = range(len(data.categories))
    bottoms = [0.0] * len(data.categories)
    if data.kind == "stacked_bar":
        totals = [sum(abs(v) for v in column if v == v) for column in zip(*(_numbers(s) for s in data.series))]
        tallest = max(totals, default=1) or 1
    for i, series in enumerate(data.series):
        values = _numbers(series)
        color = theme.palette[i % len(theme.palette)]
        if data.kind == "stacked_bar":
            bars = ax.bar(xs, values, 0.6, bottom=bottoms, color=color, label=series.name,
                          edgecolor="white", linewidth=0.3)
            bottoms = [b + v for b, v in zip(bottoms, values)]
            for j, (bar, label) in enumerate(zip(bars, series.labels)):
                _mark(bar, i, j)
                # a label only where it fits inside its segment (the alt text has them all)
                if bar.get_height() >= 0.07 * tallest:
                    ax.annotate(label, (bar.get_x() + bar.get_width() / 2,
                                        bar.get_y() + bar.get_height() / 2),
                                ha="center", va="center", fontsize=theme.font_size - 1, color="white")
            continue
        offset = (i - (n - 1) / 2) * width
        colors = [color] * len(values)
        if n == 1 and data.highlight is not None:
            colors = [theme.palette[0]] * len(values)
            colors[data.highlight] = _highlight_colour(theme)
        bars = ax.bar([x + offset for x in xs], values, width, color=colors, label=series.name)
        for j, bar in enumerate(bars):
            _mark(bar, i, j)
        _bar_labels(ax, bars, series.labels, theme.font_size - 0.5)
    ax.set_xticks(list(xs), data.categories)
    if n > 1:
        _highlight_year(ax, data, theme)
    if data.growth_labels:
        top = max(float(v) for s in data.series for v in s.values)
        for x, text in zip(xs, data.growth_labels):
            if text:
                ax.annotate(text, (x, top * 1.12), ha="center", fontsize=theme.font_size,
                            color=_highlight_colour(theme))
        ax.set_ylim(0, top * 1.25)
    else:
        ax.margins(y=0.15)
    if n > 1:
        handles, _ = ax.get_legend_handles_labels()
        # a stack's legend reads top down, as the segments do
        _legend(ax, n, handles[::-1] if data.kind == "stacked_bar" else handles)
    _style_axes(ax, data)
    if data.kind == "stacked_bar" and data.measure == "share":
        ax.set_ylim(0, 100)


def _draw_hbar(fig, data: ChartData, theme: ChartTheme):
    ax = fig.add_subplot()
    series = data.series[0]
    ys = list(range(len(data.categories)))[::-1]  # first category on top
    colors = [theme.palette[0]] * len(ys)
    if data.highlight is not None:
        colors[data.highlight] = _highlight_colour(theme)
    bars = ax.barh(ys, _numbers(series), 0.6, color=colors)
    for j, (bar, label) in enumerate(zip(bars, series.labels)):
        _mark(bar, 0, j)
        left = bar.get_width() < 0
        ax.annotate(label, (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    xytext=(-3 if left else 3, 0), textcoords="offset points", va="center",
                    ha="right" if left else "left", fontsize=theme.font_size - 0.5)
    ax.set_yticks(ys, data.categories)
    if data.highlight is not None:
        label = ax.get_yticklabels()[data.highlight]
        label.set_color(_highlight_colour(theme))
        label.set_fontweight("bold")
    ax.margins(x=0.15)
    ax.xaxis.grid(True, color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if data.unit:
        ax.set_xlabel(data.unit)


def _draw_line(fig, data: ChartData, theme: ChartTheme):
    ax = fig.add_subplot()
    xs = list(range(len(data.categories)))
    for i, series in enumerate(data.series):
        values = _numbers(series)
        (line,) = ax.plot(xs, values, marker="o", color=theme.palette[i % len(theme.palette)],
                          label=series.name, linewidth=1.6)
        _mark(line, i, 0)
    ax.set_xticks(xs, data.categories)
    ax.margins(x=0.08, y=0.2)
    drawn = [v for s in data.series for v in _numbers(s) if v == v]
    if drawn and min(drawn) >= 0 and ax.get_ylim()[0] < 0:
        ax.set_ylim(bottom=0)  # no "-250" under values that are all positive
    if len(data.series) > 1:
        ax.legend(frameon=False)
    _highlight_year(ax, data, theme)
    _style_axes(ax, data)
    _line_labels(fig, ax, data, xs, theme.font_size - 0.5)


def _line_labels(fig, ax, data: ChartData, xs, fontsize) -> None:
    """Each point's label above it, or below when that would cover another label or another
    line's point; a label that fits neither way is left out (the alternative text has every
    value), so that no two labels are ever printed over each other. Measured on the layout
    the chart will have."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    previous = fig.canvas
    renderer = FigureCanvasAgg(fig).get_renderer()
    try:
        ConstrainedLayoutEngine().execute(fig)
        frame = ax.get_window_extent(renderer)
        pad = 1.5 * fig.dpi / 72
        dot = 3.5 * fig.dpi / 72  # a marker's radius
        numbers = [_numbers(s) for s in data.series]
        points = [(x, v) for values in numbers for x, v in zip(xs, values) if v == v]
        dots = [ax.transData.transform(p) for p in points]
        kept = []
        for j, x in enumerate(xs):
            here = [(numbers[i][j], s.labels[j], i) for i, s in enumerate(data.series)
                    if j < len(s.labels) and s.labels[j] and numbers[i][j] == numbers[i][j]]
            for v, label, i in sorted(here, key=lambda t: -t[0]):
                for dy, va in ((5, "bottom"), (-5, "top")):
                    text = ax.annotate(label, (x, v), xytext=(0, dy), textcoords="offset points",
                                       ha="center", va=va, fontsize=fontsize)
                    box = text.get_window_extent(renderer).padded(pad)
                    own = ax.transData.transform((x, v))
                    clear = box.y0 >= frame.y0 and box.y1 <= frame.y1 + pad and \
                        not any(box.overlaps(k) for k in kept) and \
                        not any(box.x0 - dot < px < box.x1 + dot and box.y0 - dot < py < box.y1 + dot
                                for px, py in dots if (px, py) != tuple(own))
                    if clear:
                        kept.append(box)
                        break
                    text.remove()
    finally:
        fig.set_canvas(previous)


def _draw_bar_line(fig, data: ChartData, theme: ChartTheme):
    ax = fig.add_subplot()
    right = ax.twinx()
    right.spines["right"].set_visible(True)
    xs = list(range(len(data.categories)))
    bars_series = [s for s in data.series if not s.secondary]
    line_series = [s for s in data.series if s.secondary]
    width = 0.6 / max(len(bars_series), 1)
    handles = []
    for i, series in enumerate(bars_series):
        offset = (i - (len(bars_series) - 1) / 2) * width
        colors = [theme.palette[i % len(theme.palette)]] * len(xs)
        bars = ax.bar([x + offset for x in xs], _numbers(series), width, color=colors,
                      label=series.name)
        for j, bar in enumerate(bars):
            _mark(bar, i, j)
        _bar_labels(ax, bars, series.labels, theme.font_size - 0.5)
        handles.append(bars)
    for j, series in enumerate(line_series):
        values = _numbers(series)
        color = theme.palette[(len(bars_series) + j) % len(theme.palette)]
        (line,) = right.plot(xs, values, marker="o", color=color, label=series.name)
        _mark(line, len(bars_series) + j, 0)
        for x, v, label in zip(xs, values, series.labels):
            if label:
                right.annotate(label, (x, v), xytext=(0, 5), textcoords="offset points",
                               ha="center", fontsize=theme.font_size - 1, color=color)
        handles.append(line)
    ax.set_xticks(xs, data.categories)
    # the bars take the lower part of the plot and the lines the upper, so that the line's
    # labels do not fall on the bars' labels
    tops = [v for s in bars_series for v in _numbers(s) if v == v]
    ax.set_ylim(min(0, *tops) * 1.2 if tops else 0, max(tops, default=1) * 1.8)
    points = [v for s in line_series for v in _numbers(s) if v == v]
    if points:
        low, high = min(points), max(points)
        span = max(high - low, abs(high) * 0.2, 1e-9)
        right.set_ylim(low - span * 3.5, high + span * 0.4)
    if line_series and line_series[0].unit:
        right.set_ylabel(line_series[0].unit)
    _legend(ax, len(handles), handles)
    if len(bars_series) > 1:
        _highlight_year(ax, data, theme)
    _style_axes(ax, data)


def _draw_pie(fig, data: ChartData, theme: ChartTheme):
    # the axes fill the figure at a fixed scale (constrained layout leaves axes made by
    # add_axes alone), so that a label's height in points is a known height in data units
    width_pt, height_pt = fig.get_figwidth() * 72, fig.get_figheight() * 72
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    span = PIE_SPAN
    ax.set_ylim(-span / 2, span / 2)
    ax.set_xlim(-span / 2 * width_pt / height_pt, span / 2 * width_pt / height_pt)
    ax.set_aspect("equal", adjustable="box")
    series = data.series[0]
    values = _numbers(series)
    colors = _colors(data, theme, len(values))
    explode = [0.06 if i == data.highlight else 0 for i in range(len(values))]
    wedge = {"width": 0.42, "edgecolor": "white"} if data.kind == "donut" else {"edgecolor": "white"}
    wedges, _ = ax.pie(values, colors=colors, startangle=90, counterclock=False,
                       wedgeprops=wedge, explode=explode, frame=True)
    ax.set_axis_off()
    for j, w in enumerate(wedges):
        _mark(w, 0, j)
    phrases = series.phrases or series.labels
    _pie_labels(fig, ax, wedges, data.categories, phrases, explode, theme, span / height_pt)
    if data.kind == "donut" and data.total:
        ax.text(0, 0, data.total, ha="center", va="center", fontsize=theme.font_size + 3,
                fontweight="bold")


PIE_SPAN = 2.9  # the figure's height in data units: the pie (radius 1) and room for labels


def _pie_labels(fig, ax, wedges, names, phrases, explode, theme: ChartTheme, per_pt: float) -> None:
    """Each slice's label outside the pie on its side, joined to the slice by a leader line.
    Labels on a side are spread apart vertically by their measured heights so that no two
    overlap, however thin the slices; when a side has more labels than its height holds, they
    go on one line each, then in a smaller size."""
    import math

    from matplotlib.backends.backend_agg import FigureCanvasAgg

    previous = fig.canvas
    renderer = FigureCanvasAgg(fig).get_renderer()
    try:
        sides = {1: [], -1: []}
        for j, w in enumerate(wedges):
            angle = math.radians((w.theta1 + w.theta2) / 2)
            r = 1 + explode[j]
            side = 1 if math.cos(angle) >= 0 else -1
            sides[side].append([1.2 * math.sin(angle), (r * math.cos(angle), r * math.sin(angle)), j])
        room = PIE_SPAN - 0.1
        size, joiner = theme.font_size - 0.5, "\n"
        while True:
            texts = {j: ax.annotate(f"{names[j]}{joiner}{phrases[j]}", (0, 0), xytext=(0, 0),
                                    fontsize=size, linespacing=1.1, va="center")
                     for j in range(len(wedges))}
            heights = {j: t.get_window_extent(renderer).height * 72 / fig.dpi * per_pt + 0.02
                       for j, t in texts.items()}
            needed = max(sum(heights[j] for *_, j in labels) for labels in sides.values())
            if needed <= room or size <= 4:
                break
            for t in texts.values():
                t.remove()
            if joiner == "\n":
                joiner = " "
            else:
                size -= 0.5
    finally:
        fig.set_canvas(previous)
    top, bottom = PIE_SPAN / 2 - 0.05, -PIE_SPAN / 2 + 0.05
    for side, labels in sides.items():
        labels.sort(key=lambda item: -item[0])
        ys = []
        for k, (want, _, j) in enumerate(labels):  # downwards, each under the one above
            y = min(want, top - heights[j] / 2)
            if k:
                y = min(y, ys[-1] - (heights[labels[k - 1][2]] + heights[j]) / 2)
            ys.append(y)
        for k in range(len(labels) - 1, -1, -1):  # then upwards from the bottom, if it ran over
            j = labels[k][2]
            low = bottom + heights[j] / 2 if k == len(labels) - 1 else \
                ys[k + 1] + (heights[labels[k + 1][2]] + heights[j]) / 2
            ys[k] = max(ys[k], low)
        for (want, rim, j), y in zip(labels, ys):
            text = texts[j]
            text.xy = rim
            text.set_position((side * 1.3, y))
            text.set_horizontalalignment("left" if side > 0 else "right")
            text.arrow_patch = None
            ax.annotate("", rim, xytext=(side * 1.27, y),
                        arrowprops={"arrowstyle": "-", "color": "#888888", "linewidth": 0.6,
                                    "shrinkA": 0, "shrinkB": 0,
                                    "connectionstyle": "angle,angleA=0,angleB=90,rad=0"})


def _draw_panels(fig, data: ChartData, theme: ChartTheme):
    """Small multiples: one panel per indicator, each with its own unit and scale."""
    n = len(data.series)
    axes = fig.subplots(1, n, squeeze=False)[0]
    xs = list(range(len(data.categories)))
    for i, (ax, series) in enumerate(zip(axes, data.series)):
        values = _numbers(series)
        colors = [theme.palette[0]] * len(values)
        if data.highlight is not None:
            colors[data.highlight] = _highlight_colour(theme)
        bars = ax.bar(xs, values, 0.62, color=colors)
        for j, bar in enumerate(bars):
            _mark(bar, i, j)
        _bar_labels(ax, bars, series.labels, theme.font_size - 1)
        top = max(values) if values else 1
        ax.set_ylim(0, top * 1.32)
        growth = next((g for g in reversed(series.growth) if g), "")
        ax.set_title(series.name, fontsize=theme.font_size, pad=14 if growth else 4)
        if growth:
            ax.text(0.5, 1.0, growth, transform=ax.transAxes, ha="center", va="bottom",
                    fontsize=theme.font_size - 0.5, color=_highlight_colour(theme))
        ax.set_xticks(xs, data.categories, fontsize=theme.font_size - 1)
        ax.set_yticks([])
        ax.spines["left"].set_visible(False)
        if series.unit:
            ax.set_xlabel(series.unit, fontsize=theme.font_size - 1.5, color="#666666")


_DRAW = {"bar": _draw_bar, "grouped_bar": _draw_bar, "stacked_bar": _draw_bar,
         "hbar": _draw_hbar, "line": _draw_line, "bar_line": _draw_bar_line,
         "pie": _draw_pie, "donut": _draw_pie, "panels": _draw_panels}
