"""Build stages and chart ticks → what the person running the build sees (rich, plain or nothing).

`build()` calls `progress(stage, None)` when a stage starts, `progress(stage, seconds)` when
it ends, and, if the object has them, `charts_total(n)` and `chart_done(id)` while charts are
drawn. On a terminal that becomes live rich output; in CI or a pipe, one plain line per
stage (no escape codes in logs); with --quiet, nothing.
"""

from __future__ import annotations

import os
import sys

# what each build stage is called on screen
STAGE_NAMES = {
    "load": "load data", "template": "render templates", "charts": "draw charts",
    "charts-wait": "finish charts",
    "model": "build document", "docx": "write DOCX", "pdf": "write PDF", "html": "write HTML",
    "audit": "audit table", "manifest": "manifest",
}


def stage_name(stage: str) -> str:
    return STAGE_NAMES.get(stage, stage)


class PlainProgress:
    """One line per finished stage, for logs: `  load data           0.21 s`."""

    def __init__(self, write=None):
        self.write = write or (lambda text: print(text, flush=True))

    def __call__(self, stage: str, seconds: float | None) -> None:
        if seconds is not None:
            self.write(f"  {stage_name(stage):<22} {seconds:6.2f} s")

    def charts_total(self, total: int) -> None:
        pass

    def chart_done(self, ident: str) -> None:
        pass

    def close(self) -> None:
        pass


class RichProgress:
    """A spinner on the running stage, a bar while charts are drawn, a tick per finished stage."""

    def __init__(self, console=None):
        from rich.console import Console
        from rich.progress import (BarColumn, MofNCompleteColumn, Progress, SpinnerColumn,
                                   TextColumn, TimeElapsedColumn)

        self.console = console or Console()
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description:<22}"), BarColumn(),
                            MofNCompleteColumn(), TimeElapsedColumn(), console=self.console,
                            transient=True)
        self.task = None
        self.bar.start()

    def __call__(self, stage: str, seconds: float | None) -> None:
        if seconds is None:
            self._drop_task()
            self.task = self.bar.add_task(stage_name(stage), total=None)
            return
        self._drop_task()
        self.console.print(f"  [green]✓[/] {stage_name(stage):<22} {seconds:6.2f} s",
                           highlight=False)

    def charts_total(self, total: int) -> None:
        if self.task is not None:
            self.bar.update(self.task, total=total, completed=0)

    def chart_done(self, ident: str) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, description=f"draw charts: {ident}"[:22])

    def _drop_task(self) -> None:
        if self.task is not None:
            self.bar.remove_task(self.task)
            self.task = None

    def close(self) -> None:
        self._drop_task()
        self.bar.stop()


def wants_live_output(stream=None) -> bool:
    """Live output only on an interactive terminal; never in CI or when piped."""
    stream = stream or sys.stdout
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    return hasattr(stream, "isatty") and stream.isatty()


def make_progress(quiet: bool = False, stream=None, write=None):
    """None when quiet, RichProgress on a terminal, else PlainProgress."""
    if quiet:
        return None
    if wants_live_output(stream):
        try:
            return RichProgress()
        except ImportError:  # rich is a dependency, but a broken install must not stop a build
            pass
    return PlainProgress(write)
