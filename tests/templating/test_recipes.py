"""Every recipe of docs/TEMPLATES.md "Sentences annual reports use", rendered from the doc's
own sample data for a rise, a fall and no change, must print exactly what the doc says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from authoring.data import load_dataset
from authoring.templating.env import TemplateRenderer
from authoring.templating.marks import strip_marks

DOC = Path(__file__).resolve().parents[2] / "docs" / "TEMPLATES.md"
HEADING = "## Sentences annual reports use"
WORLDS = ("rise", "fall", "no change")
LANGS = ("zh-CN", "en")


def section() -> str:
    text = DOC.read_text(encoding="utf-8")
    start = text.index(HEADING)
    end = text.find("\n## ", start + len(HEADING))
    return text[start:end if end >= 0 else len(text)]


def _cells(line: str) -> list[str]:
    """A Markdown table row → its cells, with `\\|` read as a pipe and code marks removed."""
    cells = re.split(r"(?<!\\)\|", line.strip().strip("|"))
    return [re.sub(r"^`(.*)`$", r"\1", c.strip()).replace("\\|", "|") for c in cells]


def tables(text: str) -> list[tuple[str, list[list[str]]]]:
    """(the heading above, the rows without the header rule) of every table in `text`."""
    found, heading, rows = [], "", None
    for line in text.splitlines() + [""]:
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.startswith("|"):
            if rows is None:
                rows = []
            if not re.fullmatch(r"\|[\s:|-]+\|", line.strip()):
                rows.append(_cells(line))
        elif rows is not None:
            found.append((heading, rows))
            rows = None
    return found


def sample_yaml(text: str, world: str, lang: str) -> str:
    """The doc's sample data tables → one YAML data file for a world and a language."""
    found = {heading: rows for heading, rows in tables(text)}
    meta, values, parts = (found["Sample data: indicators"], found["Sample data: values"],
                           found["Sample data: breakdowns"])
    mhead, vhead = meta[0], values[0]
    lines = ["indicators:"]
    series = {row[0]: dict(zip(vhead, row)) for row in values[1:]}
    for row in meta[1:]:
        m = dict(zip(mhead, row))
        fields = {"id": m["id"], "label": m[f"label ({lang})"], "unit": m[f"unit ({lang})"],
                  "scale": m[f"scale ({lang})"], "decimals": m["decimals"] or "0",
                  "kind": m["kind"], "total": m["total"]}
        lines.append("  - " + "{" + ", ".join(f"{k}: {v if k == 'decimals' else _quote(v)}"
                                          for k, v in fields.items() if v)
                     + ", values: {" + ", ".join(_years(series[m["id"]], world)) + "}}")
    lines.append("breakdowns:")
    for row in parts[1:]:
        b = dict(zip(parts[0], row))
        lines.append(f"  - {{id: {b['id']}, label: {b['id']}, total: {b['total']}, "
                     f"parts: [{b['parts']}]}}")
    return "\n".join(lines) + "\n"


def _quote(value: str) -> str:
    return '"' + value.replace('"', '\\"') + '"'


def _years(row: dict, world: str) -> list[str]:
    out = []
    for head, cell in row.items():
        if cell and head.isdigit():
            out.append(f"{head}: {cell}")
        elif cell and head == f"2023 {world}":
            out.append(f"2023: {cell}")
    return out


def recipes(text: str) -> list[tuple[str, str, str, tuple[str, str, str]]]:
    """(recipe heading, language, template, (rise, fall, no change)) for each recipe row."""
    out = []
    for heading, rows in tables(text):
        if not re.match(r"\d+\. ", heading):
            continue
        for row in rows[1:]:
            lang, template, *outputs = row
            out.append((heading, lang, template, tuple(outputs)))
    return out


@pytest.fixture(scope="module")
def renderers(tmp_path_factory) -> dict:
    text, made = section(), {}
    for world in WORLDS:
        for lang in LANGS:
            folder = tmp_path_factory.mktemp("recipes")
            (folder / "templates").mkdir()
            data = folder / "data.yaml"
            data.write_text(sample_yaml(text, world, lang), encoding="utf-8")
            made[world, lang] = TemplateRenderer(folder, load_dataset([data], folder), 2023, lang)
    return made


def render(renderers, world: str, lang: str, template: str) -> str:
    # the doc shows English's no-break space between a number and its scale ("181.5 billion")
    # as a space (docs/TEMPLATES.md says so)
    return strip_marks(renderers[world, lang].render_string(template))[0].replace("\u00a0", " ")


def it_has_at_least_25_recipes_in_both_languages():
    found = recipes(section())
    headings = {heading for heading, *_ in found}
    assert len(headings) >= 25
    for heading in headings:
        assert {lang for h, lang, *_ in found if h == heading} == set(LANGS), heading


@pytest.mark.parametrize("heading, lang, template, outputs", recipes(section()),
                         ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None)
def it_prints_what_the_doc_says(renderers, heading, lang, template, outputs):
    printed = tuple(render(renderers, world, lang, template) for world in WORLDS)
    assert printed == outputs
