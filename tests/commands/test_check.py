"""`authoring check`: every problem a build would meet, as file:line:col, without building."""

from __future__ import annotations

import subprocess
import sys

import openpyxl


def check(project, *args):
    return subprocess.run([sys.executable, "-m", "authoring", "check", "--project", str(project),
                           *args], capture_output=True, text=True)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, text) -> int:
    """1-based line holding `text` (the example's files change; tests must not pin lines)."""
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


def it_passes_the_example_and_writes_nothing(example_copy):
    result = check(example_copy, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "" and "ok: no problems found" in result.stderr
    assert not (example_copy / "out").exists()


def it_passes_the_english_report(english_copy):
    result = check(english_copy)
    assert result.returncode == 0, result.stdout


def it_lists_every_template_problem_at_once_with_line_column_and_suggestion(example_copy):
    overview = example_copy / "templates" / "overview.md.j2"
    _edit(overview, "{{ pct_applications }}件", "{{ pct_aplications }}件")
    _edit(overview, "{{ new_hte }}家", "{{ new_hte | chnage }}家")
    _edit(example_copy / "templates" / "appendix.md.j2", "见[](#tab-indicators)", "见[](#tab-nope)")
    _edit(example_copy / "data" / "values.csv", "tech_contract_turnover,2019,1522.2,back-derived\n", "")
    result = check(example_copy)
    out = result.stdout
    assert result.returncode == 5, out
    line = _line_of(overview, "pct_aplications")
    column = overview.read_text(encoding="utf-8").splitlines()[line - 1].index("pct_aplications") + 1
    assert f"templates/overview.md.j2:{line}:{column}: error: 'pct_aplications' is undefined" in out
    assert "hint: did you mean pct_applications?" in out
    assert f"templates/overview.md.j2:{_line_of(overview, 'chnage')}:" in out
    assert "no filter named 'chnage'" in out and "did you mean change?" in out
    # the rendering went on past both typos and found the missing year where it is read
    assert f"templates/overview.md.j2:{_line_of(overview, '{{ tech_contract_turnover }}')}:" in out
    assert "'tech_contract_turnover' has no value for 2019 (data has 2020)" in out
    assert "figures/main_indicators.yaml:" in out  # the chart reads it too
    appendix = example_copy / "templates" / "appendix.md.j2"
    assert f"templates/appendix.md.j2:{_line_of(appendix, 'tab-nope')}:" in out
    assert "unknown id 'tab-nope'" in out


def it_reports_data_errors_with_their_cells(example_copy):
    _edit(example_copy / "data" / "values.csv", "invention_patents,2020,24208,",
          "invention_patents,2020,24x08,")
    _edit(example_copy / "data" / "values.csv", "new_hte,2020,7396,", "new_hte,2020,,")
    book = openpyxl.load_workbook(example_copy / "data" / "awards.xlsx")
    for row in book.active.iter_rows(min_row=2):
        if row[0].value == "award_natural_science":
            row[1].value = 44
    book.save(example_copy / "data" / "awards.xlsx")
    result = check(example_copy)
    assert result.returncode == 4
    out = result.stdout
    values = example_copy / "data" / "values.csv"
    assert f"data/values.csv:{_line_of(values, '24x08')}:24: error: '24x08' is not a number " \
           "(column 'value')" in out
    assert f"data/values.csv:{_line_of(values, 'new_hte,2020')}:14: error: blank value for " \
           "new_hte in 2020 (column 'value')" in out
    assert "data/awards.xlsx [awards!B5]: error: breakdown 'award_projects_by_category' does " \
           "not add up in 2019: 44 + 31 + 205 + 15 = 295, but the declared total is 294" in out


def it_lists_every_blank_of_a_yaml_indicator(tmp_path, english_copy):
    meta = english_copy / "data" / "meta.yaml"
    _edit(meta, "  - id: league_rank\n    label: Innovation league rank\n    kind: rank\n",
          "  - id: league_rank\n    label: Innovation league rank\n    kind: rank\n"
          "  - id: extra\n    label: Extra\n    values: {2021: 1, 2022: , 2023: }\n")
    result = check(english_copy)
    assert "blank value for extra in 2022" in result.stdout
    assert "blank value for extra in 2023" in result.stdout  # the loader stops at the first


def it_turns_warnings_into_errors_with_strict(english_copy):
    (english_copy / "figures" / "unused.yaml").write_text(
        "kind: bar\nseries: [grants]\ncaption: Spare\n", encoding="utf-8")
    relaxed = check(english_copy)
    assert relaxed.returncode == 0
    assert "figures/unused.yaml:1:1: warning: figure 'unused' is defined but no template places it" \
        in relaxed.stdout
    strict = check(english_copy, "--strict")
    assert strict.returncode == 1 and "figures/unused.yaml:1:1: error:" in strict.stdout


def it_reports_a_broken_config_and_stops(english_copy):
    _edit(english_copy / "report.toml", "[build]", "[biuld]")
    result = check(english_copy)
    assert result.returncode == 3
    assert "report.toml: error: unknown section [biuld]" in result.stdout
    assert "did you mean [build]?" in result.stdout


def it_checks_fonts_and_pdf_libraries(english_copy, monkeypatch):
    from authoring.checks import system as module
    from authoring.config import load_config

    monkeypatch.setattr(module, "installed_font_families", lambda: {"dejavu sans"})
    monkeypatch.setattr("ctypes.util.find_library", lambda name: None)
    monkeypatch.setattr("authoring.writers.weasyprint.weasy.find_by_soname", lambda name: None)  # Linux
    config = load_config(english_copy)
    from authoring.writers.configure import write_options

    findings = module.check_system(config, write_options(config))
    messages = [f.message for f in findings]
    assert any("pango-1.0" in m for m in messages)
    assert any("libharfbuzz-subset0" in m for m in messages)
    fonts = [f for f in findings if "Noto Serif CJK SC" in f.message]
    assert fonts and fonts[0].severity == "warning"  # an English report survives without CJK fonts


def it_imports_neither_matplotlib_nor_weasyprint(example_copy):
    code = ("import sys; from pathlib import Path; from authoring.checks import run_checks; "
            f"run_checks(Path({str(example_copy)!r})); "
            "print(sorted(m for m in ('matplotlib', 'weasyprint') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
