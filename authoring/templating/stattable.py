"""Indicators (or a breakdown's parts) × years → a statistical table as Markdown, every
figure recorded for the audit like a figure in prose.

    {{ stat_table("tab-main", "主要科技指标", indicators, years=5, change=true) }}
    {{ stat_table("tab-fund", "Funding by type", funding_by_type, share=true, unit="header") }}

Cells hold numbers only: the unit is in a unit column (`unit="column"`, the default) or in
the head (`unit="header"`, when every row has the same unit). Percentages print without
"%", amounts at their declared scale without the scale word. The change column holds the
growth on the year before in % (percentage points for rows that are themselves rates,
said in a note); the share column a part's share of the breakdown's total in the report
year. Within a year column the numbers line up on the decimal point (figure spaces pad
rows with fewer decimals). A year without data prints "—".
"""

from __future__ import annotations

from collections.abc import Callable

from .. import compute
from ..errors import TemplateError
from . import locale as L
from .marks import MARK_END
from .quantity import BreakdownView, IndicatorView, Quantity

FIGURE_SPACE = "\u2007"  # as wide as a digit: pads "12.5" under "3.25"
POINT_SPACE = "\u2008"  # as wide as a full stop: pads "12" under "3.25"
OPTIONS = ("years", "change", "share", "unit", "notes", "source", "landscape")
WORDS = {
    "zh-CN": {"indicator": "指标", "unit": "单位", "change": "比上年增长（%）",
              "share": "占比（%）", "total": "合计", "points": "注：{rows}的增长为百分点。",
              "year": "{year}年", "in_unit": "{text}（{unit}）"},
    "en": {"indicator": "Indicator", "unit": "Unit", "change": "Change on year before (%)",
           "share": "Share (%)", "total": "Total",
           "points": "Note: the change of {rows} is in percentage points.",
           "year": "{year}", "in_unit": "{text} ({unit})"},
}


def _words(loc: L.Locale) -> dict:
    return WORDS["zh-CN"] if loc is L.ZH else WORDS["en"]


def unit_text(loc: L.Locale, view: IndicatorView) -> str:
    """The unit a row's numbers are in: "亿元", "%", "million EUR", "百万欧元"."""
    ind = view._ind
    unit = ind.unit or ""
    scale = loc.scale_word(ind.scale) if ind.scale and ind.scale != "1" else ""
    if loc is L.ZH:
        return f"{scale}{unit}"
    return " ".join(p for p in (scale, unit) if p)


def number_text(loc: L.Locale, q: Quantity, decimals: int | None = None) -> str:
    """A cell's number without unit, "%" or scale word: 1815.3, 2.45, 21,980 (en groups)."""
    dec = q.decimals if decimals is None else decimals
    if q.kind == "ratio":
        return L.plain_number(q.value * 100, dec)
    if q.kind in ("percent", "points"):
        return L.plain_number(q.value, dec)
    return L.plain_number(L.scaled(q.value, q.scale_factor), dec, grouping=loc is L.EN)


def _years(years, report_year: int) -> list[int]:
    if isinstance(years, int) and not isinstance(years, bool):
        if not 1 <= years <= 30:
            raise TemplateError(f"stat_table: years={years} should be between 1 and 30")
        return list(range(report_year - years + 1, report_year + 1))
    try:
        return [int(y) for y in years]
    except (TypeError, ValueError):
        raise TemplateError(f"stat_table: years must be a count or a list of years, got {years!r}",
                            hint="years=5, or years=[2019, 2021, 2023]") from None


