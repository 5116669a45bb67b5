"""The example report's DOCX and PDF read back against the review- and print-grade rules."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile

import pytest
from pypdf import PdfReader

from authoring.build import build

from .pdflines import outline_titles, pdf_lines, short_lines
from .readback import (W, docx_xml, missing_in_order, pdf_body_text, pdf_pages,
                       seed_paragraphs)

PROHIBITED_START = "、。，：；？！）」》”"
PROHIBITED_END = "（「《“"


def _instr(xml) -> str:
    return " ".join(t.text or "" for t in xml.iter(f"{{{W}}}instrText"))


def it_gives_every_paragraph_a_named_style(built_example):
    body = docx_xml(built_example.outputs["docx"])
    styles = docx_xml(built_example.outputs["docx"], "word/styles.xml")
    defined = {s.get(f"{{{W}}}styleId") for s in styles.iter(f"{{{W}}}style")}
    paragraphs = list(body.iter(f"{{{W}}}p"))
    assert len(paragraphs) > 40
    for p in paragraphs:
        style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        assert style is not None and style.get(f"{{{W}}}val") in defined


def it_has_live_fields_and_bookmarks_behind_every_reference(built_example):
    body = docx_xml(built_example.outputs["docx"])
    codes = _instr(body)
    for field in ("TOC \\o", "SEQ 图", "SEQ 附表", "REF ", "PAGE"):  # the table is in the annex
        assert field in codes or field == "PAGE", field
    footer_codes = ""
    with zipfile.ZipFile(built_example.outputs["docx"]) as archive:
        for name in archive.namelist():
            if name.startswith("word/footer"):
                footer_codes += archive.read(name).decode("utf-8")
    assert "PAGE" in footer_codes
    bookmarks = {b.get(f"{{{W}}}name") for b in body.iter(f"{{{W}}}bookmarkStart")}
    refs = re.findall(r"REF (\S+)", codes)
    assert refs and all(r in bookmarks for r in refs)
    settings = docx_xml(built_example.outputs["docx"], "word/settings.xml")
    assert settings.find(f"{{{W}}}updateFields") is not None


def it_tags_chinese_and_sets_east_asian_fonts(built_example):
    styles = docx_xml(built_example.outputs["docx"], "word/styles.xml")
    text = zipfile.ZipFile(built_example.outputs["docx"]).read("word/styles.xml").decode()
    assert 'w:eastAsia="zh-CN"' in text and "eastAsiaTheme" not in text
    fonts = {f.get(f"{{{W}}}eastAsia") for f in styles.iter(f"{{{W}}}rFonts")}
    assert {"SimSun", "SimHei"} <= fonts


def it_puts_the_source_footnote_in_its_own_part(built_example):
    notes = docx_xml(built_example.outputs["docx"], "word/footnotes.xml")
    text = "".join(t.text or "" for t in notes.iter(f"{{{W}}}t"))
    assert "资料来源" in text
    body = docx_xml(built_example.outputs["docx"])
    assert list(body.iter(f"{{{W}}}footnoteReference"))


def it_gives_every_picture_alt_text(built_example):
    body = docx_xml(built_example.outputs["docx"])
    pics = list(body.iter("{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"))
    assert pics and all(p.get("descr") for p in pics)
    assert any("自然科学奖43项" in p.get("descr") for p in pics)


def it_embeds_every_pdf_font_and_uses_the_sc_faces(built_example):
    out = subprocess.run(["pdffonts", str(built_example.outputs["pdf"])], capture_output=True,
                         text=True, check=True).stdout.splitlines()[2:]
    assert out and all(" yes " in line for line in out)
    assert any("CJK-SC" in line for line in out) and not any("CJK-JP" in line for line in out)


def it_mirrors_chapters_and_sections_in_the_pdf_outline(built_example):
    reader = PdfReader(str(built_example.outputs["pdf"]))
    outline = outline_titles(built_example.outputs["pdf"])
    for heading in ("综述", "原始创新能力不断增强", "高质量发展支撑有力", "多元创新网络深入拓展",
                    "创新创业环境持续优化", "附录 主要统计指标"):
        assert heading in outline
    assert reader.metadata.title == "2020上海科技进步报告"
    assert "/Lang" in reader.trailer["/Root"] and str(reader.trailer["/Root"]["/Lang"]) == "zh-CN"


def it_starts_no_pdf_line_with_prohibited_punctuation(built_example):
    lines = [line.strip() for line in pdf_body_text(built_example.outputs["pdf"]).splitlines() if line.strip()]
    assert len(lines) > 100
    assert [l for l in lines if l[0] in PROHIBITED_START] == []
    assert [l for l in lines if l[-1] in PROHIBITED_END] == []


def it_prints_the_page_each_heading_lands_on_in_the_pdf_contents(built_example):
    pages = subprocess.run(["pdftotext", "-layout", str(built_example.outputs["pdf"]), "-"],
                           capture_output=True, text=True, check=True).stdout.split("\f")
    contents = pages[1]
    entries = re.findall(r"^\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$", contents, re.M)
    assert len(entries) >= 6
    for title, number in entries:
        title = title.replace(" ", "")
        landing = [i for i, page in enumerate(pages)
                   if re.search(rf"^\s*{re.escape(number)}\s*$", page, re.M) and title in page.replace(" ", "")]
        assert landing, (title, number)


def it_builds_the_print_edition_with_bleed_and_trim_boxes(example_copy):
    result = build(example_copy, formats=["pdf"], edition="print")
    box = subprocess.run(["pdfinfo", "-box", str(result.outputs["pdf"])], capture_output=True,
                         text=True, check=True).stdout
    trim = re.search(r"TrimBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", box).groups()
    bleed = re.search(r"BleedBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", box).groups()
    media = re.search(r"MediaBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", box).groups()
    assert [round(float(v)) for v in trim] == [0, 0, 595, 842]
    assert [round(float(v), 1) for v in bleed] == [-8.5, -8.5, 603.8, 850.4]  # 3 mm = 8.5 pt
    assert media == bleed


def it_attaches_the_report_data_to_a_pdf_a3b(example_copy):
    toml = example_copy / "report.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        '[pdf]\nedition = "screen"', '[pdf]\nedition = "screen"\nvariant = "pdf/a-3b"\nattach_data = true'),
        encoding="utf-8")
    result = build(example_copy, formats=["pdf"])
    reader = PdfReader(str(result.outputs["pdf"]))
    assert set(reader.attachments) == {"indicators.yaml", "values.csv", "awards.xlsx"}
    assert reader.attachments["values.csv"][0] == (example_copy / "data" / "values.csv").read_bytes()
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    check = subprocess.run(["qpdf", "--check", str(result.outputs["pdf"])], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def it_opens_in_libreoffice_with_the_whole_overview_in_chinese_faces(built_example, tmp_path):
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(built_example.outputs["docx"])],
                   capture_output=True, check=True, timeout=180)
    pdf = tmp_path / "sti-progress-2020.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(" yes " in row for row in rows)
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts
    assert missing_in_order(pdf_body_text(pdf, 50, 50), seed_paragraphs()) == []


def it_tags_the_pdf_ua_variant_with_alt_text_for_every_chart(example_copy, tmp_path):
    result = build(example_copy, formats=["pdf"], variant="pdf/ua-1")
    info = subprocess.run(["pdfinfo", str(result.outputs["pdf"])], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    flat = tmp_path / "flat.pdf"
    subprocess.run(["qpdf", "--qdf", "--object-streams=disable", str(result.outputs["pdf"]), str(flat)],
                   check=True)
    alts = re.findall(rb"/Alt <feff([0-9a-f]+)>", flat.read_bytes())
    texts = [bytes.fromhex(a.decode()).decode("utf-16-be") for a in alts]
    assert len(texts) == len(result.charts_redrawn + result.charts_cached) == 3
    assert any("自然科学奖43项" in t for t in texts)


# ------------------------------------------------------------------ justification (issue 12)

BODY_EM_PT = 10.5


def it_ends_every_non_final_line_of_a_chinese_paragraph_within_1pt_of_the_margin(built_example):
    measured, short = short_lines(built_example.outputs["pdf"], 1.0)
    assert measured >= 60
    assert short == []


def it_leaves_no_hole_inside_a_paragraph(built_example, built_english):
    """No line inside a paragraph is shorter than the measure by a character or more."""
    measured, holes = short_lines(built_example.outputs["pdf"], BODY_EM_PT, min_chars=1)
    assert measured >= 60 and holes == []
    measured, holes = short_lines(built_english.outputs["pdf"], BODY_EM_PT, chinese=False,
                                  min_chars=1, edge_chars=30)
    # the English fixture's prose (pinned fonts, worded phrasing) has five non-final lines
    assert measured >= 4 and holes == []


def it_justifies_english_by_spaces_within_1pt_of_the_margin(built_english):
    measured, short = short_lines(built_english.outputs["pdf"], 1.0, chinese=False, min_chars=1,
                                  edge_chars=30)
    assert measured >= 4  # not a vacuous pass: the fixture's paragraphs have five such lines
    assert short == []


def _chapter_last_pages(reader) -> set[int]:
    starts = sorted({reader.get_destination_page_number(item) for item in reader.outline
                     if not isinstance(item, list)})
    return {start - 1 for start in starts[1:]} | {len(reader.pages) - 1}


def it_leaves_no_page_inside_a_chapter_a_sixth_empty(built_example):
    """A figure that does not fit waits for the next page while the text fills this one
    (before: 23% of page 2 of the body stayed empty above the doughnut chart)."""
    pdf = built_example.outputs["pdf"]
    reader = PdfReader(str(pdf))
    first_body = reader.get_destination_page_number(reader.outline[0])
    last_pages = _chapter_last_pages(reader)
    height = float(reader.pages[0].mediabox.height)
    top, bottom = 25 / 25.4 * 72, height - 25 / 25.4 * 72  # report.toml: 25 mm margins
    checked = 0
    for index, lines in enumerate(pdf_lines(pdf)):
        if index < first_body or index in last_pages:
            continue
        body = [line for line in lines if top - 2 <= line.y0 and line.y1 <= bottom + 2]
        lowest = max(line.y1 for line in body)
        assert (bottom - lowest) / (bottom - top) < 1 / 6, f"page {index + 1}"
        checked += 1
    assert checked >= 3


def it_sets_short_contents_and_lists_on_one_page(built_example):
    pages = pdf_pages(built_example.outputs["pdf"])
    front = [i for i, text in enumerate(pages) if re.search(r"目\s*录", text)]
    assert len(front) == 1, front
    assert re.search(r"图\s*目\s*录", pages[front[0]]) and re.search(r"表\s*目\s*录", pages[front[0]])


def it_keeps_chart_labels_as_searchable_text_in_vector_charts(built_example):
    """Chart labels are text in the PDF (the body writes "294 项" with a quarter-em space,
    the doughnut chart "294项"), and no chart became a raster image."""
    pdf = built_example.outputs["pdf"]
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for label in ("294项", "205项", "发明专利授权量", "增长6.5%"):
        assert label in text, label
    images = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                            check=True).stdout.splitlines()[2:]
    assert images == []


def it_labels_pdf_pages_with_the_printed_folios(built_example):
    reader = PdfReader(str(built_example.outputs["pdf"]))
    labels = reader.page_labels
    first_body = reader.get_destination_page_number(reader.outline[0])
    assert labels[0] == "封面"
    assert labels[1:first_body] == ["i", "ii", "iii"][:first_body - 1]
    assert labels[first_body:] == [str(n) for n in range(1, len(labels) - first_body + 1)]
