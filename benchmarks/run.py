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
import ctypes.util
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from . import measure, synth
from .measure import describe, med

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "results"
PY = sys.executable

# targets from the issue (docs/PERFORMANCE.md)
EXAMPLE_COLD_S = 3.0
WARM_NOOP_S = 0.5
BIG_COLD_S = 15.0
BIG_PEAK_MB = 1500
PDF_OVER_WEASYPRINT = 1.15
DOCX_OVER_PANDOC = 2.0

PARAGRAPH_MARK = "本段已修订。"


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ machine


def machine() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])
        mem_gb = round(kb / 2**20, 1)
    except (OSError, TypeError):
        pass
    versions = {}
    for name in ("authoring", "weasyprint", "pydyf", "python-docx", "matplotlib", "pandas",
                 "Jinja2", "markdown-it-py", "lxml", "pypandoc-binary", "typst"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    pandoc = pandoc_path()
    if pandoc:
        out = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout
        versions["pandoc"] = out.split("\n", 1)[0].replace("pandoc ", "")
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                                text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "--", "authoring"], cwd=REPO,
                                    capture_output=True, text=True).stdout.strip())
    except OSError:
        commit, dirty = None, None
    return {"nproc": os.cpu_count(), "cpu": cpu, "memory_gb": mem_gb,
            "python": platform.python_version(), "os": platform.platform(),
            "harfbuzz_subset": bool(ctypes.util.find_library("harfbuzz-subset")),
            "versions": versions, "git_commit": commit, "authoring_dirty": dirty,
            "loadavg_start": os.getloadavg()}


def pandoc_path() -> str | None:
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except Exception:  # noqa: BLE001 - pandoc is optional
        return shutil.which("pandoc")


def have_typst() -> bool:
    try:
        import typst  # noqa: F401

        return True
    except ImportError:
        return False


# ------------------------------------------------------------------ projects


class Project:
    def __init__(self, name: str, path: Path, data_edit: tuple[str, str, int], info: dict):
        self.name, self.path, self.data_edit, self.info = name, path, data_edit, info

    @property
    def out(self) -> Path:
        return self.path / "out"

    def build_cmd(self) -> list[str]:
        return [PY, "-m", "authoring", "build", "--project", str(self.path)]


def prepare_example() -> Project:
    target = WORK / "example"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("report.toml", "data", "templates", "figures"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        elif src.is_file():
            shutil.copy2(src, target / name)
    # a value printed in the text and the appendix table, drawn in the headline chart
    return Project("example", target, ("data/values.csv", "tech_contract_turnover", 2020),
                   {"source": "repository root (report.toml, data/, templates/, figures/)"})


def prepare_synthetic(pages: int, quick: bool, seed: int) -> Project:
    target = WORK / f"synthetic-{pages}p"
    if quick:
        info = synth.generate(target, pages, charts=3, tables=2, chapters=1, seed=seed)
    else:
        info = synth.generate(target, pages, seed=seed)
    # chapter 1's industry size: its bar chart and one cross-chapter ranking (hbar) show it
    return Project(f"synthetic-{pages}p", target, ("data/values.csv", "c01_output", synth.YEAR), info)


# ------------------------------------------------------------------ edits


def toggle_paragraph(project: Project) -> str:
    """Append (or remove) one sentence at the end of the first narrative paragraph of the
    first chapter template: a one-paragraph edit. Returns the template name."""
    import tomllib

    config = tomllib.loads((project.path / "report.toml").read_text(encoding="utf-8"))
    name = config["chapters"][0]["template"]
    path = project.path / "templates" / name
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines):
        s = line.strip()
        if (s and not s.startswith(("#", ":::", "{%", "{#", "|", "-", "[^", "!"))
                and re.search(r"[\u4e00-\u9fff]", s) and len(s) > 40):
            lines[i] = line[:-len(PARAGRAPH_MARK)] if line.endswith(PARAGRAPH_MARK) else line + PARAGRAPH_MARK
            path.write_text("\n".join(lines), encoding="utf-8")
            return name
    raise RuntimeError(f"no paragraph found to edit in {path}")


