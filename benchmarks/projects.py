"""The benchmark's projects and what it reads from them: the machine, the example and
synthetic reports copied to work folders, the edits a scenario makes, the outputs a build left."""

from __future__ import annotations

import ctypes.util
import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from . import synth

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
WORK = HERE / "work"
RESULTS = HERE / "results"
PY = sys.executable

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


def copy_inputs(source: Path, target: Path) -> Path:
    """A copy of a report project's inputs (never its out/) in the new folder `target`."""
    target.mkdir(parents=True)
    for name in ("report.toml", "data", "templates", "figures"):
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        elif src.is_file():
            shutil.copy2(src, target / name)
    return target


def prepare_example() -> Project:
    target = WORK / "example"
    if target.exists():
        shutil.rmtree(target)
    copy_inputs(REPO, target)
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
