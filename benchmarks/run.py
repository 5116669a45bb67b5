"""The benchmark, in one command (from the repository root):

    .venv/bin/python -m benchmarks.run                 # example + 300-page report, 3 runs each
    .venv/bin/python -m benchmarks.run --quick         # tiny sizes, 1 run: a smoke test (< 60 s)
    .venv/bin/python -m benchmarks.run --pages 150 --runs 5 --only synthetic

For each project (the example report at the repository root, copied, and a synthetic report
made by benchmarks/synth.py) it measures, as whole processes (`python -m authoring build`):
a cold full build (out/ deleted), the same with the PDF worker off, a warm build with nothing
changed (byte-identical? rewritten files?), a warm build after one paragraph changed, a warm
build after one data value changed; then one in-process build with every stage alone
(benchmarks/stages.py), and, side by side on the same content (runs interleaved): plain
WeasyPrint on the very HTML our build lays out, our PDF writer alone, pandoc → DOCX, and
pandoc → Typst → PDF; cold builds with proposed fixes applied from outside (benchmarks/whatif.py).
Then import costs, and several builds in one command (scale in width).
It prints a Markdown report and writes the JSON to benchmarks/results/. Work folders live in
benchmarks/work/ (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from .projects import (REPO, RESULTS, have_typst, log, machine, pandoc_path, prepare_example,
                       prepare_synthetic)
from .report import markdown, overlap, ratios, targets
from .scenarios import (compare, detail, import_costs, measure_width, scenario_cold, scenario_data,
                        scenario_paragraph, scenario_warm, scenario_whatif)

# ------------------------------------------------------------------ main


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="authoring benchmark (see benchmarks/README.md)")
    parser.add_argument("--pages", type=int, help="synthetic report size (default 300; --quick: 8)")
    parser.add_argument("--runs", type=int, help="runs per scenario (default 3; --quick: 1)")
    parser.add_argument("--quick", action="store_true",
                        help="smoke test: tiny synthetic report, 1 run, skip missing pandoc/typst")
    parser.add_argument("--only", choices=["example", "synthetic"], help="one project only")
    parser.add_argument("--no-compare", action="store_true", help="skip WeasyPrint/pandoc/Typst runs")
    parser.add_argument("--no-width", action="store_true", help="skip the several-builds-in-one-command runs")
    parser.add_argument("--no-whatif", action="store_true", help="skip the cold builds with proposed fixes")
    parser.add_argument("--engines", action="store_true",
                        help="also the two PDF engines side by side (benchmarks/engines_side.py)")
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--json", type=Path, help="where to write the JSON (default benchmarks/results/)")
    args = parser.parse_args(argv)
    pages = args.pages or (8 if args.quick else 300)
    runs = args.runs or (1 if args.quick else 3)

    started = time.perf_counter()
    tools = {"pandoc": pandoc_path(), "typst": have_typst()}
    if not args.no_compare and not (tools["pandoc"] and tools["typst"]):
        log("pandoc or typst missing (pip install -e '.[bench]'): those comparisons are skipped")
    results = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
               "config": {"pages": pages, "runs": runs, "quick": args.quick, "seed": args.seed,
                          "command": " ".join(["python", "-m", "benchmarks.run",
                                               *(argv if argv is not None else sys.argv[1:])])},
               "machine": machine(), "projects": {}}
    log(f"machine: {results['machine']['nproc']} cores, {results['machine']['cpu']}")

    projects = []
    if args.only in (None, "example"):
        projects.append(prepare_example())
    if args.only in (None, "synthetic"):
        log(f"generating a {pages}-page synthetic report")
        projects.append(prepare_synthetic(pages, args.quick, args.seed))

    for project in projects:
        log(f"{project.name}: {project.path}")
        full = not (args.quick and project.name != "example")  # --quick: the example covers them
        p: dict = {"path": str(project.path.relative_to(REPO)), "size": project.info}
        if not args.quick:
            p["cold_sequential"] = scenario_cold(project, runs, sequential=True)
        p["cold"] = scenario_cold(project, runs)
        if full:
            p["warm"] = scenario_warm(project, runs)
            p["paragraph_edit"] = scenario_paragraph(project, runs)
            p["data_edit"] = scenario_data(project, runs)
        if not (args.quick or args.no_whatif):
            p["whatif"] = scenario_whatif(project, runs, runs if project.name == "example" else 1)
        p["detail"] = detail(project)
        if not args.no_compare:
            p["compare"] = compare(project, p["detail"], runs, tools, what_if=not args.quick)
        p["ratios"] = ratios(p)
        p["overlap"] = overlap(p)
        results["projects"][project.name] = p

    if args.engines:
        from . import engines_side
        results["engines"] = engines_side.run_all([p.path for p in projects], runs)
    if not args.quick:
        log("import costs")
        results["imports"] = import_costs(runs)
    example = next((p for p in projects if p.name == "example"), None)
    if args.quick or args.no_width:
        results["width"] = {"status": "skipped", "note": "Skipped (--quick or --no-width)."}
    else:
        log("scale in width")
        results["width"] = measure_width(example, runs)
    results["loadavg_end"] = os.getloadavg()
    results["targets"] = targets(results)
    results["elapsed_s"] = time.perf_counter() - started
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    tag = "quick" if args.quick else (f"{pages}p" if args.only != "example" else "example")
    target = args.json or RESULTS / f"{tag}-{stamp}.json"
    target.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(markdown(results))
    if args.engines:
        print("\n" + engines_side.markdown(results["engines"]))
    log(f"wrote {target} in {results['elapsed_s']:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
