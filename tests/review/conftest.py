"""Drafts for the review tests, each built once through the real pipeline from the example report.

- base: the example as it is;
- data: one data value edited (全球创新指数 cluster rank 9 → 8: "第九" → "第八");
- edited: one Chinese character changed (持续涌现 → 持续出现), one paragraph moved to
  another section, and one table cell changed (a unit in indicators.yaml);
- reviewer: base opened and edited "in Word" (python-docx + lxml): a tracked deletion and
  insertion by 审稿人甲 and a comment by 审稿人乙;
- reviewer_lo: that copy saved again by LibreOffice.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import EXAMPLE, copy_project

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MOVED = "**研发与转化功能型平台深入建设。**"
MOVED_AFTER = "**技术转移渠道和网络加快构建。**"
ONE_CHAR = ("**重大原创成果持续涌现。**", "**重大原创成果持续出现。**")


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} not found once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def move_paragraph(path: Path, start: str, after: str) -> None:
    """Move the template line starting with `start` to just after the line starting with `after`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(start))
    moved = lines.pop(index)
    if index < len(lines) and not lines[index].strip():
        lines.pop(index)  # its blank separator line
    target = next(i for i, line in enumerate(lines) if line.startswith(after))
    lines[target + 1:target + 1] = ["", moved]
    path.write_text("\n".join(lines), encoding="utf-8")


def template_line(project: Path, name: str, start: str) -> int:
    lines = (project / "templates" / name).read_text(encoding="utf-8").split("\n")
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(start))


def run_diff(*args) -> tuple:
    """`authoring diff --color never ARGS…` in process → (exit code, output); never a traceback."""
    from click.testing import CliRunner

    from authoring.cli import main

    result = CliRunner().invoke(main, ["diff", "--color", "never", *map(str, args)])
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def run_docx2text(path: Path) -> str:
    """`authoring docx2text PATH` in process → its output (it must exit 0)."""
    from click.testing import CliRunner

    from authoring.cli import main

    result = CliRunner().invoke(main, ["docx2text", str(path)])
    assert result.exit_code == 0, result.output
    return result.output


def soffice(args: list, profile: Path) -> None:
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", *args],
                   check=True, capture_output=True, timeout=180)


needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None,
                                   reason="LibreOffice (soffice) is not installed")


def _uno_python() -> str:
    """A Python that can drive LibreOffice (has the `uno` module), or ""."""
    for candidate in ("/usr/bin/python3", "/usr/lib/libreoffice/program/python"):
        if Path(candidate).exists() and subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    return ""


UNO_PYTHON = _uno_python() if shutil.which("soffice") else ""
needs_uno = pytest.mark.skipif(not UNO_PYTHON, reason="LibreOffice with Python-UNO is not installed")


def libreoffice_resolve(paths: list, folder: Path) -> dict:
    """LibreOffice's own Accept All and Reject All of each DOCX → {(name, "accepted"|"rejected"): path}.

    One soffice process for all of them (tests/review/lo_tracked.py, run by UNO_PYTHON)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([UNO_PYTHON, str(Path(__file__).with_name("lo_tracked.py")), str(folder / "profile"),
                    str(folder), *map(str, paths)], check=True, capture_output=True, timeout=300)
    return {(Path(p).stem, how): folder / f"{Path(p).stem}-{how}.docx"
            for p in paths for how in ("accepted", "rejected")}


@dataclass
class Drafts:
    base: Path
    data: Path
    edited: Path
    base_project: Path
    edited_project: Path
    folder: Path


def _build(project: Path) -> Path:
    from authoring.build import build

    return build(project, formats=["docx"]).outputs["docx"]


@pytest.fixture(scope="session")
def english(tmp_path_factory):
    """The English fixture report, built once: its BuildResult (document, config, outputs)."""
    from authoring.build import build

    from ..conftest import ENGLISH

    project = copy_project(ENGLISH, tmp_path_factory.mktemp("en") / "en")
    return build(project, formats=["docx"])


@pytest.fixture(scope="session")
def drafts(tmp_path_factory) -> Drafts:
    folder = tmp_path_factory.mktemp("drafts")
    base = copy_project(EXAMPLE, folder / "base")
    data = copy_project(EXAMPLE, folder / "data")
    edit(data / "data" / "indicators.yaml", "values: {2020: 9}", "values: {2020: 8}")
    edited = copy_project(EXAMPLE, folder / "edited")
    edit(edited / "templates" / "overview.md.j2", *ONE_CHAR)
    move_paragraph(edited / "templates" / "overview.md.j2", MOVED, MOVED_AFTER)
    edit(edited / "data" / "indicators.yaml",
         "label: 每万人口发明专利拥有量\n    unit: 件", "label: 每万人口发明专利拥有量\n    unit: 件/万人")
    return Drafts(_build(base), _build(data), _build(edited), base, edited, folder)


def _split(run, start: int, end: int):
    """Split python-docx `run` in three at [start, end); the middle w:r element is returned."""
    import copy

    text = run.text
    pieces = []
    for part in (text[start:end], text[end:]):
        r = copy.deepcopy(run._r)
        for t in r.findall(q("t")):
            r.remove(t)
        node = r.makeelement(q("t"), {})
        node.text = part
        node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.append(node)
        pieces.append(r)
    run.text = text[:start]
    run._r.addnext(pieces[0])
    pieces[0].addnext(pieces[1])
    return pieces[0]


def _revision(tag: str, ident: str, text: str):
    from docx.oxml import OxmlElement

    wrapper = OxmlElement(f"w:{tag}", {q("id"): ident, q("author"): "审稿人甲",
                                        q("date"): "2021-03-01T09:00:00Z"})
    r = OxmlElement("w:r")
    t = OxmlElement("w:delText" if tag == "del" else "w:t")
    t.text = text
    r.append(t)
    wrapper.append(r)
    return wrapper


@pytest.fixture(scope="session")
def reviewer_copy(drafts) -> Path:
    """base edited in "Word": 有效 → 圆满 as tracked changes, and a comment on "第九"."""
    import docx
    from docx.text.run import Run

    document = docx.Document(str(drafts.base))
    target = next(p for p in document.paragraphs if p.text.startswith("上海科技创新“十三五”规划"))
    cut = target.runs[0].text.index("有效完成")
    middle = _split(target.runs[0], cut, cut + 2)  # "有效"
    deleted = _revision("del", "9001", "有效")
    middle.addprevious(deleted)
    middle.getparent().remove(middle)
    deleted.addnext(_revision("ins", "9002", "圆满"))
    first = next(p for p in document.paragraphs if p.text.startswith("2020年是"))
    at = first.runs[0].text.index("第九")
    anchor = Run(_split(first.runs[0], at, at + 2), first)
    document.add_comment(anchor, text="请核实排名的出处", author="审稿人乙", initials="乙")
    path = drafts.folder / "reviewer.docx"
    document.save(str(path))
    return path


@pytest.fixture(scope="session")
def reviewer_lo(reviewer_copy, tmp_path_factory) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("lo")
    soffice(["--convert-to", "docx", "--outdir", str(folder / "out"), str(reviewer_copy)],
            folder / "profile")
    return folder / "out" / "reviewer.docx"
