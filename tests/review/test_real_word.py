"""What Word, WPS and LibreOffice write that our own writer does not: none of it may read as "same".

Strict Open XML, text boxes, endnotes, content controls around rows and cells,
renumbered tables, repeated structures, LibreOffice's re-save noise, equations.
Each case on a minimal file made here (wordfiles.py) and, where the corpus has one,
on a real Word file (tests/review/corpus, see its README).
"""

from __future__ import annotations

import copy
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from authoring.review.compare import compare
from authoring.review.reader import read_docx
from authoring.review.redline import write_redline
from authoring.review.revisions import accept_all, reject_all

from . import wordfiles as wf
from .conftest import libreoffice_resolve, needs_soffice, needs_uno, soffice
from .conftest import run_diff as diff
from .conftest import run_docx2text as docx2text

CORPUS = Path(__file__).parent / "corpus"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"


def texts(path: Path) -> list:
    return [b.text for b in read_docx(path).blocks]


def document_root(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def paragraph_texts(root) -> list:
    """Each w:p's text as Word shows it: runs and equations, in order."""
    W, fallback = wf.W, "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    out = []
    for p in root.iter(f"{{{W}}}p"):
        if any(a.tag == fallback for a in p.iterancestors()):
            continue  # the VML copy of a text box
        # an equation's text fallback (for LibreOffice) repeats the equation: read once
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t", f"{M}t")
                       if next(t.iterancestors(f"{{{W}}}p")) is p
                       and next(t.iterancestors(fallback), None) is None)
        if text:
            out.append(text)
    return out


# ---------------------------------------------------------------- 1. strict Open XML


def it_reads_a_strict_file_like_its_transitional_twin(tmp_path):
    real = CORPUS / "mammoth-text-box.docx"
    strict = wf.strict_copy(real, tmp_path / "strict.docx")
    assert texts(strict) == texts(real) and texts(real)


def it_reads_word_s_own_strict_save(tmp_path):
    assert texts(CORPUS / "mammoth-strict-format.docx")  # Word 2013 "Strict Open XML Document"


def it_tells_two_different_strict_drafts_apart(tmp_path):
    a = wf.write(tmp_path / "a.docx", wf.para("Revenue was 12 million."), strict=True)
    b = wf.write(tmp_path / "b.docx", wf.para("Revenue was 13 million."), strict=True)
    code, out = diff(a, b)
    assert code == 1 and "12 → 13" in out.replace("  ", " ")
    assert diff(a, a)[0] == 0


# ---------------------------------------------------------------- 2. text boxes


def it_reads_a_text_box_once_not_from_both_branches(tmp_path):
    body = wf.para("Before the box.", inner=wf.text_box(wf.para("Inside the box."))) + wf.para("After.")
    assert texts(wf.write(tmp_path / "box.docx", body)) == ["Before the box.", "Inside the box.",
                                                           "After."]


def it_sees_an_edit_inside_a_text_box_and_marks_it_in_the_redline(tmp_path):
    def draft(name, inside):
        body = wf.para("Anchor.", inner=wf.text_box(wf.para(inside))) + wf.para("After.")
        return wf.write(tmp_path / name, body)

    old, new = draft("old.docx", "Sales rose 5%."), draft("new.docx", "Sales rose 7%.")
    code, out = diff(old, new)
    assert code == 1 and "5%" in out and "7%" in out
    redline = tmp_path / "red.docx"
    comparison, a, b = compare(old, new)
    write_redline(comparison.ops, a, b, redline, "t")
    accepted, rejected = document_root(redline), document_root(redline)
    accept_all(accepted)
    reject_all(rejected)
    assert "Sales rose 7%." in paragraph_texts(accepted)
    assert "Sales rose 5%." in paragraph_texts(rejected)


def it_sees_the_edit_in_word_s_text_box_pair():
    code, out = diff(CORPUS / "WC037-Textbox-Before.docx", CORPUS / "WC037-Textbox-After1.docx")
    assert code == 1 and "box" in out


