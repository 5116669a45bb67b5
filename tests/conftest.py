"""Shared fixtures: copies of the example report and the English fixture report."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT
ENGLISH = ROOT / "tests" / "fixtures" / "en_report"
PROJECT_PARTS = ("report.toml", "data", "templates", "figures")


def copy_project(source: Path, target: Path) -> Path:
    """A private copy of a report project (inputs only, never out/)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, target / part)
        elif src.is_file():
            shutil.copy2(src, target / part)
    return target


@pytest.fixture
def example_copy(tmp_path) -> Path:
    return copy_project(EXAMPLE, tmp_path / "example")


@pytest.fixture
def english_copy(tmp_path) -> Path:
    return copy_project(ENGLISH, tmp_path / "english")


@pytest.fixture(scope="session")
def built_example_typst(tmp_path_factory) -> Path:
    """The example's PDF built by the command line with the Typst engine (DOCX + PDF)."""
    import subprocess
    import sys

    project = copy_project(EXAMPLE, tmp_path_factory.mktemp("typst") / "example")
    result = subprocess.run([sys.executable, "-m", "authoring", "build", "--project", str(project),
                             "--engine", "typst"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return project / "out" / "sti-progress-2020.pdf"


@pytest.fixture(scope="session")
def built_example(tmp_path_factory):
    """The example report built once into a temporary out/ (docx, pdf, html)."""
    from authoring.build import build

    project = copy_project(EXAMPLE, tmp_path_factory.mktemp("built") / "example")
    return build(project, formats=["docx", "pdf", "html"])


@pytest.fixture(scope="session")
def built_english(tmp_path_factory):
    """The English fixture report's PDF, built once."""
    from authoring.build import build

    project = copy_project(ENGLISH, tmp_path_factory.mktemp("built-en") / "english")
    return build(project, formats=["pdf"])