def read_value(path: Path, indicator: str, year: int) -> str:
    rows = path.read_text(encoding="utf-8").split("\n")
    header = rows[0].split(",")
    for row in rows[1:]:
        cells = row.split(",")
        if "year" in header:  # long: indicator,year,value,…
            if cells[0] == indicator and cells[header.index("year")] == str(year):
                return cells[header.index("value")]
        elif cells[0] == indicator:  # wide: indicator,2011,…
            return cells[header.index(str(year))]
    raise KeyError(f"{indicator} {year} not in {path}")


def write_value(path: Path, indicator: str, year: int, value: str) -> None:
    rows = path.read_text(encoding="utf-8").split("\n")
    header = rows[0].split(",")
    for n, row in enumerate(rows[1:], 1):
        cells = row.split(",")
        if "year" in header:
            if cells[0] == indicator and cells[header.index("year")] == str(year):
                cells[header.index("value")] = value
                rows[n] = ",".join(cells)
        elif cells[0] == indicator:
            cells[header.index(str(year))] = value
            rows[n] = ",".join(cells)
    path.write_text("\n".join(rows), encoding="utf-8")


def bumped(value: str) -> str:
    """The value one unit of its last shown digit higher: 1815.3 → 1815.4, 24208 → 24209."""
    from decimal import Decimal

    d = Decimal(value)
    step = Decimal(1).scaleb(d.as_tuple().exponent)
    return str(d + step)


# ------------------------------------------------------------------ outputs


def output_state(project: Project) -> dict[str, tuple[str, int, int]]:
    """Relative path → (sha256, inode, mtime_ns) of every file under out/."""
    state = {}
    if not project.out.is_dir():
        return state
    for path in sorted(project.out.rglob("*")):
        if path.is_file() and not path.name.endswith(".tmp"):
            st = path.stat()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            state[path.relative_to(project.out).as_posix()] = (digest, st.st_ino, st.st_mtime_ns)
    return state


def compare_state(before: dict, after: dict) -> dict:
    changed = sorted(k for k in after if k not in before or before[k][0] != after[k][0])
    removed = sorted(k for k in before if k not in after)
    rewritten = sorted(k for k in after if k in before and before[k][1:] != after[k][1:])
    return {"identical": not changed and not removed, "changed": changed, "removed": removed,
            "rewritten": rewritten}


def pdf_pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader

        return len(PdfReader(str(path)).pages)
    except Exception:  # noqa: BLE001
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout \
            if shutil.which("pdfinfo") else ""
        m = re.search(r"Pages:\s+(\d+)", out)
        return int(m[1]) if m else None


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
                                             "--help` (placeholder: `measure_width` in benchmarks/run.py)."}
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


# ------------------------------------------------------------------ report


def _pdf_full(det: dict) -> float | None:
    return det.get("timings", det.get("stages", {})).get("pdf")


def ratios(p: dict) -> dict:
    cmp_, det = p.get("compare", {}), p.get("detail", {})
    r = {}
    wp, alone = cmp_.get("weasyprint", {}), cmp_.get("pdf_writer_alone", {})
    if wp and alone:
        r["pdf_writer_over_weasyprint_wall"] = alone["total_s"]["median"] / wp["total_s"]["median"]
        r["pdf_writer_over_weasyprint_cpu"] = alone["total_cpu_s"]["median"] / wp["total_cpu_s"]["median"]
    pdf_cpu = det.get("stages_cpu", {}).get("pdf")
    if wp and pdf_cpu:
        r["pdf_stage_in_build_over_weasyprint_cpu"] = pdf_cpu / wp["total_cpu_s"]["median"]
    pd = cmp_.get("pandoc_docx", {}).get("wall", {}).get("median")
    docx_cold = p["cold"]["stages"].get("docx")
    docx_alone = det.get("stages", {}).get("docx")
    if pd and docx_cold:
        r["docx_stage_over_pandoc"] = docx_cold / pd
    if pd and docx_alone:
        r["docx_stage_alone_over_pandoc"] = docx_alone / pd
    ty = cmp_.get("typst_pdf", {}).get("wall", {}).get("median")
    ts = cmp_.get("pandoc_typst_source", {}).get("wall", {}).get("median")
    pdf = _pdf_full(det)
    if pdf and ty and ts:
        r["pdf_stage_over_pandoc_typst"] = pdf / (ty + ts)
    if pd and ty and ts:
        r["cold_build_over_pandoc_docx_plus_typst"] = p["cold"]["wall"]["median"] / (pd + ty + ts)
    return r


