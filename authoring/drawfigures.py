"""The figures the templates placed + the dataset → model Figures, their charts drawn (or
found in the cache), each new chart file noted at once for a rollback."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .compose import known
from .config import ReportConfig
from .errors import ConfigError, FigureError, Location
from .writers.configure import write_options

if TYPE_CHECKING:
    from .build import BuildResult


def draw_figures(config: ReportConfig, dataset, renderer, out_dir: Path, result: BuildResult,
                 progress=None, options=None, new_charts: list | None = None,
                 chart_outputs: tuple | None = None, pool=None, later: tuple = (),
                 wait: bool = True) -> dict:
    """Load the definitions of the figures the templates placed, and render them (cached)."""
    from .charts.cache import ChartJob
    from .charts.caption import disagreements
    from .charts.caption import names as caption_names
    from .charts.data import chart_data, drawn_years
    from .charts.render import ChartTheme
    from .charts.spec import load_spec
    from .model.nodes import Figure
    from .paths import check_id, input_path, inside
    from .templating.markdown import figure_inlines

    folder = config.project_dir / "figures"
    wanted = list(dict.fromkeys(renderer.state.figures_used))
    specs, captions, jobs = {}, {}, []
    for ident in wanted:
        check_id(ident, "figure id", Location(f"templates ({ident!r})"), FigureError)
        path = folder / f"{ident}.yaml"
        if not path.is_file():
            available = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
            raise FigureError(f"figure '{ident}' is placed in a template but figures/{ident}.yaml "
                              "does not exist", Location(f"figures/{ident}.yaml"),
                              hint=known("figures", available))
        spec = load_spec(input_path(path, config.project_dir, f"figures/{ident}.yaml",
                                    error=FigureError), f"figures/{ident}.yaml")
        caption = renderer.render_string(spec.caption, f"{spec.file} (caption)",
                                         caption_names(drawn_years(spec, config.year)))
        if any("{" in label for label in spec.labels.values()):
            import dataclasses

            from .templating.marks import strip_marks
            spec = dataclasses.replace(spec, labels={
                k: strip_marks(renderer.render_string(v, f"{spec.file} (labels)"))[0]
                for k, v in spec.labels.items()})
        specs[ident] = spec
        captions[ident] = caption
        jobs.append(ChartJob(ident, chart_data(spec, dataset, config.year, config.lang, caption),
                             spec.size_mm))
        result.warnings.extend(f"{spec.loc('caption')}: {problem}"
                               for problem in disagreements(caption, jobs[-1].data))
    if not inside(out_dir / "figures", out_dir):
        raise ConfigError("out/figures leads outside the output folder", Location("out/figures"),
                          hint="remove the figures link in the output folder")
    theme = ChartTheme(palette=(options or write_options(config)).palette)
    files = _render_charts(jobs, theme, out_dir / "figures", progress,
                           new_charts if new_charts is not None else [], chart_outputs, pool, later,
                           wait)
    figures = {}
    for job in jobs:
        spec, f = specs[job.id], files[job.id]
        (result.charts_redrawn if f.redrawn else result.charts_cached).append(job.id)
        caption_inlines = figure_inlines(captions[job.id], spec, "caption")
        source_text = renderer.render_string(spec.source, f"{spec.file} (source)") if spec.source else ""
        source_inlines = figure_inlines(source_text, spec, "source")
        figures[job.id] = Figure(job.id, caption_inlines, job.data.alt, str(f.svg), str(f.png),
                                 spec.size_mm[0], spec.size_mm[1], source_inlines)
    return figures


def _render_charts(jobs: list, theme, folder: Path, progress, new_charts: list,
                   outputs: tuple | None = None, pool=None, later: tuple = (),
                   wait: bool = True) -> dict:
    """render_all, telling a progress bar (if it wants them) of the chart count and of each
    chart drawn or found; each new file is noted at once, for a rollback."""
    from .charts.cache import render_all
    from .charts.render import OUTPUTS

    tick = getattr(progress, "chart_done", None) if wait else None
    if tick is not None:
        getattr(progress, "charts_total", lambda n: None)(len(jobs))
    files = render_all(jobs, theme, folder, outputs or OUTPUTS, pool, later, tick, wait)
    new_charts.extend(p for f in files.values() for p in f.drawn)
    if tick is not None:
        for job in jobs:
            if not files[job.id].redrawn:
                tick(job.id)
    return files

