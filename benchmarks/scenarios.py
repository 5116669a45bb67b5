"""Whole-process measurements: one build, the scenarios (cold, warm, edits, comparisons,
what-ifs), import costs, several builds in one command."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from . import measure
from .measure import describe, med
from .projects import (PY, REPO, WORK, Project, bumped, compare_state, log, output_state,
                       pdf_pages, read_value, toggle_paragraph, write_value)

# ------------------------------------------------------------------ one build


def _stage_keys() -> dict[str, str]:
    """What `authoring build` prints for each stage → the stage's key."""
    try:
        from authoring.progress import STAGE_NAMES

        return {v: k for k, v in STAGE_NAMES.items()}
    except ImportError:
        return {}


_STAGE_LINE = re.compile(r"^\s+(?:\S\s+)?([a-zA-Z][\w +/-]*?)\s+([0-9]+\.[0-9]+) s$", re.M)
_CHARTS = re.compile(r"charts: (\d+) drawn, (\d+) from cache")


def parse_build_output(text: str) -> dict:
    """Stage seconds and chart counts from what `authoring build` prints. With the PDF worker
    the "pdf" line is only the wait for the worker after the DOCX: the lines are the
    sequential segments of the build, so their sum is the wall time minus start-up."""
    keys = _stage_keys()
    stages = {}
    for name, seconds in _STAGE_LINE.findall(text):
        name = name.strip()
        if name == "total":
            continue
        key = keys.get(name, name)
        stages[key] = stages.get(key, 0.0) + float(seconds)
    m = _CHARTS.search(text)
    return {"stages": stages, "charts_drawn": int(m[1]) if m else 0,
            "charts_cached": int(m[2]) if m else 0, "up_to_date": "up to date" in text}


def one_build(cmd: list[str], cwd: Path, env: dict | None = None) -> dict:
    proc = measure.run(cmd, cwd=cwd, env=env).check()
    parsed = parse_build_output(proc.stdout)
    stage_sum = sum(parsed["stages"].values())
    return {**proc.summary(), **parsed, "stage_sum": stage_sum,
            "outside_stages": proc.wall - stage_sum, "loadavg": os.getloadavg()[0]}


def summarize(runs: list[dict]) -> dict:
    keys = sorted({k for r in runs for k in r["stages"]})
    return {
        "runs": len(runs),
        "wall": describe([r["wall"] for r in runs]),
        "cpu": describe([r["cpu"] for r in runs]),
        "maxrss_mb": describe([r["maxrss_mb"] for r in runs]),
        "tree_peak_mb": describe([r["tree_peak_mb"] for r in runs]),
        "stages": {k: med([r["stages"].get(k) for r in runs]) for k in keys},
        "outside_stages": med([r["outside_stages"] for r in runs]),
        "charts_drawn": [r["charts_drawn"] for r in runs],
        "charts_cached": [r["charts_cached"] for r in runs],
        "up_to_date": [r["up_to_date"] for r in runs],
        "loadavg": [round(r["loadavg"], 2) for r in runs],
        **({"outputs": [r["outputs"] for r in runs]} if "outputs" in runs[0] else {}),
    }


# ------------------------------------------------------------------ scenarios


def scenario_cold(project: Project, runs: int, sequential: bool = False) -> dict:
    env = {**os.environ, "AUTHORING_NO_WORKER": "1"} if sequential else None
    label = "cold, PDF worker off" if sequential else "cold"
    out = []
    for i in range(runs):
        shutil.rmtree(project.out, ignore_errors=True)
        out.append(one_build(project.build_cmd(), project.path, env))
        log(f"  {project.name} {label} {i + 1}/{runs}: {out[-1]['wall']:.2f} s")
    result = summarize(out)
    pdf = next(project.out.glob("*.pdf"), None)
    result["pdf_pages"] = pdf_pages(pdf) if pdf else None
    result["output_mb"] = {p.name: round(p.stat().st_size / 2**20, 2) for p in project.out.iterdir()
                           if p.is_file()}
    return result


def _edited_build(project: Project) -> dict:
    before = output_state(project)
    run = one_build(project.build_cmd(), project.path)
    run["outputs"] = compare_state(before, output_state(project))
    return run


def scenario_warm(project: Project, runs: int) -> dict:
    out = []
    for i in range(runs):
        out.append(_edited_build(project))
        log(f"  {project.name} warm {i + 1}/{runs}: {out[-1]['wall']:.2f} s, "
            f"identical={out[-1]['outputs']['identical']}")
    result = summarize(out)
    result["byte_identical"] = all(r["outputs"]["identical"] for r in out)
    result["rewritten"] = sorted({f for r in out for f in r["outputs"]["rewritten"]})
    result["writers_ran"] = sorted({k for r in out for k in r["stages"] if k in ("docx", "pdf", "html")})
    return result


