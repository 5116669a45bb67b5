"""A report project folder → out/<id>-<year>.{docx,pdf,html} + audit table + manifest.

load config → load data → render templates (Markdown) → draw charts → Markdown → model
(`make_document`, also used by the preview) → write each format, the audit table and the
manifest to temporary files → rename them all into place (`build`).
"""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .config import ReportConfig, load_config
from .errors import AuthoringError, ConfigError, FigureError, Location, RenderError
from .compose import (known, located_blocks, numbering_style, printed_figures, report_meta,
                      template_lines)
from .drawfigures import draw_figures
from .staging import (PRINT_FORMATS, pin_print_fonts, skip_if_unchanged, stage_audit,
                      stage_manifest, stage_target)
from .writers.configure import write_options


STAGES = ("load", "template", "charts", "model", "docx", "html", "pdf")


@dataclass
class BuildResult:
    config: ReportConfig
    outputs: dict[str, Path] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    charts_redrawn: list[str] = field(default_factory=list)
    charts_cached: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    document: object = None
    options: object = None  # WriteOptions
    dataset: object = None  # Dataset
    formats: tuple = ()
    up_to_date: bool = False  # nothing changed since the last build: no file was rewritten


class _Timer:
    def __init__(self, result: BuildResult, progress):
        self.result, self.progress = result, progress

    def __call__(self, stage: str):
        timer = self

        class _Stage:
            def __enter__(self):
                self.start = time.perf_counter()
                if timer.progress:
                    timer.progress(stage, None)

            def __exit__(self, *exc):
                elapsed = time.perf_counter() - self.start
                timer.result.timings[stage] = timer.result.timings.get(stage, 0.0) + elapsed
                if timer.progress and exc[0] is None:
                    timer.progress(stage, elapsed)
        return _Stage()


def configure(project_dir: Path, year: int | None = None, edition: str | None = None,
              variant: str | None = None, engine: str | None = None) -> ReportConfig:
    """report.toml with the command line's overrides: `year`, and `edition` ("screen"/"print"),
    `variant` (e.g. "pdf/a-3b") and `engine` ("weasyprint"/"typst") over [pdf]."""
    config = load_config(project_dir.resolve(), year)
    if edition or variant or engine:
        import dataclasses

        from .config import check_engine

        if engine:
            check_engine(engine)
        pdf = dict(config.pdf)
        pdf.update({k: v for k, v in (("edition", edition), ("variant", variant),
                                      ("engine", engine)) if v})
        config = dataclasses.replace(config, pdf=pdf)
    return config


