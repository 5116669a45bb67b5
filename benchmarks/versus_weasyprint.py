"""A cold WeasyPrint build against the `weasyprint` command on the same HTML, rounds interleaved.

    python -m benchmarks.versus_weasyprint [--project DIR] [--rounds 10] [--base CHECKOUT]

Each round runs, as whole processes: `authoring build` of a copy of the project with `out/`
deleted (cold), the same with the code in CHECKOUT (another git worktree, e.g. the commit a
change started from) when given, and the `weasyprint` command alone on the HTML the build
lays out (written once, first). It prints each command's times, and the build's ratio to
WeasyPrint three ways: median over median, best over best, and the median of the per-round
ratios (the runs of one round are seconds apart, so a machine that slows down for a while
slows both). Issue 17's target: ≤ 1.25.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .projects import copy_inputs

ROOT = Path(__file__).resolve().parent.parent


def _html(project: Path, out: Path) -> None:
    """The HTML the PDF worker lays out, with URLs relative to the project."""
    code = ("import sys; from pathlib import Path; from authoring.build import make_document; "
            "from authoring.writers.weasyprint.html import render_html; import dataclasses; "
            "from authoring.staging import pin_print_fonts; "
            "r = make_document(Path(sys.argv[1])); o = pin_print_fonts(r.options, r.config, ['pdf']); "
            "Path(sys.argv[2]).write_text(render_html(r.document, o), encoding='utf-8')")
    subprocess.run([sys.executable, "-c", code, str(project), str(out)], check=True, cwd=ROOT)


def _timed(cmd: list[str], cwd: Path, env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env={**os.environ, **env}, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--base", type=Path, help="a checkout of the code to compare with")
    args = parser.parse_args(argv)
    weasyprint = shutil.which("weasyprint", path=str(Path(sys.executable).parent)) or "weasyprint"
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        runs = {"this build": (copy_inputs(args.project, tmp / "this"), {})}
        if args.base:
            runs["base build"] = (copy_inputs(args.project, tmp / "base"),
                                  {"PYTHONPATH": str(args.base.resolve())})
        html = runs["this build"][0] / "report.html"
        _html(runs["this build"][0], html)
        base_url = runs["this build"][0].resolve().as_uri() + "/"
        times: dict[str, list[float]] = {name: [] for name in [*runs, "weasyprint alone"]}
        for _ in range(args.rounds):
            for name, (project, env) in runs.items():
                shutil.rmtree(project / "out", ignore_errors=True)
                times[name].append(_timed([sys.executable, "-m", "authoring", "build", "-q"],
                                          project, env))
            times["weasyprint alone"].append(
                _timed([weasyprint, "-u", base_url, str(html), str(tmp / "alone.pdf")], tmp, {}))
    alone = times["weasyprint alone"]
    for name, values in times.items():
        print(f"{name:18s} median {statistics.median(values):.2f} s, best {min(values):.2f} s: "
              + " ".join(f"{v:.2f}" for v in values))
    for name in runs:
        per_round = sorted(a / b for a, b in zip(times[name], alone))
        print(f"{name}: ratio {statistics.median(times[name]) / statistics.median(alone):.2f} "
              f"median/median, {min(times[name]) / min(alone):.2f} best/best, per round median "
              f"{statistics.median(per_round):.2f} ({per_round[0]:.2f}–{per_round[-1]:.2f})")
    print("load average", " ".join(open("/proc/loadavg").read().split()[:3]))


if __name__ == "__main__":
    main()