# ---------------------------------------------------------------- 3. endnotes


def it_reads_endnotes_in_docx2text_and_diff(tmp_path):
    def draft(name, note):
        body = wf.para("Output grew.", inner=wf.reference("endnote", 1))
        return wf.write(tmp_path / name, body, endnotes=[note])

    old, new = draft("old.docx", "Source: survey 2019."), draft("new.docx", "Source: survey 2020.")
    assert "Source: survey 2019." in docx2text(old)
    code, out = diff(old, new)
    assert code == 1 and "endnote 1" in out
    comparison, a, b = compare(old, new)
    redline = tmp_path / "red.docx"
    write_redline(comparison.ops, a, b, redline, "t")
    with zipfile.ZipFile(redline) as z:
        notes = etree.fromstring(z.read("word/endnotes.xml"))
    accepted, rejected = copy.deepcopy(notes), copy.deepcopy(notes)
    accept_all(accepted)
    reject_all(rejected)
    assert "Source: survey 2020." in paragraph_texts(accepted)
    assert "Source: survey 2019." in paragraph_texts(rejected)


def it_reads_word_s_endnotes():
    assert "endnote" in docx2text(CORPUS / "mammoth-endnotes.docx").lower() or \
        len(read_docx(CORPUS / "mammoth-endnotes.docx").blocks) > 1
    assert any(b.container == "endnote" for b in read_docx(CORPUS / "mammoth-endnotes.docx").blocks)
    code, _ = diff(CORPUS / "WC034-Endnotes-Before.docx", CORPUS / "WC034-Endnotes-After1.docx")
    assert code == 1


# ---------------------------------------------------------------- 4. content controls


@pytest.mark.parametrize("wrap", ["rows", "cells"])
def it_reads_table_rows_and_cells_inside_content_controls(tmp_path, wrap):
    def draft(name, value):
        rows = [["Region", "2020"], ["North", value], ["South", "40"]]
        body = wf.table(rows, wrap_rows=wrap == "rows", wrap_cells=wrap == "cells")
        return wf.write(tmp_path / name, body + wf.para("End."))

    old, new = draft("old.docx", "31"), draft("new.docx", "32")
    assert texts(old) == ["Region", "2020", "North", "31", "South", "40", "End."]
    code, out = diff(old, new)
    assert code == 1 and "31 → 32" in " ".join(out.split())
    # accepting changes must not drop a table whose rows all sit in content controls
    accepted = read_docx(old).trees["word/document.xml"]
    assert len(list(accepted.iter(f"{{{wf.W}}}tr"))) == 3


def it_reads_word_s_row_level_content_controls():
    path = CORPUS / "RowLevelContentControl-built.docx"
    W = wf.W
    inside = ["".join(t.text for t in tr.iter(f"{{{W}}}t"))
              for tr in document_root(path).iter(f"{{{W}}}tr")
              if tr.getparent().tag == f"{{{W}}}sdtContent"]
    assert inside and inside[0]  # a row Word wrapped in a content control, with text
    cells = [b.text for b in read_docx(path).blocks if b.kind == "cell"]
    assert inside[0] in cells


# ---------------------------------------------------------------- 5. renumbering


def _captioned(label: str, title: str, rows: list) -> str:
    return wf.para(f"{label} {title}", style="Caption") + wf.table(rows)


