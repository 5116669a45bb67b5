"""Merge markers in pipe-table cells → cells with spans, and spans → grid positions."""

from __future__ import annotations

import pytest

from authoring.model.nodes import Cell, Table, Text
from authoring.model.tablegrid import SpanError, column_count, grid, merge_markers, positions


def row(*texts):
    return tuple(Cell((Text(t),)) for t in texts)


def spans(rows):
    return [[(c.children[0].text if c.children else "", c.colspan, c.rowspan) for c in r]
            for r in rows]


def test_a_two_level_head_merges_across_and_down():
    rows = merge_markers((row("行业", "2022年", "<", "2023年", "<"),
                          row("^", "数量", "增长%", "数量", "增长%")))
    assert spans(rows) == [[("行业", 1, 2), ("2022年", 2, 1), ("2023年", 2, 1)],
                           [("数量", 1, 1), ("增长%", 1, 1), ("数量", 1, 1), ("增长%", 1, 1)]]
    assert [(r, c) for r, c, _ in positions(rows)] == [(0, 0), (0, 1), (0, 3),
                                                        (1, 1), (1, 2), (1, 3), (1, 4)]
    assert column_count(Table(rows, ())) == 5


def test_a_block_merged_both_ways_is_one_cell():
    rows = merge_markers((row("a", "<", "b"), row("^", "^", "c"), row("d", "e", "f")))
    assert spans(rows)[0] == [("a", 2, 2), ("b", 1, 1)]
    assert grid(rows)[1] == [None, None, rows[1][0]]


def test_a_row_group_title_spans_the_row():
    rows = merge_markers((row("制造业", "<", "<"), row("分类01", "1", "2")))
    assert spans(rows)[0] == [("制造业", 3, 1)]


@pytest.mark.parametrize("rows, where", [
    ((row("<", "a"),), (1, 1)),                       # nothing on the left
    ((row("^", "a"),), (1, 1)),                       # nothing above
    ((row("a", "<"), row("^", "b")), (2, 2)),         # the merged cell is not a rectangle
    ((row("a", "b"), row("^", "<")), (2, 2)),         # across next to down
])
def test_a_marker_with_nothing_to_join_is_refused_with_its_cell(rows, where):
    with pytest.raises(SpanError) as caught:
        merge_markers(rows)
    assert (caught.value.row, caught.value.column) == where
