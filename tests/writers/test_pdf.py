"""PDF writer: every check reads the written PDF back (poppler tools, pypdf)."""

from __future__ import annotations

import dataclasses
import logging
import re
import socket
import subprocess
from pathlib import Path
from urllib.request import pathname2url

import pypdf
import pytest

from authoring.errors import RenderError
from authoring.model.nodes import Heading
from authoring.model.text import plain_text
from authoring.writers.weasyprint.html import render_html
from authoring.writers.page import SLUG_MM, page_geometry
from authoring.writers.weasyprint.pdf import html_to_pdf, write_pdf

from ..pdflines import check_contents_pages, check_deterministic, check_metadata, check_outline
from .test_html import en_document, en_options, zh_document, zh_options

PT_PER_MM = 72 / 25.4
LINE_START_FORBIDDEN = set("、。，．：；？！）」』】〕〉》”’")
LINE_END_FORBIDDEN = set("（「『【〔〈《“‘")
CJK_LINE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]+")

# ------------------------------------------------------------------ reading PDFs back


def run(*command) -> str:
    return subprocess.run([str(c) for c in command], check=True, capture_output=True,
                          text=True).stdout


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclasses.dataclass
class Rendered:
    pdf: Path
    doc: object
    options: object
    warnings: list

    @property
    def reader(self) -> pypdf.PdfReader:
        return pypdf.PdfReader(self.pdf)

    def trim(self, index: int) -> tuple[float, float, float, float]:
        """(left, top, width, height) of the trim box in pdftotext's top-down points."""
        page = self.reader.pages[index]
        media, trim = page.mediabox, page.trimbox
        return (float(trim.left - media.left), float(media.top - trim.top),
                float(trim.width), float(trim.height))

    def text(self, index: int, area: str = "all", layout: bool = False) -> str:
        """Text of page `index` (0-based) in the `area` "body", "header", "footer" or "all"."""
        left, top, width, height = self.trim(index)
        page = self.options.page
        y, h = {"all": (0, height),
                "header": (0, page.margin_top_mm * PT_PER_MM),
                "body": (page.margin_top_mm * PT_PER_MM,
                         height - (page.margin_top_mm + page.margin_bottom_mm) * PT_PER_MM),
                "footer": (height - page.margin_bottom_mm * PT_PER_MM,
                           page.margin_bottom_mm * PT_PER_MM)}[area]
        args = ["pdftotext", "-f", index + 1, "-l", index + 1, "-r", 72,
                "-x", int(left), "-y", int(top + y), "-W", int(width), "-H", int(h)]
        return run(*args, *(["-layout"] if layout else []), self.pdf, "-")

    def lines(self, index: int, area: str = "body") -> list[tuple[float, float, float, float, str]]:
        """(x0, y0, x1, y1, text) of each text line of page `index` in `area`, in points
        from the trim box's top left corner, top to bottom."""
        left, top, _, height = self.trim(index)
        page = self.options.page
        low, high = page.margin_top_mm * PT_PER_MM, height - page.margin_bottom_mm * PT_PER_MM
        xml = run("pdftotext", "-f", index + 1, "-l", index + 1, "-bbox-layout", self.pdf, "-")
        out = []
        for attrs, inner in re.findall(r"<line (.*?)>(.*?)</line>", xml, re.S):
            x0, y0, x1, y1 = (float(v) for v in re.findall(r'="([\d.]+)"', attrs))
            x0, x1, y0, y1 = x0 - left, x1 - left, y0 - top, y1 - top
            if area == "all" or (area == "body" and low <= y0 and y1 <= high):
                out.append((x0, y0, x1, y1, "".join(re.findall(r">([^<]+)</word>", inner))))
        return sorted(out, key=lambda line: (line[1], line[0]))

    def page_of(self, text: str, area: str = "body") -> int:
        """Index of the first page whose `area` contains `text` (whitespace ignored)."""
        return next(i for i in range(len(self.reader.pages))
                    if squash(text) in squash(self.text(i, area)))

    def folio(self, index: int) -> str:
        return self.text(index, "footer").strip()

    def outline(self) -> list[tuple[int, str, int]]:
        """(level, title, page index) of every bookmark, depth first."""
        reader = self.reader
        out = []

        def walk(items, level):
            for item in items:
                if isinstance(item, list):
                    walk(item, level + 1)
                else:
                    out.append((level, item.title, reader.get_destination_page_number(item)))

        walk(reader.outline, 1)
        return out