def make_document(project_dir: Path, year: int | None = None, out_dir: Path | None = None,
                  progress=None, edition: str | None = None, variant: str | None = None,
                  config: ReportConfig | None = None, new_charts: list | None = None,
                  chart_outputs: tuple | None = None, chart_pool=None,
                  chart_later: tuple = (), chart_wait: bool = True) -> BuildResult:
    """The report's document model, exactly as `build` writes it, without writing any output.

    Charts are drawn into `out_dir`/figures (they are files the model points to); the files
    drawn anew are added to `new_charts` as soon as they exist, so that a build that fails
    later can take them back. `chart_outputs` names the chart files to draw (charts/cache.py
    `needed_outputs`; all by default). A warm `chart_pool` (charts/pool.py) draws them; the
    outputs in `chart_later`, and all of them unless `chart_wait`, may then still be being
    drawn on return (`chart_pool.wait_later`).
    The result carries `document`, `options` and `dataset`; the preview renders it as HTML.
    """
    from .data import load_dataset
    from .model.nodes import Chapter, Document
    from .model.numbering import number_document
    from .templating.env import TemplateRenderer
    from .templating.mdsize import check_markdown
    from .templating.sourcemap import attach_lines

    project_dir = project_dir.resolve()
    config = config or configure(project_dir, year, edition, variant)
    result = BuildResult(config)
    stage = _Timer(result, progress)
    out_dir = _out_folder(project_dir, out_dir)

    with stage("load"):
        dataset = load_dataset(config.data_paths(), project_dir)
        extra = None
        if config.family:  # a report family: the member's own series, comparisons (family/)
            from .family.compare import family_context

            dataset, extra = family_context(config, dataset)
    with stage("template"):
        renderer = TemplateRenderer(project_dir, dataset, config.year, config.lang, extra)
        markdown = {spec.template: renderer.render(spec.template) for spec in config.chapters}
        check_markdown(markdown)  # within what the engines lay out (limits.py)
        meta = report_meta(config, renderer)
    options = write_options(config)
    with stage("charts"):
        figures = draw_figures(config, dataset, renderer, out_dir, result, progress, options,
                                new_charts, chart_outputs, chart_pool, chart_later, chart_wait)
    with stage("model"):
        def make_figure(ident, source):
            if ident not in figures:
                raise FigureError(f"no figure definition figures/{ident}.yaml",
                                  Location(f"templates/{source.template}"),
                                  hint=known("figures", figures))
            import dataclasses
            return dataclasses.replace(figures[ident], source=source)

        chapters = tuple(
            Chapter(spec.id, attach_lines(
                located_blocks(markdown[spec.template], spec.template, make_figure, project_dir),
                renderer.state.printed, template_lines(project_dir, spec.template)),
                spec.template, "appendix" if spec.kind == "appendix" else "body")
            for spec in config.chapters)
        document = number_document(Document(meta, chapters, printed=printed_figures(renderer)),
                                   numbering_style(config, options))
    result.document, result.options, result.dataset = document, options, dataset
    return result


def build(project_dir: Path, year: int | None = None, formats: list[str] | None = None,
          out_dir: Path | None = None, progress=None, edition: str | None = None,
          variant: str | None = None, force: bool = False, engine: str | None = None,
          member: str | None = None) -> BuildResult:
    """Build the report in `project_dir`; `progress(stage, seconds|None)` is told of each stage
    (and, if it has them, `charts_total(n)` and `chart_done(id)` of each chart; see progress.py).

    Besides each format it writes the audit table (`-audit.csv`, `-audit.xlsx`) and the
    manifest (`-manifest.json`); all are staged as temporary files and renamed into place
    only when every one of them succeeded. `member` builds that member's report of a report
    family (family/), into `out_dir`/<member>.
    """
    from .writers import get_writer

    project_dir = project_dir.resolve()
    config = configure(project_dir, year, edition, variant, engine)
    formats = list(formats or config.formats)
    for name in formats:
        get_writer(name)  # unknown format fails before any work
    out_dir = _out_folder(project_dir, out_dir)
    if member:
        from .family.run import member_config

        config, out_dir = member_config(config, member, out_dir)
    elif config.family:
        from .family.run import chapters_for

        config = chapters_for(config)
    # the print edition gets its own file names, so both editions can sit side by side in out/
    edition_suffix = "-print" if config.pdf.get("edition") == "print" else ""
    stem = f"{config.id}-{config.year}{edition_suffix}"
    from .outlock import output_lock

    # one build of a report at a time per folder; the lock also clears a killed build's files
    with output_lock(out_dir, stem, notify=_tell):
        return _build_locked(project_dir, config, formats, out_dir, stem, progress, force)


def _tell(message: str) -> None:
    import sys

    print(message, file=sys.stderr, flush=True)


