"""A table and the text measure → its type size, page orientation and column widths.

All three writers ask this one function, so a wide table is set the same way everywhere.
A table that does not fit the measure at its normal size is, in this order:

1. set smaller, down to `MIN_TABLE_PT` (7.5 pt, the Chinese 六号 size);
2. set on a landscape page at its normal size, or smaller down to the same minimum;
3. refused: the build fails naming the table.

An author can ask for a landscape page with `{landscape}`; step 1 is then skipped.
Widths are estimated from the characters (a Han or full-width character is one em, anything
else a generous 0.55 em) so that no number or word is wider than its column.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from ..errors import RenderError
from ..model.nodes import Cell, Table
from ..model.tablegrid import positions
from ..model.text import plain_text

MIN_TABLE_PT = 7.5  # 六号: below this a statistical table is hard to read in print
MM_PER_PT = 25.4 / 72
PADDING_EM = 1.2  # 0.6 em either side of a cell's text, as in base.css and report.typ
HALF_WIDTH_EM = 0.55  # Latin digits are 0.5 em in the serif faces; letters vary, bold is wider
TEXT_MIN_EM = 4  # a text column narrower than four characters wraps names one per line
WANTED_CAP_EM = 20


@dataclass(frozen=True)
class TableFit:
    size_pt: float  # the table's type size
    landscape: bool
    widths: tuple[float, ...]  # each grid column's share of the measure; they sum to 1

    def scale(self, normal_pt: float) -> float:
        """The table's size as a fraction of its normal size (1.0 when not reduced)."""
        return self.size_pt / normal_pt


HAN_LATIN_EM = 0.25  # the quarter-em space the writers set between Han and Latin (cjk.py)


def text_em(text: str, bold: bool = False) -> float:
    """The width of `text` in ems: Han and full-width characters one, the rest 0.55 (0.6 bold),
    and a quarter em where a Han character meets a Latin letter or digit."""
    half = HALF_WIDTH_EM + (0.05 if bold else 0)
    wide = [unicodedata.east_asian_width(ch) in "WF" for ch in text]
    gaps = sum(1 for a, b, x, y in zip(text, text[1:], wide, wide[1:])
               if x != y and (a if y else b).isalnum() and not (a if x else b).isspace())
    return sum(1.0 if w else half for w in wide) + HAN_LATIN_EM * gaps


_NO_BREAK = "\u00a0\u2007\u202f"  # spaces a line never breaks at ("201.2\u00a0million")


def _pieces(text: str) -> list[str]:
    """What a line cannot break inside: Latin words and numbers (with the no-break spaces
    that join them), single Han characters."""
    out, word = [], ""
    for ch in text:
        if (ch.isspace() and ch not in _NO_BREAK) or unicodedata.east_asian_width(ch) in "WF":
            if word:
                out.append(word)
            word = ""
            if not ch.isspace():
                out.append(ch)
        else:
            word += ch
    return out + ([word] if word else [])


def cell_needs(cell: Cell, head: bool) -> tuple[float, float]:
    """(least, wanted) width in ems of `cell`'s text, padding excluded."""
    text = plain_text(cell.children)
    lines = text.split("\n") or [""]
    whole = max(text_em(line, head) for line in lines)
    if cell.numeric:
        return whole, whole  # a number never wraps
    longest_piece = max((text_em(p, head) for p in _pieces(text)), default=0.0)
    if head:
        # a head may take two lines (a third leaves a lone "长" or "）"), never splits a word;
        # a short one stays on one line, where a second would hold a stray ("指标|7")
        least = whole if whole <= 2 * LONE_EM + 1 else \
            max(longest_piece, min(whole, max(2.0, whole / 2 + 1)))
        return least, max(least, whole)
    least = max(longest_piece, min(whole, TEXT_MIN_EM))
    return least, max(least, min(whole, WANTED_CAP_EM))


def column_texts(table: Table, columns: int) -> list[list[float]]:
    """Each grid column's texts that may wrap (not numbers, not merged cells), in ems."""
    heads = len(table.header)
    out: list[list[float]] = [[] for _ in range(columns)]
    for r, c, cell in positions((*table.header, *table.rows)):
        if cell.colspan == 1 and not cell.numeric and c < columns:
            text = plain_text(cell.children)
            out[c] += [text_em(line, r < heads) for line in text.split("\n") if line]
    return out


def column_needs(table: Table,
                 padding_em: float = PADDING_EM) -> tuple[list[float], list[float]]:
    """Each grid column's (least, wanted) width in ems, `padding_em` included."""
    rows = (*table.header, *table.rows)
    placed = list(positions(rows))
    columns = max((c + cell.colspan for _, c, cell in placed), default=0)
    least, wanted = [padding_em] * columns, [padding_em] * columns
    heads = len(table.header)
    for r, c, cell in sorted(placed, key=lambda item: item[2].colspan):
        need, want = cell_needs(cell, r < heads)
        span = range(c, c + cell.colspan)
        room = sum(least[j] for j in span) - padding_em * (cell.colspan - 1)
        if need + padding_em > room:  # a merged cell wider than its columns widens them evenly
            extra = (need + padding_em - room) / cell.colspan
            for j in span:
                least[j] += extra
        if cell.colspan == 1:
            wanted[c] = max(wanted[c], want + padding_em)
    return least, [max(w, m) for w, m in zip(wanted, least)]


