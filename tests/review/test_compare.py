"""Comparing drafts built by the real pipeline: figures, one character, moves, cells, sources."""

from __future__ import annotations

import pytest

from authoring.review.compare import compare

from .conftest import MOVED, ONE_CHAR, template_line


@pytest.fixture(scope="module")
def data_edit(drafts):
    return compare(drafts.base, drafts.data)[0]


@pytest.fixture(scope="module")
def edited(drafts):
    return compare(drafts.base, drafts.edited)[0]


def changes(comparison):
    return comparison.text_changes


def it_finds_nothing_between_a_draft_and_itself(drafts):
    comparison = compare(drafts.base, drafts.base)[0]
    assert not comparison.differ
    assert all(op.kind == "equal" for op in comparison.ops)
    assert len(comparison.ops) > 100


def it_lists_exactly_the_one_changed_figure_of_a_data_edit(data_edit):
    assert [(f.old, f.new) for f in data_edit.figures] == [("第九", "第八")]
    figure = data_edit.figures[0]
    assert figure.location == "综述 › ¶1"
    assert figure.context_new[0].endswith("榜单前十名，位列")
    assert figure.context_new[2].startswith("。")
    # the data cell it came from, through the draft's source map
    assert any(o.startswith("data/indicators.yaml:") and "gii_cluster_rank 2020" in o
               for o in figure.origin)
    assert [op.kind for op in changes(data_edit)] == ["changed"]


def it_marks_exactly_the_one_changed_chinese_character(edited):
    op = next(op for op in changes(edited) if op.new is not None
              and op.new.text.startswith("重大原创成果持续"))
    edits = [s for s in op.segments if s.op != "equal"]
    assert len(edits) == 1 and edits[0].op == "replace"
    assert op.old.text[edits[0].old_start:edits[0].old_end] == "涌"
    assert op.new.text[edits[0].new_start:edits[0].new_end] == "出"
    assert op.new.location == "综述 › 原始创新能力不断增强 › ¶1"


def it_names_the_template_line_of_a_changed_sentence(edited, drafts):
    op = next(op for op in changes(edited) if op.new is not None
              and op.new.text.startswith("重大原创成果持续"))
    line = template_line(drafts.edited_project, "overview.md.j2", ONE_CHAR[1])
    assert op.origin.template == "overview.md.j2" and op.origin.line == line
    assert str(op.origin) == f"templates/overview.md.j2:{line}"


def it_reports_a_moved_paragraph_as_moved_not_deleted_and_inserted(edited):
    text = MOVED.strip("*")
    moved = [op for op in edited.ops if (op.new or op.old).text.startswith(text)]
    assert [op.kind for op in moved] == ["moved_away", "moved"] or \
        sorted(op.kind for op in moved) == ["moved", "moved_away"]
    op = next(op for op in moved if op.kind == "moved")
    assert op.new.path[-1] == "多元创新网络深入拓展"
    assert op.old.path[-1] == "高质量发展支撑有力"
    assert not op.edited
    assert not [o for o in edited.ops if o.kind in ("inserted", "deleted")]


def it_reports_a_changed_table_cell_by_table_row_and_column(edited):
    cells = [op for op in changes(edited) if (op.new or op.old).kind == "cell"]
    assert len(cells) == 1
    op = cells[0]
    assert (op.old.text, op.new.text) == ("件", "件/万人")
    assert op.new.location == "附录 主要统计指标 › 附表1 › 每万人口发明专利拥有量 × 单位"
    assert op.origin.template == "appendix.md.j2"


def it_has_no_changed_figures_when_only_words_changed(edited):
    assert edited.figures == []
    assert len(changes(edited)) == 3  # the character, the move, the cell


def it_reports_formatting_apart_and_can_ignore_it(drafts, tmp_path):
    import docx

    document = docx.Document(str(drafts.base))
    paragraph = next(p for p in document.paragraphs if p.text.startswith("2020年是"))
    paragraph.runs[0].bold = True
    path = tmp_path / "bold.docx"
    document.save(str(path))
    comparison = compare(drafts.base, path)[0]
    assert comparison.text_changes == [] and comparison.differ
    [op] = comparison.format_changes
    assert op.formats[0].new - op.formats[0].old == {"bold"}
    ignored = compare(drafts.base, path, ignore_format=True)[0]
    assert not ignored.differ


def it_ignores_word_markup_noise(drafts, tmp_path):
    """rsids, proofing marks, split runs and extra bookmarks change the XML, not the text."""
    import copy
    import zipfile

    from lxml import etree

    from .conftest import q

    with zipfile.ZipFile(drafts.base) as z:
        entries = {n: z.read(n) for n in z.namelist()}
    root = etree.fromstring(entries["word/document.xml"])
    for number, run in enumerate(list(root.iter(q("r")))):
        text = run.find(q("t"))
        if text is None or not text.text or len(text.text) < 4:
            continue
        run.set(q("rsidR"), f"00{number:06X}")
        second = copy.deepcopy(run)  # split the run in two, as Word does after an edit
        second.find(q("t")).text = text.text[2:]
        text.text = text.text[:2]
        text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        run.addnext(second)
        run.addnext(etree.Element(q("proofErr"), {q("type"): "spellStart"}))
        run.addprevious(etree.Element(q("bookmarkStart"), {q("id"): str(50000 + number),
                                                           q("name"): "_GoBack"}))
    entries["word/document.xml"] = etree.tostring(root)
    path = tmp_path / "noisy.docx"
    with zipfile.ZipFile(path, "w") as z:
        for name, data in entries.items():
            z.writestr(name, data)
    assert not compare(drafts.base, path)[0].differ


def it_reports_a_paragraph_deleted_between_two_tables_as_that_alone(tmp_path):
    """The two tables become one (as Word shows them); their cells are the same cells."""
    from . import wordfiles as wf
    from .conftest import run_diff

    first = wf.table([["Region", "2019"], ["North", "12"], ["South", "7"]])
    second = wf.table([["City", "2020"], ["Alpha", "3"], ["Beta", "4"]])
    old = wf.write(tmp_path / "a.docx", wf.para("Intro") + first + wf.para("Between.") + second)
    new = wf.write(tmp_path / "b.docx", wf.para("Intro") + first + second)
    code, out = run_diff(old, new)
    assert code == 1 and "1 change (1 deleted)" in out and "[-Between.-]" in out
    # a cell of the second table really edited as well is still reported
    edited = wf.write(tmp_path / "c.docx", wf.para("Intro") + first + second.replace(">3<", ">5<"))
    code, out = run_diff(old, edited)
    assert code == 1 and "[-3-]{+5+}" in out and "[-Between.-]" in out


def it_reports_a_one_cell_table_as_a_table(tmp_path):
    from . import wordfiles as wf
    from .conftest import run_diff

    old = wf.write(tmp_path / "a.docx", wf.para("Intro") + wf.table([["Note: boxed"]]))
    new = wf.write(tmp_path / "b.docx", wf.para("Intro") + wf.table([["Note: boxed text"]]))
    code, out = run_diff(old, new)
    assert code == 1 and "one-cell table › ¶2  changed" in out
