"""A LibreOffice re-save spells some text differently from Word: the same text reads the same,
and a real edit of the same kind is still a change.

Symbol-font characters (w:sym vs text in the font), Word 2016's emoji (w16se:symEx), drop
caps (a framed paragraph vs one paragraph), content embedded as w:altChunk (read in place:
a Word document, HTML, plain text; other formats by a digest). Each case on a minimal file
and, where the corpus has one, on a real Word file and LibreOffice 7.4's re-save of it.
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from authoring.review.compare import compare
from authoring.review.reader import read_docx

from . import wordfiles as wf
from .conftest import run_diff as diff

CORPUS = Path(__file__).parent / "corpus"
WORD_CHUNK = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def texts(path: Path) -> list:
    return [b.text for b in read_docx(path).blocks]


def sym(font: str, char: str) -> str:
    return f'<w:r><w:sym w:font="{font}" w:char="{char}"/></w:r>'


def in_font(font: str, text: str) -> str:
    return wf.run(text, f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:cs="{font}"/>')


# ------------------------------------------------------------------ symbols

def it_reads_a_symbol_as_libreoffice_writes_it(tmp_path):
    word = wf.write(tmp_path / "word.docx", "<w:p>" + wf.run("Now is the ") + sym("Wingdings", "F04A")
                    + wf.run(" time ") + sym("Symbol", "00DA") + "</w:p>")
    libre = wf.write(tmp_path / "libre.docx", "<w:p>" + wf.run("Now is the ")
                     + in_font("Wingdings", "\uf04a") + wf.run(" time ") + in_font("Symbol", "Ú")
                     + "</w:p>")
    assert texts(word) == texts(libre) == ["Now is the \uf04a time \uf0da"]
    assert diff(word, libre)[0] == 0


def it_reports_a_changed_symbol(tmp_path):
    smile = wf.write(tmp_path / "a.docx", "<w:p>" + wf.run("Now ") + sym("Wingdings", "F04A") + "</w:p>")
    frown = wf.write(tmp_path / "b.docx", "<w:p>" + wf.run("Now ") + sym("Wingdings", "F04C") + "</w:p>")
    code, out = diff(smile, frown)
    assert code == 1 and "changed" in out
    added = wf.write(tmp_path / "c.docx", "<w:p>" + wf.run("Now ") + "</w:p>")
    assert diff(added, smile)[0] == 1


def it_keeps_letters_in_ordinary_fonts(tmp_path):
    doc = wf.write(tmp_path / "a.docx", "<w:p>" + in_font("Times New Roman", "Ú") + "</w:p>")
    assert texts(doc) == ["Ú"]


def it_reads_word_2016_emoji_like_plain_text(tmp_path):
    emoji = ('<w:r><mc:AlternateContent><mc:Choice Requires="w16se" '
             'xmlns:w16se="http://schemas.microsoft.com/office/word/2015/wordml/symex">'
             '<w16se:symEx w16se:font="Segoe UI Emoji" w16se:char="1F60F"/></mc:Choice>'
             '<mc:Fallback><w:t>\U0001F60F</w:t></mc:Fallback></mc:AlternateContent></w:r>')
    word = wf.write(tmp_path / "word.docx", "<w:p>" + wf.run("Colored:") + emoji + "</w:p>")
    libre = wf.write(tmp_path / "libre.docx", "<w:p>" + wf.run("Colored:\U0001F60F") + "</w:p>")
    assert texts(word) == ["Colored:\U0001F60F"]
    assert diff(word, libre)[0] == 0
    other = wf.write(tmp_path / "other.docx", "<w:p>" + wf.run("Colored:") + emoji.replace(
        "1F60F", "1F612").replace("\U0001F60F", "\U0001F612") + "</w:p>")
    assert diff(word, other)[0] == 1


def it_sees_the_same_symbols_in_a_real_word_file_and_its_libreoffice_resave():
    word, libre = CORPUS / "HC021-Symbols.docx", CORPUS / "HC021-Symbols-libreoffice.docx"
    assert texts(word)[0] == "Now is the \uf04a time."
    assert diff(word, libre)[0] == 0


# ------------------------------------------------------------------ drop caps

def drop_cap(letter: str, rest: str) -> str:
    return ('<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="3" w:wrap="around" '
            f'w:vAnchor="text" w:hAnchor="text"/></w:pPr>{wf.run(letter)}</w:p>' + wf.para(rest))


def it_reads_a_drop_cap_as_the_first_letter_of_its_paragraph(tmp_path):
    word = wf.write(tmp_path / "word.docx", drop_cap("D", "rop cap.") + wf.para("Next."))
    libre = wf.write(tmp_path / "libre.docx", wf.para("Drop cap.") + wf.para("Next."))
    assert texts(word) == ["Drop cap.", "Next."]
    assert diff(word, libre)[0] == 0
    edited = wf.write(tmp_path / "edited.docx", drop_cap("C", "rop cap.") + wf.para("Next."))
    assert diff(word, edited)[0] == 1


def it_keeps_a_drop_cap_with_nothing_after_it(tmp_path):
    doc = wf.write(tmp_path / "a.docx", wf.para("Before.") + drop_cap("X", "").replace(
        "<w:p></w:p>", "") + wf.table([["a", "b"], ["c", "d"]]))
    assert texts(doc)[:2] == ["Before.", "X"]


# ------------------------------------------------------------------ altChunk

def chunk_docx(tmp_path: Path, *paragraphs: str) -> bytes:
    inner = wf.write(tmp_path / "inner.docx", "".join(wf.para(t) for t in paragraphs))
    return inner.read_bytes()


def alt(ident: str) -> str:
    return f'<w:altChunk r:id="{ident}"/>'


def it_reads_an_embedded_word_document_in_place(tmp_path):
    chunk = chunk_docx(tmp_path, "Inserted first.", "Inserted second.")
    word = wf.write(tmp_path / "word.docx", wf.para("Before.") + alt("C1") + wf.para("After."),
                    chunks={"C1": (WORD_CHUNK, chunk)})
    libre = wf.write(tmp_path / "libre.docx", "".join(wf.para(t) for t in (
        "Before.", "Inserted first.", "Inserted second.", "After.")))
    assert texts(word) == ["Before.", "Inserted first.", "Inserted second.", "After."]
    assert diff(word, libre)[0] == 0
    edited = wf.write(tmp_path / "edited.docx", wf.para("Before.") + alt("C1") + wf.para("After."),
                      chunks={"C1": (WORD_CHUNK, chunk_docx(tmp_path, "Inserted first.",
                                                            "Inserted 2nd."))})
    code, out = diff(word, edited)
    assert code == 1 and "Inserted [-second-]{+2nd+}." in out


def it_reads_an_embedded_html_chunk_by_its_paragraphs(tmp_path):
    html = (b"<!DOCTYPE html><html><head><title>t</title><style>p{}</style></head><body>"
            b"<h1>Chunk heading</h1><p>One <b>bold</b> word.</p><ul><li>item</li></ul>"
            b"<script>alert(1)</script></body></html>")
    word = wf.write(tmp_path / "word.docx", alt("H") + wf.para("After."),
                    chunks={"H": ("text/html", html)})
    assert texts(word) == ["Chunk heading", "One bold word.", "item", "After."]
    edited = wf.write(tmp_path / "edited.docx", alt("H") + wf.para("After."),
                      chunks={"H": ("text/html", html.replace(b"bold", b"plain"))})
    assert diff(word, edited)[0] == 1


def it_names_a_chunk_it_cannot_read_and_sees_when_it_changes(tmp_path):
    rtf = b"{\\rtf1\\ansi Hello}"
    a = wf.write(tmp_path / "a.docx", alt("R") + wf.para("After."), chunks={"R": ("application/rtf", rtf)})
    b = wf.write(tmp_path / "b.docx", alt("R") + wf.para("After."), chunks={"R": ("application/rtf", rtf)})
    c = wf.write(tmp_path / "c.docx", alt("R") + wf.para("After."),
                 chunks={"R": ("application/rtf", rtf.replace(b"Hello", b"Howdy"))})
    [line, _] = texts(a)
    assert line.startswith("[embedded rtf content, not read: sha256 ")
    assert diff(a, b)[0] == 0
    assert diff(a, c)[0] == 1


@pytest.mark.parametrize("html", [
    b"<html><body>" + b"<div>" * 300 + b"deep text" + b"</div>" * 300 + b"</body></html>",
    b"<html><body><p>yyy" + bytes(random.Random(3).choices(b"abcdefgh", k=11_000_000))
    + b"</p></body></html>",  # (random letters: a run of one letter is refused as a zip bomb)
], ids=["nested-300-deep", "11-MB-text"])
def it_names_an_html_chunk_the_parser_gives_up_on_instead_of_dropping_it(tmp_path, html):
    # lxml stops at depth 256 or a 10 MB text and keeps what it had: the text (or all of it)
    # was silently missing, so an edit there read as "same"
    a = wf.write(tmp_path / "a.docx", alt("H") + wf.para("After."), chunks={"H": ("text/html", html)})
    edited = html.replace(b"deep", b"keep") if b"deep" in html else html.replace(b"yyy", b"yzy", 1)
    b = wf.write(tmp_path / "b.docx", alt("H") + wf.para("After."),
                 chunks={"H": ("text/html", edited)})
    [line, after] = texts(a)
    assert line.startswith("[embedded html content, not read: sha256 ") and after == "After."
    assert diff(a, a)[0] == 0
    assert diff(a, b)[0] == 1


def it_refuses_a_bomb_inside_an_embedded_document(tmp_path):
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<" + b" " * (2 * 2**20) + b">")
    doc = wf.write(tmp_path / "a.docx", alt("B"), chunks={"B": (WORD_CHUNK, bomb.getvalue())})
    code, out = diff(doc, doc)
    assert code == 8 and "zip bomb" in out


def it_reads_a_real_altchunk_as_libreoffice_saves_it(tmp_path):
    word, libre = CORPUS / "CA009-altChunk.docx", CORPUS / "CA009-altChunk-libreoffice.docx"
    assert "This is the first paragraph in inserted content." in texts(word)
    assert diff(word, libre)[0] == 0
    # an edit inside the embedded document is a change
    edited = tmp_path / "edited.docx"
    with zipfile.ZipFile(word) as z_in, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as z_out:
        for info in z_in.infolist():
            data = z_in.read(info)
            if info.filename == "word/afchunk2.dat":
                inner_in, inner_out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
                with zipfile.ZipFile(inner_out, "w", zipfile.ZIP_DEFLATED) as z:
                    for item in inner_in.infolist():
                        part = inner_in.read(item)
                        if item.filename == "word/document.xml":
                            assert b"This is the first paragraph<" in part
                            part = part.replace(b"the first paragraph<", b"the opening paragraph<")
                        z.writestr(item, part)
                data = inner_out.getvalue()
            z_out.writestr(info, data)
    code, out = diff(word, edited)
    assert code == 1 and "[-first-]{+opening+}" in out
    shutil.rmtree(tmp_path, ignore_errors=True)


# ------------------------------------------------------------------ MACROBUTTON fields

def macro_button(code: str, result: str = "") -> str:
    parts = [f'<w:instrText xml:space="preserve"> MACROBUTTON {code}</w:instrText>']
    if result:
        parts += ['<w:fldChar w:fldCharType="separate"/>', f"<w:t>{result}</w:t>"]
    return ('<w:p><w:r><w:t xml:space="preserve">Dear </w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            + "".join(f"<w:r>{x}</w:r>" for x in parts)
            + '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')


def it_reads_the_text_a_macrobutton_shows(tmp_path):
    # Word: the display text is in the field code, with no result; LibreOffice writes it as
    # the result too
    word = wf.write(tmp_path / "word.docx", macro_button("NoMacro [Client name]"))
    libre = wf.write(tmp_path / "libre.docx", macro_button("NoMacro [Client name]", "[Client name]"))
    simple = wf.write(tmp_path / "simple.docx", '<w:p><w:r><w:t xml:space="preserve">Dear </w:t></w:r>'
                      '<w:fldSimple w:instr=" MACROBUTTON NoMacro [Client name] "/></w:p>')
    assert texts(word) == texts(libre) == texts(simple) == ["Dear [Client name]"]
    assert diff(word, libre)[0] == 0
    edited = wf.write(tmp_path / "edited.docx", macro_button("NoMacro [Customer name]"))
    assert diff(word, edited)[0] == 1


# ------------------------------------------------------------------ zero-width placeholders

def it_ignores_libreoffice_s_zero_width_anchor_runs(tmp_path):
    ins = ('<w:ins w:id="1" w:author="Eric White" w:date="2017-06-11T06:37:00Z">'
           '<w:r><w:t>{}</w:t></w:r></w:ins>')
    word = wf.write(tmp_path / "word.docx", wf.para("Video provides a way."))
    libre = wf.write(tmp_path / "libre.docx", "<w:p>" + ins.format("\u200b") + ins.format("\u200b")
                     + wf.run("Video provides a way.") + "</w:p>")
    assert texts(libre) == ["Video provides a way."]
    assert diff(word, libre)[0] == 0
    # a visible tracked insertion in the same place is a change and a reviewer's mark
    edited = wf.write(tmp_path / "edited.docx", "<w:p>" + ins.format("New. ")
                      + wf.run("Video provides a way.") + "</w:p>")
    code, out = diff(word, edited)
    assert code == 1 and "inserted {+New. +}" in out


# ------------------------------------------------------------------ comments

def commented(tmp_path: Path, name: str, comment: str) -> Path:
    body = ('<w:p><w:commentRangeStart w:id="2"/>' + wf.run("more")
            + '<w:commentRangeEnd w:id="2"/><w:r><w:commentReference w:id="2"/></w:r></w:p>')
    return wf.write(tmp_path / name, body, comments='<w:comment w:id="2" w:author="Jesse" '
                    f'w:date="2016-05-09T16:14:00Z">{comment}</w:comment>')


def it_reads_a_comment_the_same_whether_its_lines_are_breaks_or_paragraphs(tmp_path):
    word = commented(tmp_path, "word.docx", "<w:p>" + wf.run("Two lines.") + "<w:r><w:br/></w:r>"
                     + wf.run("See?") + "</w:p>")
    libre = commented(tmp_path, "libre.docx", wf.para("Two lines.") + wf.para("See?"))
    assert diff(word, libre)[0] == 0
    edited = commented(tmp_path, "edited.docx", wf.para("Two lines.") + wf.para("Sure?"))
    code, out = diff(word, edited)
    assert code == 1 and "[-See-]{+Sure+}?" in out


# ------------------------------------------------------------------ table grids

def gridded(widths: list, rows: list) -> str:
    """rows: [(text, grid span)…] per row."""
    out = "<w:tbl><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    for row in rows:
        out += "<w:tr>" + "".join(
            f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>{wf.para(text)}</w:tc>'
            for text, span in row) + "</w:tr>"
    return out + "</w:tbl>"


def it_places_cells_the_same_after_libreoffice_regrids_merged_cells(tmp_path):
    word = wf.write(tmp_path / "word.docx", gridded([3116, 3117, 3117], [
        [("Head A", 1), ("Head B", 1), ("Head C", 1)], [("100200", 2), ("300", 1)],
        [("400", 1), ("500", 1), ("600", 1)]]))
    # LibreOffice 7.4: a sliver column of 1 twip where two cell edges nearly meet
    libre = wf.write(tmp_path / "libre.docx", gridded([3116, 3116, 1, 3117], [
        [("Head A", 1), ("Head B", 2), ("Head C", 1)], [("100200", 2), ("300", 2)],
        [("400", 1), ("500", 2), ("600", 1)]]))
    assert diff(word, libre)[0] == 0
    # a value really moved to another column is a change
    moved = wf.write(tmp_path / "moved.docx", gridded([3116, 3116, 1, 3117], [
        [("Head A", 1), ("Head B", 2), ("Head C", 1)], [("100200", 1), ("300", 3)],
        [("400", 1), ("500", 2), ("600", 1)]]))
    assert diff(word, moved)[0] == 1


def sized(widths: list, rows: list) -> str:
    """rows: [(text, grid span, width in twips)…] per row."""
    out = "<w:tbl><w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    for row in rows:
        out += "<w:tr>" + "".join(
            f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/><w:gridSpan w:val="{span}"/></w:tcPr>'
            f"{wf.para(text)}</w:tc>" for text, span, w in row) + "</w:tr>"
    return out + "</w:tbl>"


def it_places_cells_by_their_widths_when_the_grid_disagrees(tmp_path):
    # Word kept a stale grid (5 columns) after cells were deleted: it lays the rows out by
    # the cells' widths (3 columns); LibreOffice writes the 3-column grid
    word = wf.write(tmp_path / "word.docx", sized([3005, 2291, 714, 1146, 1860], [
        [("1", 1, 3005), ("2", 2, 3005), ("3", 2, 3006)],
        [("4", 1, 3005), ("5", 1, 3005), ("6", 1, 3006)]]))
    libre = wf.write(tmp_path / "libre.docx", sized([3005, 3005, 3006], [
        [("1", 1, 3005), ("2", 1, 3005), ("3", 1, 3006)],
        [("4", 1, 3005), ("5", 1, 3005), ("6", 1, 3006)]]))
    assert diff(word, libre)[0] == 0
    # a cell really moved right (an empty cell before it) is a change
    shifted = wf.write(tmp_path / "shifted.docx", sized([3005, 3005, 3006], [
        [("1", 1, 3005), ("2", 1, 3005), ("3", 1, 3006)],
        [("4", 1, 3005), ("", 1, 3005), ("5", 1, 3006)]]))
    assert diff(word, shifted)[0] == 1


# ------------------------------------------------------------------ reviewer's marks on fields

def tracked_field(instr: str, result: str) -> str:
    ins = '<w:ins w:id="{}" w:author="Eric White" w:date="2017-03-25T22:48:00Z"><w:r>{}</w:r></w:ins>'
    return ("<w:p>" + wf.run("Today: ") + ins.format(1, '<w:fldChar w:fldCharType="begin"/>')
            + ins.format(2, f'<w:instrText xml:space="preserve"> {instr} </w:instrText>')
            + ins.format(3, '<w:fldChar w:fldCharType="separate"/>') + ins.format(4, f"<w:t>{result}</w:t>")
            + ins.format(5, '<w:fldChar w:fldCharType="end"/>') + "</w:p>")


def it_lists_a_tracked_date_field_whatever_date_it_showed(tmp_path):
    word = wf.write(tmp_path / "word.docx", tracked_field('DATE \\@ "M/d/yyyy"', "3/25/2017"))
    libre = wf.write(tmp_path / "libre.docx", tracked_field('DATE \\@ "M/d/yyyy"', "11/29/26"))
    assert diff(word, libre)[0] == 0
    # a tracked insertion of a field whose result is text (not recomputed) keeps its text
    ref = wf.write(tmp_path / "ref.docx", tracked_field("REF chapter", "Chapter 1"))
    ref2 = wf.write(tmp_path / "ref2.docx", tracked_field("REF chapter", "Chapter 2"))
    code, out = diff(ref, ref2)
    assert code == 1 and "inserted {+Chapter 2+}" in out
    plain = wf.write(tmp_path / "plain.docx", "<w:p>" + wf.run("Today: ") + '<w:ins w:id="1" '
                     'w:author="Eric White" w:date="2017-03-25T22:48:00Z">' + wf.run("Monday")
                     + "</w:ins></w:p>")
    code, out = diff(word, plain)
    assert code == 1 and "inserted {+Monday+}" in out


def it_keeps_to_a_grid_the_rows_fill_whatever_widths_the_cells_ask_for(tmp_path):
    # Word wrote preferred widths wider than the grid (9639 twips in a 7727 column):
    # the grid decides, as in LibreOffice's copy
    word = wf.write(tmp_path / "word.docx", sized([7727, 1912], [
        [("Legal Disclaimer", 1, 9639), ("Page 1", 1, 2286)], [("", 1, 7920), ("x", 1, 2286)]]))
    libre = wf.write(tmp_path / "libre.docx", sized([7726, 1912], [
        [("Legal Disclaimer", 1, 7726), ("Page 1", 1, 1912)], [("", 1, 7726), ("x", 1, 1912)]]))
    assert diff(word, libre)[0] == 0


def it_joins_a_drop_cap_across_a_bookmark(tmp_path):
    body = drop_cap("D", "rop cap.").replace("</w:p><w:p>", '</w:p><w:bookmarkStart w:id="1" w:name="x"/><w:p>', 1)
    assert texts(wf.write(tmp_path / "a.docx", body)) == ["Drop cap."]


# ------------------------------------------------------------------ re-save noise (issue 28)
# Each kind of rewrite LibreOffice makes without changing what a reader sees, with its twin:
# the same kind of element really changed is still a change.

RED, BLUE = b"\x89PNG\r\n\x1a\n red", b"\x89PNG\r\n\x1a\n blue"


def chart_draft(path: Path, values: list) -> Path:
    return wf.write(path, wf.para("Chart:") + wf.para(inner=wf.chart("rIdC")) + wf.para("End."),
                    media={"rIdC": ("charts/chart1.xml", wf.chart_part("Cases", values))})


def it_reads_chart_numbers_to_fifteen_significant_digits(tmp_path):
    word = chart_draft(tmp_path / "a.docx", ["0.30000000000000004", "4.5999999999999996"])
    libre = chart_draft(tmp_path / "b.docx", ["0.3", "4.6"])
    assert diff(word, libre)[0] == 0
    assert diff(word, chart_draft(tmp_path / "c.docx", ["0.3", "4.7"]))[0] == 1
    assert diff(word, chart_draft(tmp_path / "d.docx", ["0.300000000000001", "4.6"]))[0] == 1


STYLES_NAMED = wf.STYLES.replace("</w:styles>", '<w:style w:type="paragraph" w:styleId="{id}">'
                                 '<w:name w:val="{name}"/></w:style></w:styles>')


def it_takes_libreoffices_renamed_style_for_the_same_style(tmp_path):
    google = wf.write(tmp_path / "a.docx", wf.para("Body text", style="normal0"),
                      styles=STYLES_NAMED.format(id="normal0", name="normal"))
    libre = wf.write(tmp_path / "b.docx", wf.para("Body text", style="LO-normal"),
                     styles=STYLES_NAMED.format(id="LO-normal", name="LO-normal"))
    assert diff(google, libre)[0] == 0
    heading = wf.write(tmp_path / "c.docx", wf.para("Body text", style="quote"),
                       styles=STYLES_NAMED.format(id="quote", name="Quote"))
    code, out = diff(google, heading)
    assert code == 1 and "Formatting" in out


def it_drops_white_space_word_drops_and_keeps_what_it_keeps(tmp_path):
    unpreserved = "<w:p><w:r><w:t> Hello </w:t></w:r><w:r><w:t>world</w:t></w:r></w:p>"
    word = wf.write(tmp_path / "a.docx", unpreserved)
    assert texts(word) == ["Helloworld"]
    libre = wf.write(tmp_path / "b.docx", "<w:p>" + wf.run("Helloworld") + "</w:p>")
    assert diff(word, libre)[0] == 0
    spaced = wf.write(tmp_path / "c.docx", "<w:p>" + wf.run("Hello ") + wf.run("world") + "</w:p>")
    assert diff(word, spaced)[0] == 1  # a space kept with xml:space="preserve" is seen


def it_ignores_a_paragraph_holding_only_a_soft_hyphen(tmp_path):
    word = wf.write(tmp_path / "a.docx", wf.para("One") + wf.para("\u00ad") + wf.para("Two"))
    libre = wf.write(tmp_path / "b.docx", wf.para("One") + wf.para() + wf.para("Two"))
    assert texts(word) == ["One", "Two"]
    assert diff(word, libre)[0] == 0
    real = wf.write(tmp_path / "c.docx", wf.para("One") + wf.para("x\u00ad") + wf.para("Two"))
    assert diff(word, real)[0] == 1


def floating(rid: str) -> str:
    return wf.picture(rid).replace("wp:inline>", "wp:anchor>").replace("<wp:inline", "<wp:anchor")


def floats(path: Path, *rids: str, media: dict | None = None) -> Path:
    media = media or {"rIdA": ("media/a.png", RED), "rIdB": ("media/b.png", BLUE)}
    return wf.write(path, wf.para("Intro.") + "<w:p>" + wf.run("Two maps.")
                    + "".join(floating(r) for r in rids) + "</w:p>" + wf.para("End."), media=media)


def it_ignores_the_order_of_floating_pictures_in_one_paragraph(tmp_path):
    word = floats(tmp_path / "a.docx", "rIdA", "rIdB")
    assert diff(word, floats(tmp_path / "b.docx", "rIdB", "rIdA"))[0] == 0
    replaced = floats(tmp_path / "c.docx", "rIdA", "rIdB",
                      media={"rIdA": ("media/a.png", RED), "rIdB": ("media/b.png", b"\x89PNG other")})
    code, out = diff(word, replaced)
    assert code == 1 and "Pictures changed" in out
    assert diff(word, floats(tmp_path / "d.docx", "rIdA"))[0] == 1  # one taken out


def it_shows_an_edited_comment_as_old_to_new(tmp_path):
    from authoring.review.compare import compare
    from authoring.review.report_html import render as render_html

    old = commented(tmp_path, "a.docx", wf.para("Check the source of this figure."))
    new = commented(tmp_path, "b.docx", wf.para("Check the date of this figure."))
    code, out = diff(old, new)
    assert code == 1
    assert "1 comment(s) (1 edited)" in out
    assert "Jesse, 2016-05-09 on “more” (edited)" in out
    assert "Check the [-source-]{+date+} of this figure." in out
    html = render_html(compare(old, new)[0])
    assert "<del>Check the source of this figure.</del> → <ins>Check the date of this figure.</ins>" in html
    # a comment added beside it is new, not an edit
    other = commented(tmp_path, "c.docx", wf.para("Check the source of this figure.")).read_bytes()
    assert other and "(edited)" not in diff(wf.write(tmp_path / "none.docx", wf.para("more")), old)[1]


def it_reads_an_absolute_position_tab_as_libreoffice_writes_it(tmp_path):
    """Word's three-part footers align with w:ptab; LibreOffice writes w:tab."""
    word = wf.write(tmp_path / "a.docx", "<w:p>" + wf.run("Left") + '<w:r><w:ptab w:relativeTo="margin" '
                    'w:alignment="center" w:leader="none"/></w:r>' + wf.run("Right") + "</w:p>")
    libre = wf.write(tmp_path / "b.docx", "<w:p>" + wf.run("Left") + "<w:r><w:tab/></w:r>" + wf.run("Right") + "</w:p>")
    assert texts(word) == texts(libre) == ["Left\tRight"]
    assert diff(word, libre)[0] == 0
    glued = wf.write(tmp_path / "c.docx", "<w:p>" + wf.run("LeftRight") + "</w:p>")
    assert diff(word, glued)[0] == 1


