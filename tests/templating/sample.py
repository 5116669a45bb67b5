"""A template rendered against a small YAML dataset, for the phrase and aggregate tests."""

from __future__ import annotations

from pathlib import Path

from authoring.data import load_dataset
from authoring.templating.env import TemplateRenderer
from authoring.templating.marks import strip_marks


def renderer(folder: Path, meta: str, lang: str = "zh-CN", year: int = 2023) -> TemplateRenderer:
    (folder / "data").mkdir(parents=True, exist_ok=True)
    (folder / "templates").mkdir(exist_ok=True)
    (folder / "data" / "m.yaml").write_text(meta, encoding="utf-8")
    data = load_dataset([folder / "data" / "m.yaml"], folder)
    return TemplateRenderer(folder, data, year, lang)


def render(folder: Path, meta: str, template: str, lang: str = "zh-CN", year: int = 2023):
    """(the text without figure marks, the renderer: its state holds the printed figures)."""
    made = renderer(folder, meta, lang, year)
    (folder / "templates" / "t.md.j2").write_text(template, encoding="utf-8")
    return strip_marks(made.render("t.md.j2"))[0], made