def _rows(rows) -> tuple[list[IndicatorView], BreakdownView | None]:
    if isinstance(rows, BreakdownView):
        return rows.parts, rows
    if isinstance(rows, IndicatorView):
        return [rows], None
    try:
        views = list(rows)
    except TypeError:
        raise TemplateError("stat_table: rows must be indicators or a breakdown") from None
    bad = [v for v in views if not isinstance(v, IndicatorView)]
    if bad or not views:
        raise TemplateError(f"stat_table: rows must be indicators or a breakdown, got {bad[:1] or 'none'}",
                            hint="e.g. stat_table('tab-x', 'Caption', [grants, funding])")
    return views, None


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def stat_table(loc: L.Locale, report_year: int, record: Callable[[object], str],
               escape: Callable[[str], str], ident: str, caption: str, rows, years=5,
               change: bool = False, share: bool = False, unit: str = "column",
               notes: str = "", source: str = "", landscape: bool = False) -> str:
    """The `::: table` Markdown of `rows` over `years`; `record` prints a figure marked for
    the audit, `escape` makes data text safe in Markdown."""
    words = _words(loc)
    views, breakdown = _rows(rows)
    shown_years = _years(years, report_year)
    if share and breakdown is None:
        raise TemplateError("stat_table: share=true needs a breakdown as its rows",
                            hint="pass the breakdown itself, e.g. stat_table(…, funding_by_type, share=true)")
    if unit not in ("column", "header"):
        raise TemplateError(f"stat_table: unit must be 'column' or 'header', got '{unit}'")
    units = [unit_text(loc, v) for v in views]
    if unit == "header" and len(set(units)) > 1:
        raise TemplateError(f"stat_table '{ident}': unit='header' needs one unit for all rows, "
                            f"they have {', '.join(sorted(set(units)))}",
                            hint="use unit='column'")
    head = [words["indicator"]] + ([words["unit"]] if unit == "column" else [])
    head += [words["year"].format(year=y) for y in shown_years]
    if change:
        head.append(words["change"])
    if share:
        head.append(words["share"])
    if unit == "header" and units[0]:
        caption = words["in_unit"].format(text=caption, unit=units[0])
    lines = [f"::: table {ident} {caption}" + (" {landscape}" if landscape else ""),
             "| " + " | ".join(_cell(h) for h in head) + " |",
             "|:--|" + (":--|" if unit == "column" else "") + "--:|" * (len(head) - 1 - (unit == "column"))]
    body = [(v, v._ind.label, units[i]) for i, v in enumerate(views)]
    # decimals per year column: every row padded to the most, so the points line up
    most = max((v.decimals or 0) for v in views)
    points = []
    for view, label, row_unit in body:
        cells = [escape(label)] + ([escape(row_unit)] if unit == "column" else [])
        for y in shown_years:
            cells.append(_figure(loc, record, view.at(y), most) if view.has(y) else "—")
        if change:
            cells.append(_change(loc, record, view, report_year, points))
        if share:
            part = view.at(report_year)
            total = breakdown.total_at(report_year)
            q = Quantity(compute.share(part.value, total.value), "ratio", decimals=1,
                         formula=f"{part.formula} / ({total.formula})",
                         inputs=part.inputs + total.inputs)
            cells.append(record_text(record, q, number_text(loc, q, 1)))
        lines.append("| " + " | ".join(cells) + " |")
    if breakdown is not None:
        cells = [words["total"]] + ([escape(units[0])] if unit == "column" else [])
        for y in shown_years:
            have = all(v.has(y) for v in views)
            cells.append(_figure(loc, record, breakdown.total_at(y), most) if have else "—")
        if change:
            cells.append(_total_change(loc, record, breakdown, report_year))
        if share:
            cells.append("100.0")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append(":::")
    after = []
    if points:
        after.append(words["points"].format(rows="、".join(points) if loc is L.ZH
                                            else ", ".join(points)))
    if notes:
        after.append(escape(str(notes)))
    if source:
        prefix, text = loc.source, str(source)
        after.append(escape(text if text.startswith(prefix.strip()) else prefix + text))
    return "\n".join(lines) + ("\n\n" + "\n\n".join(after) if after else "") + "\n"


def record_text(record: Callable[[object], str], q: Quantity, text: str) -> str:
    from .vocabulary import Phrase

    return record(Phrase.of(text, q))


def _figure(loc, record, q: Quantity, most: int) -> str:
    pad = (POINT_SPACE if q.decimals == 0 and most else "") + FIGURE_SPACE * (most - q.decimals)
    marked = record_text(record, q, number_text(loc, q))
    # inside the mark: Markdown strips a cell's trailing spaces, figure spaces included
    return marked[:-1] + pad + marked[-1] if marked.endswith(MARK_END) else marked + pad


def _change(loc, record, view: IndicatorView, year: int, points: list) -> str:
    if not (view.has(year) and view.has(year - 1)):
        return "—"
    if view.kind == "percent":
        q = view.pp
        points.append(view._ind.label)
        return record_text(record, q, number_text(loc, q, max(view.decimals or 0, 1)))
    if view.kind not in ("amount", "count"):
        return "—"  # ranks and years have no growth
    prev = view.at(year - 1)
    if prev.value == 0:
        return "—"
    q = view.yoy
    return record_text(record, q, number_text(loc, q, 1))


def _total_change(loc, record, breakdown: BreakdownView, year: int) -> str:
    if not all(v.has(year) and v.has(year - 1) for v in breakdown.parts):
        return "—"
    cur, prev = breakdown.total_at(year), breakdown.total_at(year - 1)
    if prev.value == 0:
        return "—"
    q = Quantity(compute.yoy_change(cur.value, prev.value), "ratio",
                 formula=f"({cur.formula}) / ({prev.formula}) - 1", inputs=cur.inputs + prev.inputs)
    return record_text(record, q, number_text(loc, q, 1))
