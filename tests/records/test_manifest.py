"""The manifest records the rendering stack's versions, and a changed library means a rebuild."""

from __future__ import annotations

import json
import shutil
import subprocess
from importlib.metadata import version

import pytest

from authoring.build import build

RENDERING = {"weasyprint", "typst", "python-docx", "matplotlib", "pango", "harfbuzz"}


def _manifest(result) -> dict:
    return json.loads(result.outputs["manifest"].read_text(encoding="utf-8"))


def it_records_the_versions_of_the_rendering_libraries(english_copy):
    versions = _manifest(build(english_copy, formats=["docx"]))["versions"]
    assert set(versions) == RENDERING
    for package in ("weasyprint", "typst", "python-docx", "matplotlib"):
        assert versions[package] == version(package)
    # Pango as WeasyPrint itself loads it: pango_version() is 1.50.12 → 15012
    from weasyprint.text.ffi import pango

    major, minor, micro = (int(n) for n in versions["pango"].split("."))
    assert pango.pango_version() == major * 10000 + minor * 100 + micro


@pytest.mark.skipif(shutil.which("dpkg-query") is None, reason="needs Debian's package database")
def it_records_the_system_libraries_the_package_manager_installed(english_copy):
    versions = _manifest(build(english_copy, formats=["docx"]))["versions"]
    for package, name in (("libpango-1.0-0", "pango"), ("libharfbuzz0b", "harfbuzz")):
        installed = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package],
                                   capture_output=True, text=True, check=True).stdout
        # Debian's "1.50.12+ds-1" is upstream 1.50.12 plus packaging suffixes
        assert installed.split(":")[-1].startswith(versions[name] + "+") or \
            installed.split(":")[-1].startswith(versions[name] + "-"), (installed, versions[name])


def it_rebuilds_when_a_rendering_library_changed(english_copy):
    first = build(english_copy, formats=["docx"])
    assert build(english_copy, formats=["docx"]).up_to_date
    path = first.outputs["manifest"]
    recorded = json.loads(path.read_text(encoding="utf-8"))
    recorded["versions"]["pango"] = "1.44.0"  # as if the last build ran on an older system
    path.write_text(json.dumps(recorded, sort_keys=True, indent=2, ensure_ascii=False) + "\n",
                    encoding="utf-8")
    assert not build(english_copy, formats=["docx"]).up_to_date
    assert build(english_copy, formats=["docx"]).up_to_date