def it_pairs_tables_by_content_when_an_earlier_table_renumbers_them(tmp_path):
    data = [["地区", "2019", "2020"]] + [[f"区{k}", str(100 + k), str(200 + k)] for k in range(12)]
    new_table = [["项目", "数值"], ["甲", "1"], ["乙", "2"]]
    old = wf.write(tmp_path / "old.docx", wf.para("引言。") + _captioned("表1", "各区产值", data))
    new = wf.write(tmp_path / "new.docx", wf.para("引言。") + _captioned("表1", "新增表", new_table)
                   + _captioned("表2", "各区产值", data))
    comparison = compare(old, new)[0]
    kinds = [(op.kind, op.new.text if op.new else op.old.text) for op in comparison.text_changes]
    # the new caption and the new table's 6 cells are inserted; the old table's caption
    # is renumbered (one changed line); none of the old table's 39 cells changes
    assert len(kinds) == 8, kinds
    assert sum(kind == "inserted" for kind, _ in kinds) == 7
    assert [t for kind, t in kinds if kind == "changed"] == ["表2 各区产值"]
    assert comparison.figures == []  # 表1 → 表2 is numbering, not a data figure


# ---------------------------------------------------------------- 6. repeated content


def it_aligns_three_identical_copies_with_one_heading_edited(tmp_path):
    def copy_of(heading):
        return wf.para(heading, style="Heading1") + "".join(
            wf.para(f"各区情况第{k}段：数据同上。") for k in range(20))

    same = copy_of("分区概况")
    old = wf.write(tmp_path / "old.docx", same + same + same)
    new = wf.write(tmp_path / "new.docx", same + copy_of("分区概况（修订）") + same)
    changes = compare(old, new)[0].text_changes
    assert [(op.kind, op.old.text, op.new.text) for op in changes] == \
        [("changed", "分区概况", "分区概况（修订）")]


# ---------------------------------------------------------------- 7. LibreOffice re-save noise


def it_takes_a_missing_paragraph_style_as_the_default_style(tmp_path):
    old = wf.write(tmp_path / "old.docx", wf.para("正文一段。"))
    new = wf.write(tmp_path / "new.docx", wf.para("正文一段。", style="Normal"))
    comparison = compare(old, new)[0]
    assert not comparison.differ, comparison.format_changes


def it_resolves_a_table_style_s_bold_header_row_before_comparing(tmp_path):
    rows = [["Region", "Output"], ["North", "31"]]
    look = '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1"/>'
    old = wf.write(tmp_path / "old.docx", wf.table(rows, style="Grid", look=look))
    new = wf.write(tmp_path / "new.docx", wf.table(rows, style="Grid", look=look,
                                                   header_props="<w:b/>"))
    assert not compare(old, new)[0].differ
    # no tblLook: Word takes 04A0 (MS-OI29500 2.1.160), so the header row is bold too
    plain = wf.write(tmp_path / "plain.docx", wf.table(rows, style="Grid"))
    assert not compare(plain, new)[0].differ
    # the twin: a look that switches the header row off really shows another table
    off = '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0"/>'
    unheaded = wf.write(tmp_path / "unheaded.docx", wf.table(rows, style="Grid", look=off))
    assert compare(unheaded, new)[0].format_changes


@needs_soffice
def it_reports_nothing_for_a_libreoffice_re_save_of_word_files(tmp_path):
    names = ["WC002-Unmodified.docx", "WC037-Textbox-Before.docx", "WC034-Endnotes-Before.docx",
             "WC012-Math-Before.docx", "mammoth-text-box.docx", "pydocx-tbl-having-applied-style.docx",
             "WC013-Image-Before.docx", "CU002-Chart-Cached-Data-02.docx"]  # pictures, a chart
    out = tmp_path / "lo"
    soffice(["--convert-to", "docx", "--outdir", str(out), *(str(CORPUS / n) for n in names)],
            tmp_path / "profile")
    for name in names:
        code, report = diff(CORPUS / name, out / name)
        assert code == 0, (name, report)



