"""Whole-process measurements: wall, CPU (user + sys) and peak memory of one child process.

CPU time and the largest resident set come from `os.wait4()` on the child, i.e. the kernel's
rusage for that process and every descendant it waited for (the chart worker pool is joined
before the build ends, so its CPU time is included). `ru_maxrss` is the peak of the single
largest process; the peak of the whole tree at one moment (main process + chart workers
alive together) is sampled from /proc every 100 ms, which costs about 1 ms per sample.
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Proc:
    cmd: list[str]
    wall: float
    user: float
    sys: float
    maxrss_mb: float  # largest single process (kernel ru_maxrss)
    tree_peak_mb: float  # sampled: sum of RSS over the process tree at its peak
    returncode: int
    stdout: str = ""
    stderr: str = ""

    @property
    def cpu(self) -> float:
        return self.user + self.sys

    def check(self) -> "Proc":
        if self.returncode != 0:
            raise RuntimeError(f"command failed ({self.returncode}): {' '.join(self.cmd)}\n"
                               f"{self.stdout[-2000:]}\n{self.stderr[-4000:]}")
        return self

    def summary(self) -> dict:
        d = asdict(self)
        d.pop("stdout"), d.pop("stderr")
        d["cpu"] = self.cpu
        return d


def _tree_rss(root: int) -> int:
    """Bytes resident in `root` and all its descendants right now."""
    parent, rss = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as f:
                data = f.read()
        except OSError:
            continue
        rest = data[data.rfind(b")") + 2:].split()
        pid = int(name)
        parent[pid] = int(rest[1])
        rss[pid] = int(rest[21]) * PAGE
    total, todo = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(children.get(pid, ()))
    return total


def run(cmd: list[str], cwd: Path | None = None, env: dict | None = None,
        sample_memory: bool = True, timeout: float = 3600) -> Proc:
    """Run `cmd` to completion and measure it. The calling thread blocks in wait4(); a
    sampler thread reads the tree's memory every 100 ms (about 1 ms of CPU each time)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        peak = [0]
        done = threading.Event()

        def sample():
            while not done.wait(0.1):
                try:
                    peak[0] = max(peak[0], _tree_rss(child.pid))
                except Exception:  # noqa: BLE001 - sampling is best effort
                    pass

        def kill():
            if not done.wait(timeout):
                child.kill()

        threads = [threading.Thread(target=kill, daemon=True)]
        if sample_memory:
            threads.append(threading.Thread(target=sample, daemon=True))
        for thread in threads:
            thread.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        for thread in threads:
            thread.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0), err.seek(0)
        return Proc(cmd, wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024,
                    max(peak[0], usage.ru_maxrss * 1024) / 2**20, child.returncode,
                    out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"))


# ------------------------------------------------------------------ statistics


def med(values) -> float:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def describe(values: list[float]) -> dict:
    values = [v for v in values if v is not None]
    if not values:
        return {"median": None, "min": None, "max": None, "runs": []}
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": [round(v, 4) for v in values]}
