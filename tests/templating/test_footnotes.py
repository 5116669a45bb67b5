"""Footnotes defined but never cited: found in the rendered Markdown, warned by `check`."""

from __future__ import annotations

import subprocess
import sys

from authoring.templating.footnotes import uncited_footnotes


def it_finds_definitions_no_citation_uses():
    text = "甲[^a]乙[^a]。\n\n[^a]: 引用两次。\n\n[^b]: 从未引用。\n"
    assert uncited_footnotes(text) == ["b"]
    assert uncited_footnotes("no notes") == []


def it_is_a_check_warning_and_an_error_with_strict(english_copy):
    summary = english_copy / "templates" / "summary.md.j2"
    summary.write_text(summary.read_text(encoding="utf-8") + "\n[^unused]: Never cited.\n",
                       encoding="utf-8")

    def check(*flags):
        return subprocess.run([sys.executable, "-m", "authoring", "check", "--project",
                               str(english_copy), *flags], capture_output=True, text=True)

    plain = check()
    assert plain.returncode == 0
    assert "summary.md.j2:15:1: warning: footnote [^unused] is defined but never cited" in \
        plain.stdout + plain.stderr
    assert check("--strict").returncode != 0
