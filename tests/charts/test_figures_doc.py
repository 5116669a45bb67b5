"""docs/FIGURES.md agrees with the schema: its kinds × keys and keys tables are the ones the
schema generates, and each of its examples loads, draws and has its picture."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from authoring.charts.schema import KEYS, KINDS, kinds_table, keys_table

from .drawn import draw

DOCS = Path(__file__).resolve().parents[2] / "docs"
TEXT = (DOCS / "FIGURES.md").read_text(encoding="utf-8")


def generated(name: str) -> str:
    match = re.search(rf"<!-- {name}: generated from [^>]*-->\n(.*?)\n<!-- end of {name} -->", TEXT, re.S)
    assert match, name
    return match.group(1)


def drawer():
    spec = importlib.util.spec_from_file_location("draw_examples", DOCS / "figures" / "draw_examples.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def it_holds_the_kinds_by_keys_table_the_schema_generates():
    assert generated("kinds × keys") == kinds_table()
    assert generated("keys") == keys_table()
    for kind in KINDS:
        assert f"| `{kind}` |" in TEXT


EXAMPLES = drawer().examples(TEXT)


def it_has_examples_of_the_combinations():
    text = "\n".join(t for _, t in EXAMPLES)
    for needed in ("kind: stacked_bar\nbreakdown:", "kind: grouped_bar\nbreakdown:", "measure: share",
                   "measure: growth", "sort: true", "highlight:", "top:", "kind: bar_line",
                   "show_growth: true", "kind: pie", "share_of:", "kind: panels"):
        assert needed in text, needed
    assert len(EXAMPLES) >= 10


@pytest.mark.parametrize("name, text", EXAMPLES, ids=[n for n, _ in EXAMPLES])
def it_draws_each_example_with_its_picture(name, text):
    module = drawer()
    data, size, caption = module.chart(name, text, module.demo_dataset())
    assert "{{" not in caption and data.alt
    drawn = draw(data, size)
    assert drawn.marks or drawn.lines
    assert (DOCS / "figures" / f"{name}.png").is_file()
    assert f"](figures/{name}.png)" in TEXT
    assert set(re.findall(r"^([a-z_]+):", text, re.M)) <= set(KEYS)