def render(project: Path, doc, options, name: str = "report.pdf") -> Rendered:
    """Write `doc` and keep WeasyPrint's warnings (a clean document logs none)."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        target = project / "out" / name
        write_pdf(doc, target, options)
    finally:
        logger.removeHandler(handler)
    return Rendered(target, doc, options, [r.getMessage() for r in records])


def body_headings(doc, depth: int = 3) -> list[tuple[int, str]]:
    return [(b.level, b.number + plain_text(b.children)) for ch in doc.chapters
            for b in ch.blocks if isinstance(b, Heading) and b.level <= depth]


@pytest.fixture(scope="module")
def zh_pdf(tmp_path_factory) -> Rendered:
    project = tmp_path_factory.mktemp("zh")
    return render(project, zh_document(project), zh_options(project))


@pytest.fixture(scope="module")
def book_pdf(tmp_path_factory) -> Rendered:
    """Print edition: a smaller page, two-sided, with 3 mm bleed and crop marks."""
    project = tmp_path_factory.mktemp("book")
    options = zh_options(project, size="185mm 260mm", margin_inner_mm=25, margin_outer_mm=20,
                         two_sided=True, bleed_mm=3, crop_marks=True)
    return render(project, zh_document(project), options)


@pytest.fixture(scope="module")
def en_pdf(tmp_path_factory) -> Rendered:
    project = tmp_path_factory.mktemp("en")
    return render(project, en_document(project), en_options(project))


ALL = ["zh_pdf", "book_pdf", "en_pdf"]


# ------------------------------------------------------------------ fonts and metadata


@pytest.mark.parametrize("name", ALL)
def test_embeds_every_font_and_logs_no_warnings(name, request):
    rendered = request.getfixturevalue(name)
    rows = run("pdffonts", rendered.pdf).splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\byes\s+yes\s+yes\b", row), row  # emb, sub, uni
    assert rendered.warnings == []


def test_sets_chinese_in_the_simplified_chinese_faces(zh_pdf):
    fonts = [row.split()[0] for row in run("pdffonts", zh_pdf.pdf).splitlines()[2:]]
    cjk = [f for f in fonts if "CJK" in f]
    assert any("Serif-CJK-SC" in f for f in cjk) and any("Sans-CJK-SC" in f for f in cjk)
    assert all(re.search(r"CJK-?SC", f, re.I) for f in cjk), fonts


@pytest.mark.parametrize("name, lang", [("zh_pdf", "zh-CN"), ("en_pdf", "en")])
def test_carries_title_author_subject_keywords_and_language(name, lang, request):
    check_metadata(request.getfixturevalue(name), lang)


def test_writes_identical_bytes_for_identical_input(tmp_path):
    check_deterministic(write_pdf, zh_document(tmp_path, repeat=1), zh_options(tmp_path), tmp_path)


def test_passes_the_pdf_variant_and_embeds_project_files(tmp_path):
    doc, options = zh_document(tmp_path, repeat=1), zh_options(tmp_path)
    (tmp_path / "data.csv").write_text("year,share\n2020,4.1\n")
    options = dataclasses.replace(options, pdf_variant="pdf/a-3b")
    write_pdf(doc, tmp_path / "a3.pdf", options, attachments=[Path("data.csv")])
    reader = pypdf.PdfReader(tmp_path / "a3.pdf")
    assert reader.attachments == {"data.csv": [b"year,share\n2020,4.1\n"]}
    assert b"pdfaid:part" in reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    with pytest.raises(RenderError, match="pdf/a-2b cannot embed"):
        write_pdf(doc, tmp_path / "a2.pdf", dataclasses.replace(options, pdf_variant="pdf/a-2b"),
                  attachments=[Path("data.csv")])
    with pytest.raises(RenderError, match="only files inside the report project"):
        write_pdf(doc, tmp_path / "x.pdf", options, attachments=[Path("/etc/hostname")])
    with pytest.raises(RenderError, match="unknown PDF variant"):
        write_pdf(doc, tmp_path / "x.pdf", dataclasses.replace(options, pdf_variant="pdf/z"))


def test_uses_the_html_it_is_given(tmp_path):
    doc, options = zh_document(tmp_path, repeat=1), zh_options(tmp_path)
    html = render_html(doc, options).replace("总体情况", "总体情况（审阅稿）")
    write_pdf(doc, tmp_path / "given.pdf", options, html=html)
    assert "总体情况（审阅稿）" in squash(run("pdftotext", tmp_path / "given.pdf", "-"))


# ------------------------------------------------------------------ page geometry


def test_a4_pages_have_the_a4_trim_size(zh_pdf):
    boxes = run("pdfinfo", "-box", zh_pdf.pdf)
    media = re.search(r"MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", boxes)
    assert float(media[3]) == pytest.approx(595.28, abs=0.05)
    assert float(media[4]) == pytest.approx(841.89, abs=0.05)


def test_print_edition_adds_bleed_around_the_trim_box(book_pdf):
    boxes = run("pdfinfo", "-box", book_pdf.pdf)

    def box(name):
        x0, y0, x1, y1 = map(float, re.search(name + r":\s+" + r"\s+".join([r"([\d.-]+)"] * 4),
                                              boxes).groups())
        return x1 - x0, y1 - y0

    bleed = 3 * PT_PER_MM
    trim_w, trim_h = box("TrimBox")
    assert (trim_w, trim_h) == (pytest.approx(185 * PT_PER_MM, abs=0.05),
                                pytest.approx(260 * PT_PER_MM, abs=0.05))
    assert box("BleedBox") == (pytest.approx(trim_w + 2 * bleed, abs=0.05),
                               pytest.approx(trim_h + 2 * bleed, abs=0.05))
    # with crop marks, the sheet holds a slug beyond the bleed (test_print_geometry.py)
    slug = SLUG_MM * PT_PER_MM
    assert box("MediaBox") == (pytest.approx(trim_w + 2 * (bleed + slug), abs=0.05),
                               pytest.approx(trim_h + 2 * (bleed + slug), abs=0.05))


def test_two_sided_pages_mirror_their_margins_and_chapters_open_on_the_right(book_pdf):
    page = book_pdf.options.page
    outline = book_pdf.outline()
    chapter_pages = [index for level, _, index in outline if level == 1]
    assert all(index % 2 == 0 for index in chapter_pages)  # index 0 is page 1, a right page
    first, last = chapter_pages[0], len(book_pdf.reader.pages) - 1
    body = [i for i in range(first + 1, last) if squash(book_pdf.text(i, "body"))]
    rights = [min(line[0] for line in book_pdf.lines(i)) for i in body if i % 2 == 0]
    lefts = [min(line[0] for line in book_pdf.lines(i)) for i in body if i % 2 == 1]
    geo = page_geometry(page)
    assert min(rights) == pytest.approx(page.margin_inner_mm * PT_PER_MM, abs=1)
    assert min(lefts) == pytest.approx(geo.outer * PT_PER_MM, abs=1)


def test_blank_pages_carry_no_header_or_folio(book_pdf):
    blanks = [i for i in range(len(book_pdf.reader.pages)) if not squash(book_pdf.text(i, "body"))]
    assert blanks  # chapters open on right pages, so some left pages stay empty
    for index in blanks[1:]:  # [0] is the cover's back
        assert squash(book_pdf.text(index)) == ""


# ------------------------------------------------------------------ book structure


@pytest.mark.parametrize("name", ALL)
def test_outline_mirrors_the_headings(name, request):
    rendered = request.getfixturevalue(name)
    check_outline(rendered, body_headings(rendered.doc))


@pytest.mark.parametrize("name", ALL)
def test_contents_page_numbers_are_the_pages_headings_land_on(name, request):
    check_contents_pages(request.getfixturevalue(name))


def test_front_matter_counts_in_roman_and_the_body_restarts_at_one(zh_pdf):
    assert squash(zh_pdf.text(0)) == squash("2020年科技创新发展报告 年度报告 科学技术委员会 2021年6月")
    # short lists share pages: contents, list of figures and list of tables start on one page
    assert [zh_pdf.page_of(title) for title in ("目录", "图目录", "表目录")] == [1, 1, 1]
    first_body = zh_pdf.outline()[0][2]
    assert [zh_pdf.folio(i) for i in range(1, first_body)] == ["i", "ii", "iii", "iv"][:first_body - 1]
    assert zh_pdf.folio(first_body) == "1"


@pytest.mark.parametrize("name", ["zh_pdf", "book_pdf", "en_pdf"])
def test_page_labels_are_the_printed_folios(name, request):
    """A viewer's page box shows the folio printed on the page (i, ii, … then 1, 2, …)."""
    check_page_labels(request.getfixturevalue(name))


