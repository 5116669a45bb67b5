"""An output folder + a report's file stem → an exclusive build lock, unique temporary names,
and the removal of temporaries a killed build left behind.

Two builds of the same report into the same out/ would write the same files; the second
waits for the first (an advisory `flock`, released by the kernel when a build dies, so a
SIGKILLed build never leaves a stale lock). The lock file lives in the user's temporary
folder, named by a hash of the output folder and stem, so out/ holds only outputs. Builds of
other reports or editions (other stems) into the same folder run side by side.
"""

from __future__ import annotations

import os
import re
import secrets
import time
from contextlib import contextmanager
from pathlib import Path

from .errors import Location, RenderError

WAIT_SECONDS = 3600  # a build never takes an hour; after that the other one is stuck
_OUTPUT_TAILS = r"(?:\.[a-z]+|-audit\.csv|-audit\.xlsx|-manifest\.json)"


@contextmanager
def output_lock(out_dir: Path, stem: str, notify=None, wait_seconds: float = WAIT_SECONDS):
    """Hold the lock of `stem` in `out_dir` (created if need be) for the duration of the block."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no locking, builds must not overlap
        yield
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    path = lock_path(out_dir, stem)
    path.parent.mkdir(mode=0o700, exist_ok=True)
    handle = open(path, "a+b")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if notify:
                notify(f"another build of {stem} is writing to {out_dir}: waiting for it to finish")
            deadline = time.monotonic() + wait_seconds
            while True:
                time.sleep(0.2)
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise RenderError(
                            f"another build of {stem} has held its lock ({path}) for over "
                            f"{wait_seconds / 60:.0f} minutes", Location(str(out_dir)),
                            hint="stop that build, or build into another folder with --out") from None
        remove_stale(out_dir, stem)
        yield
    finally:
        handle.close()  # closing the file releases the lock


def lock_path(out_dir: Path, stem: str) -> Path:
    import hashlib
    import tempfile

    key = hashlib.sha256(f"{out_dir.resolve()}\0{stem}".encode()).hexdigest()[:24]
    user = os.getuid() if hasattr(os, "getuid") else "user"
    return Path(tempfile.gettempdir()) / f"authoring-{user}" / f"{key}.lock"


def temporary(target: Path) -> Path:
    """A temporary name beside `target`, unique to this build (hidden, ends in .tmp)."""
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


def remove_stale(out_dir: Path, stem: str) -> list[Path]:
    """Delete temporaries of `stem` (and chart temporaries of dead processes) that a killed
    build left; only called with the lock held, so none of them belongs to a running build."""
    pattern = re.compile(rf"\.{re.escape(stem)}{_OUTPUT_TAILS}(?:\.\d+-[0-9a-f]+)?\.tmp")
    removed = []
    for path in out_dir.glob(".*.tmp"):
        if pattern.fullmatch(path.name):
            path.unlink(missing_ok=True)
            removed.append(path)
    figures = out_dir / "figures"
    for path in figures.glob("*.tmp") if figures.is_dir() else ():
        pid = path.name.rsplit(".", 2)[-2]  # charts/cache.py: NAME.PID.tmp
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
