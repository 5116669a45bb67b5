"""The command line as a user meets it: exit codes, plain errors, safe outputs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "authoring", *args], capture_output=True,
                          text=True, cwd=cwd)


def it_builds_with_python_dash_m(english_copy):
    result = run("build", "--project", str(english_copy), "--format", "docx")
    assert result.returncode == 0, result.stderr
    assert (english_copy / "out" / "innovation-review-2023.docx").is_file()
    assert "wrote" in result.stdout


def it_reports_bad_data_plainly_with_location_and_exit_code(english_copy):
    csv = english_copy / "data" / "values.csv"
    csv.write_text(csv.read_text().replace("437", "4x7"), encoding="utf-8")
    result = run("build", "--project", str(english_copy))
    assert result.returncode == 4
    assert "data/values.csv:2 (column '2023'): '4x7' is not a number" in result.stderr
    assert "Traceback" not in result.stderr


def it_shows_a_traceback_only_with_debug(english_copy):
    csv = english_copy / "data" / "values.csv"
    csv.write_text(csv.read_text().replace("437", "4x7"), encoding="utf-8")
    result = run("--debug", "build", "--project", str(english_copy))
    assert result.returncode != 0 and "Traceback" in result.stderr


def it_reports_a_template_typo_with_file_line_and_suggestion(english_copy):
    template = english_copy / "templates" / "summary.md.j2"
    template.write_text(template.read_text().replace("{{ grants }}", "{{ grant }}"), encoding="utf-8")
    result = run("build", "--project", str(english_copy))
    assert result.returncode == 5
    assert "templates/summary.md.j2:3" in result.stderr and "did you mean grants" in result.stderr


def it_refuses_an_unknown_format(english_copy):
    result = run("build", "--project", str(english_copy), "--format", "odt")
    assert result.returncode == 3 and "unknown output format 'odt'" in result.stderr


def it_explains_a_missing_project(tmp_path):
    result = run("build", "--project", str(tmp_path))
    assert result.returncode == 3 and "no report.toml" in result.stderr


def it_keeps_the_previous_good_output_when_a_build_fails(english_copy):
    assert run("build", "--project", str(english_copy)).returncode == 0
    out = english_copy / "out"
    before = {p.name: p.read_bytes() for p in out.glob("*.*")}
    template = english_copy / "templates" / "tables.md.j2"
    template.write_text(template.read_text() + "\n{{ no_such_name }}\n", encoding="utf-8")
    assert run("build", "--project", str(english_copy)).returncode == 5
    after = {p.name: p.read_bytes() for p in out.glob("*.*")}
    assert after == before
    assert not list(out.glob(".*.tmp"))


def it_builds_identical_bytes_from_identical_inputs(english_copy, tmp_path):
    assert run("build", "--project", str(english_copy)).returncode == 0
    first = {p.name: p.read_bytes() for p in (english_copy / "out").glob("*.*")}
    (english_copy / "out").rename(tmp_path / "first-out")
    assert run("build", "--project", str(english_copy)).returncode == 0
    second = {p.name: p.read_bytes() for p in (english_copy / "out").glob("*.*")}
    # the audit table (CSV, XLSX) and the manifest are as reproducible as the report
    assert set(first) == {"innovation-review-2023.docx", "innovation-review-2023.pdf",
                          "innovation-review-2023-audit.csv", "innovation-review-2023-audit.xlsx",
                          "innovation-review-2023-manifest.json"}
    assert first == second


def it_reports_a_refused_network_fetch_from_the_pdf_worker(english_copy):
    (english_copy / "templates" / "style.css").write_text(
        "body { background: url(http://example.com/x.png) }\n", encoding="utf-8")
    result = run("build", "--project", str(english_copy), "--format", "docx,pdf")
    assert result.returncode == 7, result.stderr
    assert "http://example.com/x.png" in result.stderr and "Traceback" not in result.stderr
    out = english_copy / "out"
    assert not list(out.glob("*.pdf")) and not list(out.glob("*.docx")) and not list(out.glob(".*.tmp"))
