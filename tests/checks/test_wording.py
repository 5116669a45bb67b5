"""`check` warns about a comparison word glued before `change` ("比上年持平"), and --strict fails."""

from __future__ import annotations

import subprocess
import sys

import pytest

from authoring.checks.wording import check_wording
from authoring.config import load_config


@pytest.mark.parametrize("written, flagged", [
    ("比上年{{ invention_patents | change }}", True),
    ("较上年{{ invention_patents | change(up='增加') }}", True),
    ("比{{ year - 1 }}年{{ rd_ratio | pp }}", True),
    ("同比{{ invention_patents | change }}", False),  # 同比增长 / 同比下降 / 同比持平 all read right
    ("{{ invention_patents | compared }}", False),
    ("比上年增长{{ invention_patents.yoy | pct }}", False),  # fixed words a figure cannot contradict
])
def it_flags_a_comparison_word_before_a_change_filter(example_copy, written, flagged):
    path = example_copy / "templates" / "overview.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + f"\n\n测试{written}。\n", encoding="utf-8")
    findings = check_wording(load_config(example_copy))
    assert bool(findings) == flagged
    if flagged:
        (finding,) = findings
        assert finding.severity == "warning" and "持平" in finding.message
        assert "compared" in finding.hint and finding.location.file == "templates/overview.md.j2"
        assert finding.location.line == len(path.read_text(encoding="utf-8").splitlines())


def it_fails_check_strict_at_the_template_line(example_copy):
    path = example_copy / "templates" / "overview.md.j2"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n比上年{{ invention_patents | change }}。\n",
                    encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "authoring", "check", "--strict", "--project",
                             str(example_copy)], capture_output=True, text=True)
    assert result.returncode != 0
    assert "templates/overview.md.j2:" in result.stdout + result.stderr
    assert "比上年持平" in result.stdout + result.stderr
