"""One build in this process, measured from the inside (run by benchmarks.run as a subprocess):

    python -m benchmarks.stages --project DIR --export DIR --json FILE [--no-worker]

Adds what `authoring build` does not print:
  - compute: time inside the authoring.compute functions (they run lazily, inside the
    load/template/charts stages, so it is a part of those, not an extra stage);
  - html: render_html() alone (inside the pdf stage of the build);
  - gc: time the cyclic garbage collector paused the build, per stage (gc.callbacks);
  - the document's size (blocks, characters), and
  - the exports the side-by-side comparisons read: the HTML our PDF writer lays out and the
    rendered Markdown in pandoc's dialect (same text, numbers, tables, figures).
"""

from __future__ import annotations

import argparse
import gc
import json
import time
from pathlib import Path

COMPUTE_FUNCTIONS = ("abs_change", "cagr", "doubling", "pp_change", "yoy_change",
                     "check_breakdown", "rank", "share", "streak")


class Clock:
    """Current stage, GC pauses per stage, time inside compute functions."""

    def __init__(self):
        self.stage = "startup"
        self.gc = {}
        self.gc_count = {}
        self.compute = 0.0
        self._gc_start = 0.0
        self._depth = 0

    def gc_callback(self, phase, info):
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            pause = time.perf_counter() - self._gc_start
            self.gc[self.stage] = self.gc.get(self.stage, 0.0) + pause
            key = f"{self.stage}:gen{info.get('generation')}"
            self.gc_count[key] = self.gc_count.get(key, 0) + 1

    def wrap(self, fn):
        clock = self

        def timed(*args, **kwargs):
            if clock._depth:
                return fn(*args, **kwargs)
            clock._depth += 1
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                clock.compute += time.perf_counter() - start
                clock._depth -= 1
        timed.__wrapped__ = fn
        return timed


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--export", type=Path, required=True)
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("--no-worker", action="store_true",
                        help="write the PDF in this process (AUTHORING_NO_WORKER=1): every stage "
                             "measured alone, with its CPU time and GC pauses")
    args = parser.parse_args(argv)
    if args.no_worker:
        import os

        os.environ["AUTHORING_NO_WORKER"] = "1"

    clock = Clock()
    gc.callbacks.append(clock.gc_callback)
    t0 = time.perf_counter()
    import authoring.compute as compute

    for name in COMPUTE_FUNCTIONS:  # before build() imports the modules that bind them
        setattr(compute, name, clock.wrap(getattr(compute, name)))
    from authoring.build import build
    from authoring.writers.configure import write_options
    import_s = time.perf_counter() - t0

    stage_times: dict[str, float] = {}
    stage_cpu: dict[str, float] = {}  # this process only (chart workers not included)
    cpu_start = [0.0]

    def progress(stage, seconds):
        if seconds is None:
            clock.stage = stage
            cpu_start[0] = time.process_time()
        else:
            stage_times[stage] = seconds
            stage_cpu[stage] = time.process_time() - cpu_start[0]
            clock.stage = "between"

    t = time.perf_counter()
    result = _build(build, args.project, progress)
    build_s = time.perf_counter() - t
    clock.stage = "after"

    from authoring.data import load_dataset
    from authoring.model.nodes import Figure, Heading, Paragraph, Table
    from authoring.model.text import plain_text, walk_blocks
    from authoring.templating.env import TemplateRenderer
    from authoring.templating.marks import strip_marks
    from authoring.writers.weasyprint.html import render_html

    from .pandoc_md import front_matter, to_pandoc

    config, doc = result.config, result.document
    project = config.project_dir
    options = write_options(config)
    clock.stage = "html"
    t, c = time.perf_counter(), time.process_time()
    html = render_html(doc, options)
    html_s, html_cpu = time.perf_counter() - t, time.process_time() - c
    clock.stage = "after"
    args.export.mkdir(parents=True, exist_ok=True)
    (args.export / "report.html").write_text(html, encoding="utf-8")

    # the same Markdown the build rendered, in pandoc's dialect
    blocks = list(walk_blocks(doc.chapters))
    figures, labels = {}, {}
    for b in blocks:
        if isinstance(b, Figure):
            figures[b.id] = {"path": _relative(b.svg or b.png, project),
                             "png": _relative(b.png or b.svg, project),
                             "caption": plain_text(b.caption), "width_mm": b.width_mm}
            labels[b.id] = b.label or b.id
        elif isinstance(b, Table) and b.id:
            labels[b.id] = b.label or b.id
        elif isinstance(b, Heading) and b.id:
            labels[b.id] = (b.number or "") + plain_text(b.children)
    t = time.perf_counter()
    dataset = load_dataset(config.data_paths(), project)
    renderer = TemplateRenderer(project, dataset, config.year, config.lang)
    chapters = [strip_marks(renderer.render(spec.template))[0] for spec in config.chapters]
    markdown_s = time.perf_counter() - t
    meta = doc.meta
    head = front_matter(meta.title, meta.subtitle, meta.author, meta.date, meta.lang)
    for name, image in (("report.md", "path"), ("report-png.md", "png")):
        # SVG charts for Typst (vector, like our PDF); PNG for pandoc's DOCX, which cannot
        # embed SVG without rsvg-convert (our DOCX carries both)
        text = head + "\n\n".join(to_pandoc(c, figures, labels, set(labels), image) for c in chapters)
        (args.export / name).write_text(text, encoding="utf-8")
    (args.export / "report.ours.md").write_text("\n\n".join(chapters), encoding="utf-8")

    text_chars = sum(len(plain_text(b.children)) for b in blocks if isinstance(b, (Paragraph, Heading)))
    counts = {
        "paragraphs": sum(isinstance(b, Paragraph) for b in blocks),
        "headings": sum(isinstance(b, Heading) for b in blocks),
        "tables": sum(isinstance(b, Table) for b in blocks),
        "table_rows": sum(len(b.rows) for b in blocks if isinstance(b, Table)),
        "figures": sum(isinstance(b, Figure) for b in blocks),
        "printed_figures": len(doc.printed),
        "text_chars": text_chars,
        "html_bytes": len(html.encode("utf-8")),
        "markdown_chars": sum(len(c) for c in chapters),
    }
    report = {
        "worker": not args.no_worker,
        # stages: as reported while running (with the PDF worker, "pdf" is only the wait for
        # it); timings: BuildResult.timings (with the worker, "pdf" is submit → written)
        "import_s": import_s, "build_s": build_s, "stages": stage_times, "stages_cpu": stage_cpu,
        "timings": dict(result.timings),
        "compute_s": clock.compute, "html_s": html_s, "html_cpu_s": html_cpu, "markdown_render_s": markdown_s,
        "gc_pause_s": clock.gc, "gc_collections": clock.gc_count,
        "charts_redrawn": len(result.charts_redrawn), "charts_cached": len(result.charts_cached),
        "outputs": {k: str(v) for k, v in result.outputs.items()}, "counts": counts,
        "lang": config.lang, "title": meta.title,
    }
    args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


def _build(build, project: Path, progress):
    """build(), forced when the toolkit knows --force (a cold run has nothing to skip anyway)."""
    import inspect

    if "force" in inspect.signature(build).parameters:
        return build(project, progress=progress, force=True)
    return build(project, progress=progress)


def _relative(path: str, project: Path) -> str:
    p = Path(path)
    return (p.relative_to(project) if p.is_absolute() and p.is_relative_to(project) else p).as_posix()


if __name__ == "__main__":
    main()
