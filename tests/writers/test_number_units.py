"""A number and its scale word stay on one line in English (issue 27: WeasyPrint's table set
"201.2 / million"): the phrasing joins them with a no-break space, which the table fitting
measures as one piece and both engines honour. Read back from the English fixture's PDFs."""

from __future__ import annotations

import re
import subprocess

import pytest

from authoring.build import build
from authoring.model.nodes import Cell, Text
from authoring.writers.tablefit import _pieces, cell_needs

from ..conftest import ENGLISH, copy_project
from ..readback import pdf_body_text

SCALE = r"(?:thousand|million|billion)"


def it_measures_a_number_and_its_scale_as_one_piece():
    assert _pieces("201.2\u00a0million") == ["201.2\u00a0million"]
    assert _pieces("201.2 million") == ["201.2", "million"]
    least, _ = cell_needs(Cell((Text("201.2\u00a0million"),)), head=False)
    assert least == pytest.approx(len("201.2 million") * 0.55)


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def it_never_ends_a_line_between_a_number_and_its_scale(engine, tmp_path):
    project = copy_project(ENGLISH, tmp_path / "english")
    pdf = build(project, formats=["pdf"], engine=engine).outputs["pdf"]
    layout = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout
    assert re.search(rf"\d {SCALE}", layout)  # the fixture prints scaled amounts
    # a table row whose scale words went to a line of their own ("201.2 / million")
    assert not re.findall(rf"^\s*{SCALE}(?:\s+{SCALE})*\s*$", layout, re.M)
    lines = [line.strip() for line in pdf_body_text(pdf).splitlines() if line.strip()]
    assert not [f"{a} / {b}" for a, b in zip(lines, lines[1:])
                if re.search(r"\d$", a) and re.match(SCALE, b)]
