"""Headers and footers are read per section (default, first page, even pages), as Word shows them,
reported under their own heading, printed by docx2text and marked in the redline."""

from __future__ import annotations

from authoring.review.reader import read_docx

from . import wordfiles as wf
from .conftest import run_diff as diff

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
SETTINGS = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
PAGE = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def running(kind: str, *paragraphs: str) -> str:
    tag = "hdr" if kind == "header" else "ftr"
    return f"<w:{tag} {wf.DECLARE}>{''.join(paragraphs)}</w:{tag}>"


def make(path, head="Annual report", foot="Draft of 1 March", first=None, title_page=False,
         even=None, even_setting=False, body=None):
    related = {"rIdH": (f"{REL}/header", "header1.xml", HEADER, running("header", wf.para(head))),
               "rIdF": (f"{REL}/footer", "footer1.xml", FOOTER,
                        running("footer", wf.para(foot, inner=PAGE)))}
    sect = '<w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/>'
    if first is not None:
        related["rIdH1"] = (f"{REL}/header", "header2.xml", HEADER, running("header", wf.para(first)))
        sect += '<w:headerReference w:type="first" r:id="rIdH1"/>'
    if even is not None:
        related["rIdH2"] = (f"{REL}/header", "header3.xml", HEADER, running("header", wf.para(even)))
        sect += '<w:headerReference w:type="even" r:id="rIdH2"/>'
    if even_setting:
        related["rIdS"] = (f"{REL}/settings", "settings.xml", SETTINGS,
                           f"<w:settings {wf.DECLARE}><w:evenAndOddHeaders/></w:settings>")
    if title_page:
        sect += "<w:titlePg/>"
    return wf.write(path, body or wf.para("The body."), related=related, sect=sect)


def blocks(path):
    return [(b.container, b.location, b.text) for b in read_docx(path).blocks]


def it_reads_the_header_and_footer_after_the_body_under_their_own_heading(tmp_path):
    doc = make(tmp_path / "a.docx")
    assert blocks(doc) == [
        ("body", "¶1", "The body."),
        ("header", "Headers and footers › header › ¶1", "Annual report"),
        ("footer", "Headers and footers › footer › ¶1", "Draft of 1 March"),  # PAGE left out
    ]


def it_reports_an_edited_header_and_footer(tmp_path):
    old = make(tmp_path / "a.docx")
    new = make(tmp_path / "b.docx", head="Annual report 2021", foot="Draft of 2 March")
    code, out = diff(old, new)
    assert code == 1
    assert "Headers and footers › header › ¶1  changed" in out
    assert "Headers and footers › footer › ¶1  changed" in out and "[-1-]{+2+}" in out
    assert diff(old, make(tmp_path / "c.docx"))[0] == 0


def it_reads_the_first_page_header_only_when_the_section_shows_it(tmp_path):
    hidden = make(tmp_path / "a.docx", first="Cover head")
    assert "Cover head" not in [t for _, _, t in blocks(hidden)]
    shown = make(tmp_path / "b.docx", first="Cover head", title_page=True)
    assert ("header", "Headers and footers › first-page header › ¶1", "Cover head") in blocks(shown)
    # an edit Word hides is no change; one it shows is
    assert diff(hidden, make(tmp_path / "c.docx", first="Other head"))[0] == 0
    assert diff(shown, make(tmp_path / "d.docx", first="Other head", title_page=True))[0] == 1


def it_reads_even_page_headers_only_when_the_settings_ask_for_them(tmp_path):
    hidden = make(tmp_path / "a.docx", even="Left head")
    assert "Left head" not in [t for _, _, t in blocks(hidden)]
    shown = make(tmp_path / "b.docx", even="Left head", even_setting=True)
    assert ("header", "Headers and footers › even-page header › ¶1", "Left head") in blocks(shown)


