"""Threat: a YAML alias bomb ("billion laughs") in a data file or a figure definition.

Nine levels of nine aliases are 9⁹ nodes once expanded; the build used to hang while memory
grew. Aliases may add at most MAX_ALIAS_NODES nodes; more, or an alias loop, is refused at
file:line before anything walks the tree.
"""

from __future__ import annotations

from authoring.errors import DataError, FigureError
from authoring.safeyaml import MAX_ALIAS_NODES, compose

from .conftest import run_bounded


def bomb(indent: str, levels: int = 9) -> list[str]:
    lines = [f"{indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for k in range(1, levels):
        lines.append(f"{indent}l{k}: &l{k} [" + ", ".join([f"*l{k - 1}"] * 9) + "]")
    return lines


def it_refuses_an_alias_bomb_in_a_data_file_quickly(english_copy):
    meta = english_copy / "data" / "meta.yaml"
    lines = meta.read_text(encoding="utf-8").splitlines()
    at = lines.index("  - id: grants") + 1
    lines[at:at] = bomb("    ") + ["    notes: *l8"]
    meta.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_bounded(["build", "--project", str(english_copy), "--format", "html"], seconds=60)
    assert result.returncode == 4, result.stderr
    assert f"data/meta.yaml:{at + 10}: the YAML aliases (*name) expand to" in result.stderr
    assert "Traceback" not in result.stderr


def it_refuses_an_alias_bomb_in_a_figures_labels(english_copy):
    spec = english_copy / "figures" / "grants_trend.yaml"
    text = spec.read_text(encoding="utf-8")
    text += "labels:\n" + "\n".join(bomb("  ")) + "\n  grants: *l8\n"
    spec.write_text(text, encoding="utf-8")
    result = run_bounded(["build", "--project", str(english_copy), "--format", "html"], seconds=60)
    assert result.returncode == 6, result.stderr
    assert "figures/grants_trend.yaml:" in result.stderr and "aliases" in result.stderr
    assert "Traceback" not in result.stderr


def it_refuses_an_alias_loop_with_its_line():
    text = "indicators:\n  - id: a\n    label: &x [1, *x]\n"
    try:
        compose(text, "data/x.yaml")
    except DataError as exc:
        assert str(exc.location) == "data/x.yaml:3" and "loop" in exc.message
    else:
        raise AssertionError("an alias loop was accepted")


def it_allows_honest_aliases_and_counts_them_exactly():
    shared = "shared: &s {a: 1, b: 2}\n"
    copies = "".join(f"k{i}: *s\n" for i in range(MAX_ALIAS_NODES // 5))  # 5 nodes per copy
    assert compose(shared + copies, "figures/ok.yaml", FigureError) is not None
    try:
        compose(shared + copies + "k_last: *s\n", "figures/ok.yaml", FigureError)
    except FigureError as exc:
        assert exc.location.line == 2  # the alias that expands most (the first of equals)
    else:
        raise AssertionError("one alias past the bound was accepted")
