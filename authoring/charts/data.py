"""FigureSpec + Dataset → ChartData: the exact numbers, labels and alt text to draw. No I/O.

Every chart is one table: items (a series' indicators, or a breakdown's parts, plus 其他 /
Other when `top` folds the rest) × drawn years, each cell a data value turned into the
measure (the value, a share of a total, or the growth on the year before). The kind then
only decides the layout: one-year charts have the items as categories, the others the years.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .. import limits
from ..compute import yoy_change
from ..data.schema import Dataset
from ..errors import ComputeError, FigureError
from ..suggest import nearest
from ..templating import locale as L
from ..templating.phrasing import CURRENCIES, money
from .alt import describe
from .spec import MAX_PANELS, FigureSpec, resolve_year

WHOLE_KINDS = ("pie", "donut", "stacked_bar")  # a share is of what is drawn together


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple  # the drawn numbers (Decimal, in the labels' scale); None where there is none
    labels: tuple[str, ...]  # value labels as printed in the report ("1815.3", "32.0%")
    secondary: bool = False  # drawn on the right axis (bar_line)
    unit: str = ""
    growth: tuple[str, ...] = ()  # per category: "增长6.5%" on the year before, "" for none
    phrases: tuple[str, ...] = ()  # each value as the prose says it: "€99.8 million", "43项"
    role: str = "value"  # "growth": the bars' change on the year before, in %


@dataclass(frozen=True)
class ChartData:
    kind: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str  # the axis title
    highlight: int | None  # index of the highlighted category (an item, or the report year)
    alt: str
    growth_labels: tuple[str, ...] = ()  # per category, for show_growth on a bar chart
    inputs: tuple[tuple[str, int, str], ...] = ()  # (indicator, year, value) drawn
    measure: str = "value"
    years: tuple[int, ...] = ()  # the years drawn, in order
    total: str = ""  # a donut's centre: the sum of its slices as the prose says it


@dataclass(frozen=True)
class _Item:
    id: str
    name: str
    parts: tuple  # Indicators; several for the rest that `top` folds into 其他 / Other


def drawn_years(spec: FigureSpec, report_year: int) -> list[int]:
    """The years the chart draws, in order (one for a one-year chart)."""
    if spec.by_year:
        years = [resolve_year(y, report_year, spec.loc("years")) for y in spec.years]
        if years != sorted(years):  # a time axis runs forward; "2023—2019" is no range
            raise FigureError(f"'years' must run from the earliest to the latest, got "
                              f"{', '.join(str(y) for y in years)}", spec.loc("years"),
                              hint=f"years: [{', '.join(sorted(spec.years, key=lambda y: years[spec.years.index(y)]))}]")
        return years
    return [resolve_year(spec.year, report_year, spec.loc(spec.year_key))]


def chart_data(spec: FigureSpec, dataset: Dataset, report_year: int, lang: str,
               caption: str) -> ChartData:
    """Resolve `spec` against the data; every drawn number comes from data cells."""
    loc = L.get_locale(lang)
    if spec.members:  # a report family's members side by side
        from ..family.chart import members_data

        data = members_data(spec, dataset, report_year, loc, caption)
    else:
        if len(spec.series) > limits.value("chart_series"):  # before any work on them
            raise limits.over("chart_series", f"the chart has {len(spec.series):,} series",
                              spec.loc("series"), FigureError, len(spec.series))
        data = _Table(spec, dataset, report_year, loc).chart(caption)
    check_size(spec, data)
    return data


def check_size(spec: FigureSpec, data: ChartData) -> None:
    """A FigureError when `data` is beyond what a chart can draw in reasonable time and
    memory (limits.py): 10,000 series took 127 s, 10,000 slices 70 s and 2 GB."""
    if len(data.series) > limits.value("chart_series"):
        raise limits.over("chart_series", f"the chart has {len(data.series):,} series",
                          spec.loc("series"), FigureError, len(data.series))
    if data.kind in ("pie", "donut") and len(data.categories) > limits.value("chart_slices"):
        raise limits.over("chart_slices", f"the chart has {len(data.categories):,} slices",
                          spec.loc("breakdown" if spec.breakdown else "series"), FigureError,
                          len(data.categories))
    points = len(data.categories) * max(1, len(data.series))
    if points > limits.value("chart_points"):
        raise limits.over("chart_points", f"the chart draws {points:,} values",
                          spec.loc("years" if spec.years else "series"), FigureError, points)
    longest = max((*data.categories, *(s.name for s in data.series)), key=len, default="")
    if len(longest) > limits.value("chart_label_chars"):
        # labels are templates too: the limit holds for the text they render to
        raise limits.over("chart_label_chars", f"the label {longest[:40]!r}… has "
                          f"{len(longest):,} characters", spec.loc("labels"), FigureError,
                          len(longest))


def value_label(loc, ind, number, decimals: int, measure: str = "value") -> str:
    """A value label on a bar or point: the number (in its scale) as the text prints it."""
    if number is None:
        return ""
    if measure != "value" or ind.kind == "percent":
        return L.format_percent(loc, number, decimals)
    return L.plain_number(number, decimals, grouping=loc is L.EN)


def value_phrase(loc, ind, number, decimals: int, unit: str = "", measure: str = "value") -> str:
    """The value as the prose says it, with scale, unit or currency: "€99.8 million"."""
    text = value_label(loc, ind, number, decimals, measure)
    if number is None or measure != "value" or ind.kind == "percent":
        return text
    scale = loc.scale_word(ind.scale)
    if ind.currency and not unit:
        shown = L.round_half_up(number, decimals)
        amount = L.plain_number(abs(shown), decimals, grouping=loc is L.EN)
        return money(loc, amount, shown < 0, ind.currency, scale)
    unit = unit or ind.unit
    sep = loc.space
    return f"{text}{sep if scale else ''}{scale}{sep if unit else ''}{unit}".strip()


def axis_unit(loc, ind, unit: str = "", measure: str = "value") -> str:
    """The unit on the value axis: "亿元", "€ million", "%"."""
    if measure != "value" or ind.kind == "percent":
        return "%"
    if unit:
        return unit
    scale = loc.scale_word(ind.scale)
    if ind.currency:
        mark, word = CURRENCIES.get(ind.currency, (ind.currency, ind.currency))
        if loc is L.ZH:
            return f"{scale}{word}"
        return f"{mark.strip()} {scale}".strip()
    return f"{scale}{loc.space if scale and ind.unit else ''}{ind.unit}"


class _Table:
    """The items × years of one chart, read from the data and measured."""

    def __init__(self, spec: FigureSpec, dataset: Dataset, report_year: int, loc):
        self.spec, self.dataset, self.report_year, self.loc = spec, dataset, report_year, loc
        self.years = drawn_years(spec, report_year)
        self.inputs: dict = {}
        self.items = self._items()
        self._check_labels()

    # ------------------------------------------------------------------ reading
    def _indicator(self, ident: str, field: str):
        if ident not in self.dataset.indicators:
            close = nearest(ident, self.dataset.indicators)
            raise FigureError(f"unknown indicator '{ident}'", self.spec.loc(field),
                              hint=f"did you mean {', '.join(close)}?" if close else None)
        return self.dataset.indicators[ident]

    def _items(self) -> list[_Item]:
        spec = self.spec
        if spec.breakdown:
            if spec.breakdown not in self.dataset.breakdowns:
                close = nearest(spec.breakdown, self.dataset.breakdowns)
                raise FigureError(f"unknown breakdown '{spec.breakdown}'", spec.loc("breakdown"),
                                  hint=f"did you mean {', '.join(close)}?" if close else
                                  "declare it under 'breakdowns:' in the data")
            ids, field = self.dataset.breakdowns[spec.breakdown].parts, "breakdown"
        else:
            ids, field = spec.series, "series"
        inds = [self._indicator(i, field) for i in ids]
        if spec.kind == "panels" and len(inds) > MAX_PANELS:
            raise FigureError(f"a panels chart draws at most {MAX_PANELS} panels, and "
                              f"'{spec.breakdown}' has {len(inds)} parts", spec.loc(field),
                              hint="use grouped_bar or stacked_bar for more items")
        if spec.share_of:
            self._indicator(spec.share_of, "share_of")
        if spec.top is not None and spec.top >= len(inds):
            raise FigureError(f"'top: {spec.top}' keeps all {len(inds)} parts", spec.loc("top"),
                              hint="remove 'top', or make it smaller than the number of parts")
        if spec.highlight and spec.highlight not in ids:
            raise FigureError(f"'highlight: {spec.highlight}' is not drawn by this chart",
                              spec.loc("highlight"), hint=f"use one of: {', '.join(ids)}")
        for s in spec.secondary:
            if s not in ids:
                raise FigureError(f"secondary series '{s}' is not drawn by this chart",
                                  spec.loc("secondary"), hint=f"use one of: {', '.join(ids)}")
        return [_Item(i.id, spec.labels.get(i.id, i.label), (i,)) for i in inds]

    def _check_labels(self) -> None:
        drawn = {item.id for item in self.items}
        for key in self.spec.labels:
            if key not in drawn:
                raise FigureError(f"'labels' names '{key}', which this chart does not draw",
                                  self.spec.loc("labels"),
                                  hint=f"label one of: {', '.join(sorted(drawn))}")

    def _at(self, ind, year: int) -> int:
        text = self.spec.series_years.get(ind.id)
        return resolve_year(text, self.report_year, self.spec.loc("series")) if text else year

    def _field(self, ind, field: str) -> str:
        """A value missing in an entry's own year is that entry's problem."""
        return "series" if ind.id in self.spec.series_years else field

    def _value(self, ind, year: int, field: str) -> Decimal:
        if year not in ind.values:
            have = ", ".join(str(y) for y in ind.years()) or "none"
            raise FigureError(f"'{ind.id}' has no value for {year} (years in data: {have})",
                              self.spec.loc(field), hint="add the value to the data or change the years")
        value = ind.values[year].value
        self.inputs[(ind.id, year)] = str(value)
        return value

    def raw(self, item: _Item, year: int, field: str = "") -> Decimal:
        """The item's data value in `year` (a sum for Other), at its own year if it has one."""
        field = field or self.spec.year_key
        return sum((self._value(i, self._at(i, year), self._field(i, field)) for i in item.parts),
                   Decimal(0))

    # ------------------------------------------------------------------ measuring
    def measured(self, item: _Item, year: int) -> Decimal:
        """The drawn number of `item` in `year`: value (in the labels' scale), share or growth in %."""
        measure = self.spec.measure
        if measure == "value":
            return L.scaled(self.raw(item, year), item.parts[0].scale_factor)
        if measure == "share":
            total = self._total(item, year)
            if total == 0:
                raise FigureError(f"the total for the shares is zero in {year}", self.spec.loc("measure"))
            return self.raw(item, year) / total * 100
        value, previous = self.raw(item, year), self.raw(item, year - 1, "measure")
        try:
            return yoy_change(value, previous) * 100
        except ComputeError as exc:
            raise FigureError(f"'{item.id}' in {year}: {exc.message}", self.spec.loc("measure")) from None

    def _total(self, item: _Item, year: int) -> Decimal:
        spec = self.spec
        if spec.kind in WHOLE_KINDS or (spec.breakdown and not spec.share_of):
            return sum((self.raw(i, year) for i in self.all_items), Decimal(0))
        if spec.share_of:
            total = self.dataset.indicators[spec.share_of]
            return sum((self._value(total, self._at(i, year), "share_of") for i in item.parts), Decimal(0))
        ind = item.parts[0]
        if len(item.parts) > 1 or not ind.total:
            raise FigureError(f"'{item.id}' declares no reference total for a share",
                              spec.loc("measure"), hint="add 'total:' to the indicator in the data, "
                              "or name the total with 'share_of'")
        return self._value(self._indicator(ind.total, "measure"), self._at(ind, year), "measure")

    def growth_of(self, item: _Item, year: int) -> Decimal | None:
        """The change of the item's value on the year before, in %; None when the data has no
        year before (the first year drawn) or it was zero."""
        # an optional read: asked of the mapping itself, so that check and new-year (whose
        # recording mappings note every `in` as a needed value) do not ask for the year
        if not all(dict.__contains__(i.values, self._at(i, year) - 1) for i in item.parts):
            return None
        try:
            return yoy_change(self.raw(item, year), self.raw(item, year - 1)) * 100
        except ComputeError:
            return None

    # ------------------------------------------------------------------ choosing items
    def _arrange(self) -> list[_Item]:
        """The items in drawing order: `sort` by the last year, `top` with the rest as Other."""
        spec, last = self.spec, self.years[-1]
        self.all_items = list(self.items)
        items = list(self.items)
        if spec.sort or spec.top is not None:
            ranked = sorted(items, key=lambda it: self.measured(it, last), reverse=True)
            if spec.top is not None:
                kept = ranked[:spec.top]
                rest = [it for it in items if it not in kept]
                items = ranked[:spec.top] if spec.sort else [it for it in items if it in kept]
                if spec.highlight in {it.id for it in rest}:
                    raise FigureError(f"'highlight: {spec.highlight}' is not among the top "
                                      f"{spec.top}", spec.loc("highlight"), hint="raise 'top'")
                other = spec.other_label or ("其他" if self.loc is L.ZH else "Other")
                items.append(_Item("", other, tuple(p for it in rest for p in it.parts)))
            else:
                items = ranked
        return items

    # ------------------------------------------------------------------ labels
    def _decimals(self, ind) -> int:
        if self.spec.decimals is not None:
            return self.spec.decimals
        return 1 if self.spec.measure != "value" else ind.decimals

    def label(self, item: _Item, number) -> str:
        """A value label on a bar or point: the number as the text prints it, in its scale."""
        ind = item.parts[0]
        return value_label(self.loc, ind, number, self._decimals(ind), self.spec.measure)

    def phrase(self, item: _Item, number) -> str:
        """The value as the prose says it, with scale, unit or currency: "€99.8 million"."""
        ind = item.parts[0]
        return value_phrase(self.loc, ind, number, self._decimals(ind), self.spec.unit,
                            self.spec.measure)

    def axis_title(self, item: _Item) -> str:
        """The unit on the value axis: "亿元", "€ million", "%"."""
        return axis_unit(self.loc, item.parts[0], self.spec.unit, self.spec.measure)

    # ------------------------------------------------------------------ the chart
    def chart(self, caption: str) -> ChartData:
        spec = self.spec
        self._check_units()
        items = self._arrange()
        if spec.by_year:
            data = self._by_year(items)
        else:
            data = self._one_year(items)
        categories, series, highlight, growth = data
        total = ""
        if spec.kind == "donut" and spec.measure == "value":
            total = self.phrase(items[0], sum(series[0].values, Decimal(0)))
        unit = next((self.axis_title(it) for it in items
                     if it.id not in spec.secondary), "") if items else ""
        if spec.kind in ("pie", "donut"):
            unit = ""  # the slices' labels carry their unit (`phrases`)
        alt = spec.alt or describe(self.loc, spec.kind, caption, categories, series, spec.by_year)
        inputs = tuple((ident, year, value) for (ident, year), value in self.inputs.items())
        return ChartData(spec.kind, categories, series, unit, highlight, alt, growth, inputs,
                         spec.measure, tuple(self.years), total)

    def _check_units(self) -> None:
        spec = self.spec
        if spec.unit and any(i.currency for it in self.items for i in it.parts) \
                and spec.measure == "value":
            raise FigureError("the series are money, whose labels read as in the text "
                              "(\"€99.8 million\", \"12.9亿元\")", spec.loc("unit"),
                              hint="remove 'unit'; the currency and scale come from the data")
        if spec.measure != "value" or spec.kind == "panels":
            return
        shown = [it for it in self.items if it.id not in spec.secondary]
        units = {(i.unit, i.scale, i.currency) for it in shown for i in it.parts}
        if len(units) > 1:
            names = sorted({" ".join(x for x in u if x) or "no unit" for u in units})
            raise FigureError(f"the series have different units ({', '.join(names)}) and "
                              "would share one axis", spec.loc("series" if spec.series else "breakdown"),
                              hint="draw one figure per unit, or use bar_line with 'secondary'")
        if spec.kind in ("pie", "donut"):
            for it in shown:
                value = self.raw(it, self.years[0])
                if value < 0:
                    raise FigureError(f"a {spec.kind} chart cannot show negative values ({it.id})",
                                      spec.loc("kind"),
                                      hint="use a bar chart for values that can be negative")
            if sum(self.raw(it, self.years[0]) for it in shown) == 0:
                raise FigureError(f"all slices are zero in {self.years[0]}", spec.loc("breakdown"))

    def _one_year(self, items):
        spec, year = self.spec, self.years[0]
        numbers = [self.measured(it, year) for it in items]
        names = tuple(it.name for it in items)
        year_text = f"{year}{self.loc.year_suffix}"
        series = Series(year_text, tuple(numbers), tuple(self.label(it, n) for it, n in zip(items, numbers)),
                        unit=self.axis_title(items[0]),
                        phrases=tuple(self.phrase(it, n) for it, n in zip(items, numbers)))
        highlight = next((i for i, it in enumerate(items) if it.id == spec.highlight), None) \
            if spec.highlight else None
        return names, (series,), highlight, ()

    def _by_year(self, items):
        spec, years = self.spec, self.years
        categories = tuple(f"{y}{self.loc.year_suffix}" for y in years)
        series = []
        for it in items:
            numbers = tuple(self.measured(it, y) for y in years)
            growth = tuple(self._growth_text(self.growth_of(it, y)) for y in years) \
                if spec.measure == "value" else ()
            series.append(Series(it.name, numbers, tuple(self.label(it, n) for n in numbers),
                                 it.id in spec.secondary, self.axis_title(it), growth,
                                 tuple(self.phrase(it, n) for n in numbers)))
        if spec.kind == "bar_line" and spec.show_growth:
            series += [self._growth_line(it) for it in items]
        highlight = years.index(self.report_year) \
            if spec.highlight_report_year and self.report_year in years else None
        growth_labels = series[0].growth if spec.kind == "bar" and spec.show_growth else ()
        return categories, tuple(series), highlight, growth_labels

    def _growth_line(self, item: _Item) -> Series:
        numbers = tuple(self.growth_of(item, y) for y in self.years)
        if all(n is None for n in numbers[1:]):
            raise FigureError(f"'{item.id}' has no year before to grow on", self.spec.loc("show_growth"))
        labels = tuple("" if n is None else L.format_percent(self.loc, n, 1) for n in numbers)
        word = "增速" if self.loc is L.ZH else " growth"
        return Series(f"{item.name}{word}", numbers, labels, True, "%", (), labels, "growth")

    def _growth_text(self, growth) -> str:
        return "" if growth is None else L.direction(self.loc, growth / 100, 1)
