"""Typst PDF engine: every check reads the written PDF back (poppler tools, pypdf).

The documents and the reading helpers are those of test_pdf.py, so both engines answer the
same questions about the same book.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import pypdf
import pytest

from authoring.errors import RenderError
from authoring.model.nodes import (Callout, Cell, Chapter, CrossRef, Document, Figure, Heading,
                                   Meta, Note, Paragraph, Strong, Table, Text)
from authoring.model.numbering import NumberingStyle, number_document
from authoring.writers.page import BODY_SIZE_PT, page_geometry
from authoring.writers.typst import typst_source, write_typst_pdf
from authoring.writers.typst.escape import string

from ..pdflines import check_contents_pages, check_deterministic, check_metadata, check_outline
from .test_html import en_document, en_options, write_chart, zh_document, zh_options
from .test_pdf import (CJK_LINE, LINE_END_FORBIDDEN, LINE_START_FORBIDDEN, PT_PER_MM, Rendered,
                       body_headings, check_page_labels, run, squash)


def render(project: Path, doc, options, name: str = "report.pdf", attachments=()) -> Rendered:
    target = project / "out" / name
    write_typst_pdf(doc, target, options, attachments=attachments)
    return Rendered(target, doc, options, [])


@pytest.fixture(scope="module")
def zh_typ(tmp_path_factory) -> Rendered:
    project = tmp_path_factory.mktemp("zh")
    return render(project, zh_document(project), zh_options(project))


@pytest.fixture(scope="module")
def book_typ(tmp_path_factory) -> Rendered:
    """Print edition: a smaller page, two-sided, with 3 mm bleed."""
    project = tmp_path_factory.mktemp("book")
    options = zh_options(project, size="185mm 260mm", margin_inner_mm=25, margin_outer_mm=20,
                         two_sided=True, bleed_mm=3)
    return render(project, zh_document(project), options)


@pytest.fixture(scope="module")
def en_typ(tmp_path_factory) -> Rendered:
    project = tmp_path_factory.mktemp("en")
    return render(project, en_document(project), en_options(project))


ALL = ["zh_typ", "book_typ", "en_typ"]


def body_page_of(rendered, text: str) -> int:
    """The first page after the front matter whose body holds `text` (whitespace ignored)."""
    first_body = rendered.outline()[0][2]
    return next(i for i in range(first_body, len(rendered.reader.pages))
                if squash(text) in squash(rendered.text(i, "body")))


# ------------------------------------------------------------------ fonts and metadata


@pytest.mark.parametrize("name", ALL)
def test_embeds_every_font_subset_with_unicode(name, request):
    rendered = request.getfixturevalue(name)
    rows = run("pdffonts", rendered.pdf).splitlines()[2:]
    assert rows
    for row in rows:
        assert re.search(r"\byes\s+yes\s+yes\b", row), row  # emb, sub, uni


def test_sets_chinese_in_the_simplified_chinese_faces_and_latin_in_the_metric_alias(zh_typ):
    fonts = [row.split()[0] for row in run("pdffonts", zh_typ.pdf).splitlines()[2:]]
    cjk = [f for f in fonts if "CJK" in f]
    assert any("SerifCJKsc" in f or "Serif-CJK-SC" in f for f in cjk), fonts
    assert any("SansCJKsc" in f or "Sans-CJK-SC" in f for f in cjk), fonts
    assert all(re.search(r"CJK-?SC", f, re.I) for f in cjk), fonts
    # "Times New Roman" is not installed: Typst gets fontconfig's metric twin, as WeasyPrint does
    assert any("LiberationSerif" in f for f in fonts), fonts


@pytest.mark.parametrize("name, lang", [("zh_typ", "zh-CN"), ("en_typ", "en")])
def test_carries_title_author_subject_keywords_and_language(name, lang, request):
    check_metadata(request.getfixturevalue(name), lang)


def test_writes_identical_bytes_for_identical_input(tmp_path):
    check_deterministic(write_typst_pdf, zh_document(tmp_path, repeat=1), zh_options(tmp_path), tmp_path)


# ------------------------------------------------------------------ page geometry


def test_a4_pages_have_the_a4_size_and_no_trim_box(zh_typ):
    boxes = run("pdfinfo", "-box", zh_typ.pdf)
    media = re.search(r"MediaBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", boxes)
    assert float(media[3]) == pytest.approx(595.28, abs=0.05)
    assert float(media[4]) == pytest.approx(841.89, abs=0.05)
    trim = re.search(r"TrimBox:\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", boxes)
    assert [float(v) for v in trim.groups()] == pytest.approx([0, 0, 595.28, 841.89], abs=0.05)


def test_print_edition_adds_bleed_around_the_trim_box(book_typ):
    boxes = run("pdfinfo", "-box", book_typ.pdf)

    def box(name):
        return tuple(map(float, re.search(name + r":\s+" + r"\s+".join([r"([\d.-]+)"] * 4),
                                          boxes).groups()))

    bleed = 3 * PT_PER_MM
    x0, y0, x1, y1 = box("TrimBox")
    assert (x0, y0) == (pytest.approx(bleed, abs=0.05), pytest.approx(bleed, abs=0.05))
    assert (x1 - x0, y1 - y0) == (pytest.approx(185 * PT_PER_MM, abs=0.05),
                                  pytest.approx(260 * PT_PER_MM, abs=0.05))
    mx0, my0, mx1, my1 = box("MediaBox")
    assert (mx1 - mx0, my1 - my0) == (pytest.approx(x1 - x0 + 2 * bleed, abs=0.05),
                                      pytest.approx(y1 - y0 + 2 * bleed, abs=0.05))
    # pdfinfo shows a missing BleedBox as the MediaBox: read the page dictionaries themselves
    # (Typst writes none; boxes.py adds it, as WeasyPrint writes it)
    for page in pypdf.PdfReader(book_typ.pdf).pages:
        assert "/BleedBox" in page and list(map(float, page["/BleedBox"])) == pytest.approx(
            list(map(float, page["/MediaBox"])))
    assert "No syntax or stream encoding errors" in run("qpdf", "--check", book_typ.pdf)


def test_the_cover_bands_run_into_the_bleed(book_typ, tmp_path):
    """The top band is painted from the media box's edge, not the trim box's."""
    run("pdftoppm", "-f", 1, "-l", 1, "-r", 72, "-gray", book_typ.pdf, tmp_path / "cover")
    image = next(tmp_path.glob("cover*.pgm")).read_bytes()
    width, height = map(int, re.match(rb"P5\s+(\d+)\s+(\d+)\s+\d+\s", image).groups())
    pixels = image[len(image) - width * height:]
    corner = pixels[1 * width + 1]  # 1 px from the media box's corner: inside the bleed
    assert corner < 128  # the accent band, dark, not paper white


def test_two_sided_pages_mirror_their_margins_and_chapters_open_on_the_right(book_typ):
    page = book_typ.options.page
    outline = book_typ.outline()
    chapter_pages = [index for level, _, index in outline if level == 1]
    assert all(index % 2 == 0 for index in chapter_pages)  # index 0 is page 1, a right page
    first, last = chapter_pages[0], len(book_typ.reader.pages) - 1
    body = [i for i in range(first + 1, last) if squash(book_typ.text(i, "body"))]

    def left_edge(index):
        # Typst sets an opening bracket at a line start half-width ("（一）"), hanging left
        return min(line[0] for line in book_typ.lines(index) if line[4][:1] not in LINE_END_FORBIDDEN)

    rights = [left_edge(i) for i in body if i % 2 == 0]
    lefts = [left_edge(i) for i in body if i % 2 == 1]
    geo = page_geometry(page)
    assert rights and lefts
    assert min(rights) == pytest.approx(page.margin_inner_mm * PT_PER_MM, abs=1)
    assert min(lefts) == pytest.approx(geo.outer * PT_PER_MM, abs=1)


def test_blank_pages_carry_no_header_or_folio(book_typ):
    blanks = [i for i in range(len(book_typ.reader.pages)) if not squash(book_typ.text(i, "body"))]
    assert len(blanks) >= 2  # the cover's back, and left pages before right-hand openings
    for index in blanks:
        assert squash(book_typ.text(index)) == ""


# ------------------------------------------------------------------ book structure


@pytest.mark.parametrize("name", ALL)
def test_outline_mirrors_the_headings(name, request):
    rendered = request.getfixturevalue(name)
    check_outline(rendered, body_headings(rendered.doc))


@pytest.mark.parametrize("name", ALL)
def test_contents_page_numbers_are_the_pages_headings_land_on(name, request):
    check_contents_pages(request.getfixturevalue(name))


@pytest.mark.parametrize("name", ["zh_typ", "en_typ"])
def test_lists_of_figures_and_tables_give_the_pages_they_land_on(name, request):
    rendered = request.getfixturevalue(name)
    words = rendered.options.words
    front = "\n".join(rendered.text(i, "body", layout=True)
                      for i in range(1, rendered.outline()[0][2]))
    titles = [squash(t) for t in (words.contents, words.figures, words.tables)]
    lists, current = {}, None  # list title → its lines (the lists may share a page)
    for line in front.splitlines():
        if squash(line) in titles:
            current = lists.setdefault(squash(line), [])
        elif current is not None and line.strip():
            current.append(line)
    for title, kind in ((words.figures, Figure), (words.tables, Table)):
        lines = lists[squash(title)]
        blocks = [b for ch in rendered.doc.chapters for b in ch.blocks if isinstance(b, kind)]
        assert len(lines) == len(blocks)
        for line, block in zip(lines, blocks):
            number = re.search(r"(\d+)\s*$", line)[1]
            landing = body_page_of(rendered, block.label + "".join(t.text for t in block.caption))
            assert rendered.folio(landing) == number


def test_front_matter_counts_in_roman_and_the_body_restarts_at_one(zh_typ):
    assert squash(zh_typ.text(0)) == squash("2020年科技创新发展报告 年度报告 科学技术委员会 2021年6月")
    # short lists share a page, as in WeasyPrint (test_pdf.py): contents, figures, tables
    assert [zh_typ.page_of(title) for title in ("目录", "图目录", "表目录")] == [1, 1, 1]
    first_body = zh_typ.outline()[0][2]
    assert [zh_typ.folio(i) for i in range(1, first_body)] == ["i", "ii", "iii", "iv"][:first_body - 1]
    assert zh_typ.folio(first_body) == "1"
    assert zh_typ.folio(first_body + 1) == "2"


@pytest.mark.parametrize("name", ALL)
def test_page_labels_are_the_printed_folios_one_and_two_sided(name, request):
    """As WeasyPrint's (test_pdf.py): the cover by name, then the folio printed on each page;
    two-sided, the page printed 1 after a blank verso is labelled 1, not 3 (issue 27)."""
    check_page_labels(request.getfixturevalue(name))


def test_running_header_shows_the_chapter_except_on_its_opening_page(zh_typ):
    outline = zh_typ.outline()
    opening = outline[0][2]
    next_chapter = [index for level, _, index in outline if level == 1][1]
    assert squash(zh_typ.text(opening, "header")) == ""
    assert next_chapter > opening + 1
    for index in range(opening + 1, next_chapter):
        assert squash(zh_typ.text(index, "header")) == squash("2020年科技创新发展报告总体情况")
    for index in range(1, opening):  # front matter: folio only
        assert squash(zh_typ.text(index, "header")) == ""


def test_footnote_sits_at_the_foot_of_the_page_of_its_call(zh_typ):
    call = zh_typ.page_of("比较结果显示a<b&c成立1。")
    note = zh_typ.page_of("1.数据来源于年度统计公报，2020年为快报数。", "all")
    assert note == call
    *_, lowest, folio = zh_typ.lines(note, "all")  # the note's descenders touch the margin
    assert squash(lowest[4]) == "1.数据来源于年度统计公报，2020年为快报数。"
    assert squash(folio[4]) == zh_typ.folio(note)


def link_targets(rendered) -> set[tuple[int, int]]:
    """(page of the link, page of its destination) of every internal link."""
    reader = rendered.reader
    named = reader.named_destinations
    out = set()
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object()
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot:
                dest = annot["/A"].get("/D")
            if dest is None:
                continue
            if isinstance(dest, (str, bytes)) or not hasattr(dest, "__getitem__"):
                out.add((index, reader.get_destination_page_number(named[str(dest)])))
            else:
                out.add((index, reader.get_page_number(dest[0].get_object())))
    return out


def test_cross_references_are_links_to_the_page_of_their_target(zh_typ):
    figure_page = body_page_of(zh_typ, "图1\u3000研究开发经费支出占地区生产总值比例")
    ref_page = zh_typ.page_of("研发投入稳步增长，详见图1和表1")
    assert (ref_page, figure_page) in link_targets(zh_typ)


# ------------------------------------------------------------------ Chinese typography


@pytest.mark.parametrize("name", ["zh_typ", "book_typ"])
def test_no_line_starts_or_ends_with_forbidden_punctuation(name, request):
    rendered = request.getfixturevalue(name)
    lines = [line.strip() for i in range(1, len(rendered.reader.pages))
             for line in rendered.text(i, "body").splitlines() if line.strip()]
    assert len(lines) > 150
    assert [line for line in lines if line[0] in LINE_START_FORBIDDEN] == []
    assert [line for line in lines if line[-1] in LINE_END_FORBIDDEN] == []


COMPRESSED_AT_LINE_END = set("，。、；：！？）」』】〕〉》”’")


def paragraph_lines(rendered, index):
    """Lines of body text on page `index` that continue on the next line of the same
    paragraph: (line, following), both at the text block's left edge or indent."""
    lines = rendered.lines(index)
    if len(lines) < 3:
        return []
    left = min(line[0] for line in lines)
    steps = [round(b[1] - a[1], 1) for a, b in zip(lines, lines[1:])]
    pitch = max(set(steps), key=steps.count)  # the body's line spacing
    out = []
    for line, following in zip(lines, lines[1:]):
        continued = (abs(following[1] - line[1] - pitch) < 0.2 and abs(following[0] - left) < 0.5
                     and abs(line[0] - left) < 22)  # the line itself: flush left or indented
        if continued:
            out.append((line, following))
    return out


