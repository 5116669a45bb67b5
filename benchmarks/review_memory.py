"""The largest DOCX files of a folder → peak memory and time of `authoring diff` (self-diff) and `docx2text`, against their XML size.

    .venv/bin/python -m benchmarks.review_memory FOLDER [--top 5]

Each command runs as its own process; its peak resident memory and CPU time come from
the kernel (wait4). "XML" is the uncompressed size of the file's XML parts; a self-diff
reads them twice (both sides), so its ratio is given against both: peak ÷ (2 × XML).
The target (issue 28) is a ratio under 20.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

AUTHORING = Path(sys.executable).with_name("authoring")


def xml_bytes(path: Path) -> int:
    try:
        with zipfile.ZipFile(path) as z:
            return sum(i.file_size for i in z.infolist() if i.filename.endswith((".xml", ".rels")))
    except zipfile.BadZipFile:
        return 0


def measure(args: list) -> tuple:
    """(exit code, wall s, CPU s, peak RSS MB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return (os.waitstatus_to_exitcode(status), wall, usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / 1024)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--top", type=int, default=5)
    args = parser.parse_args(argv)
    files = sorted(args.folder.rglob("*.docx"), key=xml_bytes, reverse=True)[:args.top]
    print(f"load average {os.getloadavg()[0]:.1f}")
    print("| file | XML MB | self-diff: peak MB, ×(2×XML), CPU s | docx2text: peak MB, ×XML, CPU s |")
    print("|---|--:|--:|--:|")
    for path in files:
        size = xml_bytes(path) / 2**20
        code, _, cpu, peak = measure([str(AUTHORING), "diff", "-q", str(path), str(path)])
        text_code, _, text_cpu, text_peak = measure([str(AUTHORING), "docx2text", str(path)])
        print(f"| {path.name} | {size:.1f} | {peak:.0f}, {peak / (2 * size):.1f}×, {cpu:.1f} (exit {code}) "
              f"| {text_peak:.0f}, {text_peak / size:.1f}×, {text_cpu:.1f} (exit {text_code}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
