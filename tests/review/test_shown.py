"""What Word shows that is not typed text is read, and an edit to it is a change: legacy form
fields, WordArt, shape text in a locked canvas, ruby, Strict text boxes, bound content
controls, line breaks, Office 2016 charts. Each on a minimal file written as Word writes it."""

from __future__ import annotations

import pytest

from authoring.review.reader import read_docx
from authoring.review.textconv import render

from . import wordfiles as wf
from .conftest import run_diff as diff

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def texts(path) -> list:
    return [b.text for b in read_docx(path).blocks]


def pair(tmp_path, old: str, new: str, **kwargs) -> tuple:
    return (wf.write(tmp_path / "old.docx", old, **kwargs), wf.write(tmp_path / "new.docx", new, **kwargs))


# ------------------------------------------------------------------ legacy form fields

def form_field(instr: str, ff_data: str, result: str = "") -> str:
    separate = (f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{wf.run(result)}' if result else "")
    return (f'<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="F1"/><w:enabled/>'
            f'{ff_data}</w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> {instr} '
            f'</w:instrText></w:r>{separate}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def checkbox(checked: str) -> str:
    return "<w:p>" + wf.run("Agreed: ") + form_field(
        "FORMCHECKBOX", f"<w:checkBox><w:sizeAuto/><w:default w:val=\"0\"/>{checked}</w:checkBox>") + "</w:p>"


def dropdown(result: int) -> str:
    entries = "".join(f'<w:listEntry w:val="{v}"/>' for v in ("red", "green", "blue"))
    return "<w:p>" + wf.run("Colour: ") + form_field(
        "FORMDROPDOWN", f'<w:ddList><w:result w:val="{result}"/>{entries}</w:ddList>', "\u2002") + "</w:p>"


def it_reads_a_check_box_as_word_draws_it_and_reports_ticking_it(tmp_path):
    old, new = pair(tmp_path, checkbox(""), checkbox('<w:checked/>'))
    assert texts(old) == ["Agreed: \u2610"] and texts(new) == ["Agreed: \u2612"]
    code, out = diff(old, new)
    assert code == 1 and "[-\u2610-]{+\u2612+}" in out
    assert diff(old, wf.write(tmp_path / "same.docx", checkbox('<w:checked w:val="0"/>')))[0] == 0


def it_reads_the_chosen_drop_down_entry_and_reports_another_choice(tmp_path):
    old, new = pair(tmp_path, dropdown(0), dropdown(2))
    assert texts(old) == ["Colour: red"] and texts(new) == ["Colour: blue"]
    assert diff(old, new)[0] == 1
    assert "Colour: blue" in render(read_docx(new))


# ------------------------------------------------------------------ drawn text

def word_art(text: str) -> str:
    """VML WordArt as Word 2003–2007 writes it: a shape whose text is v:textpath/@string."""
    return (wf.para("Before the art.") + '<w:p><w:r><w:pict><v:shapetype id="_x0000_t136" o:spt="136" '
            'xmlns:o="urn:schemas-microsoft-com:office:office"/><v:shape type="#_x0000_t136" '
            f'style="width:300pt;height:50pt"><v:textpath style="font-family:Arial" string="{text}"/>'
            '</v:shape></w:pict></w:r></w:p>')


def canvas(text: str) -> str:
    """Shape text in a Word 2007 locked drawing canvas (DrawingML a:txBody, no w:txbxContent)."""
    return (wf.para("Figure:") + '<w:p><w:r><w:drawing><wp:inline><wp:docPr id="3" name="Canvas"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas">'
            '<lc:lockedCanvas xmlns:lc="http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas">'
            '<a:sp><a:nvSpPr><a:cNvPr id="4" name="Box"/><a:cNvSpPr txBox="1"/></a:nvSpPr>'
            f'<a:txSp><a:txBody><a:bodyPr/><a:p><a:r><a:t>{text}</a:t></a:r></a:p></a:txBody></a:txSp>'
            '</a:sp></lc:lockedCanvas></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')


@pytest.mark.parametrize("shape", [word_art, canvas], ids=["vml-textpath", "locked-canvas"])
def it_reads_text_drawn_in_a_shape_and_reports_its_edit(tmp_path, shape):
    old, new = pair(tmp_path, shape("Save the date"), shape("Save the day"))
    assert texts(old)[-1] == "Save the date"
    code, out = diff(old, new)
    assert code == 1 and "[-date-]{+day+}" in out
    assert "Save the day" in render(read_docx(new))
    same = wf.write(tmp_path / "same.docx", shape("Save the date"))
    assert diff(old, same)[0] == 0


def it_reads_word_art_once_when_it_has_a_drawingml_twin(tmp_path):
    # Word 2010+ writes WordArt as a wps shape with a text box, and VML as the fallback
    twin = wf.write(tmp_path / "a.docx", "<w:p>" + wf.text_box(wf.para("Only once")).replace(
        "<v:textbox>", '<v:textpath string="Only once"/><v:textbox>') + "</w:p>")
    assert texts(twin) == ["Only once"]


# ------------------------------------------------------------------ ruby

def ruby(base: str, guide: str) -> str:
    return ('<w:p>' + wf.run("読み：") + '<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/>'
            '<w:hps w:val="10"/><w:hpsRaise w:val="18"/><w:hpsBaseText w:val="21"/><w:lid w:val="ja-JP"/>'
            f'</w:rubyPr><w:rt>{wf.run(guide)}</w:rt><w:rubyBase>{wf.run(base)}</w:rubyBase></w:ruby></w:r>'
            + wf.run("です") + "</w:p>")


def it_reads_ruby_as_base_and_guide_and_reports_either_edited(tmp_path):
    doc = wf.write(tmp_path / "a.docx", ruby("漢字", "かんじ"))
    assert texts(doc) == ["読み：漢字(かんじ)です"]
    assert "読み：漢字(かんじ)です" in render(read_docx(doc))
    assert diff(doc, wf.write(tmp_path / "b.docx", ruby("漢字", "かんし")))[0] == 1
    assert diff(doc, wf.write(tmp_path / "c.docx", ruby("感じ", "かんじ")))[0] == 1
    assert diff(doc, wf.write(tmp_path / "d.docx", ruby("漢字", "かんじ")))[0] == 0


# ------------------------------------------------------------------ strict text boxes

WNE = 'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml"'


def strict_box(text: str) -> str:
    """A text box as Word's strict save writes it: its content is wne:txbxContent."""
    return ("<w:p><w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp><wps:txbx>"
            f"<wne:txbxContent {WNE}>{wf.para(text)}</wne:txbxContent></wps:txbx></wps:wsp>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r></w:p>")


@pytest.mark.parametrize("box", [lambda t: "<w:p>" + wf.text_box(wf.para(t)) + "</w:p>", strict_box],
                         ids=["w-txbxContent", "wne-txbxContent"])
def it_reads_text_boxes_of_strict_files(tmp_path, box):
    old, new = (wf.write(tmp_path / f"{n}.docx", wf.para("Body") + box(t), strict=True)
                for n, t in (("a", "In the box"), ("b", "In a box")))
    assert texts(old) == ["Body", "In the box"]
    assert diff(old, new)[0] == 1


# ------------------------------------------------------------------ data binding

ITEM_ID = "{1A2B3C4D-0000-4000-8000-00000000ABCD}"
BOUND_NS = "urn:example:contract"


def bound(cached: str, value: str, store: str = ITEM_ID, kind: str = "<w:text/>") -> tuple:
    body = ("<w:p>" + wf.run("Client: ") + '<w:sdt><w:sdtPr><w:alias w:val="Client"/>'
            f"<w:dataBinding w:prefixMappings=\"xmlns:ns0='{BOUND_NS}'\" "
            f'w:xpath="/ns0:contract[1]/ns0:client[1]" w:storeItemID="{store}"/>{kind}</w:sdtPr>'
            f"<w:sdtContent>{wf.run(cached)}</w:sdtContent></w:sdt></w:p>")
    files = {
        "customXml/item1.xml": f'<contract xmlns="{BOUND_NS}"><client>{value}</client></contract>',
        "customXml/itemProps1.xml": (
            '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" '
            f'ds:itemID="{ITEM_ID}"><ds:schemaRefs/></ds:datastoreItem>'),
        "customXml/_rels/item1.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>'),
    }
    return body, files


def it_reads_the_bound_value_of_a_content_control_not_its_stale_runs(tmp_path):
    body, files = bound("Acme Ltd", "Acme Group")
    doc = wf.write(tmp_path / "a.docx", body, files=files)
    assert texts(doc) == ["Client: Acme Group"]
    body2, files2 = bound("Acme Ltd", "Beta Inc")
    assert diff(doc, wf.write(tmp_path / "b.docx", body2, files=files2))[0] == 1
    # the cached runs agree with the value (Word refreshed them): read as they are
    body3, files3 = bound("Acme Group", "Acme Group")
    assert diff(doc, wf.write(tmp_path / "c.docx", body3, files=files3))[0] == 0


def it_keeps_the_cached_text_when_the_binding_does_not_resolve(tmp_path):
    body, files = bound("Acme Ltd", "Acme Group", store="{00000000-0000-0000-0000-000000000000}")
    assert texts(wf.write(tmp_path / "a.docx", body, files=files)) == ["Client: Acme Ltd"]
    body, files = bound("Acme Ltd", "", kind="<w:text/>")
    assert texts(wf.write(tmp_path / "b.docx", body, files=files)) == ["Client: Acme Ltd"]


def it_reads_a_control_bound_to_the_documents_title(tmp_path):
    core = ('<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>{}</dc:title></cp:coreProperties>')
    body = ('<w:sdt><w:sdtPr><w:alias w:val="Title"/><w:dataBinding w:prefixMappings="xmlns:ns0=\'http://purl.org/dc/elements/1.1/\' '
            "xmlns:ns1='http://schemas.openxmlformats.org/package/2006/metadata/core-properties'\" "
            'w:xpath="/ns1:coreProperties[1]/ns0:title[1]" w:storeItemID="{6C3C8BC8-F283-45AE-878A-BAB7291924A1}"/>'
            f'<w:text/></w:sdtPr><w:sdtContent>{wf.para("Old title")}</w:sdtContent></w:sdt>')
    old = wf.write(tmp_path / "a.docx", body, files={"docProps/core.xml": core.format("Annual report")})
    new = wf.write(tmp_path / "b.docx", body, files={"docProps/core.xml": core.format("Annual review")})
    assert texts(old) == ["Annual report"]
    assert diff(old, new)[0] == 1


# ------------------------------------------------------------------ line breaks

BREAK = "<w:r><w:br/></w:r>"


@pytest.mark.parametrize("before, after", [
    ("第一行。", "第二行"), ("End of line,", "next"), ("数据", "来源"), ("(a)", "(b)"), ("word", "word"),
])
def it_reports_a_deleted_line_break_wherever_it_is(tmp_path, before, after):
    old = wf.write(tmp_path / "a.docx", "<w:p>" + wf.run(before) + BREAK + wf.run(after) + "</w:p>")
    new = wf.write(tmp_path / "b.docx", "<w:p>" + wf.run(before) + wf.run(after) + "</w:p>")
    assert diff(old, new)[0] == 1
    spaced = wf.write(tmp_path / "c.docx", "<w:p>" + wf.run(before + " ") + BREAK + wf.run(after) + "</w:p>")
    assert diff(old, spaced)[0] == 0  # a space before the break is still white space only
    cr = wf.write(tmp_path / "d.docx", "<w:p>" + wf.run(before) + "<w:r><w:cr/></w:r>" + wf.run(after) + "</w:p>")
    assert diff(old, cr)[0] == 0  # w:cr and w:br are the same new line


# ------------------------------------------------------------------ Office 2016 charts

CX = "http://schemas.microsoft.com/office/drawing/2014/chartex"
CHARTEX = "application/vnd.ms-office.chartex+xml"


def chartex_run(rid: str) -> str:
    return ('<w:r><mc:AlternateContent><mc:Choice Requires="cx1" '
            'xmlns:cx1="http://schemas.microsoft.com/office/drawing/2015/9/8/chartex">'
            '<w:drawing><wp:inline><wp:docPr id="5" name="Chart 5"/><a:graphic>'
            '<a:graphicData uri="http://schemas.microsoft.com/office/drawing/2014/chartex">'
            f'<cx:chart xmlns:cx="{CX}" r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>'
            '</mc:Choice><mc:Fallback><w:r><w:t>This chart isn\'t available in your version of Word.</w:t></w:r>'
            '</mc:Fallback></mc:AlternateContent></w:r>')


def chartex_part(values: list) -> str:
    cats = "".join(f"<cx:pt idx=\"{k}\">Q{k + 1}</cx:pt>" for k in range(len(values)))
    vals = "".join(f"<cx:pt idx=\"{k}\">{v}</cx:pt>" for k, v in enumerate(values))
    return (f'<cx:chartSpace xmlns:cx="{CX}"><cx:chartData><cx:data id="0">'
            f'<cx:strDim type="cat"><cx:lvl ptCount="{len(values)}">{cats}</cx:lvl></cx:strDim>'
            f'<cx:numDim type="val"><cx:lvl ptCount="{len(values)}" formatCode="General">{vals}</cx:lvl></cx:numDim>'
            '</cx:data></cx:chartData><cx:chart><cx:plotArea><cx:plotAreaRegion>'
            '<cx:series layoutId="waterfall" uniqueId="{A}"><cx:tx><cx:txData><cx:v>Cash</cx:v></cx:txData></cx:tx>'
            '<cx:dataId val="0"/></cx:series></cx:plotAreaRegion></cx:plotArea></cx:chart></cx:chartSpace>')


def with_chartex(tmp_path, name: str, values: list | None) -> object:
    related = {"rIdX": (f"{REL}/chartEx" if False else "http://schemas.microsoft.com/office/2014/relationships/chartEx",
                        "charts/chartEx1.xml", CHARTEX, chartex_part(values or [0]))}
    body = wf.para("Cash flow") + ("<w:p>" + chartex_run("rIdX") + "</w:p>" if values is not None else "")
    return wf.write(tmp_path / name, body + wf.para("End"), related=related)


def it_compares_office_2016_charts_by_their_data(tmp_path):
    old = with_chartex(tmp_path, "a.docx", [10, -4, 6])
    assert "[chart: " in render(read_docx(old))
    code, out = diff(old, with_chartex(tmp_path, "b.docx", [10, -4, 7]))
    assert code == 1 and "chart" in out
    assert diff(old, with_chartex(tmp_path, "c.docx", None))[0] == 1  # the chart deleted
    assert diff(old, with_chartex(tmp_path, "d.docx", ["10.0", "-4", "6"]))[0] == 0


def it_says_the_redline_cannot_mark_drawn_text(tmp_path):
    from click.testing import CliRunner

    from authoring.cli import main

    old, new = pair(tmp_path, word_art("Save the date"), word_art("Save the day"))
    result = CliRunner().invoke(main, ["diff", "--color", "never", str(old), str(new), "--redline",
                                       str(tmp_path / "red.docx")])
    assert result.exit_code == 1
    assert "not marked in it: see the report" in result.output
