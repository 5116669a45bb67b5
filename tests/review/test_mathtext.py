"""An equation reads as the text Word prints: its runs, and the brackets, operators, accents and
bars that only its properties give; an edit to any of them is a change."""

from __future__ import annotations

import pytest
from lxml import etree

from authoring.review.mathtext import math_text
from authoring.review.reader import read_docx

from . import wordfiles as wf
from .conftest import run_diff as diff

M = 'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'


def parsed(xml: str):
    return etree.fromstring(f"<m:oMath {M}>{xml}</m:oMath>")


def r(text: str) -> str:
    return f"<m:r><m:t>{text}</m:t></m:r>"


def delimited(props: str, *args: str) -> str:
    return f"<m:d><m:dPr>{props}</m:dPr>" + "".join(f"<m:e>{r(a)}</m:e>" for a in args) + "</m:d>"


@pytest.mark.parametrize("xml, text", [
    (delimited("", "a+b"), "(a+b)"),  # Word's defaults when nothing is said
    (delimited('<m:begChr m:val="|"/><m:endChr m:val="|"/>', "x"), "|x|"),
    (delimited('<m:begChr m:val="["/><m:sepChr m:val=","/><m:endChr m:val=""/>', "a", "b"), "[a,b"),
    ("<m:nary><m:naryPr><m:chr m:val=\"∑\"/></m:naryPr><m:sub>" + r("i") + "</m:sub><m:sup>" + r("n")
     + "</m:sup><m:e>" + r("i") + "</m:e></m:nary>", "∑ini"),
    ("<m:nary><m:naryPr/><m:sub/><m:sup/><m:e>" + r("f") + "</m:e></m:nary>", "∫f"),
    ("<m:acc><m:accPr><m:chr m:val=\"̃\"/></m:accPr><m:e>" + r("x") + "</m:e></m:acc>", "x\u0303"),
    ("<m:rad><m:radPr><m:degHide m:val=\"1\"/></m:radPr><m:deg/><m:e>" + r("2") + "</m:e></m:rad>", "√2"),
    ("<m:rad><m:deg>" + r("3") + "</m:deg><m:e>" + r("8") + "</m:e></m:rad>", "√38"),
    ("<m:f><m:num>" + r("1") + "</m:num><m:den>" + r("2") + "</m:den></m:f>", "1/2"),
    ("<m:f><m:fPr><m:type m:val=\"noBar\"/></m:fPr><m:num>" + r("n") + "</m:num><m:den>" + r("k")
     + "</m:den></m:f>", "nk"),
    ("<m:phant><m:phantPr><m:show m:val=\"0\"/></m:phantPr><m:e>" + r("x") + "</m:e></m:phant>" + r("y"), "y"),
])
def it_prints_what_the_properties_draw(xml, text):
    assert math_text(parsed(xml)) == text


def equation(props: str) -> str:
    return "<w:p>" + wf.run("Let ") + f"<m:oMath>{delimited(props, 'x')}</m:oMath></w:p>"


def it_reports_changed_delimiters_and_not_spelt_out_defaults(tmp_path):
    old = wf.write(tmp_path / "a.docx", equation(""))
    assert [b.text for b in read_docx(old).blocks] == ["Let (x)"]
    bars = wf.write(tmp_path / "b.docx", equation('<m:begChr m:val="|"/><m:endChr m:val="|"/>'))
    code, out = diff(old, bars)
    assert code == 1 and "|x|" in out
    spelt = wf.write(tmp_path / "c.docx", equation('<m:begChr m:val="("/><m:endChr m:val=")"/>'))
    assert diff(old, spelt)[0] == 0  # LibreOffice writes the defaults out