@pytest.mark.parametrize("name", ["zh_typ", "book_typ"])
def test_every_line_that_a_paragraph_continues_ends_flush_right(name, request):
    """Typst justifies Chinese by spacing characters and compressing punctuation, so every
    non-final line of a paragraph ends at the right margin: also lines with Latin letters
    and digits, and lines whose break a line-start rule moved (WeasyPrint leaves those one
    character short; see test_pdf.py)."""
    rendered = request.getfixturevalue(name)
    page = rendered.options.page
    geo = page_geometry(page)
    checked, mixed = 0, 0
    for index in range(rendered.outline()[0][2], len(rendered.reader.pages)):
        # index 0 is a right-hand page: its outer margin is on the right
        outer_on_right = not page.two_sided or index % 2 == 0
        right_edge = (geo.width - (geo.outer if outer_on_right else geo.inner)) * PT_PER_MM
        for line, _ in paragraph_lines(rendered, index):
            if len(line[4]) < 15:
                continue
            checked += 1
            mixed += not CJK_LINE.fullmatch(line[4])
            # Typst sets a full-width stop or comma that ends a line half-width (its blank
            # half removed, the ink at the margin); pdftotext still reports the full em box
            overshoot = BODY_SIZE_PT / 2 if line[4][-1] in COMPRESSED_AT_LINE_END else 0
            assert line[2] == pytest.approx(right_edge + overshoot, abs=0.5), (index, line[4])
    assert checked > 40 and mixed > 5