def _build_locked(project_dir: Path, config: ReportConfig, formats: list[str], out_dir: Path,
                  stem: str, progress, force: bool) -> BuildResult:
    # an unchanged project is not rebuilt: same inputs would give the same bytes anyway
    skipped = BuildResult(config, formats=tuple(formats))
    if not force and skip_if_unchanged(skipped, config, formats, out_dir, stem):
        return skipped
    font_warnings: list[str] = []
    # a font the PDF cannot have fails the build before any work (fonts.py)
    pinned = pin_print_fonts(write_options(config), config, formats, font_warnings)
    from .writers.pdfworker import PdfWorker, worth_it

    engine = config.pdf.get("engine", "weasyprint")
    # started first, so that WeasyPrint (the longest import) is imported while data loads,
    # templates render and charts are drawn; it lays the PDF out while the charts are drawn
    # (writers/weasyprint/weasy_pending.py)
    worker = PdfWorker(engine) if worth_it(formats) and engine == "weasyprint" else None
    from .charts.cache import output_phases

    chart_outputs, chart_later = output_phases(formats, engine)
    # likewise matplotlib, in the processes that will draw the charts
    pool = _chart_pool(config, out_dir, chart_outputs)
    if worth_it(formats) and engine != "weasyprint":
        # Typst needs the charts first: with chart processes starting, it imports only once
        # the charts are awaited (2 cores)
        worker = PdfWorker(engine, eager=pool is None)
    lazy = pool is not None and worker is not None and engine == "weasyprint"
    if pool is not None and worker is not None:
        pool.on_wait = worker.warm
    staged: dict[str, tuple[Path, Path]] = {}  # output key → (temporary file, target)
    new_charts: list[Path] = []  # chart files this build added to out/figures
    try:
        result = make_document(project_dir, out_dir=out_dir, progress=progress, config=config,
                               new_charts=new_charts, chart_outputs=chart_outputs,
                               chart_pool=pool, chart_later=chart_later, chart_wait=not lazy)
        result.formats = tuple(formats)
        document, options = result.document, result.options
        # HTML and PDF get only fonts installed under their own names (fonts.py)
        print_options = dataclasses.replace(options, fonts=pinned.fonts)
        result.warnings.extend(font_warnings)
        stage = _Timer(result, progress)
        out_dir.mkdir(parents=True, exist_ok=True)
        # the charts still being drawn: each writer reads a chart file when it reaches it
        pending = frozenset(str(p) for p in new_charts) if pool is not None and pool.busy() \
            else frozenset()
        if "pdf" in formats and worker is not None:  # first: it takes longest
            staged["pdf"] = stage_target(out_dir, stem, "pdf")
            pdf_started = time.perf_counter()
            worker.warm()  # not yet if no chart was drawn
            worker.submit(document, staged["pdf"][0], dataclasses.replace(
                print_options, pending_files=pending if lazy else frozenset()))
        with stage("audit"):  # needs the model only: written beside the PDF and the charts
            stage_audit(result, out_dir, stem, staged)
        for name in sorted(formats, key=lambda n: n != "pdf"):
            if name in staged:
                continue
            staged[name] = stage_target(out_dir, stem, name)
            if name == "pdf" and pool is not None:  # WeasyPrint in this process: charts first
                pool.wait_later()
            with stage(name):
                _write(name, document, staged[name][0], dataclasses.replace(
                    print_options if name in PRINT_FORMATS else options,
                    pending_files=pending, pending_check=pool.check if pool else None),
                    staged[name][1], project_dir)
        if pool is not None:
            if pool.busy():
                with stage("charts-wait"):
                    pool.wait_later()
            pool.close()  # every chart is drawn: its processes' memory back while the PDF ends
        if worker is not None:
            with stage("pdf"):
                worker.wait()
            # the stage shows the PDF's whole time, most of it spent beside the other writers
            result.timings["pdf"] = time.perf_counter() - pdf_started
        with stage("manifest"):  # the manifest needs every output's hash, the PDF's too
            stage_manifest(result, out_dir, stem, staged, print_options)
    except BaseException:
        if pool is not None:  # no chart may still be being written while they are removed
            pool.close()
        # a failed build changes nothing in out/: neither its outputs nor the chart cache
        from .charts.cache import take_back

        for path in [tmp for tmp, _ in staged.values()] + new_charts:
            take_back(path)
        raise
    finally:
        if worker is not None:
            worker.close()
        if pool is not None:
            pool.close()
    # everything succeeded: only now replace the previous good outputs (the manifest last,
    # so a manifest on disk always describes files that are there)
    for key, (tmp, target) in sorted(staged.items(), key=lambda kv: kv[0] == "manifest"):
        os.replace(tmp, target)
        result.outputs[key] = target
    from .charts.cache import prune
    from .model.nodes import Figure
    from .model.text import walk_blocks

    # only now may older renderings of these charts go: the previous outputs used them
    prune(out_dir / "figures", {b.id: (b.svg, b.png) for c in result.document.chapters
                                for b in walk_blocks(c.blocks) if isinstance(b, Figure)})
    result.warnings.extend(system_warnings(formats))
    if "pdf" in formats and result.options.pdf_engine == "typst":
        from .writers.typst import ignored_settings

        result.warnings.extend(ignored_settings(result.options))
    if "docx" in formats and result.options.docx_page_numbers == "libreoffice":
        from .writers.docx.clientpages import soffice

        if soffice() is None:
            result.warnings.append("[docx] page_numbers = 'libreoffice', but LibreOffice (soffice) "
                                   "is not installed: the DOCX contents show estimated page numbers")
    return result


