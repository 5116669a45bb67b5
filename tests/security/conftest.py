"""Helpers for the threat tests: a hostile copy of the English report, the CLI run in-process."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner


def cli(*args: str):
    """Run `authoring ARGS` in-process; an uncaught exception stays on `result.exception`."""
    from authoring.cli import main

    return CliRunner().invoke(main, list(args), catch_exceptions=True)


def assert_plain_error(result, exit_code: int | None = None, *words: str) -> str:
    """The command failed with a message and an exit code, not a Python traceback."""
    text = result.output  # click 8.2: stdout and stderr interleaved
    assert isinstance(result.exception, SystemExit), \
        f"uncaught {type(result.exception).__name__}: {result.exception}\n{text}"
    assert "Traceback" not in text
    assert result.exit_code != 0
    if exit_code is not None:
        assert result.exit_code == exit_code, text
    for word in words:
        assert word in text, text
    return text


def set_key(project: Path, section: str, key: str, value: str) -> None:
    """Set `key = value` (TOML source) in `[section]` of report.toml, adding it if absent."""
    toml = project / "report.toml"
    text = toml.read_text(encoding="utf-8")
    block = re.search(rf"^\[{re.escape(section)}\]\n(.*?)(?=^\[|\Z)", text, re.M | re.S)
    if block is None:
        text += f"\n[{section}]\n{key} = {value}\n"
    elif re.search(rf"^{key}\s*=.*$", block.group(1), re.M):
        body = re.sub(rf"^{key}\s*=.*$", f"{key} = {value}", block.group(1), count=1, flags=re.M)
        text = text[:block.start(1)] + body + text[block.end(1):]
    else:
        text = text[:block.start(1)] + f"{key} = {value}\n" + text[block.start(1):]
    toml.write_text(text, encoding="utf-8")


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")} if folder.exists() else set()


def run_bounded(args: list[str], seconds: float = 60, memory_mb: int = 1500, cwd=None, env=None):
    """`python -m authoring ARGS` in a child limited in time and address space, so a test of a
    hang or a memory bomb fails (TimeoutExpired, MemoryError) instead of taking the machine."""
    import os
    import resource
    import subprocess
    import sys

    def limit():
        size = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return subprocess.run([sys.executable, "-m", "authoring", *args], capture_output=True,
                          text=True, timeout=seconds, preexec_fn=limit, cwd=cwd,
                          env={**os.environ, **(env or {})})


def peak_rss(args: list[str], seconds: float = 120, memory_mb: int = 2500):
    """(completed process, peak resident memory in MB) of `python -m authoring ARGS`, measured
    by a wrapper process whose only child is that run (RUSAGE_CHILDREN of the wrapper)."""
    import subprocess
    import sys

    wrapper = ("import resource, subprocess, sys\n"
               f"size = {memory_mb} * 2**20\n"
               "limit = lambda: resource.setrlimit(resource.RLIMIT_AS, (size, size))\n"
               "r = subprocess.run(sys.argv[1:], preexec_fn=limit)\n"
               "print('PEAK', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
               "sys.exit(r.returncode)\n")
    result = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "authoring", *args],
                            capture_output=True, text=True, timeout=seconds)
    peak_kb = int(result.stderr.rsplit("PEAK ", 1)[1].split()[0])
    result.stderr = result.stderr.rsplit("PEAK ", 1)[0]
    return result, peak_kb / 1024