def test_figures_stay_vector(zh_typ):
    assert run("pdfimages", "-list", zh_typ.pdf).splitlines()[2:] == []


# ------------------------------------------------------------------ the injection boundary


HOSTILE = ['#', '$', '@', '<', '`', '\\', ']', '//', '#import "x.typ": *',
           '#read("/etc/passwd")', '"#', '*bold*', '_em_', '= h', '- item', '<lbl>', '@lbl',
           '#let x = 1', '$x^2$', '/* c', '\\u{41}', '#{panic()}', ')]}', '"\\"', '\n= line']


def hostile_document(project: Path) -> Document:
    svg, png = write_chart(project)
    joined = " ".join(HOSTILE)
    chapter = Chapter('ch"]#x', (
        Heading(1, (Text("Labels " + HOSTILE[0]),), id='h"]<a>'),
        Paragraph(tuple(Text(f"[{n}]{h}[/{n}]") for n, h in enumerate(HOSTILE))
                  + (Strong((Text(joined),)), Note((Paragraph((Text("note " + joined),)),)))),
        Figure('f"]#read("/etc/passwd")', (Text("caption " + joined),), alt='alt #read("/etc/passwd")',
               svg=svg, png=png, width_mm=120, source_note=(Text("src " + joined),)),
        Paragraph((Text("see "), CrossRef('f"]#read("/etc/passwd")'), Text(" and "),
                   Text("#missing"))),
        Table(header=((Cell((Text("k " + HOSTILE[1]),)), Cell((Text("v " + HOSTILE[4]),))),),
              rows=tuple((Cell((Text(h),)), Cell((Text(h),))) for h in HOSTILE),
              caption=(Text("table " + joined),), id="t<1>"),
        Callout((Heading(3, (Text("box " + joined),)), Paragraph((Text(joined),)))),
    ))
    meta = Meta(title='T #read("/etc/passwd") ]', subtitle="$ @ <", author='A "\\ #',
                organization='O `x`', date="// 2021", lang="en", year=2020,
                subject="S #import", keywords=("k#", 'k"'))
    return number_document(Document(meta, (chapter,)), NumberingStyle())


