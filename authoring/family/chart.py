"""A figure with `members: true` + the family → one bar per member (the first series in `year`),
ranked when `sort` is set, this report's member highlighted. Pure: no I/O."""

from __future__ import annotations

from ..errors import FigureError


def members_data(spec, dataset, report_year: int, loc, caption: str):
    from ..charts.alt import describe
    from ..charts.data import ChartData, Series, axis_unit, value_label, value_phrase
    from ..charts.spec import resolve_year
    from ..templating import locale as L

    scope = dataset.family
    if scope is None:
        raise FigureError("'members: true' draws a report family's members, but this project "
                          "declares no [family]", spec.loc("members"))
    if len(spec.series) != 1:
        raise FigureError("a members chart shows one indicator: give one 'series'",
                          spec.loc("series"))
    ident = spec.series[0]
    family = scope.family
    if ident not in family.indicators:
        raise FigureError(f"'{ident}' is not given per member", spec.loc("series"),
                          hint="members: true draws an indicator of the [family] data")
    year = resolve_year(spec.year, report_year, spec.loc("year"))
    ind = scope.parent.indicators[ident]
    decimals = spec.decimals if spec.decimals is not None else ind.decimals
    rows = []
    for member in family.members:
        try:
            value = family.value(member, ident, year)
        except Exception as exc:  # its data has an error: the chart cannot be drawn truthfully
            raise FigureError(str(getattr(exc, "message", exc)), spec.loc("series")) from None
        if value is None:
            raise FigureError(f"member '{member.id}' has no value of '{ident}' for {year}",
                              spec.loc("series"), hint="add it to the member data")
        rows.append((member, value.value))
    if spec.sort:
        rows.sort(key=lambda row: row[1], reverse=True)  # stable: ties stay in table order
    names = tuple(spec.labels.get(m.id, m.name) for m, _ in rows)
    # drawn in the labels' scale, as every other chart (charts/data.py)
    values = tuple(L.scaled(v, ind.scale_factor) for _, v in rows)
    labels = tuple(value_label(loc, ind, v, decimals) for v in values)
    unit = axis_unit(loc, ind, spec.unit)
    phrases = tuple(value_phrase(loc, ind, v, decimals, spec.unit) for v in values)
    series = (Series(spec.labels.get(ident, ind.label), values, labels, unit=unit, phrases=phrases),)
    highlight = next((i for i, (m, _) in enumerate(rows) if m.id == scope.member), None)
    alt = spec.alt or describe(loc, spec.kind, caption, names, series, False)
    return ChartData(spec.kind, names, series, unit, highlight, alt, (),
                     tuple((f"{ident}@{m.id}", year, str(v)) for m, v in rows), "value", (year,))
