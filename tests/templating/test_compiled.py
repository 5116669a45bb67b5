"""Compiled templates kept between builds → the same text, audit lines and error lines, no compile."""

from pathlib import Path

import pytest

from authoring.errors import TemplateError
from authoring.templating import compiled
from authoring.templating.budget import BudgetedEnvironment
from authoring.templating.marks import strip_marks

from .test_env import renderer

TEMPLATE = ("受理量{{ pct_applications }}件，\n\n比上年{{ pct_applications | change }}；\n"
            "{% for i in range(2) %}{{ rd_ratio }}{% endfor %}\n{{ pct_applications[year - 5] }}\n")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("AUTHORING_NO_TEMPLATE_CACHE", raising=False)
    return tmp_path / "cache" / "authoring"


def compiles(monkeypatch) -> list:
    seen = []
    real = BudgetedEnvironment.compile

    def spy(self, source, name=None, filename=None, *args, **kwargs):
        seen.append(name)
        return real(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(BudgetedEnvironment, "compile", spy)
    return seen


def outcome(project: Path, template: str):
    project.mkdir(exist_ok=True)
    r = renderer(project, template)
    try:
        text = r.render("t.md.j2")
    except TemplateError as error:
        text = f"error: {error}"
    return text, [(p.text, p.template, p.line, p.quantity.formula) for p in r.state.printed]


def it_renders_from_the_kept_code_exactly_as_from_the_source(tmp_path, cache, monkeypatch):
    project = tmp_path / "p"
    first = outcome(project, TEMPLATE.replace("year - 5", "year"))
    assert list(cache.glob("templates-*/__jinja2_*.cache"))
    seen = compiles(monkeypatch)
    again = outcome(project, TEMPLATE.replace("year - 5", "year"))
    assert again == first and "t.md.j2" not in seen  # read back, not compiled
    assert ("4.1%", "t.md.j2", 4) in [p[:3] for p in again[1]]


def it_names_the_template_line_of_an_error_raised_by_kept_code(tmp_path, cache, monkeypatch):
    project = tmp_path / "p"
    first = outcome(project, TEMPLATE)
    seen = compiles(monkeypatch)
    again = outcome(project, TEMPLATE)
    assert "t.md.j2" not in seen
    assert again == first and "templates/t.md.j2:5" in again[0] and "no value for 2015" in again[0]


def it_compiles_again_when_the_template_changed(tmp_path, cache, monkeypatch):
    project = tmp_path / "p"
    outcome(project, TEMPLATE.replace("year - 5", "year"))
    seen = compiles(monkeypatch)
    text, _ = outcome(project, TEMPLATE.replace("year - 5", "year").replace("受理量", "申请量"))
    assert "t.md.j2" in seen and text.startswith("申请量")


def it_builds_when_the_cache_folder_cannot_be_written(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert compiled.bytecode_cache() is None
    text, _ = outcome(tmp_path / "p", TEMPLATE.replace("year - 5", "year"))
    assert strip_marks(text)[0].startswith("受理量3558件")


def it_can_be_turned_off(cache, monkeypatch):
    monkeypatch.setenv("AUTHORING_NO_TEMPLATE_CACHE", "1")
    assert compiled.bytecode_cache() is None
