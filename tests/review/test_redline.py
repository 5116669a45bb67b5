"""The redline DOCX: native tracked changes that accept to NEW and reject to OLD, readable by LibreOffice."""

from __future__ import annotations

import copy
import re
import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest
from lxml import etree

from authoring.review.compare import compare
from authoring.review.reader import read_docx
from authoring.review.redline import write_redline
from authoring.review.revisions import accept_all, reject_all

from .conftest import libreoffice_resolve, needs_soffice, needs_uno, q, soffice

WHEN = datetime(2021, 4, 1, 8, 30, tzinfo=timezone.utc)
PARTS = ("word/document.xml", "word/footnotes.xml")
RUNNING = re.compile(r"word/(header|footer)\d*\.xml")  # headers and footers are marked too


def redline(old: Path, new: Path, target: Path) -> Path:
    comparison, a, b = compare(old, new)
    write_redline(comparison.ops, a, b, target, "校对组", WHEN)
    return target


def resolved(path: Path, how, target: Path) -> Path:
    """`path` with every tracked change accepted (or rejected), as Word would."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename in PARTS or RUNNING.fullmatch(info.filename):
                root = etree.fromstring(data)
                how(root)
                data = etree.tostring(root)
            out.writestr(info, data)
    return target


def texts(path: Path, kinds: bool = True) -> list:
    return [(b.kind if kinds else "", "".join(b.text.split())) for b in read_docx(path).blocks]


def check_round_trip(old: Path, new: Path, folder: Path, kinds: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    red = redline(old, new, folder / "redline.docx")
    assert texts(resolved(red, accept_all, folder / "accepted.docx"), kinds) == texts(new, kinds)
    assert texts(resolved(red, reject_all, folder / "rejected.docx"), kinds) == texts(old, kinds)
    return red


def revision_marks(path: Path) -> list:
    with zipfile.ZipFile(path) as z:
        roots = [etree.fromstring(z.read(p)) for p in PARTS if p in z.namelist()]
    return [e for root in roots for e in root.iter(q("ins"), q("del"))]


@pytest.fixture(scope="module")
def edited_redline(drafts, tmp_path_factory) -> Path:
    """From the data-edit draft to the edited one: a figure back (第八 → 第九), a character,
    a moved paragraph and a table cell."""
    return check_round_trip(drafts.data, drafts.edited, tmp_path_factory.mktemp("edited"))


def it_accepts_to_new_and_rejects_to_old_for_edits_moves_and_cells(edited_redline):
    assert edited_redline.is_file()  # the round trip itself is checked in the fixture


def it_accepts_to_new_and_rejects_to_old_for_a_data_edit(drafts, tmp_path):
    check_round_trip(drafts.base, drafts.data, tmp_path)


def it_writes_native_revisions_with_author_date_and_unique_ids(edited_redline):
    marks = revision_marks(edited_redline)
    assert marks
    assert {m.get(q("author")) for m in marks} == {"校对组"}
    assert {m.get(q("date")) for m in marks} == {"2021-04-01T08:30:00Z"}
    with zipfile.ZipFile(edited_redline) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    ids = [e.get(q("id")) for e in root.iter(q("ins"), q("del"), q("bookmarkStart"))]
    assert len(ids) == len(set(ids))
    # deleted text is w:delText, never w:t (Word refuses the file otherwise)
    assert not [t for d in root.iter(q("del")) for t in d.iter(q("t"))]


def it_marks_one_character_and_whole_moved_paragraphs(edited_redline):
    with zipfile.ZipFile(edited_redline) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    deleted = ["".join(t.text for t in d.iter(q("delText"))) for d in root.iter(q("del"))]
    inserted = ["".join(t.text or "" for t in i.iter(q("t"))) for i in root.iter(q("ins"))]
    assert "涌" in deleted and "出" in inserted
    assert "/万人" in inserted  # the table cell 件 → 件/万人, inside its w:tc
    cell_change = next(i for i in root.iter(q("ins")) if "".join(
        t.text or "" for t in i.iter(q("t"))) == "/万人")
    assert next(cell_change.iterancestors(q("tc")), None) is not None
    # the moved paragraph: w:moveFrom (runs and mark) where it was, w:moveTo where it is,
    # each between range marks of the same name, as Word writes a move
    moved = "研发与转化功能型平台深入建设"
    [source] = [p for p in root.iter(q("p"))
                if p.find(f"{q('pPr')}/{q('rPr')}/{q('moveFrom')}") is not None
                and "".join(t.text for m in p.iter(q("moveFrom")) for t in m.iter(q("t"))).startswith(moved)]
    [target] = [p for p in root.iter(q("p"))
                if p.find(f"{q('pPr')}/{q('rPr')}/{q('moveTo')}") is not None
                and "".join(t.text or "" for m in p.iter(q("moveTo")) for t in m.iter(q("t"))).startswith(moved)]
    assert not [d for d in source.iter(q("del"), q("delText"))]  # a move, not a deletion
    assert not [i for i in target.iter(q("ins"))]
    for p, kind in ((source, "moveFrom"), (target, "moveTo")):
        start, end = p.find(q(kind + "RangeStart")), p.find(q(kind + "RangeEnd"))
        assert start is not None and end is not None and start.get(q("id")) == end.get(q("id"))
        assert start.get(q("author")) == "校对组"
    assert source.find(q("moveFromRangeStart")).get(q("name")) == \
        target.find(q("moveToRangeStart")).get(q("name"))


@pytest.fixture(scope="module")
def row_removed(drafts, tmp_path_factory) -> Path:
    """base without its table's third row (edited with lxml, as a reviewer would in Word)."""
    folder = tmp_path_factory.mktemp("rows")
    with zipfile.ZipFile(drafts.base) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(entries["word/document.xml"])
    table = [t for t in root.iter(q("tbl")) if len(t.findall(q("tr"))) > 3][0]
    table.remove(table.findall(q("tr"))[2])
    entries["word/document.xml"] = etree.tostring(root)
    path = folder / "rows.docx"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return path


