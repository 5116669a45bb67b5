"""Every chart kind placed by a template lands in the DOCX (PNG + SVG, alt text, caption) and
in the PDF (vector drawing, caption), in the order the template gives."""

from __future__ import annotations

import subprocess
import zipfile

import pytest

from authoring.build import build

from ..readback import docx_paragraphs, normalize, pdf_body_text

FIGURES = {
    "k_bar": "kind: bar\nseries: [grants]\nyears: [report-2, report-1, report]\nshow_growth: true\n",
    "k_grouped": "kind: grouped_bar\nseries: [startups, national_startups]\nyears: [report-1, report]\n",
    "k_stacked": "kind: stacked_bar\nseries: [fund_basic, fund_applied]\nyears: [report-1, report]\n",
    "k_hbar": "kind: hbar\nmeasure: share\nseries: [startups]\nyear: report\n",
    "k_line": "kind: line\nseries: [rd_intensity]\nyears: [report-2, report-1, report]\n",
    "k_bar_line": "kind: bar_line\nseries: [funding, rd_intensity]\nsecondary: [rd_intensity]\n"
                  "years: [report-1, report]\n",
    "k_pie": "kind: pie\nbreakdown: funding_by_type\n",
    "k_donut": "kind: donut\nbreakdown: funding_by_type\n",
    "k_panels": "kind: panels\nseries: [grants, startups]\nyears: [report-1, report]\n",
}


@pytest.fixture(scope="module")
def all_kinds(tmp_path_factory):
    from ..conftest import ENGLISH, copy_project

    project = copy_project(ENGLISH, tmp_path_factory.mktemp("kinds") / "p")
    for ident, text in FIGURES.items():
        (project / "figures" / f"{ident}.yaml").write_text(
            text + f"caption: Chart of kind {ident}\n", encoding="utf-8")
    chapter = "# Charts\n\n" + "\n".join(f'{{{{ figure("{i}") }}}}\n' for i in FIGURES)
    (project / "templates" / "charts.md.j2").write_text(chapter, encoding="utf-8")
    toml = project / "report.toml"
    toml.write_text(toml.read_text().replace('[[chapters]]\ntemplate = "tables.md.j2"',
                                             '[[chapters]]\ntemplate = "charts.md.j2"\n\n'
                                             '[[chapters]]\ntemplate = "tables.md.j2"'), encoding="utf-8")
    return build(project, formats=["docx", "pdf"])


def it_places_every_kind_in_the_docx_with_png_svg_and_alt_text(all_kinds):
    path = all_kinds.outputs["docx"]
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        body = archive.read("word/document.xml").decode("utf-8")
    total = len(FIGURES) + 2  # plus the two figures of the summary chapter
    # k_bar and k_pie draw the same pictures as the summary's grants_trend and funding_split;
    # python-docx stores each picture once
    assert len([n for n in names if n.startswith("word/media/") and n.endswith(".svg")]) == total - 2
    assert len([n for n in names if n.startswith("word/media/") and n.endswith(".png")]) == total - 2
    assert body.count("svgBlip") == total
    import re

    assert len(re.findall(r'<wp:docPr [^>]*descr="[^"]+"', body)) == total and 'descr=""' not in body
    text = "\n".join(docx_paragraphs(path))
    positions = [text.find(f"Chart of kind {i}") for i in FIGURES]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    for n, ident in enumerate(FIGURES, start=3):
        assert f"Figure {n} Chart of kind {ident}" in text


def it_draws_every_kind_as_vector_in_the_pdf_with_its_caption(all_kinds):
    path = all_kinds.outputs["pdf"]
    text = normalize(pdf_body_text(path))
    positions = [text.find(normalize(f"Chart of kind {i}")) for i in FIGURES]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images == []  # SVG charts are drawn as vector paths, never embedded as bitmaps