@needs_soffice
def it_reports_nothing_for_a_re_saved_240_cell_table_and_the_one_cell_really_changed(tmp_path):
    """Point 12: LibreOffice rewrites a large table's cells (its own grid, widths, properties);
    cells at the same place with the same text are the same cells. The twin: one cell's
    text changed in the re-saved file is still reported, at its row and column."""
    rows = [[f"第{r}行", f"{r * 17 % 97}.{r % 10}", f"{r * 3}", "持平" if r % 5 else "增长"]
            for r in range(1, 61)]
    old = wf.write(tmp_path / "t240.docx", wf.para("表") + wf.table(rows, style="Grid")
                   + wf.para("完"))
    out = tmp_path / "lo"
    soffice(["--convert-to", "docx", "--outdir", str(out), str(old)], tmp_path / "profile")
    code, report = diff(old, out / "t240.docx")
    assert code == 0, report
    changed = tmp_path / "t240-edited.docx"
    with zipfile.ZipFile(out / "t240.docx") as z_in, zipfile.ZipFile(changed, "w") as z_out:
        for info in z_in.infolist():
            data = z_in.read(info)
            if info.filename == "word/document.xml":
                # row 37's third cell (LibreOffice splits Han and digits into runs)
                assert data.count(b"<w:t>111</w:t>") == 1
                data = data.replace(b"<w:t>111</w:t>", b"<w:t>112</w:t>")
            z_out.writestr(info, data)
    code, report = diff(out / "t240.docx", changed)
    # named by the header row's cell above it, and the only change
    assert code == 1 and "1 change (1 edited)" in report, report
    assert "第37行 × 3  changed" in report and "[-111-]{+112+}" in report, report


# ---------------------------------------------------------------- 8. equations


def _math_drafts(tmp_path):
    old = wf.write(tmp_path / "old.docx", wf.para("Area:") + wf.para("End."))
    new = wf.write(tmp_path / "new.docx", wf.para("Area:") + wf.para(inner=wf.math("A=πr²"))
                   + wf.para("End.") + wf.para("Also ", inner=wf.math("x+1")))
    return old, new


def it_marks_an_inserted_equation_so_reject_all_removes_it(tmp_path):
    old, new = _math_drafts(tmp_path)
    comparison, a, b = compare(old, new)
    redline = tmp_path / "red.docx"
    write_redline(comparison.ops, a, b, redline, "t")
    accepted, rejected = document_root(redline), document_root(redline)
    accept_all(accepted)
    reject_all(rejected)
    assert paragraph_texts(accepted) == ["Area:", "A=πr²", "End.", "Also x+1"]
    assert paragraph_texts(rejected) == ["Area:", "End."]


@needs_uno
def it_accepts_and_rejects_inserted_and_deleted_equations_in_libreoffice(tmp_path):
    """LibreOffice's own Accept All gives NEW's equations and Reject All OLD's (it used to
    empty an inserted equation on Accept All and drop a deleted one on Reject All)."""
    old = wf.write(tmp_path / "old.docx", wf.para("Area:") + wf.para("Keep ", inner=wf.math("y=2x"))
                   + wf.para("Formula ", inner=wf.math("E=mc")) + wf.para("End."))
    new = wf.write(tmp_path / "new.docx", wf.para("Area:") + wf.para(inner=wf.math("A=πr²"))
                   + wf.para("Formula ", inner=wf.math("E=mc²")) + wf.para("End.")
                   + wf.para("Also ", inner=wf.math("x+1")))
    comparison, a, b = compare(old, new)
    redline = tmp_path / "red.docx"
    write_redline(comparison.ops, a, b, redline, "t")
    # Word's reading (the mc:Choice) is still an equation, tracked
    assert len(list(document_root(redline).iter(f"{M}oMath"))) == 5
    # and Word's own file: an equation edited (A=πr² → A=2πr²)
    before, after = CORPUS / "WC012-Math-Before.docx", CORPUS / "WC012-Math-After.docx"
    comparison, a, b = compare(before, after)
    word = tmp_path / "word.docx"
    write_redline(comparison.ops, a, b, word, "t")
    done = libreoffice_resolve([redline, word], tmp_path / "lo")
    assert texts(done["red", "accepted"]) == texts(new)
    assert texts(done["red", "rejected"]) == texts(old)
    assert texts(done["word", "accepted"]) == texts(after)
    assert texts(done["word", "rejected"]) == texts(before)