def scenario_paragraph(project: Project, runs: int) -> dict:
    out = []
    for i in range(runs):
        template = toggle_paragraph(project)
        out.append(_edited_build(project))
        log(f"  {project.name} paragraph edit {i + 1}/{runs}: {out[-1]['wall']:.2f} s, "
            f"charts drawn {out[-1]['charts_drawn']}")
    if runs % 2:
        toggle_paragraph(project)  # leave the project as generated (out/ is then stale)
    result = summarize(out)
    result["edited"] = f"templates/{template}"
    return result


def scenario_data(project: Project, runs: int) -> dict:
    file, indicator, year = project.data_edit
    path = project.path / file
    original = read_value(path, indicator, year)
    out = []
    for i in range(runs):
        write_value(path, indicator, year, bumped(original) if i % 2 == 0 else original)
        out.append(_edited_build(project))
        log(f"  {project.name} data edit {i + 1}/{runs}: {out[-1]['wall']:.2f} s, "
            f"charts drawn {out[-1]['charts_drawn']}")
    write_value(path, indicator, year, original)
    result = summarize(out)
    result["edited"] = f"{file}: {indicator} {year} {original} ↔ {bumped(original)}"
    return result


def detail(project: Project) -> dict:
    """One cold in-process build with every stage alone (benchmarks/stages.py --no-worker),
    and the exports for the comparisons."""
    shutil.rmtree(project.out, ignore_errors=True)
    export = WORK / f"{project.name}-compare"
    shutil.rmtree(export, ignore_errors=True)
    export.mkdir(parents=True)
    report = export / "stages.json"
    proc = measure.run([PY, "-m", "benchmarks.stages", "--project", str(project.path),
                        "--export", str(export), "--json", str(report), "--no-worker"], cwd=REPO).check()
    data = json.loads(report.read_text(encoding="utf-8"))
    data["process"] = proc.summary()
    data["export"] = str(export)
    log(f"  {project.name} in-process detail build: {proc.wall:.2f} s")
    return data


def compare(project: Project, info: dict, runs: int, tools: dict, what_if: bool = True) -> dict:
    """The engines and the other tools on the same content. Runs of different tools are
    interleaved (A B C A B C …) so that load from other processes hits them alike."""
    export = Path(info["export"])
    html = export / "report.html"
    base_url = project.path.resolve().as_uri() + "/"
    engines = [PY, "-m", "benchmarks.engines"]
    jobs: list[tuple[str, str, list[str], Path]] = [
        ("weasyprint", "plain WeasyPrint",
         [*engines, "weasyprint", str(html), base_url, str(export / "weasyprint-plain.pdf")], REPO),
        ("pdf_writer_alone", "our PDF writer alone (html_to_pdf, fresh process)",
         [*engines, "ours", str(html), str(project.path), str(export / "ours.pdf")], REPO),
    ]
    if what_if:
        jobs.append(("weasyprint_gc_tuned", "WeasyPrint, gc threshold 50000 (what-if)",
                     [*engines, "weasyprint", str(html), base_url, str(export / "weasyprint-gc.pdf"),
                      "--gc-threshold", "50000"], REPO))
    pandoc = tools.get("pandoc")
    typ = project.path / "bench-pandoc.typ"
    if pandoc:
        cjk = info.get("lang", "").startswith(("zh", "ja", "ko"))
        font = ["-V", "mainfont=Noto Serif CJK SC"] if cjk else []
        jobs += [("pandoc_docx", "pandoc → DOCX",
                  [pandoc, str(export / "report-png.md"), "-f", "markdown", "-t", "docx",
                   "-o", str(export / "pandoc.docx")], project.path),
                 ("pandoc_typst_source", "pandoc → Typst source",
                  [pandoc, str(export / "report.md"), "-f", "markdown", "-t", "typst", "-s", "--toc",
                   "-V", "papersize=a4", *font, "-o", str(typ)], project.path)]
        if tools.get("typst"):
            jobs.append(("typst_pdf", "Typst → PDF",
                         [*engines, "typst", str(typ), str(export / "typst.pdf"), str(project.path)], REPO))
    rows: dict[str, list[dict]] = {key: [] for key, *_ in jobs}
    for _ in range(runs):
        for key, label, cmd, cwd in jobs:
            proc = measure.run(cmd, cwd=cwd).check()
            inner = json.loads(proc.stdout.strip().splitlines()[-1]) if cmd[:3] == engines else {}
            rows[key].append({**proc.summary(), **inner})
    result: dict = {}
    for key, label, *_ in jobs:
        first = rows[key][0]
        numbers = [k for k in first if isinstance(first[k], (int, float)) and k != "returncode"]
        result[key] = {k: describe([r[k] for r in rows[key]]) for k in numbers}
        log(f"  {project.name} {label}: {result[key]['wall']['median']:.2f} s")
    return result


