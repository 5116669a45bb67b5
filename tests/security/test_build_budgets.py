"""Threats, second round: memory and time without bounds. Each budget of limits.py is tested
at its limit: one past it ends in a clear error naming the limit and the variable that raises
it, within 10 s and 500 MB, and the previous outputs stay byte for byte as they were; raising
the limit lets the input through.

Templates (total built, rendered size, a label that is a template), Markdown emphasis
nesting, charts (series, values, slices), data (rows, cells, errors; CSV and an XLSX with no
declared dimension), DOCX (paragraphs, altChunk fan-out), and the source map's time.
"""

from __future__ import annotations

import zipfile

import pytest

from authoring.limits import LIMITS, env_name

from .hostile import (build, fails_cleanly, good_build, outputs, project,  # noqa: F401
                      run_limited, run_python)


def _template(project, text: str) -> None:
    (project / "templates" / "summary.md.j2").write_text(text, encoding="utf-8")


def _over(name: str) -> tuple[str, str]:
    return "over the limit", env_name(name)


def it_bounds_what_the_templates_build_in_total(project):
    before = outputs(project)
    _template(project, "# S\n{% set ns = namespace(items=[]) %}{% for i in range(200) %}"
                       "{% set _ = ns.items.append('a' * 19000000) %}{% endfor %}\n")
    fails_cleanly(build(project), before, project, 5, "templates/summary.md.j2",
                  *_over("template_chars"))


def it_bounds_the_rendered_markdown_an_engine_gets(project):
    before = outputs(project)
    _template(project, "# S\n\n{% for i in range(1000) %}{% for j in range(400) %}word "
                       "{% endfor %}{% endfor %}\n")
    fails_cleanly(build(project), before, project, 5, "templates/summary.md.j2",
                  *_over("document_chars"))
    for engine in ("weasyprint", "typst"):  # the same budget before either engine
        fails_cleanly(build(project, "--engine", engine), before, project, 5,
                      *_over("document_chars"))


def it_bounds_a_chart_label_written_as_a_template(project):
    before = outputs(project)
    spec = project / "figures" / "funding_split.yaml"  # a chart whose items carry names
    spec.write_text(spec.read_text() + "labels:\n  fund_basic: \"{{ 'x' * 1000 }}\"\n")
    fails_cleanly(build(project), before, project, 6, "figures/funding_split.yaml",
                  *_over("chart_label_chars"))


def it_bounds_emphasis_marks_in_a_paragraph(project):
    before = outputs(project)
    _template(project, "# S\n\n" + "**" * 50_000 + "_" * 100_000 + "\n")  # 200 KB
    fails_cleanly(build(project), before, project, 5, "templates/summary.md.j2",
                  *_over("markdown_delimiters"))


@pytest.mark.parametrize("field, written, item, limit, attack", [
    ("series", "series: [grants]", "grants", "chart_series", 10_000),
    ("years", "years: [report-2, report-1, report]", "report", "chart_points", 100_000)])
def it_bounds_the_series_and_values_of_a_chart_and_the_size_of_its_definition(
        project, field, written, item, limit, attack):
    before = outputs(project)
    spec = project / "figures" / "grants_trend.yaml"
    good = spec.read_text()
    for count, over in ((LIMITS[limit].default + 1, limit), (attack, "figure_bytes")):
        # one past the limit; then the attack's size, whose definition alone is too large
        spec.write_text(good.replace(written, f"{field}: [" + ", ".join([item] * count) + "]"))
        fails_cleanly(build(project), before, project, 6, "figures/grants_trend.yaml",
                      *_over(over))


def it_bounds_the_slices_of_a_pie(project):
    before = outputs(project)
    parts = [f"p{k}" for k in range(10_000)]
    (project / "data" / "parts.csv").write_text(
        "id,label,unit\n" + "".join(f"{p},Part {p},EUR\n" for p in parts))
    (project / "data" / "part_values.csv").write_text(
        "indicator,2021,2022,2023\n" + "".join(f"{p},1,1,1\n" for p in parts))
    (project / "data" / "split.yaml").write_text(
        "breakdowns:\n  - id: many\n    label: Many\n    parts: [" + ", ".join(parts) + "]\n")
    spec = project / "figures" / "funding_split.yaml"
    spec.write_text(spec.read_text().replace("breakdown: funding_by_type", "breakdown: many"))
    fails_cleanly(build(project), before, project, 6, "figures/funding_split.yaml",
                  *_over("chart_slices"))