def test_text_from_data_and_templates_appears_literally_and_reads_nothing(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "secret.txt").write_text("TOP-SECRET-OUTSIDE")
    doc = hostile_document(project)
    rendered = render(project, doc, en_options(project))
    # -layout: without it pdftotext drops a "-" that a justified line spaced apart from "item"
    text = squash(run("pdftotext", "-layout", rendered.pdf, "-"))
    for n, hostile in enumerate(HOSTILE):
        assert squash(f"[{n}]{hostile}[/{n}]") in text, hostile
    assert squash(" ".join(HOSTILE)) in text
    assert "root:" not in text and "TOP-SECRET" not in text
    meta = rendered.reader.metadata
    assert meta.title == 'T #read("/etc/passwd") ]' and meta.subject == "S #import"
    assert meta.get("/Keywords") == 'k#, k"'


def test_the_source_holds_data_only_inside_string_literals(tmp_path):
    doc = hostile_document(tmp_path)
    source = typst_source(doc, en_options(tmp_path)).source
    body = source.split("#cover(", 1)[1]
    # with every string literal removed, no data text is left to be read as markup
    bare = re.sub(r'"(?:[^"\\]|\\.)*"', '""', body)
    for word in ("passwd", "import", "panic", "bold", "lbl", "let x"):
        assert word not in bare, word
    assert string('a"b\\c\nd\x00') == '"a\\"b\\\\c\\nd\\u{0}"'