WHATIF_CASES = ("baseline", "exit", "gc", "csv", "all")


def scenario_whatif(project: Project, runs: int, singles_runs: int) -> dict:
    """Cold builds with proposed fixes applied from outside (benchmarks/whatif.py), runs
    interleaved with plain cold builds: baseline, each fix alone, all together."""
    rows: dict[str, list[dict]] = {case: [] for case in WHATIF_CASES}
    for i in range(runs):
        for case in WHATIF_CASES:
            if case not in ("baseline", "all") and i >= singles_runs:
                continue
            shutil.rmtree(project.out, ignore_errors=True)
            if case == "baseline":
                rows[case].append(one_build(project.build_cmd(), project.path))
            else:
                cmd = [PY, "-m", "benchmarks.whatif", "build", "--project", str(project.path)]
                rows[case].append(one_build(cmd, REPO, {**os.environ, "BENCH_WHATIF": case}))
    result = {case: summarize(r) for case, r in rows.items() if r}
    log(f"  {project.name} what-ifs: " + ", ".join(
        f"{case} {s['wall']['median']:.2f} s" for case, s in result.items()))
    return result


IMPORTS = ("authoring.cli", "pandas", "matplotlib.figure", "weasyprint", "docx", "openpyxl",
           "jinja2", "markdown_it", "yaml", "lxml.etree")


def import_costs(runs: int) -> dict:
    """Seconds to import each heavy dependency in a fresh interpreter (median of `runs`),
    and the interpreter's own start-up."""
    costs = {}
    for module in ("", *IMPORTS):
        code = ("import time; t = time.perf_counter(); "
                + (f"import {module}; " if module else "")
                + "print(time.perf_counter() - t)")
        values = []
        for _ in range(runs):
            proc = measure.run([PY, "-c", code], cwd=REPO, sample_memory=False).check()
            values.append(proc.wall if not module else float(proc.stdout.strip()))
        costs[module or "python start-up (whole process)"] = med(values)
    return costs


# ------------------------------------------------------------------ scale in width


def measure_width(example: Project | None, runs: int) -> dict:
    """SCALE IN WIDTH: several builds in one command (`authoring build --project A --project B
    --edition screen --edition print`, a process pool), against the same builds as separate
    commands one after another. On the example report (cold: out/ deleted before each run)."""
    help_text = subprocess.run([PY, "-m", "authoring", "build", "--help"], cwd=REPO,
                               capture_output=True, text=True).stdout
    if "--edition" not in help_text or "Repeat" not in help_text or example is None:
        return {"status": "skipped", "note": "Skipped: no multi-edition build in `authoring build "
                                             "--help` (placeholder: `measure_width` in benchmarks/scenarios.py)."}
    copies = [example.path]
    for n in range(2, 5):
        target = WORK / f"example-{n}"
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(example.path, target, ignore=shutil.ignore_patterns("out"))
        copies.append(target)
    build = [PY, "-m", "authoring", "build"]
    both = ["--edition", "screen", "--edition", "print"]
    one = copies[:1]
    projects = [a for c in copies for a in ("--project", str(c))]
    cases = [
        ("1 project, 1 edition (screen)", 1, [[*build, "--project", str(copies[0]), "--edition", "screen"]]),
        ("1 project × 2 editions, one command", 2, [[*build, "--project", str(copies[0]), *both]]),
        ("1 project × 2 editions, one command, -j 1", 2, [[*build, "--project", str(copies[0]), *both, "-j", "1"]]),
        ("1 project × 2 editions, two commands", 2,
         [[*build, "--project", str(copies[0]), "--edition", e] for e in ("screen", "print")]),
        ("4 projects × 2 editions, one command", 8, [[*build, *projects, *both]]),
        ("4 projects × 2 editions, eight commands", 8,
         [[*build, "--project", str(c), "--edition", e] for c in copies for e in ("screen", "print")]),
    ]
    rows = []
    for label, builds, commands in cases:
        walls, cpus, peaks = [], [], []
        touched = copies if builds > 2 else one
        for _ in range(runs):
            for c in touched:
                shutil.rmtree(c / "out", ignore_errors=True)
            wall = cpu = peak = 0.0
            for cmd in commands:
                proc = measure.run(cmd, cwd=REPO).check()
                wall, cpu, peak = wall + proc.wall, cpu + proc.cpu, max(peak, proc.tree_peak_mb)
            walls.append(wall), cpus.append(cpu), peaks.append(peak)
        rows.append({"case": label, "builds": builds, "wall": describe(walls), "cpu": describe(cpus),
                     "tree_peak_mb": describe(peaks), "per_build_s": med(walls) / builds})
        log(f"  width: {label}: {med(walls):.2f} s")
    return {"status": "measured", "rows": rows,
            "note": "Cold builds of the example report (out/ deleted before each run)."}
