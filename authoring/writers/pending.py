"""A chart file another process is still drawing → returns once it is there (or its drawer failed).

A cold build hands its writers chart files that the chart processes are still drawing
(charts/pool.py): WeasyPrint in the PDF worker (weasy_pending.py) and the DOCX writer in
the main process read each file only when they reach it. They are written atomically (by
rename), so a file that exists is whole.
"""

from __future__ import annotations

import time
from pathlib import Path


def wait_for(path: Path, check=None, poll: float = 0.005) -> None:
    """Block until `path` exists; `check()`, called while waiting, raises if the file will
    never come (the chart that draws it failed, or the build is gone)."""
    while not path.exists():
        if check is not None:
            check()
        time.sleep(poll)
