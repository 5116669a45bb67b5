"""Several editions and projects from one command, built side by side in a process pool."""

from __future__ import annotations

import re
import subprocess
import sys

from .conftest import ENGLISH, copy_project


def it_builds_screen_and_print_editions_side_by_side(english_copy):
    result = subprocess.run([sys.executable, "-m", "authoring", "build", "--project", str(english_copy),
                             "--edition", "screen", "--edition", "print", "--format", "pdf", "-j", "2"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    out = english_copy / "out"
    screen, printed = out / "innovation-review-2023.pdf", out / "innovation-review-2023-print.pdf"
    boxes = {}
    for path in (screen, printed):
        info = subprocess.run(["pdfinfo", "-box", str(path)], capture_output=True, text=True, check=True).stdout
        boxes[path.name] = re.search(r"MediaBox:\s+([-\d.]+)", info).group(1)
    assert boxes == {screen.name: "0.00", printed.name: "-8.50"}
    assert not list(out.glob("**/*.tmp"))


def it_reports_each_failing_project_and_exits_with_its_code(english_copy, tmp_path):
    broken = copy_project(ENGLISH, tmp_path / "broken")
    csv = broken / "data" / "values.csv"
    csv.write_text(csv.read_text().replace("437", "4x7"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "authoring", "build", "--project", str(english_copy),
                             "--project", str(broken), "--format", "docx"], capture_output=True, text=True)
    assert result.returncode == 4
    assert "broken: data error: data/values.csv:2 (column '2023')" in result.stderr
    assert (english_copy / "out" / "innovation-review-2023.docx").is_file()
