"""The size, orientation and column widths of a table: smaller, then landscape, else an error."""

from __future__ import annotations

import pytest

from authoring.errors import RenderError
from authoring.model.nodes import Cell, Table, Text
from authoring.writers.tablefit import MIN_TABLE_PT, MM_PER_PT, column_needs, fit_table


def table(columns: int, number: str = "1234567.8", **kw) -> Table:
    head = (tuple(Cell((Text(f"指标{j}"),)) for j in range(columns)),)
    body = tuple((Cell((Text("北湖市"),)),) + tuple(Cell((Text(number),), "right", True)
                                                for _ in range(columns - 1)) for _ in range(3))
    return Table(head, body, (Text("各市指标"),), "tab-x", label="附表1", **kw)


def test_a_table_that_fits_keeps_its_size_and_fills_the_measure():
    fit = fit_table(table(4), 160, 247, 9.24)
    assert (fit.size_pt, fit.landscape) == (9.24, False)
    assert sum(fit.widths) == pytest.approx(1)


def test_a_slightly_wide_table_is_set_smaller_but_not_below_the_minimum():
    least = sum(column_needs(table(8))[0])
    measure = least * 8.5 * MM_PER_PT  # room for it at 8.5 pt
    fit = fit_table(table(8), measure, 247, 9.24)
    assert (fit.size_pt, fit.landscape) == (8.5, False)
    # every column is at least as wide as its widest number at that size
    needs = column_needs(table(8))[0]
    assert all(w * measure >= n * 8.5 * MM_PER_PT - 1e-6 for w, n in zip(fit.widths, needs))


def test_a_table_too_wide_even_at_the_minimum_goes_on_a_landscape_page():
    least = sum(column_needs(table(14))[0])
    fit = fit_table(table(14), least * (MIN_TABLE_PT - 1) * MM_PER_PT, 247, 9.24)
    assert fit.landscape


def test_the_author_can_ask_for_landscape():
    assert fit_table(table(3, landscape=True), 160, 247, 9.24).landscape


def test_a_table_too_wide_for_a_landscape_page_fails_naming_it():
    with pytest.raises(RenderError) as caught:
        fit_table(table(40), 160, 247, 9.24)
    assert "附表1 'tab-x' 各市指标" in caught.value.message and "40 columns" in caught.value.message


def test_a_head_never_leaves_one_character_of_a_short_word_alone():
    head = (Cell((Text("单位"),)), Cell((Text("研发经费增长（%）"),)))
    least, _ = column_needs(Table((head,), ((Cell((Text("万"),)), Cell((Text("1"),), "", True)),)))
    assert least[0] >= 2 and least[1] >= 5  # "单位" on one line, the long head on two at most
