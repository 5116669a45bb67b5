"""CSV files as editors save them → raw cells with the line each record starts on, or a located error."""

from pathlib import Path

import pytest

from authoring.data.tables import read_tables
from authoring.errors import DataError


def read(tmp_path: Path, data: bytes):
    path = tmp_path / "values.csv"
    path.write_bytes(data)
    return read_tables(path, "data/values.csv")[0]


def refused(tmp_path: Path, data: bytes) -> DataError:
    with pytest.raises(DataError) as excinfo:
        read(tmp_path, data)
    return excinfo.value


def it_keeps_each_cell_as_text_with_the_line_it_is_on(tmp_path):
    table = read(tmp_path, b"\xef\xbb\xbfindicator,2019,2020\r\npatents, 1 ,02\r\n")
    assert table.columns == ("indicator", "2019", "2020")
    (row,) = table.rows
    assert [cell.value for cell in row.values()] == ["patents", " 1 ", "02"]
    assert str(row["2020"].location) == "data/values.csv:2 (column '2020')"


def it_skips_blank_and_comma_only_lines_without_shifting_line_numbers(tmp_path):
    # Excel leaves ",," rows below the data; pandas kept them as rows, so every later error
    # used to point one line too high
    table = read(tmp_path, b"indicator,2020\n\n,\na,1\n , \nb,2\n")
    assert [(r["indicator"].value, r["indicator"].location.line) for r in table.rows] == [
        ("a", 4), ("b", 6)]


def it_gives_a_quoted_multi_line_cell_the_line_it_starts_on(tmp_path):
    table = read(tmp_path, b'indicator,note\na,"two\nlines"\nb,x\n')
    assert [(r["note"].value, r["note"].location.line) for r in table.rows] == [
        ("two\nlines", 2), ("x", 4)]


def it_reads_missing_trailing_cells_as_blank(tmp_path):
    (row,) = read(tmp_path, b"indicator,2019,2020\na,1\n").rows
    assert row["2020"].value == ""


def it_refuses_a_row_with_more_cells_than_columns_at_its_line(tmp_path):
    error = refused(tmp_path, b"indicator,2020\na,1\nb,1,234\n")
    assert "data/values.csv:3" in str(error) and "3 cells" in str(error)
    assert '"1,234"' in error.hint


def it_refuses_a_duplicate_column_that_pandas_used_to_rename(tmp_path):
    error = refused(tmp_path, b"indicator,2020,2020\na,1,2\n")
    assert "'2020' appears twice" in str(error)


def it_refuses_an_unclosed_quote_at_the_line_it_opens(tmp_path):
    error = refused(tmp_path, b'indicator,2020\na,1\nb,"2\nc,3\n')
    assert "data/values.csv:3" in str(error) and "quote" in error.hint


def it_names_the_line_of_a_byte_that_is_not_utf8(tmp_path):
    error = refused(tmp_path, b"\xef\xbb\xbfindicator,2020\na,1\n\xb8\xdf,2\n")
    assert "data/values.csv:3" in str(error) and "CSV UTF-8" in error.hint


@pytest.mark.parametrize("data", [b"", b"\n\n", b",,\n,,\n"])
def it_refuses_an_empty_file(tmp_path, data):
    assert "empty" in str(refused(tmp_path, data))


def it_does_not_import_pandas_to_read_a_csv(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "values.csv"
    path.write_text("indicator,2020\na,1\n", encoding="utf-8")
    code = ("import sys; from pathlib import Path; from authoring.data.tables import read_tables; "
            f"read_tables(Path({str(path)!r}), 'v.csv'); print('pandas' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def it_names_the_cell_limit_for_a_csv_cell_too_long_to_read(tmp_path):
    # csv stops at 131,072 characters in one cell: the hint names the cell limit, not only quotes
    path = tmp_path / "long.csv"
    path.write_text('indicator,2023\ngrants,"' + "9" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_tables(path, "data/long.csv")
    assert "field larger than field limit" in str(caught.value)
    assert "at most 10,000 characters" in caught.value.hint
    assert caught.value.location.line == 2