def _chart_pool(config: ReportConfig, out_dir: Path, outputs: tuple):
    """Warm chart processes for a build that will draw charts, on a machine with a core to
    spare: one for a few charts, one per core for several; None otherwise."""
    from .charts.cache import PARALLEL_FROM
    from .charts.pool import ChartPool, charts_to_draw

    cores = os.cpu_count() or 1
    if cores < 2 or os.environ.get("AUTHORING_NO_WORKER") == "1":
        return None
    count = charts_to_draw(config.project_dir / "figures", out_dir / "figures", outputs)
    if not count:
        return None
    # with a few charts, each process would mostly import matplotlib
    return ChartPool(min(cores, count) if count >= PARALLEL_FROM else 1)


def _out_folder(project_dir: Path, out_dir: Path | None) -> Path:
    """The output folder, resolved; the default out/ must not lead outside the project (a
    project could ship `out` as a symlink to somewhere else)."""
    if out_dir is not None:  # chosen on the command line: the user's own choice
        if Path(out_dir).exists() and not Path(out_dir).is_dir():
            raise ConfigError(f"the output folder {out_dir} is a file", Location(str(out_dir)),
                              hint="choose a folder with --out DIR")
        return Path(out_dir).resolve()
    from .paths import inside

    default = project_dir / "out"
    if default.exists() and not default.is_dir():
        raise ConfigError("out is a file, not a folder: the outputs cannot be written there",
                          Location("out"), hint="rename or remove the file out, or pass --out DIR")
    if not inside(default, project_dir) or (default.is_symlink() and not default.exists()):
        raise ConfigError("the output folder out/ leads outside the project folder",
                          Location("out"), hint="remove the out link, or pass --out DIR")
    return default.resolve()


def _write(name: str, document, tmp: Path, options, target: Path, project_dir: Path) -> None:
    from .writers import get_writer

    try:
        get_writer(name)(document, tmp, options)
    except AuthoringError:
        raise
    except Exception as exc:  # a writer bug must not surface as a bare traceback
        shown = target.relative_to(project_dir) if target.is_relative_to(project_dir) else target
        raise RenderError(f"writing {name} failed: {type(exc).__name__}: {exc}",
                          Location(str(shown))) from exc


def system_warnings(formats) -> list[str]:
    """Missing system pieces that make a build slow or wrong, in plain words."""
    from .writers.weasyprint.weasy import has_library

    warnings = []
    if "pdf" in formats and not has_library("harfbuzz-subset"):
        warnings.append("libharfbuzz-subset0 is not installed: PDF font subsetting falls back to "
                        "fontTools and is ~40x slower with CJK fonts (apt-get install libharfbuzz-subset0)")
    return warnings

