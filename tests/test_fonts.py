"""Fonts are inputs: the PDF does not change with the extra fonts a machine happens to have,
a missing font fails the build with the reason, and the manifest records the font files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from authoring.records.manifest import sha256

NOTO = Path("/usr/share/fonts/opentype/noto")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
STEM = "innovation-review-2023"


def run(project: Path, *args, env=None):
    return subprocess.run([sys.executable, "-m", "authoring", "build", "--project", str(project),
                           *args], capture_output=True, text=True, env=env, timeout=600)


def fontconfig_with(tmp_path: Path, *dirs: Path) -> dict:
    """An environment whose fontconfig sees only `dirs` (the system's rules otherwise):
    a machine without the extra font packages."""
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        "<fontconfig>\n" + "".join(f"  <dir>{d}</dir>\n" for d in dirs) +
        '  <include ignore_missing="yes">/etc/fonts/conf.d</include>\n'
        f"  <cachedir>{tmp_path / 'fc-cache'}</cachedir>\n</fontconfig>\n", encoding="utf-8")
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


def extra_fonts_installed() -> bool:
    out = subprocess.run(["fc-match", "-f", "%{family}", "Times New Roman"],
                         capture_output=True, text=True).stdout
    return "Liberation" in out


@pytest.mark.skipif(not NOTO.is_dir(), reason="fonts-noto-cjk is not installed")
@pytest.mark.skipif(not extra_fonts_installed(), reason="needs the Liberation fonts (LibreOffice's) "
                    "installed, to compare with a fontconfig that does not see them")
def it_gives_the_same_pdf_with_and_without_extra_font_packages(english_copy, tmp_path):
    assert run(english_copy, "--format", "pdf").returncode == 0
    pdf = english_copy / "out" / f"{STEM}.pdf"
    with_extra = pdf.read_bytes()
    # fontconfig would give Liberation Serif for "Times New Roman" here, and not below
    result = run(english_copy, "--format", "pdf", "--force",
                 env=fontconfig_with(tmp_path, NOTO, DEJAVU))
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes() == with_extra
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "Liberation" not in fonts and "Noto-Serif-CJK-SC" in fonts


@pytest.mark.skipif(not DEJAVU.is_dir(), reason="fonts-dejavu-core is not installed")
def it_fails_a_chinese_report_with_the_reason_when_its_font_is_missing(example_copy, tmp_path):
    assert run(example_copy, "--format", "docx").returncode == 0
    out = example_copy / "out"
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    env = fontconfig_with(tmp_path, DEJAVU)
    result = run(example_copy, "--format", "docx,pdf", env=env)
    assert result.returncode == 7, result.stderr
    assert "font 'Noto Serif CJK SC' ([style] body_fallback) is not installed" in result.stderr
    assert "fonts-noto-cjk" in result.stderr and "Traceback" not in result.stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    check = subprocess.run([sys.executable, "-m", "authoring", "check", "--project",
                            str(example_copy)], capture_output=True, text=True, env=env)
    assert check.returncode != 0 and "Noto Serif CJK SC" in check.stdout


@pytest.mark.skipif(not DEJAVU.is_dir(), reason="fonts-dejavu-core is not installed")
def it_warns_an_english_report_whose_fallback_font_is_missing(english_copy, tmp_path):
    result = run(english_copy, "--format", "pdf", env=fontconfig_with(tmp_path, DEJAVU))
    assert result.returncode == 0, result.stderr
    assert "warning: font 'Noto Serif CJK SC' ([style] body_fallback) is not installed" \
        in result.stderr


@pytest.mark.skipif(not NOTO.is_dir(), reason="fonts-noto-cjk is not installed")
def it_records_the_font_files_with_their_hashes_in_the_manifest(english_copy):
    assert run(english_copy, "--format", "pdf").returncode == 0
    manifest = json.loads((english_copy / "out" / f"{STEM}-manifest.json").read_text())
    fonts = manifest["fonts"]
    assert {"body-regular", "body-bold", "heading-regular", "heading-bold",
            "charts-regular"} <= set(fonts)
    for entry in fonts.values():
        assert sha256(Path(entry["file"])) == entry["sha256"]
    assert fonts["body-regular"]["family"] == "Noto Serif CJK SC"


@pytest.mark.skipif(not extra_fonts_installed(), reason="needs a substitute for Times New Roman")
def it_warns_when_a_font_the_report_names_is_a_substitute(english_copy):
    toml = english_copy / "report.toml"
    toml.write_text(toml.read_text() + '\n[style]\nbody_font_latin = "Times New Roman"\n')
    result = run(english_copy, "--format", "pdf")
    assert result.returncode == 0, result.stderr
    assert "font 'Times New Roman' ([style] body_font_latin) is not installed" in result.stderr
    assert "substitute Liberation Serif" in result.stderr
    fonts = subprocess.run(["pdffonts", str(english_copy / "out" / f"{STEM}.pdf")],
                           capture_output=True, text=True).stdout
    assert "Liberation" not in fonts
