"""The 300-page synthetic report (benchmarks/synth.py): every contents and list entry prints the
folio of the page its heading or caption lands on, in both engines.

Slow (two to five minutes on a loaded machine: the charts are drawn once, then each engine lays out 270+ pages):
built once per session, marked `slow` (`-m "not slow"` leaves it out).
"""

from __future__ import annotations

import subprocess

import pytest
import typst

from authoring.build import build, make_document
from authoring.writers.options import TOC_DEPTH
from authoring.writers.pagecheck import expected_entries, read_entries
from authoring.writers.typst import fonts, typst_source
from authoring.writers.typst.converge import unsettled
from benchmarks.synth import generate

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def long_report(tmp_path_factory):
    """The project, its PDF from each engine, and how many entries its lists hold."""
    project = tmp_path_factory.mktemp("synth") / "synthetic-300p"
    generate(project, pages=300)
    pdfs = {engine: build(project, formats=["pdf"], out_dir=project / "out",
                          engine=engine, force=True).outputs["pdf"]
            for engine in ("typst", "weasyprint")}
    made = make_document(project, out_dir=project / "out")
    return pdfs, made, expected_entries(made.document, TOC_DEPTH)


def folios(pdf) -> list[str]:
    """The last line of each page as poppler reads it: the folio, or "" on a blank page."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return [(page.strip().splitlines() or [""])[-1].strip() for page in text.split("\f")]


@pytest.mark.parametrize("engine", ["typst", "weasyprint"])
def it_prints_the_folio_each_entry_lands_on(long_report, engine):
    pdfs, _made, expected = long_report
    entries = read_entries(pdfs[engine].read_bytes())
    assert len(entries) == expected > 400
    printed = folios(pdfs[engine])
    assert len(printed) > 250
    # against the folio printed on the landing page, not only the engine's page label
    wrong = [(e.name, e.printed, printed[e.target]) for e in entries
             if e.printed != printed[e.target] or e.printed != e.landed]
    assert wrong == []
    assert len({e.target for e in entries}) > 200


def it_needed_the_second_typst_compilation(long_report):
    """The first compilation does not settle (the case of issue 27); the PDF above is right."""
    _pdfs, made, _expected = long_report
    source = typst_source(made.document, made.options)
    _data, warnings = typst.compile_with_warnings(
        source.source.encode(), root=str(source.root), font_paths=fonts(), format="pdf")
    assert any("did not converge" in message for message in unsettled(warnings))
