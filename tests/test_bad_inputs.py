"""Bad inputs an editor really produces, driven through the CLI as a user would: each gives a
non-zero exit, its file and line or cell, no traceback, and leaves every file in out/
(the chart cache included) byte for byte as the last good build left it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ENGLISH, copy_project

CSV = "data/values.csv"
META = "data/meta.yaml"


def run(*args, env=None, timeout=300):
    return subprocess.run([sys.executable, "-m", "authoring", *args], capture_output=True,
                          text=True, env=env, timeout=timeout)


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    """The English report built once (DOCX, PDF, HTML): the last good output."""
    project = copy_project(ENGLISH, tmp_path_factory.mktemp("good") / "en")
    (project / "report.toml").write_text(
        (project / "report.toml").read_text().replace('formats = ["docx", "pdf"]',
                                                      'formats = ["docx", "pdf", "html"]'))
    result = run("build", "--project", str(project))
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(good_build, tmp_path) -> Path:
    """A private copy of the good project with its out/ folder."""
    target = tmp_path / "en"
    shutil.copytree(good_build, target, symlinks=True)
    return target


def edit(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def fails_cleanly(project: Path, *wanted: str, code: int | None = None, command="build"):
    """Run `command`; it must fail with every `wanted` text in its message, and (for build)
    leave out/ exactly as it was."""
    out = project / "out"
    before = snapshot(out)
    result = run(command, "--project", str(project))
    message = result.stderr + result.stdout
    assert result.returncode != 0, message
    if code is not None:
        assert result.returncode == code, message
    assert "Traceback" not in message, message
    for text in wanted:
        assert text in message, message
    assert snapshot(out) == before, "a failed build changed out/"
    return message


def add_workbook(project: Path, sheets: dict[str, list[list]], name="extra.xlsx", setup=None):
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    if setup:
        setup(book)
    book.save(project / "data" / name)


def declare(project: Path, ident: str, extra: str = "") -> None:
    """Declare one more indicator in meta.yaml."""
    edit(project, META, "breakdowns:",
         f"  - id: {ident}\n    label: Venture capital\n    unit: EUR\n"
         f"    decimals: 1\n{extra}breakdowns:")


# ---------------------------------------------------------------- numbers (item 1)

@pytest.mark.parametrize("bad, wanted", [
    ("2,52", "looks like a decimal comma"),
    ("84,5", "looks like a decimal comma"),
    ("1,2,3", "misplaced thousands separators"),
    ("2.52%", "percent sign"),
    ("２.５２", "full-width"),
    ("1e400", "exponent notation"),
    ("NaN", "not a finite number"),
    ("inf", "not a finite number"),
    ("−2.5", "typographic minus"),
])
def it_refuses_malformed_numbers_in_csv_at_the_cell(project, bad, wanted):
    edit(project, CSV, "rd_intensity,2.31,2.38,2.52", f'rd_intensity,2.31,2.38,"{bad}"')
    fails_cleanly(project, "data/values.csv:4 (column '2023')", wanted, code=4)


def it_refuses_a_decimal_comma_in_csv_in_a_thousands_looking_place(project):
    edit(project, CSV, "grants,410,452,437", 'grants,410,452,"8,45"')
    fails_cleanly(project, "data/values.csv:2 (column '2023')", "'8,45' looks like a decimal comma",
                  "write 8.45", code=4)


def it_refuses_a_decimal_comma_in_yaml(project):
    declare(project, "venture", "    values:\n      2022: 20\n      2023: 204,9\n")
    fails_cleanly(project, "data/meta.yaml:", "'204,9' looks like a decimal comma", code=4)


def it_refuses_a_decimal_comma_in_an_xlsx_text_cell_and_names_the_cell(project):
    declare(project, "venture")
    add_workbook(project, {"vc": [["indicator", "2022", "2023"], ["venture", 20, "204,9"]]})
    fails_cleanly(project, "data/extra.xlsx [vc!C2]", "'204,9' looks like a decimal comma", code=4)


def it_reads_xlsx_numeric_cells_exactly(project):
    declare(project, "venture")
    add_workbook(project, {"vc": [["indicator", 2022, 2023], ["venture", 1204.5, 204.9]]})
    edit(project, "templates/summary.md.j2", "Research funding reached",
         "Venture capital was EUR {{ venture }}. Research funding reached")
    result = run("build", "--project", str(project), "--format", "html")
    assert result.returncode == 0, result.stderr
    html = (project / "out" / "innovation-review-2023.html").read_text(encoding="utf-8")
    assert "204.9" in html and "2,049" not in html


def it_accepts_well_formed_thousands_separators(project):
    edit(project, CSV, "grants,410,452,437", 'grants,"1,410","1,452","12,437"')
    edit(project, CSV, "fund_basic,80000000,90150000,99800000",
         'fund_basic,"80,000,000.0","90,150,000",99800000')
    result = run("build", "--project", str(project), "--format", "html")
    assert result.returncode == 0, result.stderr
    html = (project / "out" / "innovation-review-2023.html").read_text(encoding="utf-8")
    assert "12,437" in html


# ---------------------------------------------------------------- values (item 2)

def it_refuses_a_negative_count(project):
    edit(project, CSV, "startups,35,41,48", "startups,35,41,-845")
    fails_cleanly(project, "data/values.csv:5 (column '2023')", "must be at least 0, got -845",
                  code=4)


def it_refuses_a_share_over_100(project):
    edit(project, CSV, "rd_intensity,2.31,2.38,2.52", "rd_intensity,2.31,2.38,252")
    fails_cleanly(project, "data/values.csv:4 (column '2023')", "must be at most 100", code=4)


def it_refuses_a_fractional_count(project):
    edit(project, CSV, "grants,410,452,437", "grants,410,452,437.5")
    fails_cleanly(project, "data/values.csv:2 (column '2023')", "must be a whole number", code=4)


def it_refuses_a_fractional_rank(project):
    edit(project, CSV, "league_rank,4,2,2", "league_rank,4,2,2.5")
    fails_cleanly(project, "data/values.csv:7 (column '2023')", "must be a whole number", code=4)


def it_lets_indicators_yaml_lift_a_default(project):
    edit(project, META, "  - id: startups\n", "  - id: startups\n    min: -1000\n")
    edit(project, CSV, "startups,35,41,48", "startups,35,41,-3")
    edit(project, CSV, "national_startups,290,305,320", "national_startups,290,305,-300")
    result = run("build", "--project", str(project), "--format", "html")
    # min lifted for startups only: the national total is still refused
    assert result.returncode == 4 and "data/values.csv:6 (column '2023')" in result.stderr
    assert "values.csv:5" not in result.stderr


def it_refuses_a_year_column_that_is_not_a_year(project):
    edit(project, CSV, "indicator,2021,2022,2023", "indicator,2021,2022,2023.5")
    fails_cleanly(project, "data/values.csv:1 (column '2023.5')", "not a four-digit year", code=4)


def it_refuses_a_year_out_of_range(project):
    edit(project, CSV, "indicator,2021,2022,2023", "indicator,1821,2022,2023")
    fails_cleanly(project, "data/values.csv:1 (column '1821')", "outside 1900–2100", code=4)


def it_blames_an_overflowing_value_on_its_cell_not_the_template(project):
    edit(project, CSV, "funding,182400000,201150000,219800000",
         "funding,182400000,201150000," + "9" * 400)
    message = fails_cleanly(project, "data/values.csv:3 (column '2023')", "digits before the decimal point",
                            code=4)
    assert "InvalidOperation" not in message and "templates/" not in message


# ---------------------------------------------------------------- spreadsheets (beyond)

def it_names_an_excel_error_cell(project):
    declare(project, "venture")

    def formula(book):
        book["vc"]["C2"] = "=1/0"

    add_workbook(project, {"vc": [["indicator", "2022", "2023"], ["venture", 20, 0]]}, setup=formula)
    # openpyxl writes no cached result; a cell Excel computed holds '#DIV/0!' as its value
    import openpyxl
    path = project / "data" / "extra.xlsx"
    book = openpyxl.load_workbook(path)
    book["vc"]["C2"] = "#DIV/0!"
    book.save(path)
    fails_cleanly(project, "data/extra.xlsx [vc!C2]", "error #DIV/0!", code=4)


def it_refuses_a_date_where_a_year_belongs(project):
    import datetime

    declare(project, "venture")
    add_workbook(project, {"vc": [["indicator", "year", "value"],
                                  ["venture", datetime.datetime(2023, 1, 1), 20]]})
    fails_cleanly(project, "data/extra.xlsx [vc!B2]", "'2023-01-01' is a date, not a year", code=4)


def it_refuses_merged_cells(project):
    declare(project, "venture")

    def merge(book):
        book["vc"].merge_cells("B2:C2")

    add_workbook(project, {"vc": [["indicator", "2022", "2023"], ["venture", 20, 20]]}, setup=merge)
    fails_cleanly(project, "data/extra.xlsx [vc!B2]", "merged cells B2:C2", code=4)


def it_refuses_a_hidden_sheet(project):
    declare(project, "venture")

    def hide(book):
        book["secret"].sheet_state = "hidden"

    add_workbook(project, {"vc": [["indicator", "2022", "2023"], ["venture", 20, 21]],
                           "secret": [["indicator", "2022"], ["grants", 1]]}, setup=hide)
    fails_cleanly(project, "data/extra.xlsx [secret]", "is hidden", code=4)


def it_refuses_a_second_sheet_with_the_same_indicator_and_year(project):
    declare(project, "venture")
    add_workbook(project, {"a": [["indicator", "2022", "2023"], ["venture", 20, 21]],
                           "b": [["indicator", "2023"], ["venture", 22]]})
    fails_cleanly(project, "data/extra.xlsx [b!B2]", "duplicate value for venture in 2023",
                  "also at data/extra.xlsx [a!C2]", code=4)


# ---------------------------------------------------------------- text length (item 4)

def it_refuses_a_runaway_label_quickly(project):
    import time

    edit(project, META, "label: Research grants awarded",
         "label: " + "word " * 200_000)  # 1 MB with spaces: minutes in the PDF writer
    # (a larger file is refused whole: limits.py yaml_bytes, tests/security/test_build_budgets.py)
    start = time.perf_counter()
    fails_cleanly(project, "data/meta.yaml:3 (column 'label')", "characters (at most 10,000)", code=4)
    assert time.perf_counter() - start < 120


def it_refuses_an_overlong_label(project):
    edit(project, META, "label: Research grants awarded", "label: " + "x" * 400)
    fails_cleanly(project, "data/meta.yaml:3 (column 'label')", "400 characters long", code=4)


# ---------------------------------------------------------------- safe failures (item 3)

def it_keeps_the_charts_the_previous_outputs_use_when_a_build_fails_late(project):
    # a new value redraws grants_trend under a new key; the caption then fails the build
    edit(project, CSV, "grants,410,452,437", "grants,410,452,438")
    edit(project, "figures/grants_trend.yaml", "caption: Research grants awarded",
         'caption: "Research grants ![logo](logo.png)"')
    fails_cleanly(project, "figures/grants_trend.yaml:4", "inline images are not supported", code=5)


def it_keeps_out_unchanged_when_a_stylesheet_url_is_refused(project):
    (project / "templates" / "style.css").write_text(
        'body { background: url("https://example.com/x.png"); }\n', encoding="utf-8")
    edit(project, CSV, "grants,410,452,437", "grants,410,452,438")  # a chart to redraw
    fails_cleanly(project, "refused to load https://example.com/x.png", code=7)


def it_cleans_up_what_a_killed_build_left(project):
    import os
    import signal
    import time

    out = project / "out"
    edit(project, CSV, "grants,410,452,437", "grants,410,452,438")
    # its own process group, killed whole (the PDF worker too), as a CI timeout does
    proc = subprocess.Popen([sys.executable, "-m", "authoring", "build", "--project", str(project),
                             "--force"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob(".*.tmp")):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    # a killed build of the old code left these names; the new one leaves unique ones
    (out / ".innovation-review-2023.docx.tmp").write_bytes(b"half")
    (out / ".innovation-review-2023-audit.csv.999999-abcdef01.tmp").write_bytes(b"half")
    (out / "figures" / "grants_trend-0000000000000000.svg.999999.tmp").write_bytes(b"half")
    other = out / ".another-report-2023.pdf.tmp"  # another report's: not ours to remove
    other.write_bytes(b"theirs")
    result = run("build", "--project", str(project))
    assert result.returncode == 0, result.stderr
    left = [p.name for p in out.rglob("*.tmp")]
    assert left == [other.name], left


# two builds of one report at once: tests/security/test_concurrent_builds.py


# ---------------------------------------------------------------- check before build (item 5)

@pytest.mark.parametrize("setup, wanted", [
    (lambda p: edit(p, "figures/grants_trend.yaml", "caption: Research grants awarded",
                    'caption: "Research grants ![logo](logo.png)"'),
     "figures/grants_trend.yaml:4:1: error: inline images are not supported"),
    (lambda p: (p / "templates" / "style.css").write_text(
        "h1 {}\nbody { background: url('../../../../etc/passwd'); }\n", encoding="utf-8"),
     "templates/style.css:2:"),
])
def it_fails_check_where_build_would_fail(project, setup, wanted):
    setup(project)
    result = run("check", "--project", str(project))
    assert result.returncode != 0 and wanted in result.stdout + result.stderr, result.stdout
    fails_cleanly(project)


# ---------------------------------------------------------------- locations (item 6)

def it_locates_a_yaml_syntax_error_without_knock_on_errors(project):
    edit(project, META, "    unit: grants", "    unit: [grants")
    message = fails_cleanly(project, "data/meta.yaml:5:7: YAML syntax error", code=4)
    assert "unknown indicator" not in message


def it_locates_a_control_character_in_yaml_by_line_and_column(project):
    edit(project, META, "label: Research grants awarded", "label: Research \x01grants")
    message = fails_cleanly(project, "data/meta.yaml:3:21", "control character #x0001", code=4)
    assert "position" not in message and "unknown indicator" not in message


def it_refuses_an_include_outside_templates_with_its_line(project):
    edit(project, "templates/summary.md.j2", "## Spin-offs", "{% include '../../../etc/passwd' %}\n\n## Spin-offs")
    fails_cleanly(project, "templates/summary.md.j2:5", "'../../../etc/passwd' not found", code=5)


def it_refuses_a_markdown_image_with_its_template_line(project):
    edit(project, "templates/summary.md.j2", "## Spin-offs", "![chart](chart.png)\n\n## Spin-offs")
    fails_cleanly(project, "templates/summary.md.j2:5", "inline images are not supported", code=5)


def it_refuses_a_runaway_figure_caption(project):
    edit(project, "figures/grants_trend.yaml", "caption: Research grants awarded",
         "caption: " + "word " * 12_000)  # within figure_bytes (limits.py)
    fails_cleanly(project, "figures/grants_trend.yaml:4 (column 'caption')",
                  "characters long (at most 1,000)", code=6)