def check_page_labels(rendered) -> None:
    """The cover labelled by name, every printed folio its page's label, each once."""
    labels = rendered.reader.page_labels
    assert labels[0] == ("封面" if rendered.options.lang.startswith("zh") else "Cover")
    printed = 0
    for index in range(1, len(labels)):
        folio = rendered.folio(index)
        if folio:
            assert labels[index] == folio, index
            printed += 1
    assert printed >= 4
    assert labels.count("1") == 1 and labels.count("i") == 1


def test_running_header_shows_the_chapter_except_on_its_opening_page(zh_pdf):
    outline = zh_pdf.outline()
    opening = outline[0][2]
    next_chapter = [index for level, _, index in outline if level == 1][1]
    assert squash(zh_pdf.text(opening, "header")) == ""
    for index in range(opening + 1, next_chapter):
        assert squash(zh_pdf.text(index, "header")) == squash("2020年科技创新发展报告总体情况")


def test_footnote_sits_below_the_text_of_its_page_or_the_next(zh_pdf):
    """WeasyPrint moves a footnote to the next page rather than leave a widow at the
    foot of its page (layout/block.py); both pages are acceptable, nothing else is."""
    call = zh_pdf.page_of("比较结果显示a<b&c成立1。")
    note = zh_pdf.page_of("1.数据来源于年度统计公报，2020年为快报数。")
    assert note in (call, call + 1)
    lowest = zh_pdf.lines(note)[-1]
    assert squash(lowest[4]) == "1.数据来源于年度统计公报，2020年为快报数。"


