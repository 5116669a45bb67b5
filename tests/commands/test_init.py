"""`authoring init`: a new project that checks clean and builds to DOCX and PDF; never overwrites."""

from __future__ import annotations

import fnmatch
import subprocess
import sys
import tomllib
from pathlib import Path

import docx
import pytest

from authoring.commands.init import report_id, skeleton_files
from tests.conftest import ROOT
from tests.readback import normalize, pdf_body_text


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "authoring", *args], capture_output=True,
                          text=True, cwd=cwd)


# what the chapter says, computed from the skeleton's values (2131 / 1975 - 1 = 7.90%, …)
EXPECTED = {
    "en": ["In 2024 the region was granted 2,131 patents, up 7.9% on 2023.",
           "reached EUR 701.3\u00a0million, up 6.9%, or 2.38% of regional output (up 0.08 percentage points)",
           "15,820 researchers, 7.5% of the national total"],
    "zh-CN": ["2024年，全市发明专利授权21310件，比上年增长7.9%。",
              "研究与试验发展经费支出701.3亿元，比上年增长6.9%，相当于地区生产总值的2.38%，比上年提高0.08个百分点。",
              "研究与试验发展人员158200人，占全国总数的7.5%。"],
}
CAPTIONS = {"en": ("Figure 1", "Patents granted, 2022–2024", "Table 1", "Main indicators"),
            "zh-CN": ("图1", "2022—2024年发明专利授权量", "表1", "主要指标及比上年变化")}


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
def it_makes_a_project_that_checks_strictly_and_builds_both_formats(tmp_path, lang):
    project = tmp_path / "East District"
    made = run("init", str(project), "--lang", lang)
    assert made.returncode == 0, made.stderr
    names = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    assert names == {".gitignore", "report.toml", "data/indicators.yaml", "data/values.csv",
                     "templates/overview.md.j2", "figures/patents_trend.yaml"}
    assert "/out/" in (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    config = tomllib.loads((project / "report.toml").read_text(encoding="utf-8"))
    assert config["report"]["lang"] == lang and config["report"]["id"] == "east-district"
    assert config["build"]["formats"] == ["docx", "pdf"]

    checked = run("check", "--strict", "--project", str(project))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = run("build", "--project", str(project))
    assert built.returncode == 0, built.stderr
    out = project / "out"
    docx_path, pdf_path = out / "east-district-2024.docx", out / "east-district-2024.pdf"

    # DOCX read back with python-docx: the computed sentences, the table rows, the chart
    document = docx.Document(str(docx_path))
    text = normalize("".join(p.text for p in document.paragraphs))
    for sentence in EXPECTED[lang]:
        assert normalize(sentence) in text
    for word in CAPTIONS[lang]:
        assert normalize(word) in text
    rows = [[c.text.strip() for c in row.cells] for row in document.tables[-1].rows]
    assert len(rows) == 1 + 5  # header + every amount and percent indicator
    assert rows[1][-1] in ("up 7.9%", "增长7.9%")
    assert document.inline_shapes, "the chart is missing from the DOCX"

    # PDF read back with poppler
    pdf = normalize(pdf_body_text(pdf_path))
    for sentence in EXPECTED[lang]:
        assert normalize(sentence) in pdf
    for word in CAPTIONS[lang]:
        assert normalize(word) in pdf


def it_refuses_a_folder_that_is_not_empty_and_leaves_it_alone(tmp_path):
    project = tmp_path / "report"
    project.mkdir()
    (project / "notes.txt").write_text("keep me", encoding="utf-8")
    result = run("init", str(project), "--lang", "en")
    assert result.returncode == 3  # ConfigError
    assert "not empty" in result.stderr and str(project) in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in project.iterdir()] == ["notes.txt"]
    assert (project / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".init")]  # no staging left

    a_file = tmp_path / "file.txt"
    a_file.write_text("x", encoding="utf-8")
    result = run("init", str(a_file))
    assert result.returncode == 3 and "not a folder" in result.stderr


def it_fills_an_empty_folder(tmp_path):
    result = run("init", "new", "--lang", "zh-CN", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    (tmp_path / "empty").mkdir()
    assert run("init", "empty", cwd=tmp_path).returncode == 0
    assert (tmp_path / "empty" / "report.toml").is_file()
    here = tmp_path / "North"
    here.mkdir()
    assert run("init", ".", "--lang", "en", cwd=here).returncode == 0  # the current folder
    assert 'id = "north"' in (here / "report.toml").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["North", "empty", "new"]  # no staging left
    # default language is the example's
    assert 'lang = "zh-CN"' in (tmp_path / "empty" / "report.toml").read_text(encoding="utf-8")


def it_names_the_report_after_its_folder():
    assert report_id(Path("reports/East District")) == "east-district"
    assert report_id(Path("浦东")) == "report"
    assert report_id(Path("north_2024")) == "north-2024"


def it_ships_the_skeleton_as_package_data():
    """Every skeleton file matches a package-data pattern, so a wheel install has it too."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["authoring"]
    skeleton = ROOT / "authoring" / "skeleton"
    files = [p.relative_to(ROOT / "authoring").as_posix() for p in skeleton.rglob("*") if p.is_file()]
    assert len(files) == 12
    for name in files:
        assert any(fnmatch.fnmatch(name, pattern) and name.count("/") == pattern.count("/")
                   for pattern in patterns), name
    for lang in ("en", "zh-CN"):
        assert "@ID@" not in skeleton_files(lang, "x")["report.toml"].decode("utf-8")
