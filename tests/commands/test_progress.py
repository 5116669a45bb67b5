"""Build progress: live on a terminal, plain lines in CI and pipes, nothing with --quiet."""

from __future__ import annotations

import io
import subprocess
import sys

from authoring.build import build
from authoring.progress import PlainProgress, RichProgress, make_progress


class Recorder:
    def __init__(self):
        self.events = []

    def __call__(self, stage, seconds):
        self.events.append((stage, "done" if seconds is not None else "start"))

    def charts_total(self, total):
        self.events.append(("charts_total", total))

    def chart_done(self, ident):
        self.events.append(("chart", ident))


def it_reports_each_stage_and_each_chart(english_copy):
    progress = Recorder()
    build(english_copy, formats=["docx"], progress=progress)
    stages = [s for s, what in progress.events if what == "done"]
    assert stages == ["load", "template", "charts", "model", "audit", "docx", "manifest"]
    assert ("charts_total", 2) in progress.events
    assert sorted(i for s, i in progress.events if s == "chart") == ["funding_split", "grants_trend"]


def it_still_accepts_a_plain_function(english_copy):
    seen = []
    build(english_copy, formats=["html"], progress=lambda stage, seconds: seen.append(stage))
    assert "charts" in seen


def it_chooses_plain_output_off_a_terminal(monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    assert make_progress(quiet=True) is None
    assert isinstance(make_progress(stream=io.StringIO()), PlainProgress)

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setenv("CI", "true")
    assert isinstance(make_progress(stream=Terminal()), PlainProgress)


def it_prints_plain_timings():
    lines = []
    progress = PlainProgress(lines.append)
    progress("load", None)
    progress("load", 0.25)
    assert lines == ["  load data                0.25 s"]


def it_draws_live_progress_on_a_terminal():
    from rich.console import Console

    screen = io.StringIO()
    progress = RichProgress(Console(file=screen, force_terminal=True, width=100))
    progress("charts", None)
    progress.charts_total(2)
    progress.chart_done("a")
    progress("charts", 0.5)
    progress.close()
    assert "draw charts" in screen.getvalue() and "0.50 s" in screen.getvalue()


def it_keeps_ci_logs_plain_and_quiet_quiet(english_copy):
    command = [sys.executable, "-m", "authoring", "build", "--project", str(english_copy),
               "--format", "html"]
    plain = subprocess.run(command, capture_output=True, text=True)
    assert plain.returncode == 0
    assert "\x1b[" not in plain.stdout  # no terminal escapes in a log
    assert "  draw charts" in plain.stdout and "wrote" in plain.stdout
    quiet = subprocess.run(command + ["--quiet"], capture_output=True, text=True)
    assert quiet.returncode == 0 and quiet.stdout == ""