# ------------------------------------------------------------------ Chinese typography


@pytest.mark.parametrize("name", ["zh_pdf", "book_pdf"])
def test_no_line_starts_or_ends_with_forbidden_punctuation(name, request):
    rendered = request.getfixturevalue(name)
    lines = [line.strip() for i in range(1, len(rendered.reader.pages))
             for line in rendered.text(i, "body").splitlines() if line.strip()]
    assert len(lines) > 150
    assert [line for line in lines if line[0] in LINE_START_FORBIDDEN] == []
    assert [line for line in lines if line[-1] in LINE_END_FORBIDDEN] == []


@pytest.mark.parametrize("name", ["zh_pdf", "book_pdf"])
def test_every_full_line_ends_on_the_margin_kinsoku_lines_too(name, request):
    """Lines a line-break rule shortened ("度、" may not split) and lines with digits or
    Latin words end on the right margin as well: the justification adapter spreads the
    slack between characters (WeasyPrint alone stretches only spaces)."""
    rendered = request.getfixturevalue(name)
    full = kinsoku_lines = 0
    for index in range(1, len(rendered.reader.pages)):
        lines = rendered.lines(index)
        if len(lines) < 3:
            continue
        left, right = min(line[0] for line in lines), max(line[2] for line in lines)
        steps = [round(b[1] - a[1], 1) for a, b in zip(lines, lines[1:])]
        pitch = max(set(steps), key=steps.count)  # the body's line spacing
        for line, following in zip(lines, lines[1:]):
            # a line is full when its paragraph goes on, unindented, on the next line
            continued = (abs(following[1] - line[1] - pitch) < 0.2
                         and abs(following[0] - left) < 0.5)
            kinsoku = (following[4][1:2] in LINE_START_FORBIDDEN
                       or following[4][:1] in LINE_END_FORBIDDEN)
            if continued and CJK_LINE.search(line[4]) and len(line[4]) > 20:
                full += 1
                kinsoku_lines += kinsoku
                assert line[2] == pytest.approx(right, abs=0.5), line[4]
    assert full > 20 and kinsoku_lines >= 1


