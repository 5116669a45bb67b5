"""The reviewer round trip: a copy edited in Word (and one saved again by LibreOffice) read back."""

from __future__ import annotations

import zipfile

import pytest

from authoring.review.compare import compare

from .conftest import template_line

CHANGED = "上海科技创新“十三五”规划"


def check_reviewer_copy(comparison, drafts):
    # the tracked changes, with their author, where they are
    edits = [(r.kind, r.author, r.text, r.location) for r in comparison.revisions]
    assert ("deleted", "审稿人甲", "有效", "综述 › ¶2") in edits
    assert ("inserted", "审稿人甲", "圆满", "综述 › ¶2") in edits
    assert {r.author for r in comparison.revisions} == {"审稿人甲"}
    # the comment, with the text it is anchored to
    [comment] = comparison.comments
    assert (comment.author, comment.text, comment.anchor) == ("审稿人乙", "请核实排名的出处", "第九")
    assert comment.location == "综述 › ¶1"
    # the text as the reviewer left it differs from the draft in exactly that place
    [op] = comparison.text_changes
    assert op.kind == "changed" and op.new.location == "综述 › ¶2"
    edits = [(op.old.text[s.old_start:s.old_end], op.new.text[s.new_start:s.new_end])
             for s in op.segments if s.op != "equal"]
    assert edits == [("有效", "圆满")]
    # and the template line it came from
    line = template_line(drafts.base_project, "overview.md.j2", CHANGED)
    assert str(op.origin) == f"templates/overview.md.j2:{line}"
    assert comparison.figures == []


def it_lists_a_word_reviewers_changes_and_comments_with_their_source(drafts, reviewer_copy):
    check_reviewer_copy(compare(drafts.base, reviewer_copy)[0], drafts)


def it_reads_the_same_from_a_copy_libreoffice_saved(drafts, reviewer_lo):
    check_reviewer_copy(compare(drafts.base, reviewer_lo)[0], drafts)


def it_keeps_the_source_map_through_libreoffice(reviewer_lo):
    with zipfile.ZipFile(reviewer_lo) as z:
        body = z.read("word/document.xml").decode("utf-8")
        parts = {n: z.read(n) for n in z.namelist() if n.startswith("customXml/item")}
    assert body.count('w:name="_Src') > 20
    assert any(b"urn:authoring:source-map:1" in data for data in parts.values())


def it_finds_the_source_through_old_when_the_copy_lost_its_map(drafts, reviewer_copy, tmp_path):
    stripped = tmp_path / "no-map.docx"
    with zipfile.ZipFile(reviewer_copy) as source, zipfile.ZipFile(stripped, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("customXml/") and b"source-map" in data:
                data = b'<?xml version="1.0"?><other xmlns="urn:example"/>'
            out.writestr(info, data)
    [op] = compare(drafts.base, stripped)[0].text_changes
    line = template_line(drafts.base_project, "overview.md.j2", CHANGED)
    assert str(op.origin) == f"templates/overview.md.j2:{line}"


@pytest.mark.parametrize("which", ["reviewer_copy", "reviewer_lo"])
def it_shows_reviewer_marks_in_the_terminal_report(which, drafts, request):
    from authoring.review.report_text import render

    text = render(compare(drafts.base, request.getfixturevalue(which))[0], color=False)
    assert "审稿人甲, 2021-03-01: deleted [-有效-]  综述 › ¶2" in text
    assert "审稿人乙" in text and "on “第九”" in text and "请核实排名的出处" in text
    assert "[-有效-]{+圆满+}" in text