def _row_marks(path: Path, tag: str) -> list:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [tr for tr in root.iter(q("tr")) if tr.find(f"{q('trPr')}/{q(tag)}") is not None]


def it_restores_a_deleted_table_row_as_a_deleted_row(drafts, row_removed, tmp_path):
    red = check_round_trip(drafts.base, row_removed, tmp_path)
    [row] = _row_marks(red, "del")
    assert "".join(t.text for t in row.iter(q("delText"))).startswith("每万人口发明专利拥有量")


def it_marks_a_new_table_row_as_an_inserted_row(drafts, row_removed, tmp_path):
    red = check_round_trip(row_removed, drafts.base, tmp_path)
    [row] = _row_marks(red, "ins")
    assert "".join(t.text or "" for t in row.iter(q("t"))).startswith("每万人口发明专利拥有量")


def it_redlines_two_unrelated_reports(drafts, english_draft, tmp_path):
    """Everything deleted and inserted: whole tables, footnotes, lists, both languages.

    (A deleted list comes back as plain paragraphs here: the English report has no bullet
    list definition for it to use, so only the text is compared.)"""
    check_round_trip(drafts.base, english_draft, tmp_path, kinds=False)


@pytest.fixture(scope="module")
def english_draft(english) -> Path:
    return english.outputs["docx"]


@needs_soffice
def it_opens_in_libreoffice_with_the_changes_tracked(edited_redline, tmp_path):
    soffice(["--convert-to", "pdf", "--outdir", str(tmp_path), str(edited_redline)],
            tmp_path / "profile")
    pdf = subprocess.run(["pdftotext", str(tmp_path / "redline.pdf"), "-"], capture_output=True,
                         text=True, check=True).stdout
    assert "持续涌出现" in pdf  # LibreOffice shows the deletion struck and the insertion
    soffice(["--convert-to", "docx", "--outdir", str(tmp_path / "again"), str(edited_redline)],
            tmp_path / "profile")
    saved = tmp_path / "again" / "redline.docx"
    marks = revision_marks(saved)
    assert any(m.tag == q("del") and "涌" in "".join(t.text for t in m.iter(q("delText")))
               for m in marks)
    assert {m.get(q("author")) for m in marks} == {"校对组"}
    with zipfile.ZipFile(saved) as z:  # the figure's comment came through too
        assert "第八 → 第九" in z.read("word/comments.xml").decode("utf-8")
    # what LibreOffice saved still accepts and rejects to the same text. (Not the same
    # styles: LibreOffice's DOCX export gives the paragraph after a deleted one the deleted
    # one's style, though it shows it right; Word's own markup for a deleted paragraph is
    # the same as ours.)
    for how, name in ((accept_all, "a"), (reject_all, "r")):
        assert texts(resolved(saved, how, tmp_path / f"{name}1.docx"), kinds=False) == \
            texts(resolved(edited_redline, how, tmp_path / f"{name}2.docx"), kinds=False)


def it_leaves_the_reviewers_own_changes_accepted_in_the_base(drafts, reviewer_copy, tmp_path):
    red = redline(drafts.base, reviewer_copy, tmp_path / "r.docx")
    marks = revision_marks(red)
    assert {m.get(q("author")) for m in marks} == {"校对组"}
    assert texts(resolved(red, reject_all, tmp_path / "old.docx")) == texts(drafts.base)
    # the comment survives into the redline
    with zipfile.ZipFile(red) as z:
        assert "word/comments.xml" in z.namelist()
        body = etree.fromstring(z.read("word/document.xml"))
    assert list(body.iter(q("commentRangeStart")))


