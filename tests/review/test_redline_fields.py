"""Redlines of edits LibreOffice cannot track where Word can: inside a field's result, inside a
content control, a footnote replaced by another, and headers and footers; and a paragraph
deleted between two tables (they become one). Word's reading
(our accept_all / reject_all) and LibreOffice's own Accept All / Reject All both give NEW / OLD."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from authoring.review.compare import compare
from authoring.review.reader import read_docx
from authoring.review.redline import write_redline
from authoring.review.revisions import accept_all, reject_all

from . import wordfiles as wf
from .conftest import libreoffice_resolve, needs_uno
from .test_headers import make as with_header

REF = wf.reference


def field(result: str, simple: bool = False) -> str:
    if simple:
        return ("<w:p>" + wf.run("Name: ") + '<w:fldSimple w:instr=" DOCPROPERTY Company ">'
                + wf.run(result) + "</w:fldSimple>" + wf.run(" end.") + "</w:p>")
    return ("<w:p>" + wf.run("Name: ") + '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> DOCPROPERTY Company </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + wf.run(result)
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r>' + wf.run(" end.") + "</w:p>")


def control(text: str) -> str:
    return ("<w:p>" + wf.run("Client: ") + '<w:sdt><w:sdtPr><w:alias w:val="Client"/><w:text/></w:sdtPr>'
            f"<w:sdtContent>{wf.run(text)}</w:sdtContent></w:sdt>" + wf.run(" signed.") + "</w:p>")


def cited(text_before: str, text_after: str, at_end: bool = False) -> str:
    if at_end:
        return "<w:p>" + wf.run(text_before + text_after) + REF("footnote", 1) + "</w:p>"
    return "<w:p>" + wf.run(text_before) + REF("footnote", 1) + wf.run(text_after) + "</w:p>"


TABLES = (wf.table([["Region", "2019"], ["North", "12"], ["South", "7"]]),
          wf.table([["City", "2020"], ["Alpha", "3"], ["Beta", "4"]]))
CASES = {
    "field": (lambda p: wf.write(p, wf.para("Intro") + field("Acme Ltd")),
              lambda p: wf.write(p, wf.para("Intro") + field("Beta Group"))),
    "simple": (lambda p: wf.write(p, wf.para("Intro") + field("Acme Ltd", simple=True)),
               lambda p: wf.write(p, wf.para("Intro") + field("Acme Group", simple=True))),
    "control": (lambda p: wf.write(p, wf.para("Intro") + control("Acme Ltd")),
                lambda p: wf.write(p, wf.para("Intro") + control("Beta Group"))),
    "note": (lambda p: wf.write(p, wf.para("Intro") + cited("A claim", " and more.") + wf.para("End"),
                                footnotes=["Old source."]),
             lambda p: wf.write(p, wf.para("Intro") + cited("A claim", " and more.", at_end=True)
                                + wf.para("End"), footnotes=["A quite different citation here."])),
    "between": (lambda p: wf.write(p, wf.para("Intro") + TABLES[0] + wf.para("Between the tables.")
                                   + TABLES[1] + wf.para("End")),
                lambda p: wf.write(p, wf.para("Intro") + TABLES[0] + TABLES[1] + wf.para("End"))),
    "header": (lambda p: with_header(p, head="Annual report", foot="Old footer"),
               lambda p: with_header(p, head="Annual report 2021", foot="New footer")),
}


def texts(path: Path) -> list:
    return [b.text for b in read_docx(path).blocks]


def resolved(path: Path, how, target: Path) -> Path:
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                root = etree.fromstring(data)
                how(root)
                data = etree.tostring(root)
            out.writestr(info, data)
    return target


@pytest.fixture(scope="module")
def redlines(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("fields")
    out = {}
    for name, (make_old, make_new) in CASES.items():
        old, new = make_old(folder / f"{name}-old.docx"), make_new(folder / f"{name}-new.docx")
        comparison, a, b = compare(old, new)
        assert comparison.differ
        red = folder / f"{name}.docx"
        write_redline(comparison.ops, a, b, red, "t")
        out[name] = (old, new, red)
    return out


@pytest.mark.parametrize("name", list(CASES))
def it_accepts_to_new_and_rejects_to_old_as_word_reads_it(redlines, tmp_path, name):
    old, new, red = redlines[name]
    assert texts(resolved(red, accept_all, tmp_path / "a.docx")) == texts(new)
    assert texts(resolved(red, reject_all, tmp_path / "r.docx")) == texts(old)


def it_replaces_an_edited_field_whole(redlines):
    with zipfile.ZipFile(redlines["field"][2]) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    w = wf.W
    gone = body.find(f".//{{{w}}}del")
    came = body.find(f".//{{{w}}}ins")
    assert gone is not None and gone.find(f".//{{{w}}}delInstrText") is not None
    assert came is not None and came.find(f".//{{{w}}}instrText") is not None
    assert [f.get(f"{{{w}}}fldCharType") for f in came.iter(f"{{{w}}}fldChar")] == ["begin", "separate", "end"]


def it_gives_an_edited_control_a_plain_fallback(redlines):
    with zipfile.ZipFile(redlines["control"][2]) as z:
        xml = z.read("word/document.xml").decode()
    assert '<mc:Choice Requires="m">' in xml and "<mc:Fallback>" in xml
    assert xml.index("<w:sdt>") < xml.index("<mc:Fallback>")


@needs_uno
def it_accepts_and_rejects_fields_controls_notes_and_headers_in_libreoffice(redlines, tmp_path):
    done = libreoffice_resolve([red for _, _, red in redlines.values()], tmp_path / "lo")
    for name, (old, new, red) in redlines.items():
        assert texts(done[red.stem, "accepted"]) == texts(new), name
        assert texts(done[red.stem, "rejected"]) == texts(old), name
