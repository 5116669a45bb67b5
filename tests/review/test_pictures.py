"""Pictures and charts: a different image, one deleted or added, a chart's new values are changes; a re-zip is not."""

from __future__ import annotations

from pathlib import Path


from authoring.review.compare import compare
from authoring.review.pictures import pictures
from authoring.review.reader import read_docx
from authoring.review.report_html import render as render_html

from . import wordfiles as wf
from .conftest import run_diff as diff
from .conftest import run_docx2text as docx2text

CORPUS = Path(__file__).parent / "corpus"
RED = b"\x89PNG\r\n\x1a\n red pixels"
BLUE = b"\x89PNG\r\n\x1a\n blue pixels"


def draft(path: Path, body: str, media: dict) -> Path:
    return wf.write(path, wf.para("Intro.") + body + wf.para("Figure 1 Map", style="Caption")
                    + wf.para("End."), media=media)


def it_reports_a_different_image_in_the_same_place(tmp_path):
    old = draft(tmp_path / "old.docx", wf.para(inner=wf.picture("rIdP", "Map of the city")),
                {"rIdP": ("media/image1.png", RED)})
    new = draft(tmp_path / "new.docx", wf.para(inner=wf.picture("rIdP", "Map of the city")),
                {"rIdP": ("media/image1.png", BLUE)})
    assert [b.text for b in read_docx(old).blocks] == [b.text for b in read_docx(new).blocks]
    code, report = diff(old, new)
    assert code == 1
    assert "1 picture changed" in report
    section = report[report.index("Pictures changed (1)"):]
    assert "before Figure 1 Map  changed" in section or "before ¶2  changed" in section
    assert "Map of the city" in section and "caption: Figure 1 Map" in section
    html = render_html(compare(old, new)[0])
    assert "<h2>Pictures changed</h2>" in html and "Map of the city" in html
    # git's textconv sees it too
    assert docx2text(old) != docx2text(new)
    assert "[picture: Map of the city, " in docx2text(new)


def it_reports_an_image_deleted_or_added_with_no_text_around_it(tmp_path):
    media = {"rIdP": ("media/image1.png", RED)}
    with_picture = draft(tmp_path / "with.docx", wf.para(inner=wf.picture("rIdP")), media)
    without = draft(tmp_path / "without.docx", "", media)  # the image part stays, unused
    code, report = diff(with_picture, without)
    assert code == 1 and "deleted" in report[report.index("Pictures changed"):]
    code, report = diff(without, with_picture)
    assert code == 1 and "inserted" in report[report.index("Pictures changed"):]


def it_ignores_a_renamed_media_part_or_relationship_with_the_same_bytes(tmp_path):
    old = draft(tmp_path / "old.docx", wf.para(inner=wf.picture("rIdP", "Map")),
                {"rIdP": ("media/image1.png", RED)})
    new = draft(tmp_path / "new.docx", wf.para(inner=wf.picture("rId99", "Map")),
                {"rId99": ("media/picture-renamed.png", RED)})
    code, report = diff(old, new)
    assert code == 0, report
    assert docx2text(old) == docx2text(new)


def it_compares_charts_by_what_they_show(tmp_path):
    def chart_draft(name, part):
        return draft(tmp_path / name, wf.para(inner=wf.chart("rIdC")),
                     {"rIdC": ("charts/chart1.xml", part)})

    old = chart_draft("old.docx", wf.chart_part("Output", ["3", "4.5"]))
    same = chart_draft("same.docx", wf.chart_part("Output", ["3.0", "4.50"]))  # rewritten numbers
    new = chart_draft("new.docx", wf.chart_part("Output", ["3", "5"]))
    assert diff(old, same)[0] == 0
    code, report = diff(old, new)
    assert code == 1 and "[chart: " in report
    [before], [after] = pictures(read_docx(old)), pictures(read_docx(new))
    assert before.kind == after.kind == "chart" and before.digest != after.digest


def it_places_a_picture_in_its_paragraph_and_in_table_cells(tmp_path):
    media = {"rIdP": ("media/image1.png", RED)}
    path = wf.write(tmp_path / "p.docx", wf.para("Logo ", inner=wf.picture("rIdP", "Logo"))
                    + wf.table([["Name", "Mark"], ["A", "x"]]).replace(
                        "<w:t xml:space=\"preserve\">x</w:t></w:r>",
                        "<w:t xml:space=\"preserve\">x</w:t></w:r>" + wf.picture("rIdP", "Mark")),
                    media=media)
    text = docx2text(path)
    assert text.startswith("Logo\n[picture: Logo, ")
    assert "| A | x / [picture: Mark, " in text
    inside = pictures(read_docx(path))
    assert [p.inside for p in inside] == [True, True]


def it_sees_word_s_replaced_and_deleted_pictures():
    code, report = diff(CORPUS / "WC013-Image-Before.docx", CORPUS / "WC013-Image-After.docx")
    assert code == 1 and "Pictures changed (1)" in report and "changed" in report
    code, report = diff(CORPUS / "WC016-Para-Image-Para.docx",
                        CORPUS / "WC016-Para-Image-Para-w-Deleted-Image.docx")
    assert code == 1 and "deleted" in report[report.index("Pictures changed (1)"):]
    comparison = compare(CORPUS / "WC013-Image-Before.docx", CORPUS / "WC013-Image-Before.docx")[0]
    assert not comparison.differ and not comparison.pictures