def overlap(p: dict) -> dict | None:
    """What the PDF worker saves against the same build with every stage in turn."""
    seq, cold, det = p.get("cold_sequential"), p["cold"], p.get("detail", {})
    if not seq:
        return None
    st = det.get("stages", {})
    pdf = st.get("pdf") or 0.0
    docx, audit = st.get("docx") or 0.0, st.get("audit") or 0.0
    saved = seq["wall"]["median"] - cold["wall"]["median"]
    # the PDF could run beside DOCX and the audit table, its WeasyPrint import beside the rest
    imp = p.get("compare", {}).get("weasyprint", {}).get("import_s", {}).get("median") or 0.5
    possible = min(pdf, docx + audit) + imp
    return {"sequential_wall": seq["wall"]["median"], "wall": cold["wall"]["median"],
            "saved_s": saved, "overlappable_s": possible, "docx_s": docx, "audit_s": audit,
            "import_s": imp,
            "pdf_s": pdf, "cpu_per_wall": cold["cpu"]["median"] / cold["wall"]["median"]}


def targets(results: dict) -> list[dict]:
    rows = []
    projects = results["projects"]

    def add(name, project, measured, threshold, met, note=""):
        rows.append({"target": name, "project": project, "measured": measured,
                     "threshold": threshold, "met": met, "note": note})

    ex = projects.get("example")
    if ex:
        w = ex["cold"]["wall"]["median"]
        add("example: full cold build", "example", f"{w:.2f} s", f"< {EXAMPLE_COLD_S:g} s", w < EXAMPLE_COLD_S)
    for name, p in projects.items():
        if "warm" not in p:
            continue
        warm = p["warm"]
        w = warm["wall"]["median"]
        rerender = bool(warm["writers_ran"]) or any(warm["charts_drawn"]) or bool(warm["rewritten"])
        add("warm, nothing changed: time", name, f"{w:.2f} s", f"< {WARM_NOOP_S:g} s", w < WARM_NOOP_S)
        add("warm, nothing changed: re-renders nothing", name,
            ("ran " + ", ".join(warm["writers_ran"]) if warm["writers_ran"] else "no writer ran")
            + f"; {len(warm['rewritten'])} files rewritten", "nothing re-rendered", not rerender)
        add("warm, nothing changed: byte-identical outputs", name, str(warm["byte_identical"]),
            "True", warm["byte_identical"])
        drawn = max(p["paragraph_edit"]["charts_drawn"])
        add("one-paragraph edit: no chart redrawn", name, f"{drawn} redrawn", "0", drawn == 0)
    for name, p in projects.items():
        if not name.startswith("synthetic") or results["config"]["quick"]:
            continue
        w = p["cold"]["wall"]["median"]
        mem = p["cold"]["tree_peak_mb"]["median"]
        add(f"{name}: full cold build", name, f"{w:.1f} s ({p['cold'].get('pdf_pages')} pages)",
            f"< {BIG_COLD_S:g} s", w < BIG_COLD_S)
        add(f"{name}: peak memory (process tree)", name, f"{mem:.0f} MB", f"< {BIG_PEAK_MB} MB",
            mem < BIG_PEAK_MB)
    for name, p in projects.items():
        r = p.get("ratios", {})
        if "pdf_writer_over_weasyprint_wall" in r:
            v, c = r["pdf_writer_over_weasyprint_wall"], r["pdf_writer_over_weasyprint_cpu"]
            add("PDF step vs plain WeasyPrint (same HTML)", name, f"{v:.2f}× wall, {c:.2f}× CPU",
                f"≤ {PDF_OVER_WEASYPRINT}×", v <= PDF_OVER_WEASYPRINT)
        if "docx_stage_over_pandoc" in r:
            v = r["docx_stage_over_pandoc"]
            alone = r.get("docx_stage_alone_over_pandoc")
            add("DOCX step vs pandoc DOCX (same content)", name,
                f"{v:.2f}× (in the build)" + (f", {alone:.2f}× (alone)" if alone else ""),
                f"≤ {DOCX_OVER_PANDOC}×", v <= DOCX_OVER_PANDOC)
    for name, p in projects.items():
        o = p.get("overlap")
        if not o:
            continue
        met = o["saved_s"] >= 0.5 * o["overlappable_s"] and o["overlappable_s"] > 0
        add("charts, DOCX and PDF overlap on several cores", name,
            f"PDF worker saves {o['saved_s']:.2f} s of {o['overlappable_s']:.2f} s overlappable "
            f"(sequential {o['sequential_wall']:.2f} s → {o['wall']:.2f} s; CPU/wall {o['cpu_per_wall']:.2f})",
            "saves ≥ half of what can overlap", met)
    return rows