def test_only_files_inside_the_project_are_loaded(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    outside = tmp_path / "elsewhere"
    svg, _ = write_chart(outside)
    figure = Figure("f", (Text("c"),), alt="a", svg=str(outside / svg), width_mm=100)
    doc = Document(Meta(title="t", lang="en"), (Chapter("c", (Heading(1, (Text("h"),)), figure)),))
    # a chart the build drew into an output folder elsewhere is passed as SVG text
    rendered = render(project, doc, en_options(project))
    assert len(rendered.reader.pages) >= 3
    with pytest.raises(RenderError, match="only files inside the report project"):
        write_typst_pdf(doc, project / "x.pdf", en_options(project), attachments=[outside / svg])
    png = dataclasses.replace(figure, svg="", png=str(outside / "charts" / "chart.png"))
    doc = dataclasses.replace(doc, chapters=(Chapter("c", (png,)),))
    with pytest.raises(RenderError, match="outside the report project"):
        write_typst_pdf(doc, project / "y.pdf", en_options(project))


# ------------------------------------------------------------------ variants


def test_pdf_a3b_embeds_the_project_files_and_is_checked_by_typst(tmp_path):
    doc, options = zh_document(tmp_path, repeat=1), zh_options(tmp_path)
    (tmp_path / "data.csv").write_text("year,share\n2020,4.1\n")
    options = dataclasses.replace(options, pdf_variant="pdf/a-3b")
    write_typst_pdf(doc, tmp_path / "a3.pdf", options, attachments=[Path("data.csv")])
    reader = pypdf.PdfReader(tmp_path / "a3.pdf")
    assert reader.attachments == {"data.csv": [b"year,share\n2020,4.1\n"]}
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    assert b"<pdfaid:part>3</pdfaid:part>" in xmp and b"<pdfaid:conformance>B" in xmp
    check = run("qpdf", "--check", tmp_path / "a3.pdf")
    assert "No syntax or stream encoding errors" in check


@pytest.mark.parametrize("variant, part", [("pdf/a-2b", b"2"), ("pdf/ua-1", None)])
def test_pdf_a2b_and_ua1_variants(tmp_path, variant, part):
    doc, options = zh_document(tmp_path, repeat=1), zh_options(tmp_path)
    write_typst_pdf(doc, tmp_path / "v.pdf", dataclasses.replace(options, pdf_variant=variant))
    reader = pypdf.PdfReader(tmp_path / "v.pdf")
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data()
    if part:
        assert b"<pdfaid:part>" + part + b"</pdfaid:part>" in xmp
    else:
        assert b"<pdfuaid:part>1</pdfuaid:part>" in xmp
        assert re.search(r"Tagged:\s+yes", run("pdfinfo", tmp_path / "v.pdf"))


def test_typst_checks_pdf_ua_at_export(tmp_path):
    """A chart without alt text breaks PDF/UA-1: Typst refuses to write it."""
    doc, options = zh_document(tmp_path, repeat=1), zh_options(tmp_path, )
    chapter = doc.chapters[0]
    blocks = tuple(dataclasses.replace(b, alt="") if isinstance(b, Figure) else b for b in chapter.blocks)
    doc = dataclasses.replace(doc, chapters=(dataclasses.replace(chapter, blocks=blocks),))
    with pytest.raises(RenderError, match="PDF/UA-1 error: missing alt text"):
        write_typst_pdf(doc, tmp_path / "ua.pdf", dataclasses.replace(options, pdf_variant="pdf/ua-1"))
    write_typst_pdf(doc, tmp_path / "plain.pdf", options)  # without the variant nothing is checked


def test_variant_errors_are_clear(tmp_path):
    doc, options = zh_document(tmp_path, repeat=1), zh_options(tmp_path)
    (tmp_path / "data.csv").write_text("a\n")
    with pytest.raises(RenderError, match="pdf/a-2b cannot embed"):
        write_typst_pdf(doc, tmp_path / "a.pdf", dataclasses.replace(options, pdf_variant="pdf/a-2b"),
                        attachments=[Path("data.csv")])
    with pytest.raises(RenderError, match="PDF/X needs"):
        write_typst_pdf(doc, tmp_path / "x.pdf", dataclasses.replace(options, pdf_variant="pdf/x-4"))
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "x.pdf").exists()


