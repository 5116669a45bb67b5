"""family/check.py: `authoring check` checks every report of the family with its own data."""

from __future__ import annotations

import subprocess
import sys

from .truth import FAMILY, break_cell, copy_family


def _check(project):
    return subprocess.run([sys.executable, "-m", "authoring", "check", "--project", str(project)],
                          capture_output=True, text=True)


def test_the_fixture_family_checks_clean():
    result = _check(FAMILY)
    assert result.returncode == 0, result.stdout
    assert "ok: no problems found" in result.stderr


def test_a_members_bad_cell_is_named_with_its_report_and_a_typo_once(tmp_path):
    project = copy_family(tmp_path)
    bad = break_cell(project)
    template = project / "templates" / "economy.md.j2"
    template.write_text(template.read_text().replace("{{ members.count }} regions",
                                                     "{{ membrs.count }} regions"))
    result = _check(project)
    assert result.returncode != 0
    out = result.stdout.splitlines()
    assert any(line.startswith(f"data/regions-wide.csv:{bad}:") and
               "report marsh: '12a' is not a number" in line for line in out), result.stdout
    typo = [line for line in out if "'membrs' is undefined" in line]
    assert len(typo) == 1 and typo[0].startswith("templates/economy.md.j2:")
    assert "2 error(s)" in result.stderr
