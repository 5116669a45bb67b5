"""Threat: two builds of one report at once (an editor's second terminal, two CI jobs on one
checkout). They must not share temporary files: the second waits for the first, neither
prints a traceback, no stray temporary is left, and out/ holds one consistent set of files."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from ..conftest import ENGLISH, copy_project


def it_serialises_two_builds_of_one_report(tmp_path):
    project = copy_project(ENGLISH, tmp_path / "en")
    command = [sys.executable, "-m", "authoring", "build", "--project", str(project),
               "--format", "docx,pdf", "--force"]
    runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    results = [(p.wait(timeout=600), *p.communicate()) for p in runs]
    for code, _, stderr in results:
        assert code == 0, stderr
        assert "Traceback" not in stderr
    # one of them found the other running and said so
    assert any("waiting for it to finish" in stderr for _, _, stderr in results)
    out = project / "out"
    assert not [p.name for p in out.rglob("*") if ".tmp" in p.name]
    manifest = json.loads((out / "innovation-review-2023-manifest.json").read_text())
    for name, entry in manifest["outputs"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == entry["sha256"], name