def test_a_typst_error_is_a_render_error_and_keeps_the_old_file(tmp_path, monkeypatch):
    from authoring.writers import typst as engine

    doc, options = zh_document(tmp_path, repeat=1), zh_options(tmp_path)
    target = tmp_path / "keep.pdf"
    target.write_bytes(b"old")
    real = engine.typst_source

    def broken(*args, **kwargs):
        source = real(*args, **kwargs)
        return dataclasses.replace(source, source=source.source + "\n#undefined-function()\n")

    monkeypatch.setattr(engine, "typst_source", broken)
    with pytest.raises(RenderError, match="Typst could not lay out the PDF: unknown variable"):
        write_typst_pdf(doc, target, options)
    assert target.read_bytes() == b"old"


def test_a_long_table_repeats_its_header_row_on_every_page(tmp_path):
    rows = tuple((Cell((Text(f"indicator {n:03d}"),)), Cell((Text(str(n * 7)),), numeric=True))
                 for n in range(120))
    table = Table(header=((Cell((Text("Indicator"),)), Cell((Text("Value"),))), (Cell((Text("unit"),)),)),
                  rows=rows + ((Cell((Text("short row"),)),),), caption=(Text("All values"),), id="t")
    doc = number_document(Document(Meta(title="Tables", lang="en"), (
        Chapter("c", (Heading(1, (Text("Tables"),), id="h"), table)),)), NumberingStyle())
    rendered = render(tmp_path, doc, en_options(tmp_path))
    first = body_page_of(rendered, "indicator 000")
    last = body_page_of(rendered, "short row")
    assert last >= first + 2
    for index in range(first, last + 1):
        lines = [squash(line[4]) for line in rendered.lines(index)]
        # both header rows repeat (the second, short one too), above the page's first row
        start = lines.index("Indicator")
        assert lines[start:start + 3] == ["Indicator", "Value", "unit"], (index, lines[:6])
        assert lines[start + 3].startswith(("indicator", "shortrow"))


