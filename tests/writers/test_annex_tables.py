"""The statistical annex fixture (tests/fixtures/annex_report) in all three renderings: the
WeasyPrint PDF, the Typst PDF and the DOCX as LibreOffice lays it out. Every cell of every
table is read back from the page: there, whole, inside the trim box and not drawn over.

The LibreOffice part is skipped where soffice is absent (CI installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from authoring.build import build

from ..conftest import ROOT, copy_project

ANNEX = ROOT / "tests" / "fixtures" / "annex_report"
SOFFICE = shutil.which("soffice")
X = "{http://www.w3.org/1999/xhtml}"


def table_rows(template: Path, ident: str) -> list[list[str]]:
    """The cells of table `ident` as the template writes them (merge markers dropped)."""
    lines = template.read_text(encoding="utf-8").splitlines()
    start = lines.index(next(line for line in lines if line.startswith(f"::: table {ident} ")))
    rows = []
    for line in lines[start + 1:]:
        if line.startswith(":::"):
            break
        if re.fullmatch(r"\|[:\-| ]+\|", line):
            continue
        rows.append([c.strip().strip("*") for c in line.strip().strip("|").split("|")])
    return [[c for c in r if c not in ("<", "^")] for r in rows]


@pytest.fixture(scope="module")
def renderings(tmp_path_factory) -> dict[str, Path]:
    """name → PDF: "weasyprint", "typst" and (with soffice) "libreoffice" (from the DOCX)."""
    out = {}
    for engine in ("weasyprint", "typst"):
        project = copy_project(ANNEX, tmp_path_factory.mktemp(engine) / "annex")
        result = build(project, formats=["pdf", "docx"], engine=engine)
        out[engine] = result.outputs["pdf"]
        out["docx"] = result.outputs["docx"]
    if SOFFICE:
        from ..readback import libreoffice_pdf
        out["libreoffice"] = libreoffice_pdf(SOFFICE, out["docx"], tmp_path_factory.mktemp("lo"))
    return out


def words(pdf: Path) -> list[list[tuple[str, float, float, float, float]]]:
    """Per page: every word pdftotext finds, with its box (x0, y0, x1, y1) in points."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                          check=True).stdout
    tree = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    return [[(w.text or "", *(float(w.get(k)) for k in ("xmin", "ymin", "xmax", "ymax")))
             for w in page.iter("word")] for page in tree.iter("page")]


ENGINES = ["weasyprint", "typst", "libreoffice"]


@pytest.mark.parametrize("engine", ENGINES)
def test_every_cell_of_the_wide_table_is_whole_on_a_landscape_page(renderings, engine):
    if engine not in renderings:
        pytest.skip("LibreOffice (soffice) is not installed")
    pdf = renderings[engine]
    pages = words(pdf)
    reader = PdfReader(pdf)
    body = table_rows(ANNEX / "templates" / "annex.md.j2", "tab-cities")[1:]
    assert len(body) == 16 and all(len(r) == 14 for r in body)
    # the page that holds the city names is turned
    hits = [i for i, page in enumerate(pages) if any(w[0] == "北湖市" for w in page)]
    assert len(hits) == 1, hits
    page, box = pages[hits[0]], reader.pages[hits[0]].trimbox
    assert float(box.width) > float(box.height), "the 14-column table is not on a landscape page"
    found = {w[0] for w in page}
    # every number whole (no "14329./9"), every name on one line
    missing = [cell for r in body for cell in r if cell not in found]
    assert not missing, f"cells not on the page as whole words: {missing[:10]}"
    for text, x0, y0, x1, y1 in page:
        assert float(box.left) <= x0 and x1 <= float(box.right) + 0.5, (text, x0, x1)
        assert float(box.bottom) <= y0 and y1 <= float(box.top) + 0.5, (text, y0, y1)
    assert not overlaps(page), overlaps(page)[:5]


