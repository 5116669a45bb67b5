"""The DOCX's type and page furniture against the PDF's (issue 27): the example built two-sided
as DOCX and PDF, the DOCX laid out by LibreOffice (the reviewer's Word stand-in), and both
renderings read back with poppler.

Skipped where soffice is absent (CI installs it)."""

from __future__ import annotations

import collections
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from authoring.build import build
from authoring.writers.typography import BODY_SIZE_PT, body_line_pt

from ..conftest import EXAMPLE, copy_project
from ..pdflines import CJK, pdf_lines
from .test_docx_libreoffice import SOFFICE, _folios, _header_words, _pages_text, convert

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
TOP = 25 / 25.4 * 72 - 4  # the top margin less a little: only a running head lies above


@pytest.fixture(scope="module")
def two_sided(tmp_path_factory):
    """(docx, LibreOffice's rendering of it, WeasyPrint's PDF) of the example, two-sided."""
    folder = tmp_path_factory.mktemp("two_sided")
    project = copy_project(EXAMPLE, folder / "project")
    toml = project / "report.toml"
    text = toml.read_text(encoding="utf-8")
    assert '[page]\nsize = "A4"\n' in text
    toml.write_text(text.replace('[page]\nsize = "A4"\n', '[page]\nsize = "A4"\ntwo_sided = true\n'),
                    encoding="utf-8")
    result = build(project, formats=["docx", "pdf"])
    docx = result.outputs["docx"]
    return docx, convert(docx, folder / "lo"), result.outputs["pdf"]


def _mode(values) -> float:
    return collections.Counter(round(v * 4) / 4 for v in values).most_common(1)[0][0]


def body_measures(pdf: Path) -> tuple[float, float]:
    """(line pitch, first-line indent) in points of the body paragraphs of `pdf`: the
    commonest distance between the baselines of two full lines of Chinese that follow each
    other, and the commonest step of a paragraph's first line in from the text's left edge."""
    pitches, indents = [], []
    for lines in pdf_lines(pdf):
        body = [line for line in lines if len(CJK.findall(line.text)) >= 12]
        if len(body) < 3:
            continue
        left = _mode(line.x0 for line in body)
        pitches += [b.y1 - a.y1 for a, b in zip(body, body[1:]) if 0 < b.y1 - a.y1 < 30]
        indents += [line.x0 - left for line in body if 5 < line.x0 - left < 40]
    return _mode(pitches), _mode(indents)


def it_sets_the_body_at_the_size_line_and_indent_of_the_pdf(two_sided):
    """The DOCX had 12 pt body text with a 2-character indent (24 pt) at 22 pt lines; the PDFs
    set 10.5 pt text, a 21 pt indent, 18.9 pt lines."""
    docx, rendered, pdf = two_sided
    pitch, indent = body_measures(rendered)
    assert (pitch, indent) == pytest.approx(body_measures(pdf), abs=0.3)
    assert pitch == pytest.approx(body_line_pt(True), abs=0.3)
    assert indent == pytest.approx(2 * BODY_SIZE_PT, abs=0.3)


def _sections(docx: Path):
    with zipfile.ZipFile(docx) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        targets = {r.get("Id"): "word/" + r.get("Target") for r in rels}
        parts = {name: etree.fromstring(archive.read(name)) for name in archive.namelist()
                 if re.fullmatch(r"word/(header|footer)\d+\.xml", name)}
    sections = [s for s in body.iter(f"{{{W}}}sectPr")]

    def part(section, kind):
        ref = section.find(f"{{{W}}}{kind}Reference[@{{{W}}}type='default']")
        return None if ref is None else parts[targets[ref.get(f"{{{R}}}id")]]
    return body, sections, part


def it_puts_no_running_head_on_the_front_matter(two_sided):
    docx, rendered, _ = two_sided
    _, sections, part = _sections(docx)
    front = part(sections[1], "header")
    assert "".join(t.text or "" for t in front.iter(f"{{{W}}}t")) == ""
    pages = _pages_text(rendered)
    roman = [i for f, i in _folios(pages).items() if re.fullmatch(r"[ivx]+", f)]
    assert roman
    for page in roman:
        assert _header_words(rendered, page, TOP) == [], page


