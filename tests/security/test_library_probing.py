"""Threat (to speed and to locked-down CI): a build runs other programs to find libraries.

ctypes.util.find_library runs `ldconfig -p`, gcc and ld; WeasyPrint's import and our
harfbuzz-subset check called it 39 times per build (218 processes). Now libraries are found
by dlopen of their soname: a PDF build runs no program but Python itself.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap

import pytest

from authoring.writers.weasyprint.weasy import find_by_soname, has_library

PROBES = re.compile(r"(ldconfig|gcc|collect2|/ld|cc1|objdump)\"")


def _sitecustomize(folder, log):
    """A sitecustomize that logs every program any Python process of the build starts."""
    folder.mkdir()
    (folder / "sitecustomize.py").write_text(textwrap.dedent(f"""
        import os, subprocess
        with open({str(log)!r}, "a") as f:
            f.write("loaded\\n")  # proves that every Python process of the build ran this
        _init = subprocess.Popen.__init__
        def _logged(self, args, *a, **k):
            with open({str(log)!r}, "a") as f:
                f.write(repr(args) + "\\n")
            return _init(self, args, *a, **k)
        subprocess.Popen.__init__ = _logged
        """), encoding="utf-8")


@pytest.mark.parametrize("method", ["strace", "sitecustomize"])
def it_runs_no_ldconfig_or_gcc_during_a_pdf_build(english_copy, tmp_path, method):
    args = [sys.executable, "-m", "authoring", "build", "--project", str(english_copy),
            "--format", "pdf"]
    env = None
    log = tmp_path / "spawned.txt"
    if method == "strace":
        if not shutil.which("strace"):
            pytest.skip("strace is not installed")
        args = ["strace", "-f", "-qq", "-e", "trace=execve", "-o", str(log), *args]
    else:
        import os

        _sitecustomize(tmp_path / "site", log)
        env = {**os.environ, "PYTHONPATH": str(tmp_path / "site")}
    result = subprocess.run(args, capture_output=True, text=True, timeout=600, env=env)
    if method == "strace" and "ptrace" in result.stderr:
        pytest.skip("ptrace is not permitted here")
    assert result.returncode == 0, result.stderr
    assert (english_copy / "out" / "innovation-review-2023.pdf").is_file()
    spawned = log.read_text() if log.exists() else ""
    if method == "sitecustomize":
        lines = spawned.splitlines()
        assert lines.count("loaded") >= 2  # the build and its PDF worker
        assert [line for line in lines if line != "loaded"] == []  # not one subprocess.Popen
    else:
        assert PROBES.findall(spawned) == []
        assert "execve(" in spawned  # strace did record: Python itself at least


def it_finds_libraries_by_soname_without_a_subprocess(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    assert find_by_soname("harfbuzz") == "libharfbuzz.so.0"
    assert find_by_soname("gobject-2.0") == "libgobject-2.0.so.0"
    assert find_by_soname("libgobject-2.0-0") is None  # WeasyPrint's Windows-style names
    assert has_library("pango-1.0")
    assert not has_library("no-such-library-xyz")
