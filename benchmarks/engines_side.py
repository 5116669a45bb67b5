"""The two PDF engines side by side, whole processes, runs interleaved (from the repository root):

    .venv/bin/python -m benchmarks.engines_side                  # example + 300 pages, 3 runs
    .venv/bin/python -m benchmarks.engines_side --only example --runs 5
    .venv/bin/python -m benchmarks.run --engines                 # the same, inside the full run

For each project (the example, and the synthetic report of benchmarks/synth.py) each round
runs, in this order, as fresh processes:

  1. `authoring build` cold (out/ deleted): DOCX + PDF with WeasyPrint, the default;
  2. `authoring build --engine typst` cold: DOCX + PDF with Typst;
  3. `authoring build --format docx` cold: everything the DOCX needs, no PDF;
  4. Typst alone on the markup our Typst writer generates (`benchmarks.engines typst`);
  5. plain WeasyPrint alone on the HTML our WeasyPrint writer lays out;
  6. pandoc → Typst source, then 7. Typst → PDF on it (what users of pandoc/Quarto get).

The target of issue 17: (2) ≤ 1.3 × ((3) + (4)), i.e. the Typst build costs no more than a
DOCX build plus a Typst compile; and at 300 pages (2) < 10 s and < 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from . import measure
from .measure import describe

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
PY = sys.executable
TYPST_OVER_DOCX_PLUS_COMPILE = 1.3
BIG_TYPST_COLD_S = 10.0
BIG_PEAK_MB = 1500


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", file=sys.stderr, flush=True)


def export(project: Path, folder: Path, typst_only: bool = False) -> dict:
    """The HTML, the pandoc Markdown (benchmarks/stages.py) and our Typst markup of `project`
    (project/bench-ours.typ); with `typst_only` the markup alone."""
    folder.mkdir(parents=True, exist_ok=True)
    if typst_only:
        measure.run([PY, "-m", "authoring", "build", "--project", str(project), "--format", "docx"],
                    cwd=REPO).check()  # draws the charts the markup points to
    else:
        measure.run([PY, "-m", "benchmarks.stages", "--project", str(project), "--export", str(folder),
                     "--json", str(folder / "stages.json"), "--no-worker"], cwd=REPO).check()
    code = ("import sys; from pathlib import Path; from authoring.build import make_document; "
            "from authoring.writers.typst import typst_source; "
            "r = make_document(Path(sys.argv[1])); "
            "Path(sys.argv[2]).write_text(typst_source(r.document, r.options).source, encoding='utf-8')")
    # inside the project: Typst compiles only a file that lies within its root
    measure.run([PY, "-c", code, str(project), str(project / "bench-ours.typ")], cwd=REPO).check()
    if typst_only:
        return {}
    return json.loads((folder / "stages.json").read_text(encoding="utf-8"))


def _lang(project: Path) -> str:
    import tomllib

    config = tomllib.loads((project / "report.toml").read_text(encoding="utf-8"))
    return str(config.get("report", {}).get("lang", "en"))


def side_by_side(project: Path, runs: int, pandoc: str | None, typst_only: bool = False) -> dict:
    """Interleaved runs of the seven commands on `project` (see the module docstring);
    `typst_only` runs only the Typst build, the DOCX-only build and Typst alone."""
    lang = _lang(project)
    folder = project.parent / f"{project.name}-engines"
    shutil.rmtree(folder, ignore_errors=True)
    info = export(project, folder, typst_only)
    engines = [PY, "-m", "benchmarks.engines"]
    build = [PY, "-m", "authoring", "build", "--project", str(project), "--force"]
    jobs = [
        ("weasyprint_build", "cold build, WeasyPrint (DOCX + PDF)", build, True),
        ("typst_build", "cold build, Typst (DOCX + PDF)", [*build, "--engine", "typst"], True),
        ("docx_build", "cold build, DOCX only", [*build, "--format", "docx"], True),
        ("typst_alone", "Typst alone on our generated markup",
         [*engines, "typst", str(project / "bench-ours.typ"), str(folder / "typst-alone.pdf"), str(project)],
         False),
        ("weasyprint_alone", "plain WeasyPrint alone on our HTML",
         [*engines, "weasyprint", str(folder / "report.html"), project.resolve().as_uri() + "/",
          str(folder / "weasyprint-alone.pdf")], False),
    ]
    if typst_only:
        jobs = [job for job in jobs if job[0] in ("typst_build", "docx_build", "typst_alone")]
    elif pandoc:
        font = ["-V", "mainfont=Noto Serif CJK SC"] if lang.startswith(("zh", "ja", "ko")) else []
        jobs += [("pandoc_typst_source", "pandoc → Typst source",
                  [pandoc, str(folder / "report.md"), "-f", "markdown", "-t", "typst", "-s", "--toc",
                   "-V", "papersize=a4", *font, "-o", str(project / "bench-pandoc.typ")], False),
                 ("pandoc_typst_pdf", "Typst → PDF on pandoc's source",
                  [*engines, "typst", str(project / "bench-pandoc.typ"), str(folder / "pandoc-typst.pdf"),
                   str(project)], False)]
    rows: dict[str, list[dict]] = {key: [] for key, *_ in jobs}
    for i in range(runs):
        for key, label, cmd, cold in jobs:
            if cold:
                shutil.rmtree(project / "out", ignore_errors=True)
            proc = measure.run(cmd, cwd=project if cmd[0] == pandoc else REPO).check()
            inner = json.loads(proc.stdout.strip().splitlines()[-1]) if cmd[:3] == engines else {}
            rows[key].append({**proc.summary(), **inner})
            log(f"  {project.name} {label} {i + 1}/{runs}: {proc.wall:.2f} s, "
                f"{proc.tree_peak_mb:.0f} MB")
    result = {"labels": {key: label for key, label, *_ in jobs}, "counts": info.get("counts", {})}
    for key, *_ in jobs:
        first = rows[key][0]
        numbers = [k for k in first if isinstance(first[k], (int, float)) and k != "returncode"]
        result[key] = {k: describe([r[k] for r in rows[key]]) for k in numbers}
    result["pages"] = {key: _pages(folder / name) for key, name in (
        ("typst", "typst-alone.pdf"), ("weasyprint", "weasyprint-alone.pdf"),
        ("pandoc_typst", "pandoc-typst.pdf"))}
    wall = {key: result[key]["wall"]["median"] for key, *_ in jobs}
    result["ratio_typst_build"] = wall["typst_build"] / (wall["docx_build"] + wall["typst_alone"])
    if not typst_only:
        result["ratio_weasyprint_build_over_alone"] = wall["weasyprint_build"] / wall["weasyprint_alone"]
    return result


def _pages(pdf: Path) -> int | None:
    try:
        from pypdf import PdfReader

        return len(PdfReader(str(pdf)).pages)
    except Exception:  # noqa: BLE001 - informative only
        return None


def markdown(results: dict) -> str:
    lines = [f"# PDF engines side by side — {results['date']}", "",
             f"Runs per command: {results['runs']} (median, range in brackets), interleaved. "
             f"Load average at start {results['loadavg'][0]:.2f}, end {results['loadavg_end'][0]:.2f}.", ""]
    for name, r in results["projects"].items():
        pages = r["pages"]
        lines += [f"## {name}", "",
                  f"PDF pages: Typst {pages['typst']}, WeasyPrint {pages['weasyprint']}, "
                  f"pandoc → Typst {pages['pandoc_typst']}.", "",
                  "| command (whole process) | wall s | CPU s | peak RSS MB (largest / tree) |",
                  "|---|--:|--:|--:|"]
        for key, label in r["labels"].items():
            s = r[key]
            rng = f" ({s['wall']['min']:.2f}–{s['wall']['max']:.2f})" if len(s["wall"]["runs"]) > 1 else ""
            lines.append(f"| {label} | {s['wall']['median']:.2f}{rng} | {s['cpu']['median']:.2f} | "
                         f"{s['maxrss_mb']['median']:.0f} / {s['tree_peak_mb']['median']:.0f} |")
        lines += ["", f"Typst build / (DOCX-only build + Typst alone): **{r['ratio_typst_build']:.2f}** "
                  f"(target ≤ {TYPST_OVER_DOCX_PLUS_COMPILE})."
                  + (f" WeasyPrint build / plain WeasyPrint alone: "
                     f"{r['ratio_weasyprint_build_over_alone']:.2f}." if "ratio_weasyprint_build_over_alone" in r else ""), ""]
    return "\n".join(lines)


def run_all(projects: list[Path], runs: int, typst_only: bool = False) -> dict:
    import os

    from .projects import pandoc_path

    pandoc = pandoc_path()
    results = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "runs": runs,
               "loadavg": os.getloadavg(), "projects": {}}
    for path in projects:
        log(f"engines side by side: {path}")
        results["projects"][path.name] = side_by_side(path, runs, pandoc, typst_only)
    results["loadavg_end"] = os.getloadavg()
    return results


def main(argv=None) -> int:
    from .projects import RESULTS, prepare_example, prepare_synthetic

    parser = argparse.ArgumentParser(description="the two PDF engines side by side")
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["example", "synthetic"])
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--typst-only", action="store_true",
                        help="only the Typst build, the DOCX-only build and Typst alone")
    args = parser.parse_args(argv)
    projects = []
    if args.only in (None, "example"):
        projects.append(prepare_example().path)
    if args.only in (None, "synthetic"):
        projects.append(prepare_synthetic(args.pages, False, args.seed).path)
    results = run_all(projects, args.runs, args.typst_only)
    RESULTS.mkdir(parents=True, exist_ok=True)
    target = RESULTS / f"engines-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    print(markdown(results))
    log(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
