"""The DOCX as a reviewer's LibreOffice lays it out: the example and the English fixture are
built, converted to PDF by soffice, and the rendering is read back (pdftotext, pypdf).

Skipped where soffice is absent (CI installs it)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from authoring.build import build

from ..conftest import ENGLISH, EXAMPLE, copy_project
from ..readback import pdf_body_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SOFFICE = shutil.which("soffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
# bookmarks as PDF named destinations: the test finds the page of a heading without guessing
_EXPORT = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
LATIN = r"[A-Za-z0-9.,%‰&()+/\-]"


def convert(docx: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run([SOFFICE, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless", "--convert-to", _EXPORT, "--outdir", str(folder), str(docx)],
                   capture_output=True, check=True, timeout=300)
    return folder / (docx.stem + ".pdf")


@pytest.fixture(scope="module", params=["example", "english"])
def rendered(request, tmp_path_factory):
    """(docx, LibreOffice's PDF) of a project built with page numbers measured in LibreOffice.

    The English copy also refers to its second figure, which sits in the paragraph that
    closes the chapter: LibreOffice once showed that reference as "Figure "."""
    folder = tmp_path_factory.mktemp(request.param)
    project = copy_project(EXAMPLE if request.param == "example" else ENGLISH, folder / "project")
    if request.param == "english":
        summary = project / "templates" / "summary.md.j2"
        text = summary.read_text(encoding="utf-8")
        assert "[](#tab-all)" in text
        summary.write_text(text.replace("[](#tab-all)", "[](#tab-all), the trend in [](#grants_trend)"),
                           encoding="utf-8")
    toml = project / "report.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[docx]\npage_numbers = "libreoffice"\n',
                    encoding="utf-8")
    docx = build(project, formats=["docx"]).outputs["docx"]
    return docx, convert(docx, folder / "lo")


def _xml(docx: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(docx) as archive:
        return etree.fromstring(archive.read(part))


def _source_tokens(docx: Path) -> set[str]:
    """Every run of Latin letters, digits and their signs in the document's text (spaces
    inside numbers, as in "1 815.3", dropped)."""
    tokens = set()
    for part in ("word/document.xml", "word/footnotes.xml"):
        try:
            root = _xml(docx, part)
        except KeyError:
            continue
        for p in root.iter(f"{{{W}}}p"):
            # tabs and breaks separate words as spaces do
            text = "".join(node.text or "" if node.tag == f"{{{W}}}t" else " "
                           for node in p.iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"))
            text = re.sub(r"(?<=\d)[\u00a0\u2009\u202f ](?=\d{3})", "", text)
            tokens.update(re.findall(f"{LATIN}+", text))
    return tokens


def line_splits(pdf: Path, tokens: set[str]) -> list[str]:
    """Places where a line ends inside a number or a Latin word of the source: the end of
    one line and the start of the next, joined, lie inside one source token. Running heads
    and folios are cropped away, so a split across a page break is seen too."""
    lines = [line.strip() for line in pdf_body_text(pdf, 50, 50).splitlines() if line.strip()]
    splits = []
    for a, b in zip(lines, lines[1:]):
        tail = re.search(f"{LATIN}+$", a)
        head = re.match(f"{LATIN}+", b)
        if tail and head and any(tail.group() + head.group() in token for token in tokens):
            splits.append(f"{a[-10:]} | {b[:10]}")
    return splits


def it_breaks_no_number_or_latin_word_across_lines(rendered):
    docx, pdf = rendered
    tokens = _source_tokens(docx)
    assert len(tokens) > 20
    assert line_splits(pdf, tokens) == []


@pytest.mark.parametrize("rendered", ["example"], indirect=True)  # English has no Chinese
def it_finds_the_splits_a_chinese_latin_language_makes(rendered, tmp_path):
    """The check above is not blind: with the Latin language set to Chinese again (the old
    document defaults), LibreOffice breaks numbers and the check reports it."""
    docx, _ = rendered
    old = tmp_path / "old-lang.docx"
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(old, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/styles.xml":
                data = data.replace(b'w:val="en-US" w:eastAsia="zh-CN"',
                                    b'w:val="zh-CN" w:eastAsia="zh-CN"')
            target.writestr(name, data)
    assert line_splits(convert(old, tmp_path / "lo"), _source_tokens(docx)) != []


def _ref_snippets(docx: Path) -> list[str]:
    """For each REF field: its cached result with a little of the text before it."""
    body = _xml(docx)
    snippets = []
    for p in body.iter(f"{{{W}}}p"):
        text, in_field, is_ref, result = "", 0, False, ""
        for node in p.iter(f"{{{W}}}fldChar", f"{{{W}}}instrText", f"{{{W}}}t"):
            if node.tag == f"{{{W}}}fldChar":
                kind = node.get(f"{{{W}}}fldCharType")
                if kind == "begin":
                    in_field, is_ref, result = 1, False, ""
                elif kind == "end" and in_field:
                    if is_ref:
                        snippets.append(re.sub(r"\s+", "", text[-6:] + result))
                    text += result
                    in_field = 0
            elif node.tag == f"{{{W}}}instrText":
                is_ref = is_ref or (node.text or "").strip().startswith("REF ")
            elif in_field:
                result += node.text or ""
            else:
                text += node.text or ""
    return snippets


def it_shows_every_cross_reference_with_its_label_and_number(rendered):
    docx, pdf = rendered
    snippets = _ref_snippets(docx)
    assert len(snippets) >= 2 and all(re.search(r"\d$", s) for s in snippets)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True,
                                             text=True, check=True).stdout)
    assert [s for s in snippets if s not in text] == []


def _pages_text(pdf: Path) -> list[str]:
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    return out.split("\f")


def _folios(pages: list[str]) -> dict[str, int]:
    """Printed page number (the last line of a page) → page index."""
    folios = {}
    for index, page in enumerate(pages):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        if lines and re.fullmatch(r"[0-9]+|[ivx]+", lines[-1]):
            folios.setdefault(lines[-1], index)
    return folios


def it_caches_the_page_numbers_libreoffice_lays_out(rendered):
    docx, pdf = rendered
    pages = _pages_text(pdf)
    folios = _folios(pages)
    front = [i for f, i in folios.items() if re.fullmatch(r"[ivx]+", f)]
    entries = [entry for i in front
               for entry in re.findall(r"^\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$", pages[i], re.M)]
    assert len(entries) >= 6
    wrong = []
    for title, number in entries:
        title = title.replace(" ", "")
        landing = [i for i, page in enumerate(pages)
                   if i not in front and i > 0 and title in page.replace(" ", "")]
        if not landing or folios.get(number) != landing[0]:
            wrong.append((title, number, landing[:1]))
    assert wrong == []


def _header_words(pdf: Path, page: int, top_pt: float) -> list[str]:
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page + 1), "-l", str(page + 1),
                           str(pdf), "-"], capture_output=True, check=True).stdout
    root = etree.fromstring(html, etree.HTMLParser(encoding="utf-8"))
    return [w.text for w in root.iter("word") if float(w.get("ymax")) < top_pt]


def it_opens_every_chapter_on_a_page_without_a_running_head(rendered):
    docx, pdf = rendered
    body = _xml(docx)
    chapter_heads = [b.get(f"{{{W}}}name") for p in body.iter(f"{{{W}}}p")
                     if (s := p.find(f"{{{W}}}pPr/{{{W}}}pStyle")) is not None
                     and s.get(f"{{{W}}}val") == "Heading1"
                     for b in p.iter(f"{{{W}}}bookmarkStart")
                     if b.get(f"{{{W}}}name").startswith(("_Ref", "_Toc"))]
    assert len(chapter_heads) == 2
    reader = PdfReader(str(pdf))
    destinations = {str(k).lstrip("/"): reader.get_destination_page_number(v)
                    for k, v in reader.named_destinations.items()}
    openers = {destinations[name.replace("_", "5F")] for name in chapter_heads}
    top = 25 / 25.4 * 72 - 4  # the top margin (25 mm) less a little: only the head is above
    for page in openers:
        assert _header_words(pdf, page, top) == [], page
    others = [i for i in range(min(openers) + 1, len(reader.pages)) if i not in openers]
    assert others and any(_header_words(pdf, i, top) for i in others)  # heads exist elsewhere


def it_replaces_a_wrong_estimate_by_the_pages_libreoffice_measures(monkeypatch, tmp_path):
    """With page_numbers = "libreoffice" the estimate is only a fallback: an estimate that
    says 99 everywhere is replaced by the real pages."""
    import authoring.writers.docx as writer

    monkeypatch.setattr(writer, "estimate_pages",
                        lambda doc, plan, *rest: {e.anchor: 99 for e in plan.contents +
                                                  plan.figures + plan.tables})
    project = copy_project(ENGLISH, tmp_path / "english")
    toml = project / "report.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + '\n[docx]\npage_numbers = "libreoffice"\n',
                    encoding="utf-8")
    docx = build(project, formats=["docx"]).outputs["docx"]
    cached = []
    for p in _xml(docx).iter(f"{{{W}}}p"):
        if any(" PAGEREF " in (t.text or "") for t in p.iter(f"{{{W}}}instrText")):
            cached.append([t.text for t in p.iter(f"{{{W}}}t")][-1])
    assert len(cached) == 6 and "99" not in cached
    assert all(c.isdigit() and 1 <= int(c) <= 5 for c in cached)  # the fixture's body: 4 pages
