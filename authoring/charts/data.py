"""FigureSpec + Dataset → ChartData: the exact numbers, labels and alt text to draw. No I/O."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import limits
from ..compute import yoy_change
from ..data.schema import Dataset
from ..errors import ComputeError, FigureError
from ..suggest import nearest
from ..templating import locale as L
from .spec import FigureSpec, resolve_year


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[Decimal, ...]
    labels: tuple[str, ...]  # value labels as printed in the report ("1815.3", "32.0%")
    secondary: bool = False
    unit: str = ""
    growth: tuple[str, ...] = ()  # per category: "增长6.5%" on the year before, "" for the first


@dataclass(frozen=True)
class ChartData:
    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str
    highlight: int | None  # index of the report-year category, if highlighted
    alt: str
    growth_labels: tuple[str, ...] = ()  # per category, for show_growth
    inputs: tuple[tuple[str, int, str], ...] = ()  # (indicator, year, value) drawn


def chart_data(spec: FigureSpec, dataset: Dataset, report_year: int, lang: str,
               caption: str) -> ChartData:
    """Resolve `spec` against the data; every drawn number comes from a data cell."""
    loc = L.get_locale(lang)
    if len(spec.series) > limits.value("chart_series"):  # before any work on them
        raise limits.over("chart_series", f"the chart has {len(spec.series):,} series",
                          spec.loc("series"), FigureError)
    if spec.breakdown:
        data = _breakdown_data(spec, dataset, report_year, loc, caption)
    else:
        data = _series_data(spec, dataset, report_year, loc, caption)
    check_size(spec, data)
    return data


def check_size(spec: FigureSpec, data: ChartData) -> None:
    """A FigureError when `data` is beyond what a chart can draw in reasonable time and
    memory (limits.py): 10,000 series took 127 s, 10,000 slices 70 s and 2 GB."""
    if len(data.series) > limits.value("chart_series"):
        raise limits.over("chart_series", f"the chart has {len(data.series):,} series",
                          spec.loc("series"), FigureError)
    if data.kind in ("pie", "donut") and len(data.categories) > limits.value("chart_slices"):
        raise limits.over("chart_slices", f"the chart has {len(data.categories):,} slices",
                          spec.loc("breakdown" if spec.breakdown else "series"), FigureError)
    points = len(data.categories) * max(1, len(data.series))
    if points > limits.value("chart_points"):
        raise limits.over("chart_points", f"the chart draws {points:,} values",
                          spec.loc("years" if spec.years else "series"), FigureError)
    longest = max((*data.categories, *(s.name for s in data.series)), key=len, default="")
    if len(longest) > limits.value("chart_label_chars"):
        # labels are templates too: the limit holds for the text they render to
        raise limits.over("chart_label_chars", f"the label {longest[:40]!r}… has "
                          f"{len(longest):,} characters", spec.loc("labels"), FigureError)


def _indicator(spec: FigureSpec, dataset: Dataset, ident: str, field: str):
    if ident not in dataset.indicators:
        close = nearest(ident, dataset.indicators)
        raise FigureError(f"unknown indicator '{ident}'", spec.loc(field),
                          hint=f"did you mean {', '.join(close)}?" if close else None)
    return dataset.indicators[ident]


def _value(spec, ind, year, field):
    if year not in ind.values:
        have = ", ".join(str(y) for y in ind.years()) or "none"
        raise FigureError(f"'{ind.id}' has no value for {year} (years in data: {have})",
                          spec.loc(field), hint="add the value to the data or change the years")
    return ind.values[year].value


def _label(loc, ind, value, decimals) -> str:
    if ind.kind == "percent":
        return L.format_percent(loc, value, decimals)
    return L.format_amount(loc, value, decimals, ind.scale, ind.scale_factor)


def _breakdown_data(spec, dataset, report_year, loc, caption) -> ChartData:
    if spec.breakdown not in dataset.breakdowns:
        close = nearest(spec.breakdown, dataset.breakdowns)
        raise FigureError(f"unknown breakdown '{spec.breakdown}'", spec.loc("breakdown"),
                          hint=f"did you mean {', '.join(close)}?" if close else
                          "declare it under 'breakdowns:' in the data")
    breakdown = dataset.breakdowns[spec.breakdown]
    year = resolve_year(spec.year, report_year, spec.loc("year"))
    parts = [_indicator(spec, dataset, p, "breakdown") for p in breakdown.parts]
    values = [_value(spec, ind, year, "year") for ind in parts]
    if spec.kind in ("pie", "donut"):
        negative = [ind.id for ind, v in zip(parts, values) if v < 0]
        if negative:
            raise FigureError(f"a {spec.kind} chart cannot show negative values ({', '.join(negative)})",
                              spec.loc("kind"), hint="use a bar chart for values that can be negative")
        if sum(values) == 0:
            raise FigureError(f"all slices are zero in {year}", spec.loc("breakdown"))
    decimals = spec.decimals if spec.decimals is not None else parts[0].decimals
    names = tuple(spec.labels.get(ind.id, ind.label) for ind in parts)
    labels = tuple(_label(loc, ind, v, decimals) for ind, v in zip(parts, values))
    unit = spec.unit or parts[0].unit
    sep = "、" if loc is L.ZH else ", "
    listing = sep.join(f"{n}{labels[i]}{unit}" if loc is L.ZH else f"{n} {labels[i]} {unit}".strip()
                       for i, n in enumerate(names))
    alt = spec.alt or f"{caption}{'：' if loc is L.ZH else ': '}{listing}"
    return ChartData(spec.kind, names, (Series(breakdown.label, tuple(values), labels),), unit,
                     None, alt, (), tuple((ind.id, year, str(v)) for ind, v in zip(parts, values)))


def _series_data(spec, dataset, report_year, loc, caption) -> ChartData:
    inds = [_indicator(spec, dataset, s, "series") for s in spec.series]
    for s in spec.secondary:
        if s not in spec.series:
            raise FigureError(f"secondary series '{s}' is not in 'series'", spec.loc("secondary"))
    years = [resolve_year(y, report_year, spec.loc("years")) for y in spec.years] or [report_year]
    if spec.kind == "panels" and len(years) < 2:
        raise FigureError("a panels chart compares years: give two or more 'years'", spec.loc("years"))
    if spec.measure != "value":
        return _measure_data(spec, dataset, report_year, loc, caption, inds, years)
    units = {ind.unit for ind in inds if ind.id not in spec.secondary}
    if len(units) > 1 and spec.kind not in ("bar_line", "panels"):
        raise FigureError(f"the series have different units ({', '.join(sorted(units))}) and "
                          "would share one axis", spec.loc("series"),
                          hint="draw one figure per unit, or use bar_line with 'secondary'")
    inputs = []
    by_year = len(years) > 1 or len(inds) == 1
    year_word = loc.year_suffix

    if by_year:
        # categories are years; one series per indicator
        categories = tuple(f"{y}{year_word}" for y in years)
        series = []
        for ind in inds:
            values = tuple(_value(spec, ind, y, "years") for y in years)
            dec = spec.decimals if spec.decimals is not None else ind.decimals
            growth = tuple([""] + [_growth(loc, values[i - 1], values[i]) for i in range(1, len(values))])
            series.append(Series(spec.labels.get(ind.id, ind.label), values,
                                 tuple(_label(loc, ind, v, dec) for v in values),
                                 ind.id in spec.secondary, ind.unit, growth))
            inputs += [(ind.id, y, str(v)) for y, v in zip(years, values)]
        highlight = years.index(report_year) if spec.highlight_report_year and report_year in years else None
        growth = ()
        if spec.show_growth and len(years) >= 2 and len(inds) == 1:
            growth = tuple([""] + [_growth(loc, series[0].values[i - 1], series[0].values[i])
                                   for i in range(1, len(years))])
    else:
        year = years[0]
        names, values, labels = [], [], []
        for ind in inds:
            at = _series_year(spec, ind, year, report_year)
            v = _value(spec, ind, at, "series")
            dec = spec.decimals if spec.decimals is not None else ind.decimals
            names.append(spec.labels.get(ind.id, ind.label))
            values.append(v)
            labels.append(_label(loc, ind, v, dec))
            inputs.append((ind.id, at, str(v)))
        order = list(range(len(inds)))
        if spec.sort:
            order.sort(key=lambda i: values[i], reverse=True)
        categories = tuple(names[i] for i in order)
        series = [Series(f"{year}{year_word}", tuple(values[i] for i in order),
                         tuple(labels[i] for i in order))]
        highlight, growth = None, ()
    unit = spec.unit or (inds[0].unit if inds else "")
    alt = spec.alt or _series_alt(loc, caption, categories, series, unit)
    return ChartData(spec.kind, categories, tuple(series), unit, highlight, alt, growth, tuple(inputs))


def _series_year(spec, ind, default: int, report_year: int) -> int:
    text = spec.series_years.get(ind.id)
    return resolve_year(text, report_year, spec.loc("series")) if text else default


def _measure_data(spec, dataset, report_year, loc, caption, inds, years) -> ChartData:
    """One bar per indicator showing its share of the reference total, or its growth."""
    from ..compute import share

    if len(years) != 1:
        raise FigureError(f"measure '{spec.measure}' draws one year: give 'year', not several 'years'",
                          spec.loc("measure"))
    names, values, labels, inputs = [], [], [], []
    decimals = 1 if spec.decimals is None else spec.decimals
    for ind in inds:
        at = _series_year(spec, ind, years[0], report_year)
        value = _value(spec, ind, at, "series")
        if spec.measure == "share":
            if not ind.total:
                raise FigureError(f"'{ind.id}' declares no reference total for a share",
                                  spec.loc("measure"), hint="add 'total:' to the indicator in the data")
            total = _value(spec, _indicator(spec, dataset, ind.total, "series"), at, "series")
            ratio = share(value, total)
            inputs += [(ind.id, at, str(value)), (ind.total, at, str(total))]
        else:
            previous = _value(spec, ind, at - 1, "series")
            try:
                ratio = yoy_change(value, previous)
            except ComputeError as exc:
                raise FigureError(f"'{ind.id}': {exc.message}", spec.loc("series")) from None
            inputs += [(ind.id, at - 1, str(previous)), (ind.id, at, str(value))]
        names.append(spec.labels.get(ind.id, ind.label))
        values.append(ratio * 100)
        labels.append(L.format_percent(loc, ratio * 100, decimals))
    order = list(range(len(inds)))
    if spec.sort:
        order.sort(key=lambda i: values[i], reverse=True)
    categories = tuple(names[i] for i in order)
    series = (Series(caption, tuple(values[i] for i in order), tuple(labels[i] for i in order), unit="%"),)
    unit = spec.unit or "%"
    return ChartData(spec.kind, categories, series, unit, None,
                     spec.alt or _series_alt(loc, caption, categories, series, ""), (), tuple(inputs))


def _growth(loc, prev: Decimal, cur: Decimal) -> str:
    try:
        return L.direction(loc, yoy_change(cur, prev), 1)
    except ComputeError:
        return ""


def _series_alt(loc, caption, categories, series, unit) -> str:
    colon = "：" if loc is L.ZH else ": "
    sep = "；" if loc is L.ZH else "; "
    parts = []
    for s in series:
        u = s.unit if s.unit and s.unit != "%" else ("" if s.unit == "%" else unit)
        pairs = ("、" if loc is L.ZH else ", ").join(
            f"{c}{lab}{u}" if loc is L.ZH else f"{c} {lab} {u}".strip()
            for c, lab in zip(categories, s.labels))
        parts.append(f"{s.name}{colon}{pairs}" if len(series) > 1 else pairs)
    return f"{caption}{colon}{sep.join(parts)}"
