"""What-ifs: `authoring build` with proposed fixes applied from outside, to measure them
before anyone edits authoring/ (docs/PERFORMANCE.md, "Plan"). Nothing here is used by a
normal build.

    BENCH_WHATIF=exit,gc,csv python -m benchmarks.whatif build --project DIR

Fixes (comma-separated in BENCH_WHATIF; "all" for every one):

- `exit`: processes end with os._exit() once their work is done and flushed: the PDF worker
  right after it reports the PDF written (the build waits for it to exit, and tearing down
  WeasyPrint's heap of boxes takes ~1.3 s at 300 pages), and the CLI after its last line.
- `gc`: gc.set_threshold(50_000, 50, 100) in the build and in the PDF worker: far fewer
  collections of the young generation, each of which may cascade into full collections over
  a heap of hundreds of thousands of layout boxes.
- `csv`: data/*.csv read with the csv module instead of pandas (whose import costs ~0.3 s
  of every build; the reader re-reads the file with csv for line numbers anyway).

The patches are applied when this module is imported, so they also apply in the PDF worker,
which multiprocessing's spawn starts by importing the parent's main module.
"""

from __future__ import annotations

import os
import sys

FIXES = {f.strip() for f in os.environ.get("BENCH_WHATIF", "").split(",") if f.strip()}
if "all" in FIXES:
    FIXES = {"exit", "gc", "csv"}


def _serve_then_exit(conn) -> None:
    from authoring.writers import pdfworker

    pdfworker._original_serve(conn)
    conn.close()
    sys.stdout.flush(), sys.stderr.flush()
    os._exit(0)


def _read_csv_without_pandas(path, shown):
    import csv

    from authoring.data import tables as T
    from authoring.errors import DataError, Location

    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            records = [(reader_line, record) for reader_line, record in _numbered(csv.reader(handle))]
    except UnicodeDecodeError:
        raise DataError("the file is not UTF-8 text", Location(shown),
                        hint="save the CSV as 'CSV UTF-8'") from None
    records = [(n, r) for n, r in records if any(cell.strip() for cell in r)]
    if not records:
        raise DataError("the file is empty", Location(shown))
    columns = tuple(T._clean_header(c) for c in records[0][1])
    T._check_headers(columns, shown, 1)
    rows = []
    for line, record in records[1:]:
        values = list(record) + [""] * (len(columns) - len(record))
        rows.append({col: T.RawCell(val, Location(shown, line, col)) for col, val in zip(columns, values)})
    return T.RawTable(shown, None, columns, tuple(rows))


def _numbered(reader):
    for record in reader:
        yield reader.line_num, record


def apply() -> None:
    if "gc" in FIXES:
        import gc

        gc.set_threshold(50_000, 50, 100)
    if "exit" in FIXES:
        from authoring.writers import pdfworker

        if not hasattr(pdfworker, "_original_serve"):
            pdfworker._original_serve = pdfworker._serve
            pdfworker._serve = _serve_then_exit
    if "csv" in FIXES:
        from authoring.data import tables

        tables._read_csv = _read_csv_without_pandas


apply()


def main() -> None:
    from authoring.cli import main as cli

    code = 0
    try:
        cli(sys.argv[1:], prog_name="authoring")
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    if "exit" in FIXES:
        sys.stdout.flush(), sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


if __name__ == "__main__":
    main()
