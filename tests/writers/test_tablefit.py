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


def change_table() -> Table:
    """A text column of "提高0.1个百分点" beside seven columns of numbers: at its share of
    the measure the text would wrap to leave "点" alone on the second line."""
    head = (Cell((Text("变化"),)),) + tuple(Cell((Text(f"指标{j}"),)) for j in range(1, 8))
    numbers = ["1234567.8"] * 6 + ["12.0"]
    body = tuple((Cell((Text("提高0.1个百分点"),)),)
                 + tuple(Cell((Text(n),), "right", True) for n in numbers) for _ in range(3))
    return Table((head,), body, (Text("变化"),), "tab-change", label="表1")


@pytest.mark.parametrize("padding_mm", [None, 4.0])  # the PDFs' em padding, Word's margins
def test_no_text_cell_leaves_one_character_alone_where_another_width_avoids_it(padding_mm):
    from authoring.writers.tablefit import _shares, column_texts, lone_character
    table, room_mm, size = change_table(), 160, 9.24
    fit = fit_table(table, room_mm, 247, size, padding_mm=padding_mm)
    room = room_mm / (fit.size_pt * MM_PER_PT)
    padding = padding_mm / (fit.size_pt * MM_PER_PT) if padding_mm else 1.2
    texts = column_texts(table, len(fit.widths))
    assert not [j for j, w in enumerate(fit.widths) if lone_character(w * room - padding, texts[j])]
    # without the adjustment the text column would hold a stray: the check can fail
    least, wanted = column_needs(table, padding)
    plain = _shares(least, wanted, room)
    assert lone_character(plain[0] * room - padding, texts[0])


def test_a_stray_is_seen_where_the_last_line_is_under_two_characters():
    from authoring.writers.tablefit import lone_character, text_em
    whole = text_em("提高0.1个百分点")  # 6 Han, 3 half-width, 2 Han–Latin quarter ems
    assert whole == pytest.approx(6 + 3 * 0.55 + 2 * 0.25)
    assert lone_character(whole - 1, [whole])  # "点" alone
    assert not lone_character(whole - 3, [whole])  # "百分点" on the second line
    assert not lone_character(whole + 1, [whole])  # one line


def test_a_short_head_stays_on_one_line():
    head = (Cell((Text("指标7"),)), Cell((Text("研发经费增长（%）"),)))
    least, _ = column_needs(Table((head,), ((Cell((Text("万"),)), Cell((Text("1"),), "", True)),)))
    assert least[0] - 1.2 >= 2.8  # "指标 7" whole, never "指标" over a lone "7"
    assert least[1] - 1.2 < 8  # a long head may still take two lines
