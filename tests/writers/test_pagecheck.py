"""The contents check reads entries back from real PDFs of both engines and catches a wrong page."""

from __future__ import annotations

import pytest
import typst

from authoring.errors import RenderError
from authoring.writers.options import WriteOptions
from authoring.writers.pagecheck import check_entries, read_entries
from authoring.writers.weasyprint.pdf import html_to_pdf
from authoring.writers.typst import fonts


def typst_pdf(first: str, second: str) -> bytes:
    """Two headings on pages 1 and 2, and a contents page before them printing `first`, `second`."""
    source = f"""#set page(width: 100mm, height: 80mm, numbering: "i")
#link(<a>)[Alpha #box(width: 1fr, repeat[. ]) {first}]

#link(<b>)[Beta #box(width: 1fr, repeat[. ]) {second}]
#pagebreak()
#set page(numbering: "1")
#counter(page).update(1)
= Alpha <a>
#pagebreak()
= Beta <b>
"""
    return typst.compile(source.encode(), font_paths=fonts(), format="pdf")


def weasy_pdf(tmp_path, second: str) -> bytes:
    html = f"""<html><head><style>@page {{ size: 100mm 80mm }} h1 {{ break-before: page }}
a::after {{ content: leader('. ') "{second}" }} a {{ display: block }}</style></head><body>
<a href="#b">Beta</a><h1 id="a">Alpha</h1><h1 id="b">Beta</h1></body></html>"""
    target = tmp_path / "x.pdf"
    html_to_pdf(html, target, WriteOptions(project_dir=tmp_path, lang="en"))
    return target.read_bytes()


def it_reads_each_entry_with_its_printed_and_its_landing_page():
    entries = read_entries(typst_pdf("1", "2"))
    assert [(e.name, e.printed, e.landed, e.page, e.target) for e in entries] == [
        ("Alpha", "1", "1", 0, 1), ("Beta", "2", "2", 0, 2)]
    check_entries(typst_pdf("1", "2"), 2, "Typst")


def it_stops_on_an_entry_one_page_off():
    with pytest.raises(RenderError) as caught:
        check_entries(typst_pdf("1", "3"), 2, "Typst")
    assert "“Beta” says 3, its target is on 2" in str(caught.value)
    assert "no PDF was written" in str(caught.value)


def it_stops_when_it_cannot_read_every_entry():
    with pytest.raises(RenderError, match="read 2 contents and list entries back .* expected 3"):
        check_entries(typst_pdf("1", "2"), 3, "Typst")


def it_reads_weasyprints_links_and_leaders_too(tmp_path):
    # WeasyPrint writes no page labels here (no cover/front/body pages): labels are 1, 2, 3
    assert [(e.name, e.printed, e.landed) for e in read_entries(weasy_pdf(tmp_path, "3"))] == [
        ("Beta", "3", "3")]
    with pytest.raises(RenderError, match="“Beta” says 2, its target is on 3"):
        check_entries(weasy_pdf(tmp_path, "2"), 1, "WeasyPrint")
