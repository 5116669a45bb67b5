"""`authoring reference-docx`: the report owner restyles Word styles without touching code."""

from __future__ import annotations

import subprocess
import sys

from docx import Document as DocxDocument
from docx.shared import Pt, RGBColor

from authoring.build import build


def run(*args):
    return subprocess.run([sys.executable, "-m", "authoring", *args], capture_output=True, text=True)


def it_writes_a_reference_whose_restyled_styles_the_next_build_uses(english_copy):
    result = run("reference-docx", "--project", str(english_copy))
    assert result.returncode == 0, result.stderr
    reference = english_copy / "templates" / "reference.docx"
    sample = DocxDocument(str(reference))
    names = {p.style.name for p in sample.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "Body Text", "Table Caption"} <= names

    # what an owner does in Word: change a style, save
    heading = sample.styles["Heading 1"]
    heading.font.size = Pt(27)
    heading.font.color.rgb = RGBColor(0x80, 0x00, 0x20)
    sample.save(str(reference))

    built = build(english_copy, formats=["docx"])
    document = DocxDocument(str(built.outputs["docx"]))
    style = document.styles["Heading 1"]
    assert style.font.size == Pt(27) and style.font.color.rgb == RGBColor(0x80, 0x00, 0x20)
    assert any(p.style.name == "Heading 1" and p.text == "Summary" for p in document.paragraphs)


def it_does_not_overwrite_an_existing_reference_without_force(english_copy):
    assert run("reference-docx", "--project", str(english_copy)).returncode == 0
    again = run("reference-docx", "--project", str(english_copy))
    assert again.returncode == 3 and "already exists" in again.stderr and "--force" in again.stderr
    assert run("reference-docx", "--project", str(english_copy), "--force").returncode == 0