def _instructions(element) -> str:
    return "".join(t.text or "" for t in element.iter(f"{{{W}}}instrText"))


def it_leaves_a_blank_verso_without_running_head_or_folio_in_word(two_sided):
    """Word fills a missing verso with a page of the section before, headed and numbered; each
    chapter's head and folio are IF fields that show nothing past the page of the chapter's
    last text (the bookmark _PartEndN), in code only Word 2013+ reads. LibreOffice exports
    no such page, and must show the heads as they are: titles, no field results run together."""
    docx, rendered, _ = two_sided
    body, sections, part = _sections(docx)
    chapters = [s for s in sections[2:] if part(s, "header") is not None]
    assert len(chapters) == 2
    for number, section in enumerate(chapters, start=1):
        for kind in ("header", "footer"):
            element = part(section, kind)
            code = _instructions(element)
            assert re.search(rf"IF\s+PAGE \\\* Arabic\s+>\s+PAGEREF _PartEnd{number} \\\* Arabic",
                             code), (kind, code)
            # the field's code is in w15 choices; outside them only the result LibreOffice
            # shows: the title, or the folio's own PAGE field
            plain = [i.text.strip() for i in element.iter(f"{{{W}}}instrText")
                     if i.getparent().tag != f"{{{MC}}}Choice"]
            assert plain == ([] if kind == "header" else ["PAGE"])
            assert {c.get("Requires") for c in element.iter(f"{{{MC}}}Choice")} == {"w15"}
    names = {b.get(f"{{{W}}}name") for b in body.iter(f"{{{W}}}bookmarkStart")}
    assert {"_PartEnd0", "_PartEnd1", "_PartEnd2"} <= names

    # where LibreOffice lays the ends out: on the last page of each part's text, so Word's
    # condition holds on the inserted page after it and on no page with text
    reader = PdfReader(str(rendered))
    destinations = {str(k).lstrip("/"): reader.get_destination_page_number(v)
                    for k, v in reader.named_destinations.items()}
    heads = [next(b.get(f"{{{W}}}name") for b in p.iter(f"{{{W}}}bookmarkStart")
                  if b.get(f"{{{W}}}name").startswith(("_Toc", "_Ref")))
             for p in body.iter(f"{{{W}}}p")
             if (s := p.find(f"{{{W}}}pPr/{{{W}}}pStyle")) is not None
             and s.get(f"{{{W}}}val") == "Heading1"]
    openers = [destinations[name.replace("_", "5F")] for name in heads]
    assert len(openers) == 2
    # (the last chapter's end, which no blank page follows, sits in the annex table's last
    # cell, which LibreOffice exports no destination for)
    ends = [destinations[f"5FPartEnd{n}"] for n in range(2)]
    assert ends == [openers[0] - 1, openers[1] - 1]
    # LibreOffice shows the fallback: the chapter's title, nothing else, where there is a head
    shown = {" ".join(_header_words(rendered, i, TOP)) for i in range(openers[0], len(reader.pages))}
    assert shown <= {"", "综述", "附录 主要统计指标"} and len(shown) > 1
    # and so does the reviewers' reader (authoring diff): the titles, no page numbers
    read = subprocess.run([sys.executable, "-m", "authoring", "docx2text", str(docx)],
                          capture_output=True, text=True, check=True).stdout
    running = re.findall(r"^== (section \d+ (?:header|footer)) ==\n\n(.*)$", read, re.M)
    assert running == [("section 3 header", "综述"), ("section 4 header", "附录 主要统计指标")]


def it_keeps_two_lines_together_at_page_ends_as_the_pdf_does(two_sided):
    """Widow and orphan control: on in the DOCX's defaults (Word's and LibreOffice's two
    lines), the CSS's 2 and 2 in the PDF."""
    docx, _, _ = two_sided
    with zipfile.ZipFile(docx) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
    control = styles.find(f"{{{W}}}docDefaults/{{{W}}}pPrDefault/{{{W}}}pPr/{{{W}}}widowControl")
    assert control is not None and control.get(f"{{{W}}}val") in (None, "1", "true", "on")
    # no paragraph style turns it off
    assert not [s for s in styles.iter(f"{{{W}}}widowControl")
                if s.get(f"{{{W}}}val") in ("0", "false", "off")]
