"""Helpers for the second-round threat tests: the English report built once (the last good
outputs), private copies of it, and the CLI run in a child limited to 10 s and 500 MB whose
failure must leave every previous output byte for byte as it was."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

SECONDS, MEGABYTES = 10, 500
SECRET = "TOP-SECRET-9c1e"


def run_limited(*args: str, seconds: float = SECONDS, memory_mb: int = MEGABYTES, env=None):
    """`python -m authoring ARGS` in a child limited in address space and time: a hang or a
    memory bomb fails the test (TimeoutExpired, MemoryError) instead of taking the machine."""
    return run_python("-m", "authoring", *args, seconds=seconds, memory_mb=memory_mb, env=env)


def run_python(*args: str, seconds: float = SECONDS, memory_mb: int = MEGABYTES, env=None):
    """`python ARGS` (a script with -c, or a module with -m) limited as run_limited says."""
    def limit():
        size = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    # one BLAS thread: each reserves address space that RLIMIT_AS counts
    return subprocess.run([sys.executable, *args], capture_output=True,
                          text=True, timeout=seconds, preexec_fn=limit,
                          env={**os.environ, "OPENBLAS_NUM_THREADS": "1", **(env or {})})


def outputs(project: Path) -> dict[str, bytes]:
    out = project / "out"
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def fails_cleanly(result, before: dict | None, project: Path | None, code: int | None,
                  *words: str) -> str:
    """The run ended with a message (no traceback) and exit `code`, naming `words`, and left
    out/ as `before` (the last good build's files)."""
    text = result.stdout + result.stderr
    assert result.returncode != 0, text
    assert "Traceback" not in text, text
    if code is not None:
        assert result.returncode == code, text
    for word in words:
        assert word in text, text
    if before is not None:
        assert outputs(project) == before
    return text


# the last good build (DOCX, PDF, HTML) and a private copy of it, as for the bad inputs
from tests.test_bad_inputs import good_build, project  # noqa: E402, F401


def secret_file(tmp_path: Path, name: str = "secret.txt", text: str = SECRET) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / name
    path.write_text(text, encoding="utf-8")
    return path


def docx_text(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist()
                       if n.endswith(".xml"))


def build(project: Path, *extra: str):
    return run_limited("build", "--project", str(project), *extra)