def header_table(repeated: int, bold_rows: int) -> str:
    """A 4-row table in the "Grid" style (bold header row); the first `repeated` rows repeat
    as header rows (w:tblHeader); the first `bold_rows` have bold written on their runs."""
    look = '<w:tblPr><w:tblStyle w:val="Grid"/><w:tblLook w:val="04A0" w:firstRow="1"/></w:tblPr>'
    rows = []
    for k, (a, b) in enumerate([("Month", "May"), ("Mon", "Tue"), ("1", "2"), ("8", "9")]):
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if k < repeated else ""
        props = "<w:b/>" if k < bold_rows else ""
        rows.append(f"<w:tr>{trpr}" + "".join(f"<w:tc><w:p>{wf.run(t, props)}</w:p></w:tc>"
                                               for t in (a, b)) + "</w:tr>")
    return f"<w:tbl>{look}" + "".join(rows) + "</w:tbl>"


def it_gives_every_repeated_header_row_the_header_rows_formatting(tmp_path):
    # Word formats each row repeated as a header like the first (its w:cnfStyle says so) and
    # LibreOffice writes that on the runs: Open-XML-SDK's Comment001.docx, 56 "changes"
    word = wf.write(tmp_path / "word.docx", header_table(repeated=2, bold_rows=0))
    libre = wf.write(tmp_path / "libre.docx", header_table(repeated=2, bold_rows=2))
    assert not compare(word, libre)[0].differ
    # a row not repeated as a header is body: bold written there is a change
    once = wf.write(tmp_path / "once.docx", header_table(repeated=1, bold_rows=0))
    assert compare(once, wf.write(tmp_path / "b.docx", header_table(repeated=1, bold_rows=2)))[0].format_changes
    # and bold on the first body row after two header rows is still a change
    assert compare(word, wf.write(tmp_path / "c.docx", header_table(repeated=2, bold_rows=3)))[0].format_changes