def it_reads_each_sections_header_once_and_inherits_the_previous(tmp_path):
    # section 1 has its own header, section 2 none (Word: the previous one's), section 3 a copy
    # with the same text (LibreOffice writes one per section), section 4 another
    related = {f"rId{k}": (f"{REL}/header", f"header{k}.xml", HEADER, running("header", wf.para(text)))
               for k, text in ((1, "Part one"), (3, "Part one"), (4, "Part four"))}
    ref = '<w:headerReference w:type="default" r:id="rId{}"/>'
    body = (f'<w:p><w:pPr><w:sectPr>{ref.format(1)}</w:sectPr></w:pPr>{wf.run("one")}</w:p>'
            f'<w:p><w:pPr><w:sectPr/></w:pPr>{wf.run("two")}</w:p>'
            f'<w:p><w:pPr><w:sectPr>{ref.format(3)}</w:sectPr></w:pPr>{wf.run("three")}</w:p>'
            + wf.para("four"))
    doc = wf.write(tmp_path / "a.docx", body, related=related, sect=ref.format(4))
    headers = [(loc, text) for container, loc, text in blocks(doc) if container == "header"]
    assert headers == [("Headers and footers › section 1 header › ¶1", "Part one"),
                       ("Headers and footers › section 4 header › ¶1", "Part four")]


def it_prints_headers_and_footers_in_docx2text(tmp_path):
    from authoring.review.textconv import render

    text = render(read_docx(make(tmp_path / "a.docx")))
    assert text.index("The body.") < text.index("== header ==") < text.index("Annual report") \
        < text.index("== footer ==") < text.index("Draft of 1 March")


def it_marks_header_edits_in_the_redline(tmp_path):
    from authoring.review.compare import compare
    from authoring.review.redline import write_redline

    old = make(tmp_path / "a.docx", head="Annual report", foot="Old footer line")
    new = make(tmp_path / "b.docx", head="Annual report 2021", foot="New footer line")
    comparison, a, b = compare(old, new)
    counts = write_redline(comparison.ops, a, b, tmp_path / "red.docx", "me")
    assert counts["changed"] == 2
    import zipfile

    with zipfile.ZipFile(tmp_path / "red.docx") as z:
        header = z.read("word/header1.xml").decode()
        footer = z.read("word/footer1.xml").decode()
    assert "<w:ins " in header and "2021" in header
    assert "<w:del " in footer and "<w:delText" in footer and "Old" in footer


def it_keeps_a_picture_at_the_end_of_the_body_before_the_headers(tmp_path):
    from authoring.review.pictures import pictures

    related = {"rIdH": (f"{REL}/header", "header1.xml", HEADER, running("header", wf.para("Head")))}
    doc = wf.write(tmp_path / "a.docx", wf.para("Text.") + wf.para(inner=wf.picture("rIdP", "Map")),
                   related=related, sect='<w:headerReference w:type="default" r:id="rIdH"/>',
                   media={"rIdP": ("media/image1.png", b"\x89PNG\r\n\x1a\n map")})
    reading = read_docx(doc)
    [found] = pictures(reading)
    assert found.location == "after ¶1"
    from authoring.review.textconv import render

    text = render(reading)
    assert text.index("[picture: Map") < text.index("== header ==") < text.index("Head")


def it_pairs_a_header_libreoffice_frames_with_the_plain_one(tmp_path):
    """LibreOffice can write a header's paragraph inside a text frame: the same header."""
    plain = make(tmp_path / "a.docx", head="My header")
    related = {"rIdH": (f"{REL}/header", "header1.xml", HEADER,
                        running("header", "<w:p>" + wf.text_box(wf.para("My header")) + "</w:p>")),
               "rIdF": (f"{REL}/footer", "footer1.xml", FOOTER, running("footer", wf.para("Draft of 1 March", inner=PAGE)))}
    framed = wf.write(tmp_path / "b.docx", wf.para("The body."), related=related,
                      sect='<w:headerReference w:type="default" r:id="rIdH"/><w:footerReference w:type="default" r:id="rIdF"/>')
    assert diff(plain, framed)[0] == 0
    assert diff(plain, make(tmp_path / "c.docx", head="My heading"))[0] == 1
