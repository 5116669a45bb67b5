"""Chart drawing alone: CPU seconds per chart for each set of chart files a build draws.

    python -m benchmarks.charts --project DIR [--rounds 2] [--baseline FILE.py]

Collects the project's chart jobs as a build makes them (data, templates, figure specs),
then draws every chart in this process for each output set (what a DOCX, a WeasyPrint PDF,
a DOCX + Typst and a DOCX + WeasyPrint build draw), rounds interleaved. CPU time
(`time.process_time`), because the machine is shared. `--baseline` names another copy of
charts/render.py (e.g. `git show main:authoring/charts/render.py > /tmp/old.py`) whose
`render_chart_files` is timed beside it, drawing all three files, for a before/after ratio.
"""

from __future__ import annotations

import argparse
import importlib.util
import tempfile
import time
from pathlib import Path

SETS = {"svg + png + text (DOCX + WeasyPrint PDF)": ("svg", "png", "text"),
        "svg + png (DOCX; DOCX + Typst PDF)": ("svg", "png"),
        "svg + text (WeasyPrint PDF, HTML)": ("svg", "text"),
        "svg (Typst PDF)": ("svg",)}


def chart_jobs(project: Path):
    """The project's chart jobs and theme, captured from a build's own chart stage."""
    import authoring.charts.cache as cache
    from authoring.build import make_document

    seen, real = [], cache.render_all

    def capture(jobs, theme, folder, outputs=(), *rest, **named):  # drawn here, no pool
        seen.append((list(jobs), theme))
        return real(jobs, theme, folder, ("svg",))

    cache.render_all = capture
    try:
        with tempfile.TemporaryDirectory() as out:
            make_document(project, out_dir=Path(out))
    finally:
        cache.render_all = real
    return [job for jobs, _ in seen for job in jobs], seen[0][1]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", type=Path)
    args = parser.parse_args(argv)
    from authoring.charts.render import render_chart_files

    jobs, theme = chart_jobs(args.project.resolve())
    cases = {name: (lambda job, outputs=outputs: render_chart_files(job.data, theme,
                                                                    job.size_mm, outputs))
             for name, outputs in SETS.items()}
    if args.baseline:
        spec = importlib.util.spec_from_file_location("authoring.charts._baseline", args.baseline)
        module = importlib.util.module_from_spec(spec)
        module.__package__ = "authoring.charts"
        import sys

        sys.modules[spec.name] = module  # dataclasses look their module up there
        spec.loader.exec_module(module)
        cases = {"baseline: svg + png + text": lambda job: module.render_chart_files(
            job.data, theme, job.size_mm), **cases}
    cases[next(iter(cases))](jobs[0])  # matplotlib imported and warmed outside the timing
    spent = dict.fromkeys(cases, 0.0)
    for _ in range(args.rounds):
        for name, draw in cases.items():
            start = time.process_time()
            for job in jobs:
                draw(job)
            spent[name] += time.process_time() - start
    n = args.rounds * len(jobs)
    first = spent[next(iter(spent))]
    print(f"{len(jobs)} charts × {args.rounds} rounds, CPU seconds per chart")
    for name, seconds in spent.items():
        print(f"| {name} | {seconds / n:.3f} | {first / seconds:.2f}× |")


if __name__ == "__main__":
    main()