def it_marks_a_changed_equation_whole_both_ways(tmp_path):
    old = wf.write(tmp_path / "old.docx", wf.para("Formula ", inner=wf.math("E=mc")) + wf.para("End."))
    new = wf.write(tmp_path / "new.docx", wf.para("Formula ", inner=wf.math("E=mc²")) + wf.para("End."))
    comparison, a, b = compare(old, new)
    assert comparison.differ
    redline = tmp_path / "red.docx"
    write_redline(comparison.ops, a, b, redline, "t")
    accepted, rejected = document_root(redline), document_root(redline)
    accept_all(accepted)
    reject_all(rejected)
    assert paragraph_texts(accepted) == ["Formula E=mc²", "End."]
    assert paragraph_texts(rejected) == ["Formula E=mc", "End."]
    assert len(list(rejected.iter(f"{M}oMath"))) == 1  # an equation still, not its letters


def it_sees_word_s_equation_edit():
    code, _ = diff(CORPUS / "WC012-Math-Before.docx", CORPUS / "WC012-Math-After.docx")
    assert code == 1


def it_sees_word_s_edit_in_the_middle_and_nothing_in_a_self_diff():
    assert diff(CORPUS / "WC002-Unmodified.docx", CORPUS / "WC002-DiffInMiddle.docx")[0] == 1
    for path in sorted(CORPUS.glob("*.docx")):
        assert diff(path, path)[0] == 0, path.name


def it_redlines_a_row_deleted_from_rows_inside_content_controls(tmp_path):
    def draft(name, rows):
        return wf.write(tmp_path / name, wf.table(rows, wrap_rows=True) + wf.para("End."))

    old = draft("old.docx", [["Region", "2020"], ["North", "31"], ["South", "40"], ["East", "7"]])
    new = draft("new.docx", [["Region", "2020"], ["North", "31"], ["East", "7"]])
    comparison, a, b = compare(old, new)
    redline = tmp_path / "red.docx"
    write_redline(comparison.ops, a, b, redline, "t")
    accepted, rejected = document_root(redline), document_root(redline)
    accept_all(accepted)
    reject_all(rejected)
    assert "South" not in paragraph_texts(accepted) and "South" in paragraph_texts(rejected)
    assert "40" in paragraph_texts(rejected)


# ---------------------------------------------------------------- 9. what Word shows (issue 28)
# Real files from Open-XML-SDK, docx2python and Apache POI (tests/review/corpus/README.md),
# each edited here the way a script would (one element changed), and each edit reported.


def edited_copy(source: Path, target: Path, part: str, old: str, new: str) -> Path:
    with zipfile.ZipFile(source) as z_in, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z_out:
        for info in z_in.infolist():
            data = z_in.read(info)
            if info.filename == part:
                assert old.encode() in data, f"{old!r} not in {part}"
                data = data.replace(old.encode(), new.encode(), 1)
            z_out.writestr(info, data)
    return target


def it_reads_word_s_legacy_check_box_and_drop_down():
    unticked, ticked = CORPUS / "docx2python-unchecked_drop0.docx", CORPUS / "docx2python-checked_drop1.docx"
    assert [t.strip() for t in texts(unticked)] == ["\u2610", "Piihan B"]
    assert [t.strip() for t in texts(ticked)] == ["\u2612", "PIlihan A"]
    code, out = diff(unticked, ticked)
    assert code == 1 and "[-\u2610 -]" in out and "{+\u2612 +}" in out
    assert "[-Piihan B-]" in out and "{+PIlihan A+}" in out


