"""A report project → a callback whenever one of its inputs is saved (report.toml, data,
templates, figures), via watchfiles (inotify on Linux, no polling)."""

from __future__ import annotations

import threading
from pathlib import Path

INPUT_FOLDERS = ("data", "templates", "figures")


def watched_folders(project: Path) -> list[Path]:
    """The project folder itself (for report.toml) and every folder under data/, templates/,
    figures/. Watched one by one, not recursively, so a .venv or out/ beside them costs nothing."""
    folders = [project]
    for name in INPUT_FOLDERS:
        top = project / name
        if top.is_dir():
            folders.append(top)
            folders.extend(p for p in sorted(top.rglob("*")) if p.is_dir()
                           and not any(part.startswith(".") for part in p.relative_to(top).parts))
    return folders


def is_input(project: Path, path: str) -> bool:
    """Whether a changed path is an input of the report (not out/, not an editor's temp file)."""
    from watchfiles import DefaultFilter

    try:
        relative = Path(path).resolve().relative_to(project.resolve())
    except ValueError:
        return False
    if relative.parts and relative.parts[-1].startswith((".", "~$")):
        return False  # hidden files, Office lock files
    if relative.parts and relative.parts[-1].endswith((".tmp", ".part")):
        return False
    if relative == Path("report.toml"):
        return True
    return len(relative.parts) > 1 and relative.parts[0] in INPUT_FOLDERS and \
        DefaultFilter()(None, path)


def watch(project: Path, on_change, stop: threading.Event, ready: threading.Event | None = None,
          ) -> None:
    """Call `on_change(paths)` with the changed input files after each burst of saves, until
    `stop` is set. Runs in the calling thread; sets `ready` once the watches are in place."""
    from watchfiles import watch as watch_files

    project = project.resolve()
    # yield_on_timeout: the first (empty) yield tells that the watches are set up; a save
    # made before that would be missed, which `ready` lets the caller avoid
    for changes in watch_files(*watched_folders(project), recursive=False, stop_event=stop,
                               step=50, rust_timeout=200, yield_on_timeout=True,
                               raise_interrupt=False,
                               watch_filter=lambda change, path: is_input(project, path)):
        if ready is not None:
            ready.set()
        if changes:
            on_change(sorted({path for _, path in changes}))