# ------------------------------------------------------------------ floats (weasy_floats.py's rule)

FLOAT_PARA = "科技创新中心建设取得新进展，基础研究投入持续增加。" * 9


def float_document(project: Path, after: tuple) -> Document:
    """A chapter of four paragraphs, then a chart 120 mm tall that cannot share their page,
    then the blocks `after`."""
    (project / "charts").mkdir(parents=True, exist_ok=True)
    (project / "charts" / "tall.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="150mm" height="120mm">'
        '<rect width="100%" height="100%" fill="#1f4e79"/></svg>', encoding="utf-8")
    figure = Figure("fig-tall", (Text("示意图"),), alt="示意图", svg="charts/tall.svg",
                    width_mm=150, label="图1")
    blocks = (Heading(1, (Text("总体情况"),), id="overview"),
              *[Paragraph((Text(FLOAT_PARA),))] * 4, figure, *after)
    return Document(Meta(title="浮动", lang="zh-CN", year=2020), (Chapter("ch", blocks),))


def float_pages(tmp_path, after) -> tuple[Rendered, list[str], int]:
    """The rendered document, its pages' text and the body page the chart is written on."""
    rendered = render(tmp_path, float_document(tmp_path, after), zh_options(tmp_path))
    pages = [rendered.text(i, "body") for i in range(len(pypdf.PdfReader(rendered.pdf).pages))]
    return rendered, pages, rendered.outline()[0][2]