def _edit_parts(source: Path, target: Path, edit) -> Path:
    with zipfile.ZipFile(source) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    roots = {n: etree.fromstring(entries[n]) for n in PARTS}
    edit(roots["word/document.xml"], roots["word/footnotes.xml"])
    entries.update({n: etree.tostring(root) for n, root in roots.items()})
    with zipfile.ZipFile(target, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    return target


def _first_note(notes):
    return next(n for n in notes.iter(q("footnote")) if int(n.get(q("id"))) > 0)


def _add_note_paragraph(first: bool):
    def edit(body, notes):
        note = _first_note(notes)
        extra = copy.deepcopy(note.find(q("p")))
        for t in extra.iter(q("t")):
            t.text = "另一段注释文字，说明口径。"
        if first:
            note.find(q("p")).addprevious(extra)
        else:
            note.append(extra)
    return edit


def _drop_note(body, notes):
    note = _first_note(notes)
    for ref in list(body.iter(q("footnoteReference"))):
        if ref.get(q("id")) == note.get(q("id")):
            ref.getparent().getparent().remove(ref.getparent())
    notes.remove(note)


@pytest.mark.parametrize("edit", [_add_note_paragraph(first=True), _add_note_paragraph(first=False),
                                  _drop_note], ids=["first-paragraph", "last-paragraph", "whole-note"])
def it_redlines_footnote_paragraphs_and_whole_notes(drafts, tmp_path, edit):
    old = _edit_parts(drafts.base, tmp_path / "old.docx", edit)
    red = check_round_trip(old, drafts.base, tmp_path / "a")
    assert revision_marks(red)
    check_round_trip(drafts.base, old, tmp_path / "b")


def it_flags_each_changed_figure_with_a_comment(drafts, tmp_path):
    red = check_round_trip(drafts.base, drafts.data, tmp_path)
    with zipfile.ZipFile(red) as z:
        comments = etree.fromstring(z.read("word/comments.xml"))
        body = etree.fromstring(z.read("word/document.xml"))
        assert "word/comments.xml" in z.read("[Content_Types].xml").decode()
        assert "comments.xml" in z.read("word/_rels/document.xml.rels").decode()
    [comment] = list(comments.iter(q("comment")))
    text = "\n".join("".join(t.text for t in p.iter(q("t"))) for p in comment.iter(q("p")))
    assert text.startswith("第九 → 第八\ndata/indicators.yaml:")
    ident = comment.get(q("id"))
    start = body.find(f".//{q('commentRangeStart')}[@{q('id')}='{ident}']")
    covered = []
    for element in start.itersiblings():
        if element.tag == q("commentRangeEnd"):
            break
        covered += [t.text for t in element.iter(q("t"), q("delText"))]
    assert covered == ["第九", "第八"]
    assert body.find(f".//{q('commentReference')}[@{q('id')}='{ident}']") is not None


@needs_uno
def it_accepts_and_rejects_moves_in_libreoffice(drafts, tmp_path):
    """LibreOffice's own Accept All gives NEW and Reject All OLD, the moved paragraph included.

    From the base draft (no changed figure: LibreOffice 7.4 crashes when it opens a file
    with comments through UNO, which the figures' comments would be)."""
    red = check_round_trip(drafts.base, drafts.edited, tmp_path / "ours")
    with zipfile.ZipFile(red) as z:
        assert b"<w:moveFrom " in z.read("word/document.xml")
    small_old, small_new, small = _minimal_move(tmp_path)
    done = libreoffice_resolve([red, small], tmp_path / "lo")
    assert texts(done["redline", "accepted"], kinds=False) == texts(drafts.edited, kinds=False)
    assert texts(done["redline", "rejected"], kinds=False) == texts(drafts.base, kinds=False)
    assert texts(done["small", "accepted"]) == texts(small_new)
    assert texts(done["small", "rejected"]) == texts(small_old)


def _minimal_move(tmp_path) -> tuple:
    from . import wordfiles as wf

    lines = ["Alpha is first.", "Beta follows.", "Gamma moves to the end of the text.", "Delta stays."]
    old = wf.write(tmp_path / "old.docx", "".join(wf.para(t) for t in lines))
    order = [lines[0], lines[1], lines[3], lines[2].replace("end", "very end")]
    new = wf.write(tmp_path / "new.docx", "".join(wf.para(t) for t in order))
    folder = tmp_path / "small"
    folder.mkdir()
    return old, new, check_round_trip(old, new, folder).rename(folder / "small.docx")


def it_marks_a_move_with_an_edit_as_word_does(tmp_path):
    old, new, red = _minimal_move(tmp_path)
    with zipfile.ZipFile(red) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    body = root.find(q("body"))
    paragraphs = body.findall(q("p"))
    gone = [p for p in paragraphs if p.find(q("moveFrom")) is not None]
    came = [p for p in paragraphs if p.find(q("moveTo")) is not None]
    assert len(gone) == len(came) == 1
    assert "".join(t.text for t in gone[0].iter(q("t"))) == "Gamma moves to the end of the text."
    assert "".join(t.text for t in came[0].iter(q("t"))) == "Gamma moves to the very end of the text."
    assert paragraphs.index(gone[0]) < paragraphs.index(came[0])
    names = {e.get(q("name")) for e in root.iter(q("moveFromRangeStart"), q("moveToRangeStart"))}
    assert len(names) == 1 and not list(root.iter(q("ins"), q("del")))
