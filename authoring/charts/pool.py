"""Chart jobs → chart files, drawn by processes started when the build starts.

A cold build cannot show a chart before matplotlib is imported (~0.7 s) and its fonts are
loaded; started first, these processes do that while the main process loads the data and
renders the templates. Each chart goes to one process, which draws first the files the PDF
waits for and, after every chart's first files, the rest (the DOCX's PNG) from the figure
it kept, while the PDF is being laid out.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

# figures one process keeps for their later files (~2 MB each); beyond, a chart is drawn whole
KEEP_AT_MOST = 40
_KEPT: dict[str, object] = {}  # in a pool process: svg path → figure whose later files are due
_YIELDING = False  # in a pool process: whether it lowered its priority for the later files


def charts_to_draw(figures: Path, out: Path, outputs) -> int:
    """How many of the figure definitions in `figures` have no file of some kind in `outputs`
    in `out` yet: an upper bound of the charts a build will draw (the keys are not known
    before the data is loaded), and 0 for a project whose charts are all there."""
    from .names import SUFFIXES

    specs = sorted(p.stem for p in figures.glob("*.yaml")) if figures.is_dir() else []
    have = {p.name for p in out.iterdir()} if out.is_dir() else set()
    by_id: dict[str, set] = {}
    for name in have:
        for kind, suffix in SUFFIXES.items():
            if name.endswith(suffix) and (kind != "svg" or not name.endswith(SUFFIXES["text"])):
                by_id.setdefault(name[:-len(suffix)].rsplit("-", 1)[0], set()).add(kind)
    return sum(1 for ident in specs if not set(outputs) <= by_id.get(ident, set()))


class ChartPool:
    """`processes` warm chart-drawing processes; `close()` when the build ends."""

    def __init__(self, processes: int):
        # spawned, not forked: the main process may run threads (the progress display).
        # One executor per process, so that a chart's later files go where its figure is.
        context = multiprocessing.get_context("spawn")
        self._executors = [ProcessPoolExecutor(1, mp_context=context, initializer=_warm_up)
                           for _ in range(processes)]
        for executor in self._executors:  # a process starts with its first task: now
            executor.submit(os.getpid)
        self._firsts: list[tuple] = []  # (job, future) of the files drawn first
        self._later: list[Future] = []
        self._on_done = None
        self.on_wait = None  # called once, when a build first waits for charts

    def draw(self, todo: list, theme, later: tuple = (), on_done=None, wait: bool = True) -> None:
        """Draw each (job, svg, png, outputs) of `todo`; return once every output not in
        `later` is written (at once if not `wait`: `wait_all`). Outputs in `later` follow
        (`wait_later`), drawn after all the first ones from the figures the processes kept;
        `on_done(id)` is told of each chart whose first files are written."""
        n = len(self._executors)
        split = len(todo) <= KEEP_AT_MOST * n
        firsts, rest = [], []
        for i, (job, svg, png, outputs) in enumerate(todo):
            executor = self._executors[i % n]
            deferred = tuple(o for o in outputs if split and o in later)
            now = tuple(o for o in outputs if o not in deferred)
            firsts.append((job, executor.submit(_draw, job, theme, str(svg), str(png), now,
                                                bool(deferred))))
            if deferred:
                rest.append((executor, job, svg, png, deferred))
        self._later = [executor.submit(_draw_kept, job, theme, str(svg), str(png), deferred)
                       for executor, job, svg, png, deferred in rest]
        self._firsts, self._on_done = firsts, on_done
        if wait:
            self.wait_first()

    def check(self) -> None:
        """Raise the error of a chart that failed, if one has (for a writer waiting on a file)."""
        for future in [f for _, f in self._firsts] + self._later:
            if future.done() and future.exception() is not None:
                raise future.exception()

    def busy(self) -> bool:
        """Whether files of the last `draw` may still be being written."""
        return bool(self._firsts or self._later)

    def wait_first(self) -> None:
        """Block until every chart's first files are written (or raise the first error)."""
        if self.on_wait is not None:
            self.on_wait()
            self.on_wait = None
        firsts, self._firsts = self._firsts, []
        for job, future in firsts:
            future.result()
            if self._on_done is not None:
                self._on_done(job.id)

    def wait_later(self) -> None:
        """Block until every file is written, the later ones too (or raise their error)."""
        self.wait_first()
        pending, self._later = self._later, []
        for future in pending:
            future.result()

    def close(self) -> None:
        """Stop the processes; a job already running finishes first, so that a failed build
        can remove every file this build wrote."""
        for future in [f for _, f in self._firsts] + self._later:
            future.cancel()  # those not started yet, in every process at once
        # (not shutdown(wait=False) first: it forgets the thread that shutdown(wait=True) joins)
        for executor in self._executors:
            executor.shutdown(wait=True, cancel_futures=True)


def _warm_up() -> None:
    """Import matplotlib and open the chart fonts, ahead of the first chart."""
    import atexit
    import gc

    # a matplotlib figure is tens of thousands of small objects, and these processes keep
    # up to KEEP_AT_MOST of them: the default thresholds would traverse them over and over
    # (the PDF worker does the same for WeasyPrint's boxes)
    gc.set_threshold(50_000, 50, 100)

    from .data import ChartData, Series
    from .render import ChartTheme, chart_context, lay_out

    # a small chart of each artist the charts use, drawn to nothing: matplotlib's first
    # chart in a process costs ~4× the next (it inspects each artist class, imports its
    # backends, opens the fonts and reads their glyphs), and that is better paid now,
    # while the build loads its data, than while the PDF waits
    from decimal import Decimal

    theme = ChartTheme(palette=("#1f4e79", "#c55a11"))
    series = (Series("甲 A", (Decimal("1.5"), Decimal(2)), ("1.5", "2%"), growth=("", "增长6.5%")),
              Series("乙 B", (Decimal(1), Decimal(3)), ("1", "3"), secondary=True))
    data = ChartData("bar_line", ("2019年", "2020年"), series, "亿元", None, "")
    with chart_context(theme):
        lay_out(data, theme, (40, 30))
    # leave without tearing matplotlib down (~0.2 s of freeing what the OS reclaims anyway):
    # the build waits for these processes to end; every result was sent before
    atexit.register(os._exit, 0)


def _draw(job, theme, svg: str, png: str, outputs: tuple, keep: bool) -> None:
    from .cache import write_outputs
    from .render import chart_context, lay_out, save_outputs

    with chart_context(theme):
        fig, svg_bytes = lay_out(job.data, theme, job.size_mm)
        saved = save_outputs(fig, outputs)
    write_outputs({"svg": svg_bytes, **saved}, Path(svg), Path(png), outputs)
    if keep:
        _KEPT[svg] = fig


def _draw_kept(job, theme, svg: str, png: str, outputs: tuple) -> None:
    from .cache import write_outputs
    from .render import chart_context, lay_out, save_outputs

    global _YIELDING
    if not _YIELDING:
        # the later files are read last (by the DOCX): yield the cores to the PDF meanwhile.
        # For good: a process may lower its priority, not raise it again, and this one
        # draws only this build's charts.
        _YIELDING = True
        try:
            os.nice(5)
        except OSError:
            pass

    with chart_context(theme):
        fig = _KEPT.pop(svg, None)
        if fig is None:  # kept by no one (the first drawing failed): lay it out again
            fig, _ = lay_out(job.data, theme, job.size_mm)
        saved = save_outputs(fig, outputs)
    write_outputs(saved, Path(svg), Path(png), outputs)
