"""Threat: a hostile project makes the build write outside its output folder.

`[report] id` becomes part of every output name; a figure id becomes part of the chart file
names; out/ or out/figures may be shipped as links to somewhere else.
"""

from __future__ import annotations

import pytest

from .conftest import assert_plain_error, cli, files_under, set_key


@pytest.mark.parametrize("ident", ["{abs}/pwn", "../../../x/pwn", "..", ".hidden", "a/b", "a\\\\b", ""])
def it_refuses_a_report_id_that_is_not_a_plain_name(english_copy, tmp_path, ident):
    victim = tmp_path / "victim"
    victim.mkdir()
    set_key(english_copy, "report", "id", '"' + ident.replace("{abs}", str(victim)) + '"')
    result = cli("build", "--project", str(english_copy), "--format", "html")
    assert_plain_error(result, 3, "[report] id", "cannot be used in a file name")
    assert files_under(victim) == set()
    assert files_under(tmp_path / "x") == set()
    assert files_under(english_copy / "out") <= {"figures"} | {
        f"figures/{n}" for n in (p.name for p in (english_copy / "out" / "figures").glob("*"))}


def it_keeps_ordinary_ids_including_chinese_ones(english_copy):
    set_key(english_copy, "report", "id", '"科技-report_2.0"')
    result = cli("build", "--project", str(english_copy), "--format", "html")
    assert result.exit_code == 0, result.output
    assert (english_copy / "out" / "科技-report_2.0-2023.html").is_file()


def it_refuses_an_out_folder_that_links_outside_the_project(english_copy, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (english_copy / "out").symlink_to(victim)
    result = cli("build", "--project", str(english_copy), "--format", "html")
    assert_plain_error(result, 3, "out/ leads outside the project")
    assert files_under(victim) == set()


def it_refuses_an_out_figures_link_outside(english_copy, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (english_copy / "out").mkdir()
    (english_copy / "out" / "figures").symlink_to(victim)
    result = cli("build", "--project", str(english_copy), "--format", "html")
    assert_plain_error(result, 3, "out/figures")
    assert files_under(victim) == set()


def it_refuses_a_figure_id_with_a_path(english_copy, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "evil.yaml").write_text(
        (english_copy / "figures" / "grants_trend.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    template = english_copy / "templates" / "summary.md.j2"
    template.write_text(template.read_text(encoding="utf-8").replace(
        'figure("grants_trend")', 'figure("../../outside/evil")'), encoding="utf-8")
    result = cli("build", "--project", str(english_copy), "--format", "html")
    assert_plain_error(result, 6, "figure id", "../../outside/evil")
    assert files_under(outside) == {"evil.yaml"}