def _shares(least: list[float], wanted: list[float], room_em: float,
            texts: list[list[float]] | None = None,
            padding_em: float = PADDING_EM) -> tuple[float, ...]:
    """Widths filling `room_em`: every column its least, the rest by what it would like;
    then no cell of `texts` (each column's wrapping texts in ems) left with one character
    alone on its last line where another width avoids it."""
    if sum(wanted) <= room_em:
        widths = [w * room_em / sum(wanted) for w in wanted]
    else:
        spare = room_em - sum(least)
        stretch = sum(w - m for w, m in zip(wanted, least)) or 1.0
        widths = [m + (w - m) * spare / stretch for w, m in zip(wanted, least)]
    if texts:
        widths = _without_lone_characters(widths, least, texts, padding_em)
    return tuple(w / room_em for w in widths)


LONE_EM = 2.0  # a last line narrower than two characters looks like a stray ("点", "）")
STEP_EM = 0.25
FIT_MARGIN_EM = 0.2  # a text this close to its width may wrap (a bold digit, Word's spacing)


def lone_character(width_em: float, texts: list[float]) -> bool:
    """Whether a text of `texts` (ems) wraps in `width_em` (text width) to leave a last line
    under two characters. Every line holds at most `width_em`, so the last one holds at
    least what the others cannot; that bound errs towards seeing a stray (the estimates
    of text_em are generous, so the engines' lines hold a little more)."""
    for whole in texts:
        if whole <= width_em - FIT_MARGIN_EM:
            continue
        lines = max(2, math.ceil(whole / width_em))
        if whole - (lines - 1) * width_em < LONE_EM + 0.05 * whole:
            return True
    return False


def _without_lone_characters(widths: list[float], least: list[float],
                             texts: list[list[float]], padding_em: float) -> list[float]:
    """`widths` with each column that leaves a stray character widened (taking the room from
    the other columns' slack above their least) or else narrowed, down to its least."""
    widths = list(widths)
    for j, column in enumerate(texts):
        if not column or not lone_character(widths[j] - padding_em, column):
            continue
        others = [k for k in range(len(widths)) if k != j
                  and not lone_character(widths[k] - padding_em - STEP_EM, texts[k])]
        slack = sum(max(0.0, widths[k] - least[k]) for k in others)
        wider = [widths[j] + STEP_EM * i for i in range(1, int(slack / STEP_EM) + 1)]
        narrower = [widths[j] - STEP_EM * i
                    for i in range(1, int((widths[j] - least[j]) / STEP_EM) + 1)]
        for width in wider + narrower:
            if lone_character(width - padding_em, column):
                continue
            change = width - widths[j]
            if change > 0:  # taken from the others in proportion to their slack
                for k in others:
                    widths[k] -= change * max(0.0, widths[k] - least[k]) / slack
            else:  # given to the columns that would like more, else to all
                takers = [k for k in range(len(widths)) if k != j] or [j]
                for k in takers:
                    widths[k] -= change / len(takers)
            widths[j] = width
            break
    return widths


def table_name(table: Table) -> str:
    """How an error names a table: its label, id and caption as far as it has them."""
    caption = plain_text(table.caption)
    parts = [p for p in (table.label, f"'{table.id}'" if table.id else "", caption) if p]
    return " ".join(parts) or "a table without caption"


def fit_table(table: Table, measure_mm: float, landscape_mm: float, size_pt: float,
              min_pt: float = MIN_TABLE_PT, padding_mm: float | None = None) -> TableFit:
    """The size, orientation and column shares that set `table` without losing a character.

    A cell's padding is 0.6 em either side (it shrinks with the type), or `padding_mm` in all
    (Word's cell margins, which do not)."""
    def needs(size: float):
        return column_needs(table, padding_mm / (size * MM_PER_PT) if padding_mm else PADDING_EM)

    least, _ = needs(size_pt)
    if not least:
        return TableFit(size_pt, table.landscape, ())
    texts = column_texts(table, len(least))
    sizes = [size_pt] + [s / 4 for s in range(math.floor(size_pt * 4), math.ceil(min_pt * 4) - 1, -1)
                         if s / 4 < size_pt]
    for landscape in ((True,) if table.landscape else (False, True)):
        width_mm = landscape_mm if landscape else measure_mm
        for size in sizes:
            least, wanted = needs(size)
            room_em = width_mm / (size * MM_PER_PT)
            if sum(least) <= room_em:
                padding = padding_mm / (size * MM_PER_PT) if padding_mm else PADDING_EM
                return TableFit(size, landscape,
                                _shares(least, wanted, room_em, texts, padding))
    least, _ = needs(min_pt)
    needed = sum(least) * min_pt * MM_PER_PT
    raise RenderError(f"table {table_name(table)} does not fit: its {len(least)} columns need "
                      f"{needed:.0f} mm at {min_pt} pt, a landscape page has {landscape_mm:.0f} mm",
                      hint="split it into two tables (fewer columns each), shorten the column "
                           "heads, or move units into the heads")


SHORT_TABLE_ROWS = 6  # a table of so few body rows is never broken across pages (PDFs)


def is_short(table: Table) -> bool:
    """Whether `table` moves to the next page whole rather than continue there."""
    return len(table.rows) <= SHORT_TABLE_ROWS


TABLE_EM = 0.88  # the table's type size in body ems (base.css `table`, report.typ data-table)


def fit_on_page(table: Table, geo, body_pt: float) -> TableFit:
    """`fit_table` on the PDF page of `geo` (writers/page.py Geometry): the measure in whole
    body characters, the landscape measure between the same inner and outer margins."""
    return fit_table(table, geo.measure_em * body_pt * MM_PER_PT,
                     geo.height - geo.inner - geo.outer, body_pt * TABLE_EM)