def test_figures_stay_vector(zh_pdf):
    assert run("pdfimages", "-list", zh_pdf.pdf).splitlines()[2:] == []
    page = [i for _, t, i in zh_pdf.outline() if "原始创新" in t][0]
    contents = b"".join(zh_pdf.reader.pages[p].get_contents().get_data()
                        for p in range(page, page + 3))
    assert contents.count(b" re") + contents.count(b" l\n") > 20  # bars and axes as paths


# ------------------------------------------------------------------ safety


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_fetcher_refuses_the_network_and_files_outside_the_project(tmp_path, no_network):
    from authoring.writers.weasyprint.fetch import ProjectFetcher

    (tmp_path / "inside.txt").write_text("ok")
    (tmp_path / "escape.txt").symlink_to("/etc/passwd")
    fetcher = ProjectFetcher(tmp_path)
    for url in ("http://example.com/x.png", "https://example.com/x.css", "ftp://example.com/x",
                "file:///etc/passwd", (tmp_path / "escape.txt").as_uri(),
                (tmp_path / ".." / "x.txt").as_uri(), "file://server/share/x.png"):
        with pytest.raises(RenderError, match="only files inside the report project") as error:
            fetcher(url)
        assert url in str(error.value)
    assert fetcher((tmp_path / "inside.txt").as_uri()).read() == b"ok"
    assert fetcher("data:text/plain,hi").read() == b"hi"
    assert no_network == []


@pytest.mark.parametrize("markup", [
    '<img src="http://example.com/x.png">',
    '<img src="file:///etc/passwd">',
    '<link rel="stylesheet" href="https://example.com/x.css">',
    '<p style="background: url(http://example.com/bg.png)">x</p>',
    '<img src="evil.svg">',  # an SVG in the project that pulls in a remote image
])
def test_rendering_stops_at_a_refused_resource(tmp_path, no_network, markup):
    (tmp_path / "evil.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'width="10" height="10"><image xlink:href="http://example.com/y.png" width="10" '
        'height="10"/></svg>')
    html = f"<!DOCTYPE html><html><head></head><body>{markup}<p>text</p></body></html>"
    with pytest.raises(RenderError, match="only files inside the report project"):
        html_to_pdf(html, tmp_path / "x.pdf", zh_options(tmp_path))
    assert not (tmp_path / "x.pdf").exists()
    assert no_network == []


def test_loads_project_files_whose_names_need_escaping(tmp_path):
    folder = tmp_path / "图表 100%"
    folder.mkdir()
    (folder / "chart 1.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">'
        '<rect width="40" height="20" fill="#1f4e79"/></svg>')
    html = f'<img src="{pathname2url("图表 100%/chart 1.svg")}"><p>text</p>'
    html_to_pdf(html, tmp_path / "x.pdf", zh_options(tmp_path))
    page = pypdf.PdfReader(tmp_path / "x.pdf").pages[0].get_contents().get_data()
    assert b"0.121569 0.305882 0.47451 rg" in page  # the SVG's fill, #1f4e79


def test_loads_the_documents_charts_from_an_output_folder_outside_the_project(tmp_path):
    project, out = tmp_path / "project", tmp_path / "elsewhere"
    project.mkdir()
    doc = zh_document(out, repeat=1)  # charts drawn into out/charts
    doc = dataclasses.replace(doc, chapters=tuple(
        dataclasses.replace(ch, blocks=tuple(
            dataclasses.replace(b, svg=str(out / b.svg), png=str(out / b.png))
            if hasattr(b, "svg") else b for b in ch.blocks)) for ch in doc.chapters))
    write_pdf(doc, out / "report.pdf", zh_options(project))
    assert "研究开发经费支出" in run("pdftotext", out / "report.pdf", "-")
    with pytest.raises(RenderError, match="only files inside the report project"):
        html_to_pdf(render_html(doc, zh_options(project)), out / "x.pdf", zh_options(project))


def test_a_missing_project_file_is_an_error_not_a_hole(tmp_path):
    with pytest.raises(RenderError, match="could not load"):
        html_to_pdf('<img src="charts/missing.svg">', tmp_path / "x.pdf", zh_options(tmp_path))