@pytest.mark.parametrize("name, part, old, new, shown", [
    ("OXSDK-Of16-02.docx", "word/charts/chartEx1.xml", '<cx:pt idx="3">47<', '<cx:pt idx="3">48<', "[chart: "),
    ("OXSDK-strict-WordArt.docx", "word/document.xml", 'string="Your Text Here"', 'string="Your Text There"',
     "Your Text Here"),
    ("poi-61470-ruby.docx", "word/document.xml", "とうきょう", "とうきよう", "東京(とうきょう)"),
    ("OXSDK-Data-Bound-Content-Controls.docx", "customXML/item.xml", "Eric White", "Erica White", "Eric White"),
    ("OXSDK-Data-Bound-Content-Controls.docx", "customXML/item.xml", "Microsoft Corporation", "Contoso",
     "Microsoft Corporation"),
    ("docx2python-equations.docx", "word/document.xml", '<m:begChr m:val="{"/>', '<m:begChr m:val="["/>', "{"),
    ("OXSDK-Strict01.docx", "word/document.xml", "Here is a text box.", "Here is a text frame.",
     "Here is a text box."),
], ids=["office-2016-chart", "strict-wordart", "ruby", "bound-cell", "bound-paragraph", "delimiter",
        "strict-text-box"])
def it_reports_a_script_edit_of_what_word_shows(tmp_path, name, part, old, new, shown):
    source = CORPUS / name
    assert shown in docx2text(source)
    assert diff(source, source)[0] == 0
    code, out = diff(source, edited_copy(source, tmp_path / name, part, old, new))
    assert code == 1, out


def _nth_replaced(data: bytes, old: bytes, new: bytes, n: int) -> bytes:
    at = -1
    for _ in range(n + 1):
        at = data.index(old, at + 1)
    return data[:at] + new + data[at + len(old):]


def it_reports_an_edit_of_any_one_of_several_identical_word_arts(tmp_path):
    # the script edit above changes the first of 20 shapes saying the same; each other one
    # edited alone must be seen too (same text in every shape is no reason to pair them away)
    source = CORPUS / "OXSDK-strict-WordArt.docx"
    old, new = b'string="Your Text Here"', b'string="Your Text There"'
    with zipfile.ZipFile(source) as z:
        xml = z.read("word/document.xml")
    assert xml.count(old) == 20
    for n in range(20):
        target = tmp_path / f"art{n}.docx"
        with zipfile.ZipFile(source) as z_in, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z_out:
            for info in z_in.infolist():
                data = z_in.read(info)
                z_out.writestr(info, _nth_replaced(data, old, new, n) if info.filename == "word/document.xml"
                               else data)
        code, out = diff(source, target)
        assert code == 1 and "Your Text [-Here-]{+There+}" in out, (n, out)


def it_reads_the_shape_word_draws_and_not_its_fallback_copy(tmp_path):
    # Word 2010+ and LibreOffice draw mc:Choice; the VML copy in mc:Fallback is for Word 2007.
    # An edit of the drawn shape is a change; an edit of the fallback alone shows nothing.
    def art(choice: str, fallback: str) -> str:
        box = wf.text_box(wf.para(choice)).replace(
            "<v:textbox>", f'<v:textpath string="{fallback}"/><v:textbox>')
        box = box.replace(f"<mc:Fallback><w:pict><v:shape><v:textpath string=\"{fallback}\"/><v:textbox>"
                          f"<w:txbxContent>{wf.para(choice)}",
                          f"<mc:Fallback><w:pict><v:shape><v:textpath string=\"{fallback}\"/><v:textbox>"
                          f"<w:txbxContent>{wf.para(fallback)}")
        return wf.para("Title page") + "<w:p>" + box + "</w:p>"

    old = wf.write(tmp_path / "old.docx", art("Annual Report", "Annual Report"))
    assert texts(old) == ["Title page", "Annual Report"]
    choice = wf.write(tmp_path / "choice.docx", art("Annual Review", "Annual Report"))
    code, out = diff(old, choice)
    assert code == 1 and "Review" in out
    fallback = wf.write(tmp_path / "fallback.docx", art("Annual Report", "Annual Review"))
    assert texts(fallback) == texts(old)
    assert diff(old, fallback)[0] == 0