def fmt(v, digits=2) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    return f"{v:.{digits}f}"


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [f"# authoring benchmark — {results['date']}", "",
             f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']} GB; Python {m['python']}; "
             + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
             + f"; HarfBuzz subsetting: {'yes' if m['harfbuzz_subset'] else 'NO'}; commit "
             f"{m['git_commit']}{' + uncommitted authoring/ changes' if m['authoring_dirty'] else ''}.",
             f"Command: `{results['config']['command']}`. Runs per scenario: {results['config']['runs']} "
             f"(median; range in brackets). Load average at start {m['loadavg_start'][0]:.2f}, "
             f"end {results['loadavg_end'][0]:.2f}.", ""]
    for name, p in results["projects"].items():
        size = p.get("size", {})
        det = p.get("detail", {})
        counts = det.get("counts", {})
        lines += [f"## {name}", "",
                  f"{p['cold'].get('pdf_pages')} PDF pages, {counts.get('paragraphs')} paragraphs, "
                  f"{counts.get('text_chars')} characters of text, {counts.get('figures')} charts, "
                  f"{counts.get('tables')} tables ({counts.get('table_rows')} rows), "
                  f"{counts.get('printed_figures')} computed figures in the text."
                  + (f" Generated: {size.get('chapters')} chapters, seed {size.get('seed')}." if size.get("seed") else ""),
                  "",
                  "| scenario | wall s | CPU s | peak RSS MB (largest / tree) | charts drawn | outputs |",
                  "|---|--:|--:|--:|--:|---|"]
        for key, label in (("cold", "cold full build (no out/)"),
                           ("cold_sequential", "cold, PDF worker off (AUTHORING_NO_WORKER=1)"),
                           ("warm", "warm, nothing changed"),
                           ("paragraph_edit", "warm, one paragraph edited"),
                           ("data_edit", "warm, one data value changed")):
            s = p.get(key)
            if not s:
                continue
            outputs = ""
            if key == "warm":
                outputs = (("up to date; " if all(s["up_to_date"]) else "")
                           + ("byte-identical" if s["byte_identical"] else "CHANGED")
                           + f"; {len(s['rewritten'])} files rewritten")
            elif key in ("paragraph_edit", "data_edit"):
                outputs = s.get("edited", "")
            rng = f" ({fmt(s['wall']['min'])}–{fmt(s['wall']['max'])})" if s["runs"] > 1 else ""
            lines.append(f"| {label} | {fmt(s['wall']['median'])}{rng} | {fmt(s['cpu']['median'])} | "
                         f"{fmt(s['maxrss_mb']['median'], 0)} / {fmt(s['tree_peak_mb']['median'], 0)} | "
                         f"{max(s['charts_drawn'])} of {max(s['charts_drawn']) + max(s['charts_cached'])} | {outputs} |")
        st = det.get("stages", {})
        cpu = det.get("stages_cpu", {})
        gc_pause = det.get("gc_pause_s", {})
        html_s, html_cpu = det.get("html_s"), det.get("html_cpu_s")
        seq = p.get("cold_sequential") or p["cold"]

        def less(a, b):
            return a - b if a is not None and b is not None else a

        lines += ["", "Per stage, each alone: one cold in-process build with the PDF written in the "
                  "same process (benchmarks/stages.py --no-worker); compute and HTML are parts of "
                  "other stages. Start-up, imports, exit: wall of the cold builds with the PDF worker off, minus "
                  "their stages.", "",
                  "| | start-up, imports, exit | load | compute | template | charts | model | DOCX | "
                  "HTML | PDF (WeasyPrint) | audit + manifest |",
                  "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
                  f"| wall s | {fmt(seq['outside_stages'])} | {fmt(st.get('load'))} | {fmt(det.get('compute_s'), 3)} | "
                  f"{fmt(st.get('template'))} | {fmt(st.get('charts'))} | {fmt(st.get('model'))} | "
                  f"{fmt(st.get('docx'))} | {fmt(html_s)} | {fmt(less(st.get('pdf'), html_s))} | {fmt(st.get('audit'))} |",
                  f"| CPU s (main process) | | {fmt(cpu.get('load'))} | | {fmt(cpu.get('template'))} | "
                  f"{fmt(cpu.get('charts'))} (+ pool) | {fmt(cpu.get('model'))} | {fmt(cpu.get('docx'))} | "
                  f"{fmt(html_cpu)} | {fmt(less(cpu.get('pdf'), html_cpu))} | {fmt(cpu.get('audit'))} |",
                  f"| of which GC pauses s | | {fmt(gc_pause.get('load'))} | | {fmt(gc_pause.get('template'))} | "
                  f"{fmt(gc_pause.get('charts'))} | {fmt(gc_pause.get('model'))} | {fmt(gc_pause.get('docx'))} | "
                  f"{fmt(gc_pause.get('html'))} | {fmt(gc_pause.get('pdf'))} | {fmt(gc_pause.get('audit'))} |", ""]
        cs = p["cold"]["stages"]
        if cs:
            lines += ["In the cold builds as `authoring build` reports them (sequential segments; with "
                      "the PDF worker, `pdf` is the wait for it after the DOCX): "
                      + ", ".join(f"{k} {v:.2f} s" for k, v in cs.items())
                      + f"; start-up and the rest {fmt(p['cold']['outside_stages'])} s.", ""]
        o = p.get("overlap")
        if o:
            lines += [f"Overlap: the PDF worker saves {o['saved_s']:.2f} s (sequential "
                      f"{o['sequential_wall']:.2f} s → {o['wall']:.2f} s); it could save up to "
                      f"{o['overlappable_s']:.2f} s (PDF beside DOCX {o['docx_s']:.2f} s + audit "
                      f"{o['audit_s']:.2f} s, WeasyPrint's import {o['import_s']:.2f} s beside the "
                      f"rest). CPU/wall {o['cpu_per_wall']:.2f} on "
                      f"{m['nproc']} cores.", ""]
        w = p.get("whatif")
        if w:
            base = w["baseline"]["wall"]["median"]
            lines += ["What-ifs: cold builds with proposed fixes applied from outside "
                      "(benchmarks/whatif.py; interleaved with plain cold builds):", "",
                      "| fix | wall s | saved s | CPU s | runs |", "|---|--:|--:|--:|--:|"]
            names = {"baseline": "none (plain `authoring build`)", "exit": "`exit`: os._exit when done (worker, CLI)",
                     "gc": "`gc`: gc.set_threshold(50000, 50, 100)", "csv": "`csv`: CSV without pandas",
                     "all": "all three"}
            for case, s in w.items():
                lines.append(f"| {names.get(case, case)} | {fmt(s['wall']['median'])} | "
                             f"{fmt(base - s['wall']['median']) if case != 'baseline' else ''} | "
                             f"{fmt(s['cpu']['median'])} | {s['runs']} |")
            lines.append("")
        c = p.get("compare", {})
        if c:
            lines += ["Side by side, same content (runs interleaved):", "",
                      "| tool | wall s (whole process) | inside the process |", "|---|--:|---|"]
            wp = c.get("weasyprint")
            pdf_full = _pdf_full(det)
            lines.append(f"| **our PDF stage** in the build (HTML + WeasyPrint, one in-process run) | "
                         f"{fmt(pdf_full)} | CPU {fmt(cpu.get('pdf'))} s, GC pauses {fmt(gc_pause.get('pdf'))} s |")
            o = c.get("pdf_writer_alone")
            if o:
                lines.append(f"| **our PDF writer** on the same HTML (`html_to_pdf`, fresh process, as in "
                             f"the PDF worker) | {fmt(o['wall']['median'])} | import {fmt(o['import_s']['median'])}"
                             f" + html_to_pdf {fmt(o['pdf_s']['median'])} = {fmt(o['total_s']['median'])} s, "
                             f"CPU {fmt(o['total_cpu_s']['median'])} s |")
            if wp:
                lines.append(f"| plain WeasyPrint on our HTML | {fmt(wp['wall']['median'])} | import "
                             f"{fmt(wp['import_s']['median'])} + layout {fmt(wp['layout_s']['median'])} + "
                             f"write {fmt(wp['write_s']['median'])} = {fmt(wp['total_s']['median'])} s, "
                             f"CPU {fmt(wp['total_cpu_s']['median'])} s, {fmt(wp['pages']['median'], 0)} pages |")
            g = c.get("weasyprint_gc_tuned")
            if g:
                lines.append(f"| plain WeasyPrint, `gc.set_threshold(50000, 50, 100)` first (what-if) | "
                             f"{fmt(g['wall']['median'])} | layout {fmt(g['layout_s']['median'])} + write "
                             f"{fmt(g['write_s']['median'])} = {fmt(g['total_s']['median'])} s, "
                             f"CPU {fmt(g['total_cpu_s']['median'])} s |")
            lines.append(f"| **our DOCX stage** (cold builds; alone) | {fmt(cs.get('docx'))}; {fmt(st.get('docx'))} | |")
            if c.get("pandoc_docx"):
                lines.append(f"| pandoc → DOCX (PNG charts) | {fmt(c['pandoc_docx']['wall']['median'])} | |")
            if c.get("pandoc_typst_source"):
                ty = c.get("typst_pdf")
                lines.append(f"| pandoc → Typst source | {fmt(c['pandoc_typst_source']['wall']['median'])} | |")
                if ty:
                    lines.append(f"| Typst → PDF (typst wheel) | {fmt(ty['wall']['median'])} | compile "
                                 f"{fmt(ty['compile_s']['median'])} s, {fmt(ty['pages']['median'], 0)} pages |")
            r = p.get("ratios", {})
            if r:
                lines += ["", "Ratios: " + "; ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in r.items()) + "."]
            lines.append("")
    if results.get("imports"):
        lines += ["## Import costs (fresh interpreter, median)", "",
                  ", ".join(f"{k} {v:.2f} s" for k, v in results["imports"].items()) + ".", ""]
    lines += ["## Targets", "", "| target | project | measured | target | met |", "|---|---|---|---|---|"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['project']} | {t['measured']} | {t['threshold']} | "
                     f"{'yes' if t['met'] else '**no**'} |")
    width = results["width"]
    lines += ["", "## Scale in width (several builds in one command)", "", width["note"], ""]
    if width.get("rows"):
        lines += ["| case | builds | wall s | per build s | CPU s | peak RSS tree MB |", "|---|--:|--:|--:|--:|--:|"]
        for row in width["rows"]:
            lines.append(f"| {row['case']} | {row['builds']} | {fmt(row['wall']['median'])} | "
                         f"{fmt(row['per_build_s'])} | {fmt(row['cpu']['median'])} | "
                         f"{fmt(row['tree_peak_mb']['median'], 0)} |")
        lines.append("")
    return "\n".join(lines)


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