def it_bounds_the_rows_of_a_csv_and_lets_a_raised_limit_through(project):
    before = outputs(project)
    big = project / "data" / "big.csv"
    big.write_text("indicator,year,value\n" + "grants,2020,1\n" * 2_000_000)
    fails_cleanly(build(project), before, project, 4, "data/big.csv", *_over("data_rows"))
    # at the limit: one row more is refused; with the limit raised the same file is read on
    # (and refused for its repeated values, the data's own problem)
    rows = LIMITS["data_rows"].default + 1
    big.write_text("indicator,year,value\n" + "grants,2020,1\n" * rows)
    fails_cleanly(build(project), before, project, 4, "data/big.csv", *_over("data_rows"))
    raised = run_limited("build", "--project", str(project), env={env_name("data_rows"): str(rows)},
                         seconds=60)
    assert raised.returncode == 4 and env_name("data_rows") not in raised.stderr, raised.stderr
    assert outputs(project) == before


def it_bounds_the_cells_of_a_csv(project):
    before = outputs(project)
    columns = 40
    with (project / "data" / "wide.csv").open("w") as handle:
        handle.write("indicator," + ",".join(str(1900 + k) for k in range(columns)) + "\n")
        handle.write(("grants," + ",".join("1" for _ in range(columns)) + "\n") * 20_000)
    fails_cleanly(build(project), before, project, 4, "data/wide.csv", *_over("data_cells"))


def it_bounds_the_cells_of_one_csv_record_before_it_is_built(project):
    # a 50 MB header of commas is millions of cells in one record: csv builds it whole, so
    # the commas are counted line by line before it does (it was a MemoryError traceback)
    before = outputs(project)
    limit = LIMITS["data_cells"].default
    (project / "data" / "wide.csv").write_text(
        "indicator," + ",".join(f"c{k}" for k in range(6_000_000)) + "\ngrants,1\n")
    fails_cleanly(build(project), before, project, 4, "data/wide.csv:1",
                  f"a record of more than {limit:,} cells", *_over("data_cells"))
    fails_cleanly(run_limited("check", "--project", str(project)), before, project, 4,
                  "data/wide.csv:1", *_over("data_cells"))
    # at the limit (one comma fewer) the record is read, and its columns checked
    (project / "data" / "wide.csv").write_text(
        "indicator," + ",".join(f"c{k}" for k in range(limit - 2)) + ",c0\n")
    text = fails_cleanly(run_limited("check", "--project", str(project)), None, None, 4,
                         "data/wide.csv:1")
    assert "the column 'c0' appears twice" in text and env_name("data_cells") not in text


def it_stops_checking_after_the_error_limit(project):
    before = outputs(project)
    limit = LIMITS["data_errors"].default
    with (project / "data" / "bad.csv").open("w") as handle:
        handle.write("indicator,year,value\n")
        handle.write("".join(f"grants,2023,x{k}\n" for k in range(90_000)))
    text = fails_cleanly(build(project), before, project, 4, "data/bad.csv",
                         f"checking stopped after {limit:,} problems", env_name("data_errors"))
    assert len(text.splitlines()) < 200


def it_bounds_an_xlsx_without_a_declared_dimension(project):
    before = outputs(project)
    rows = LIMITS["data_rows"].default + 50_000
    body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>grants</t></is></c>'
                   f'<c r="B{r}"><v>2020</v></c><c r="C{r}"><v>1</v></c></row>'
                   for r in range(2, rows + 2))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1">'
             '<c r="A1" t="inlineStr"><is><t>indicator</t></is></c><c r="B1" t="inlineStr">'
             '<is><t>year</t></is></c><c r="C1" t="inlineStr"><is><t>value</t></is></c></row>'
             f"{body}</sheetData></worksheet>")
    _xlsx_with_sheet(project / "data" / "big.xlsx", sheet)
    fails_cleanly(build(project), before, project, 4, "data/big.xlsx", *_over("data_rows"))


def it_bounds_the_shared_strings_of_an_xlsx_before_openpyxl_reads_them(project):
    # openpyxl reads the whole string table on opening: 3 million short strings (an 8 MB
    # file) took a minute, whichever cells use them
    before = outputs(project)
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
             '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
             '<c r="C1" t="s"><v>2</v></c></row><row r="2"><c r="A2" t="s"><v>3</v></c>'
             '<c r="B2"><v>2020</v></c><c r="C2"><v>5</v></c></row></sheetData></worksheet>')
    strings = 3_000_000
    table = ("".join(f"<si><t>{s}</t></si>" for s in ("indicator", "year", "value", "grants"))
             + "".join(f"<si><t>s{k}</t></si>" for k in range(strings)))
    _xlsx_with_sheet(project / "data" / "big.xlsx", sheet, strings=table)
    assert (project / "data" / "big.xlsx").stat().st_size < 10 * 2**20
    fails_cleanly(build(project), before, project, 4, "data/big.xlsx",
                  f"{strings + 4:,} shared strings", *_over("data_cells"))


