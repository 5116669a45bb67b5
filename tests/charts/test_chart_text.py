"""Chart labels are text in both engines' PDFs, set in the report's fonts, the chart still
vector; every chart has alternative text in the DOCX (`descr`) and in the tagged PDFs."""

from __future__ import annotations

import re
import subprocess
import zipfile

import pytest

from authoring.build import build

# each chart names an item with a word found nowhere else in the report
FIGURES = {
    "t_bar": "kind: bar\nseries: [startups, national_startups]\nhighlight: startups\n"
             "labels: {startups: Grantsbarword}\n",
    "t_grouped": "kind: grouped_bar\nseries: [startups, national_startups]\nyears: [report-1, report]\n"
                 "labels: {startups: Groupedword}\n",
    "t_stacked": "kind: stacked_bar\nbreakdown: funding_by_type\nyears: [report-2, report-1, report]\n"
                 "labels: {fund_basic: Stackedword}\n",
    "t_hbar": "kind: hbar\nmeasure: share\nseries: [startups]\nlabels: {startups: Hbarword}\n",
    "t_line": "kind: line\nseries: [startups, national_startups]\nyears: [report-2, report-1, report]\n"
              "labels: {startups: Lineword}\n",
    "t_bar_line": "kind: bar_line\nseries: [funding]\nshow_growth: true\nyears: [report-1, report]\n"
                  "labels: {funding: Barlineword}\n",
    "t_pie": "kind: pie\nbreakdown: funding_by_type\nlabels: {fund_basic: Pieword}\n",
    "t_donut": "kind: donut\nbreakdown: funding_by_type\nlabels: {fund_applied: Donutword}\n",
    "t_panels": "kind: panels\nseries: [grants, startups]\nyears: [report-1, report]\n"
                "labels: {startups: Panelword}\n",
}
WORDS = ["Grantsbarword", "Groupedword", "Stackedword", "Hbarword", "Lineword", "Barlineword",
         "Pieword", "Donutword", "Panelword"]


def project_with_every_kind(tmp_path_factory):
    from ..conftest import ENGLISH, copy_project

    project = copy_project(ENGLISH, tmp_path_factory.mktemp("text") / "p")
    for ident, text in FIGURES.items():
        (project / "figures" / f"{ident}.yaml").write_text(
            text + f"caption: Chart {ident}\n", encoding="utf-8")
    chapter = project / "templates" / "summary.md.j2"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "".join(
        f'\n{{{{ figure("{i}") }}}}\n' for i in FIGURES), encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def weasy(tmp_path_factory):
    return build(project_with_every_kind(tmp_path_factory), formats=["docx", "pdf"],
                 variant="pdf/ua-1")


@pytest.fixture(scope="module")
def typst(tmp_path_factory):
    return build(project_with_every_kind(tmp_path_factory), formats=["pdf"], engine="typst")


def pdftotext(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def fonts(path) -> set[str]:
    rows = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    # the same face is "Noto-Sans-CJK-SC" in WeasyPrint's PDF, "NotoSansCJKsc-Regular-Identity-H"
    # in Typst's: compare the letters of the family and weight
    names = {row.split()[0].split("+")[-1].replace("Identity-H", "") for row in rows}
    return {re.sub(r"[^a-z]", "", n.lower()).replace("regular", "") for n in names}


def alt_texts(path, tmp_path) -> list[str]:
    flat = tmp_path / "flat.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(path), str(flat)], check=True)
    data = flat.read_bytes()
    texts = [bytes.fromhex(a.decode()).decode("utf-16-be")
             for a in re.findall(rb"/Alt <feff([0-9a-f]+)>", data)]
    texts += [a.decode("latin-1") for a in re.findall(rb"/Alt \(([^)]*)\)", data)]
    return texts


@pytest.mark.parametrize("engine", ["weasy", "typst"])
def it_keeps_chart_labels_as_text_in_the_pdf(engine, request):
    result = request.getfixturevalue(engine)
    text = pdftotext(result.outputs["pdf"])
    missing = [w for w in WORDS if w not in text]
    assert missing == []
    assert "€99.8 million" in text  # the pie's money label, as the prose writes it
    images = subprocess.run(["pdfimages", "-list", str(result.outputs["pdf"])], capture_output=True,
                            text=True, check=True).stdout.splitlines()[2:]
    assert images == []  # still vector: no chart became a bitmap


def it_sets_chart_text_in_the_same_fonts_in_both_engines(weasy, typst):
    assert fonts(typst.outputs["pdf"]) == fonts(weasy.outputs["pdf"])
    assert "notosanscjksc" in fonts(typst.outputs["pdf"])  # the charts' face (ChartTheme)


def it_gives_every_chart_alt_text_in_the_docx(weasy):
    with zipfile.ZipFile(weasy.outputs["docx"]) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
    descrs = re.findall(r'<wp:docPr [^>]*descr="([^"]+)"', body)
    assert len(descrs) == len(FIGURES) + 2
    assert any(d.startswith("Pie chart: Chart t_pie. Pieword €99.8\u00a0million") for d in descrs), descrs


@pytest.mark.parametrize("engine", ["weasy", "typst"])
def it_tags_every_chart_with_its_alt_text(engine, request, tmp_path):
    result = request.getfixturevalue(engine)
    texts = alt_texts(result.outputs["pdf"], tmp_path)
    for ident in FIGURES:
        assert any(f"Chart {ident}" in t for t in texts), (ident, texts)