def test_text_flows_past_a_chart_that_does_not_fit_and_the_lists_follow_it(tmp_path):
    after = tuple(Paragraph((Text(FLOAT_PARA.replace("科技", "后文")),)) for _ in range(4))
    rendered, pages, opening = float_pages(tmp_path, after)
    # the page the chart was written on is filled by the text after it …
    assert "后文" in squash(pages[opening]) and "示意图" not in squash(pages[opening])
    # … and the chart opens the next page, before any text
    assert squash(pages[opening + 1]).startswith("图1")
    # the list of figures and the outline name the page the chart lands on
    front = squash(rendered.text(rendered.page_of(rendered.options.words.figures), "body"))
    assert re.search(r"图1示意图\.*" + rendered.folio(opening + 1) + "$", front.split("表目录")[0])


def test_a_chart_waits_for_no_table_and_passes_at_most_four_paragraphs(tmp_path):
    table = Table(header=((Cell((Text("指标"),)),),), rows=((Cell((Text("数值"),)),),))
    rendered, pages, opening = float_pages(tmp_path, (table,) + after_paragraphs(2))
    assert "指标" not in squash(pages[opening])  # the chart is placed before the table
    assert squash(pages[opening + 1]).startswith("图1")
    rendered, pages, opening = float_pages(tmp_path, after_paragraphs(7))
    # four one-line paragraphs pass (后文 twice in each), the other three follow the chart
    assert squash(pages[opening]).count("后文") == 4 * 2
    assert squash(pages[opening + 1]).startswith("图1")


def after_paragraphs(count: int) -> tuple:
    return tuple(Paragraph((Text(FLOAT_PARA.replace("科技", "后文")[:40]),)) for _ in range(count))


def test_headings_have_the_sizes_of_base_css(zh_typ):
    """h1 is 2 × and h2 1.35 × the body size, as in base.css (Typst's own heading sizes
    must not compound with them)."""
    outline = zh_typ.outline()
    for level, size in ((1, 2), (2, 1.35)):
        _, title, page = next(entry for entry in outline if entry[0] == level)
        words = re.findall(r'xMin="([\d.]+)"[^>]*xMax="([\d.]+)"[^>]*>([^<]+)</word>',
                           run("pdftotext", "-f", page + 1, "-l", page + 1, "-bbox", zh_typ.pdf, "-"))
        x0, x1, word = next((float(a), float(b), w) for a, b, w in words if w in title and len(w) >= 3)
        assert (x1 - x0) / len(word) == pytest.approx(size * BODY_SIZE_PT, abs=0.3), word


def longest_rule(pdf: Path, page: int, rows: range) -> float:
    """The longest run of dark pixels in one of `rows` of `page` (0-based) drawn at 72 dpi: a
    rule's length in points."""
    data = subprocess.run(["pdftoppm", "-r", "72", "-gray", "-f", str(page + 1), "-l", str(page + 1),
                           str(pdf)], capture_output=True, check=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    width, height = int(header[1]), int(header[2])
    pixels = data[header.end():]
    best = 0
    for y in rows:
        row = pixels[y * width:(y + 1) * width]
        run_length = 0
        for value in row:
            run_length = run_length + 1 if value < 235 else 0
            best = max(best, run_length)
    return best


def test_the_footnote_rule_spans_the_measure(zh_typ):
    page = zh_typ.page_of("1.数据来源于年度统计公报，2020年为快报数。", "all")
    *_, note, _folio = zh_typ.lines(page, "all")
    geo = page_geometry(zh_typ.options.page)
    measure = (geo.width - geo.inner - geo.outer) / 25.4 * 72
    # the rule sits between the body text and the note
    rule = longest_rule(zh_typ.pdf, page, range(int(note[1]) - 20, int(note[1])))
    assert rule == pytest.approx(measure, abs=3)