def _xlsx_with_sheet(path, sheet: str, strings: str | None = None) -> None:
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", (
            f'<Types xmlns="{pkg}/content-types"><Default Extension="rels" ContentType='
            '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension='
            '"xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application'
            '/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        archive.writestr("_rels/.rels", (
            f'<Relationships xmlns="{pkg}/relationships"><Relationship Id="rId1" Type="{rel}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        archive.writestr("xl/workbook.xml", (
            f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet name="Sheet1" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>'))
        table = "" if strings is None else (f'<Relationship Id="rId2" Type="{rel}/sharedStrings" '
                                            'Target="sharedStrings.xml"/>')
        archive.writestr("xl/_rels/workbook.xml.rels", (
            f'<Relationships xmlns="{pkg}/relationships"><Relationship Id="rId1" Type="{rel}/'
            f'worksheet" Target="worksheets/sheet1.xml"/>{table}</Relationships>'))
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings is not None:  # the workbook's string table
            archive.writestr("xl/sharedStrings.xml", f'<sst xmlns="{main}">{strings}</sst>')


# ------------------------------------------------------------------ DOCX from outside

def _docx(path, body: str, chunks: dict | None = None):
    from tests.review.wordfiles import write

    return write(path, body, chunks=chunks)


def it_bounds_the_paragraphs_of_a_docx(tmp_path):
    docx = _docx(tmp_path / "many.docx", "".join(f"<w:p><w:r><w:t>{k}</w:t></w:r></w:p>"
                                                 for k in range(1_000_000)))
    assert docx.stat().st_size < 8 * 2**20
    for command in (("docx2text", str(docx)), ("diff", str(docx), str(docx))):
        fails_cleanly(run_limited(*command), None, None, 8, *_over("docx_paragraphs"))


def it_bounds_altchunk_fan_out(tmp_path):
    html = ("<html><body>" + "".join(f"<p>{k}</p>" for k in range(2**20 // 12))
            + "</body></html>").encode()  # ~1 MiB
    body = '<w:altChunk r:id="rIdC"/>' * 20_000
    docx = _docx(tmp_path / "fan.docx", body, chunks={"rIdC": ("text/html", html)})
    for command in (("docx2text", str(docx)), ("diff", str(docx), str(docx))):
        fails_cleanly(run_limited(*command), None, None, 8, *_over("docx_altchunks"))


@pytest.mark.parametrize("kind", ["text/plain", "text/html"])
def it_counts_the_paragraphs_of_a_text_or_html_chunk_before_reading_it(tmp_path, kind):
    # 4 million short lines embedded as one chunk (a 13 MB DOCX) took docx2text past 500 MB
    import random

    rng = random.Random(7)  # numbers that do not compress past the zip ratio check
    numbers = [str(rng.randrange(10**6)) for _ in range(4_000_000)]
    data = ("\n".join(numbers) if kind == "text/plain"
            else "<html><body>" + "".join(f"<p>{n}</p>" for n in numbers) + "</body></html>")
    docx = _docx(tmp_path / "lines.docx", '<w:p><w:r><w:t>a</w:t></w:r></w:p><w:altChunk r:id="rIdC"/>',
                 chunks={"rIdC": (kind, data.encode())})
    for command in (("docx2text", str(docx)), ("diff", str(docx), str(docx))):
        fails_cleanly(run_limited(*command), None, None, 8, "word/chunk0.dat",
                      *_over("docx_paragraphs"))


# ------------------------------------------------------------------ source map

def it_maps_5000_headings_and_footnotes_to_template_lines_in_linear_time():
    script = """
from authoring.model.nodes import Heading, Paragraph, Source, Text
from authoring.templating.sourcemap import attach_lines

n = 5_000
heads, notes = range(1000, 1000 + n), range(10_000, 10_000 + n)  # each number unique
lines = [f"## Heading number {k} of the report" for k in heads] + \\
        [f"[^n{k}]: Footnote text {k} here." for k in notes]
blocks = tuple(Heading(2, (Text(f"Heading number {k} of the report"),), source=Source())
               for k in heads) + \\
    tuple(Paragraph((Text(f"Footnote text {k} here."),), source=Source()) for k in notes)
mapped = attach_lines(blocks, [], lines)
print([b.source.line for b in mapped[:3]], mapped[n + 7].source.line)
"""
    result = run_python("-c", script)  # 10 s and 500 MB; it took over 120 s
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["[1,", "2,", "3]", "5008"]


def it_bounds_the_chapters_of_report_toml(project):
    # 20,000 chapters (a 1 MB report.toml) ran `check` for minutes and `build` out of memory
    before = outputs(project)
    toml = project / "report.toml"
    chapter = '[[chapters]]\ntemplate = "tables.md.j2"\nkind = "appendix"\n\n'
    toml.write_text(toml.read_text(encoding="utf-8").replace("[build]", chapter * 20_000 + "[build]"),
                    encoding="utf-8")
    # the hint names a limit this input fits (4× the default, 2,000, would fail again)
    fails_cleanly(build(project), before, project, 3, "20,002 chapters", *_over("chapters"),
                  "AUTHORING_LIMIT_CHAPTERS=21000")
    fails_cleanly(run_limited("check", "--project", str(project)), before, project, 3,
                  *_over("chapters"))