def overlaps(page) -> list:
    """Pairs of words whose boxes cover each other by more than a hairline."""
    out = []
    boxes = sorted(page, key=lambda w: w[1])
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            if b[1] >= a[3] - 0.5:
                break
            if min(a[4], b[4]) - max(a[2], b[2]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5:
                out.append((a[0], b[0]))
    return out


@pytest.mark.parametrize("engine", ENGINES)
def test_no_word_of_any_table_page_is_drawn_over_another_or_off_the_page(renderings, engine):
    if engine not in renderings:
        pytest.skip("LibreOffice (soffice) is not installed")
    reader = PdfReader(renderings[engine])
    for number, page in enumerate(words(renderings[engine])):
        box = reader.pages[number].trimbox
        assert not overlaps(page), (number + 1, overlaps(page)[:5])
        for text, x0, y0, x1, y1 in page:
            assert float(box.left) <= x0 and x1 <= float(box.right) + 0.5, (number + 1, text)
            assert float(box.bottom) <= y0 and y1 <= float(box.top) + 0.5, (number + 1, text)


TABLES = [("annex.md.j2", "tab-cities", 1), ("annex.md.j2", "tab-small1", 1),
          ("annex.md.j2", "tab-long", 2), ("annex.md.j2", "tab-small2", 1),
          ("annex.md.j2", "tab-small3", 1), ("c5.md.j2", "tab-c5-a", 1),
          ("c5.md.j2", "tab-c5-b", 1)]


@pytest.mark.parametrize("engine", ENGINES)
def test_every_cell_of_every_table_is_printed_whole(renderings, engine):
    """Each figure of the seven tables as one word (never "14329./9") and each name on one
    line, somewhere in the rendering: nothing cut, nothing lost."""
    if engine not in renderings:
        pytest.skip("LibreOffice (soffice) is not installed")
    found = {w[0] for page in words(renderings[engine]) for w in page}
    for template, ident, heads in TABLES:
        for row in table_rows(ANNEX / "templates" / template, ident)[heads:]:
            for cell in row:
                # "指标1" is read as two words: the Han and the digits (a quarter em apart)
                parts = [p for p in re.split(r"(?<=[^\x00-\x7f])(?=\d)", cell) if p]
                missing = [p for p in parts if p not in found]
                assert not missing, (ident, cell, missing)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_two_level_head_is_repeated_on_every_page_of_the_long_table(renderings, engine):
    if engine not in renderings:
        pytest.skip("LibreOffice (soffice) is not installed")
    pages = words(renderings[engine])
    body = table_rows(ANNEX / "templates" / "annex.md.j2", "tab-long")[2:]
    # "制造分类01" is read as two words, the Han and the digits (a quarter-em space between)
    names = {re.sub(r"\d+$", "", r[0]) for r in body if len(r) > 1}
    spread = [page for page in pages if names & {w[0] for w in page}]
    assert len(spread) >= 3, "the long table should run over three pages"
    for page in spread:
        texts = [w[0] for w in page]
        # the upper head row (years, merged over two columns) and the lower one (数量 | 增长%)
        assert all(f"{y}年" in texts or (str(y) in texts and "年" in texts)
                   for y in (2021, 2022, 2023)), texts[:20]
        assert texts.count("数量") == 3
    every = {w[0] for page in spread for w in page}
    assert not [cell for r in body for cell in r[1:] if cell not in every]


def test_spanning_heads_are_merged_cells_in_the_docx(renderings):
    from ..readback import docx_xml
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    body = docx_xml(renderings["docx"])
    long = next(t for t in body.iter(f"{W}tbl")
                if "制造分类01" in "".join(x.text or "" for x in t.iter(f"{W}t")))
    head, second = long.findall(f"{W}tr")[:2]
    spans = [tc.find(f"{W}tcPr/{W}gridSpan") for tc in head.findall(f"{W}tc")]
    assert [s.get(f"{W}val") if s is not None else "1" for s in spans] == ["1", "2", "2", "2"]
    assert head.find(f"{W}tc/{W}tcPr/{W}vMerge").get(f"{W}val") == "restart"
    # both head rows repeat on every page the table continues on
    assert all(tr.find(f"{W}trPr/{W}tblHeader") is not None for tr in (head, second))
    assert long.findall(f"{W}tr")[2].find(f"{W}trPr/{W}tblHeader") is None


def test_the_wide_table_has_a_landscape_section_of_its_own_in_the_docx(renderings):
    from ..readback import docx_xml
    W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    sections = list(docx_xml(renderings["docx"]).iter(f"{W}sectPr"))
    turned = [s for s in sections if s.find(f"{W}pgSz").get(f"{W}orient") == "landscape"]
    assert len(turned) == 1
    size = turned[0].find(f"{W}pgSz")
    assert int(size.get(f"{W}w")) > int(size.get(f"{W}h"))
    # the landscape pages and the ones after it keep counting and show the running head
    after = sections[sections.index(turned[0]) + 1]
    for section in (turned[0], after):
        assert section.find(f"{W}pgNumType").get(f"{W}start") is None
        assert section.find(f"{W}titlePg") is None or \
            section.find(f"{W}titlePg").get(f"{W}val") in ("0", "false")


CONTINUED = re.compile(r"\s*续\s*(附表|表)\s*[\dA-Z]")
LABEL = re.compile(r"(附表|附图|表|图|专栏)\s*((?:[A-Z]-)?\d+(?:-\d+)?)")
EXPECTED = [
    # chapter 3 refers to the box of chapter 2; chapter 5 to its tables and the appendix's
    "专栏2-1",                                   # the box's title (chapter 2)
    "专栏2-1",                                   # its reference (chapter 3)
    "表5-1", "表5-2", "附表1",                   # chapter 5's references
    "表5-1", "表5-2",                            # its captions
    "附表1", "附表3", "附表2", "附表4", "附表5", "表5-1",  # the appendix's references
    "附表1", "附表2", "附表3", "附表4", "附表5",  # its captions
]


def labels_in(text: str) -> list[str]:
    """Every caption label and reference in the body (from chapter 1's first words on); the
    continuation lines (续附表3) over a table's later pages are not captions."""
    text = "\n".join(line for line in text.splitlines() if not CONTINUED.match(line))
    body = re.sub(r"\s+", "", text)
    body = body[body.index("本章叙述第1部分"):]
    return [m.group(1) + m.group(2) for m in LABEL.finditer(body)]


@pytest.mark.parametrize("engine", ENGINES + ["docx"])
def test_captions_and_references_carry_the_same_numbers_everywhere(renderings, engine):
    """Appendix tables are 附表N (never 表5-N next to chapter 5's own), the box is 专栏2-1 —
    in both PDFs, in the DOCX as stored, and in the DOCX as LibreOffice recomputes its
    SEQ fields (chapter restarts included)."""
    if engine not in renderings:
        pytest.skip("LibreOffice (soffice) is not installed")
    if engine == "docx":
        from ..readback import docx_paragraphs
        text = "\n".join(docx_paragraphs(renderings["docx"]))
    else:
        # in page order, line by line (pdftotext's reading-order guess may put a caption
        # after its table's cells)
        text = subprocess.run(["pdftotext", "-layout", str(renderings[engine]), "-"],
                              capture_output=True, text=True, check=True).stdout
    assert labels_in(text) == EXPECTED


def long_table_pages(pages) -> list[int]:
    """The pages (0-based) that hold rows of the long table (附表3), in order."""
    body = table_rows(ANNEX / "templates" / "annex.md.j2", "tab-long")[2:]
    names = {re.sub(r"\d+$", "", r[0]) for r in body if len(r) > 1}
    return [i for i, page in enumerate(pages) if names & {w[0] for w in page}]


def continued_line(page) -> tuple[float, float] | None:
    """(top, bottom) of the words "续附表 3" on a page, or None."""
    for (a, *box_a), (b, *box_b) in zip(page, page[1:]):
        if a == "续附表" and b == "3":
            return box_a[1], box_a[3]
    return None


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def test_every_continuation_page_says_continued_over_the_repeated_head(renderings, engine):
    """续附表3 over the head on each page the long table continues on, and not on its first
    page, where the caption stands (the DOCX cannot: docs/TABLES.md)."""
    pages = words(renderings[engine])
    spread = long_table_pages(pages)
    assert len(spread) >= 3
    first = [w[0] for w in pages[spread[0]]]
    assert continued_line(pages[spread[0]]) is None and "各行业企业研发活动" in first
    for number in spread[1:]:
        line = continued_line(pages[number])
        assert line is not None, f"page {number + 1} has no 续附表3"
        heads = [w for w in pages[number] if w[0] in ("数量", "行业")]
        assert heads and all(line[1] <= w[2] for w in heads), "续附表3 is not over the head"
        assert "各行业企业研发活动" not in [w[0] for w in pages[number]]
    others = [i for i, page in enumerate(pages) if i not in spread[1:] and continued_line(page)]
    assert not others


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def test_a_heavy_rule_closes_the_long_table_on_every_page_it_breaks_on(renderings, engine):
    """The three-line table's bottom rule under the last row of each page, not only at the
    table's end; and a heavy rule over the head on each page (its top rule)."""
    from ..readback import heavy_rules
    pdf = renderings[engine]
    pages = words(pdf)
    body = table_rows(ANNEX / "templates" / "annex.md.j2", "tab-long")[2:]
    names = {re.sub(r"\d+$", "", r[0]) for r in body}  # the rows' and the groups' names
    for number in long_table_pages(pages):
        rows = [w for w in pages[number] if w[0] in names]
        head = [w for w in pages[number] if w[0] == "行业"]
        numbers = [w for w in pages[number] if re.fullmatch(r"-?\d+(\.\d)?", w[0])
                   and min(r[2] for r in rows) - 2 <= w[2] <= max(r[4] for r in rows) + 2]
        x0, x1 = min(w[1] for w in rows), max(w[3] for w in numbers)
        rules = heavy_rules(pdf, number, x0, x1)
        last = max(w[4] for w in rows)
        assert [y for y in rules if last <= y <= last + 20], \
            f"page {number + 1}: no heavy rule under the last row (rules at {rules}, row {last})"
        assert [y for y in rules if y <= head[0][2]], f"page {number + 1}: no top rule"


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def test_a_row_groups_title_never_ends_a_page(renderings, engine):
    """制造业, 信息服务业 … stay with their first row (the Typst layout once left one alone)."""
    pages = words(renderings[engine])
    body = table_rows(ANNEX / "templates" / "annex.md.j2", "tab-long")[2:]
    groups = {r[0] for r in body if len(r) == 1}
    names = {re.sub(r"\d+$", "", r[0]) for r in body} | groups
    assert len(groups) == 4
    for number in long_table_pages(pages):
        rows = [w for w in pages[number] if w[0] in names]
        last = max(rows, key=lambda w: w[4])
        assert last[0] not in groups, f"page {number + 1} ends with the title {last[0]}"


@pytest.mark.parametrize("engine", ["weasyprint", "typst"])
def test_a_table_of_a_few_rows_goes_over_whole_and_is_never_continued(renderings, engine):
    """Only the long table has continuation pages; a four-row table that does not fit a
    page's foot moves to the next page whole (it once went over as 2 + 2 rows)."""
    text = subprocess.run(["pdftotext", "-layout", str(renderings[engine]), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert {m.group(1) for m in re.finditer(r"续\s*(\S+\s*\d+(?:-\d+)?)", text)} == {"附表 3"}
