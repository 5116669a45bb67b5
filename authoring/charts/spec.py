"""A figure definition file (figures/ID.yaml) → a validated FigureSpec; a key the chart kind
would ignore, or a combination that cannot be drawn as written, is an error at its line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FigureError, Location
from ..safeyaml import compose
from .schema import (INSTEAD, KEYS, KINDS, MEASURE_KINDS, MEASURES, ONE_YEAR, SEVERAL_YEARS, accepts,
                     kinds_for)

FIELDS = set(KEYS)
MAX_PANELS = 6  # side by side across a page's width; more collapse to slivers


@dataclass(frozen=True)
class FigureSpec:
    id: str
    file: str
    kind: str
    caption: str
    alt: str = ""
    source: str = ""
    series: tuple[str, ...] = ()  # indicator ids
    series_years: dict = field(default_factory=dict)  # indicator id → its own year ("report-1")
    measure: str = "value"  # value, share (of a total) or growth (on the year before)
    share_of: str = ""  # the indicator that is the total of a share
    breakdown: str = ""
    years: tuple[str, ...] = ()  # "2019", "report", "report-1"; several years
    year: str = "report"  # one year
    highlight_report_year: bool = True
    highlight: str = ""  # an item id
    unit: str = ""
    decimals: int | None = None
    size_mm: tuple[float, float] = (150.0, 85.0)
    labels: dict = field(default_factory=dict)  # indicator id → short label
    secondary: tuple[str, ...] = ()  # bar_line: series drawn as lines on the right axis
    sort: bool = False
    top: int | None = None
    other_label: str = ""
    show_growth: bool = False
    members: bool = False  # a report family: one bar per member (family/chart.py)
    lines: dict = field(default_factory=dict, compare=False)  # field → line, for errors

    def loc(self, name: str) -> Location:
        return Location(self.file, self.lines.get(name), name)

    @property
    def year_key(self) -> str:
        """The key that named the drawn years, for errors about them."""
        return "years" if self.by_year or "years" in self.lines else "year"

    @property
    def by_year(self) -> bool:
        """True when the categories are years (one series per item), False when they are
        the items of one year."""
        return self.kind in SEVERAL_YEARS or len(self.years) > 1


TEXT_LIMITS = {"caption": 1000, "alt": 2000, "source": 2000, "labels": 300, "other_label": 300}


def load_spec(path: Path, shown: str) -> FigureSpec:
    """Read and validate one figure definition, `path` being the project's figures/ID.yaml
    (read by the file rule: inside the project, a regular file, size-checked)."""
    import yaml

    from ..paths import decode_text, read_input

    project = Path(path).absolute().parent.parent  # figures/ID.yaml → the project folder
    text = decode_text(read_input(path, project, shown, error=FigureError, limit="figure_bytes"),
                       shown, FigureError)
    try:
        # bounded first: safe_load shares aliased objects, but str() of labels expands them
        node = compose(text, shown, FigureError)
        # built from the checked nodes: parsing the text again doubled the time
        raw = yaml.SafeLoader("").construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        from ..data.yamlread import yaml_problem

        problem, location = yaml_problem(exc, text, shown)
        raise FigureError(f"YAML syntax error: {problem}", location) from None
    if not isinstance(raw, dict):
        raise FigureError("a figure definition must be a mapping of fields", Location(shown, 1))
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value} if node is not None else {}
    return parse_spec(raw, path.stem, shown, lines)


def parse_spec(raw: dict, ident: str, shown: str, lines: dict) -> FigureSpec:
    """A definition's mapping (`lines`: key → line) → FigureSpec; the first problem raised."""
    def loc(name):
        return Location(shown, lines.get(name), name)

    _known_keys(raw, loc)
    _check_types(raw, loc)
    _check_counts(raw, loc)
    kind = raw.get("kind")
    if kind not in KINDS:
        raise FigureError(f"unknown chart kind '{kind}'", loc("kind"),
                          hint=f"use one of: {', '.join(KINDS)}")
    for name in raw:
        if not accepts(kind, name):
            raise FigureError(f"a {kind} chart does not take '{name}'", loc(name),
                              hint=_instead(kind, name, raw))
    if not raw.get("caption"):
        raise FigureError("every figure needs a caption", loc("caption"))
    _text_limits(raw, loc)
    labels = raw.get("labels") or {}
    if not isinstance(labels, dict):
        raise FigureError("'labels' must map indicator ids to short labels", loc("labels"))
    labels = {str(k): str(v) for k, v in labels.items()}
    ids, series_years = _series(raw.get("series") or [], labels, loc)
    breakdown = str(raw.get("breakdown") or "")
    if ids and breakdown:
        raise FigureError("give 'series' or 'breakdown', not both", loc("breakdown"),
                          hint="a breakdown's parts are the items drawn; list other indicators "
                               "as 'series' in a figure of their own")
    if not ids and not breakdown:
        raise FigureError("the figure needs 'series' (indicator ids) or 'breakdown'", loc("series"))
    years = _years(raw, kind, loc)
    several = kind in SEVERAL_YEARS or len(years) > 1
    items = len(ids) if ids else None  # a breakdown's parts are known with the data
    if series_years and several:
        raise FigureError("a series entry's own year works only in a one-year chart",
                          loc("series"), hint="drop the '@year' / 'year:' of the entry")
    if kind == "bar" and several and (breakdown or items > 1):
        raise FigureError("a bar chart over several years draws one indicator", loc("years"),
                          hint="use kind: grouped_bar or stacked_bar for several items over years")
    if labels and several and kind in ("bar", "line") and items == 1:
        raise FigureError(f"a {kind} chart of one indicator over years shows no item names",
                          loc("labels" if "labels" in raw else "series"),
                          hint="the caption names the indicator: remove the label")
    measure = str(raw.get("measure") or "value")
    if measure not in MEASURES:
        raise FigureError(f"unknown measure '{measure}'", loc("measure"),
                          hint=f"use one of: {', '.join(MEASURES)}")
    if kind not in MEASURE_KINDS[measure]:
        raise FigureError(f"a {kind} chart cannot draw measure '{measure}'", loc("measure"),
                          hint=f"measure '{measure}' is drawn by: {', '.join(MEASURE_KINDS[measure])}")
    if "share_of" in raw and measure != "share":
        raise FigureError("'share_of' needs measure: share", loc("share_of"),
                          hint="add 'measure: share', or remove 'share_of'")
    sort = _flag(raw, "sort", loc)
    if kind == "panels" and items is not None and items > MAX_PANELS:
        raise FigureError(f"a panels chart draws at most {MAX_PANELS} panels, not {items}",
                          loc("series"), hint="use grouped_bar or stacked_bar for more items")
    if sort and several and kind == "bar":
        raise FigureError("the bars of a chart over years stay in year order", loc("sort"),
                          hint="remove 'sort', or draw the items of one year")
    members = _flag(raw, "members", loc)
    if members and (breakdown or items != 1):
        raise FigureError("a members chart shows one indicator: give one 'series'", loc("series"),
                          hint="members: true draws one bar per member of the report family")
    if members and several:
        raise FigureError("a members chart draws one year", loc("years"), hint="give 'year'")
    if sort and items == 1 and not members:
        raise FigureError("'sort' orders several items, and one is drawn", loc("sort"),
                          hint="remove 'sort'")
    top = raw.get("top")
    if top is not None:
        if not isinstance(top, int) or isinstance(top, bool) or top < 1:
            raise FigureError("'top' must be a whole number, 1 or more", loc("top"))
        if items is not None and top >= items:
            raise FigureError(f"'top: {top}' keeps all {items} series", loc("top"),
                              hint="remove 'top', or make it smaller than the number of items")
    if "other_label" in raw and top is None:
        raise FigureError("'other_label' names the rest that 'top' sums", loc("other_label"),
                          hint="add 'top: N', or remove 'other_label'")
    highlight = str(raw.get("highlight") or "")
    if highlight and kind == "bar" and several:
        raise FigureError("in a chart over years the report year is highlighted", loc("highlight"),
                          hint="use highlight_report_year; 'highlight' marks an item of a one-year chart")
    if "highlight_report_year" in raw and kind == "bar" and not several:
        raise FigureError("a one-year bar chart has no report year to highlight",
                          loc("highlight_report_year"), hint="use 'highlight: <item id>'")
    if highlight and ids and highlight not in ids:
        raise FigureError(f"'highlight: {highlight}' is not a series of this chart", loc("highlight"),
                          hint=f"use one of: {', '.join(ids)}")
    show_growth = _flag(raw, "show_growth", loc)
    if show_growth and kind == "bar" and not several:
        raise FigureError("growth labels go above bars over years", loc("show_growth"),
                          hint="give 'years', or draw measure: growth")
    secondary = raw.get("secondary") or []
    if isinstance(secondary, str):
        secondary = [secondary]
    secondary = tuple(str(s) for s in secondary)
    if kind == "bar_line":
        _bar_line(ids, secondary, show_growth, loc)
    decimals = raw.get("decimals")
    if decimals is not None and (not isinstance(decimals, int) or isinstance(decimals, bool)
                                 or not 0 <= decimals <= 6):
        raise FigureError("'decimals' must be a whole number 0–6", loc("decimals"))
    size = raw.get("size") or [150, 85]
    if (not isinstance(size, list) or len(size) != 2
            or not all(isinstance(v, (int, float)) and 30 <= v <= 300 for v in size)):
        raise FigureError("'size' must be [width_mm, height_mm], each 30–300", loc("size"))
    return FigureSpec(
        id=ident, file=shown, kind=kind, caption=str(raw["caption"]),
        alt=str(raw.get("alt") or ""), source=str(raw.get("source") or ""), series=tuple(ids),
        series_years=series_years, measure=measure, share_of=str(raw.get("share_of") or ""),
        breakdown=breakdown, years=tuple(years) if several else (),
        year=years[0] if years and not several else str(raw.get("year", "report")),
        highlight_report_year=_flag(raw, "highlight_report_year", loc, True), highlight=highlight,
        unit=str(raw.get("unit") or ""), decimals=decimals,
        size_mm=(float(size[0]), float(size[1])), labels=labels, secondary=secondary,
        sort=sort, top=top, other_label=str(raw.get("other_label") or ""),
        show_growth=show_growth, members=members, lines=lines)


def _known_keys(raw: dict, loc) -> None:
    from ..suggest import nearest

    for name in raw:
        if name in FIELDS:
            continue
        name = str(name)
        close = nearest(name, FIELDS)
        hint = INSTEAD.get(name) or (f"did you mean '{close[0]}'?" if close
                                     else f"fields: {', '.join(sorted(FIELDS))}")
        raise FigureError(f"unknown field '{name}'", loc(name), hint=hint)


def _instead(kind: str, name: str, raw: dict) -> str:
    """What to write instead of a key `kind` does not take."""
    if name == "year":
        return f"a {kind} chart draws several years: give 'years' (two or more) instead"
    if name == "years":
        return f"a {kind} chart draws one year: give 'year' instead (to compare years, " \
               "use grouped_bar, stacked_bar or line)"
    if name == "highlight":
        return f"a {kind} chart's categories are years: use highlight_report_year"
    if name == "highlight_report_year":
        return f"a {kind} chart draws one year: use 'highlight: <item id>'"
    if name == "measure" and kind == "bar_line":
        return "for the growth of the bars use show_growth: true"
    return f"'{name}' is taken by {kinds_for(name)} charts"


def _text_limits(raw: dict, loc) -> None:
    # a runaway caption or label (a pasted file) would keep the PDF writer busy for minutes
    for name, limit in TEXT_LIMITS.items():
        value = raw.get(name)
        texts = [value] if isinstance(value, str) else \
            [str(v) for v in value.values()] if isinstance(value, dict) else []
        longest = max((len(t) for t in texts), default=0)
        if longest > limit:
            raise FigureError(f"the '{name}' text is {longest:,} characters long (at most {limit:,})",
                              loc(name), hint="shorten it; a caption is one sentence")


def _series(series, labels: dict, loc) -> tuple[list, dict]:
    """The `series` list → (indicator ids, id → own year); labels of entries go to `labels`."""
    if isinstance(series, str):
        series = [series]
    if not isinstance(series, list):
        raise FigureError("'series' must be a list of indicator ids", loc("series"))
    ids, series_years = [], {}
    for item in series:
        # an item is "id", "id@report-1", or {indicator: id, year: report-1, label: 短名}
        if isinstance(item, dict):
            if "indicator" not in item or set(item) - {"indicator", "year", "label"}:
                raise FigureError("a series entry needs 'indicator' and may have 'year' and 'label'",
                                  loc("series"))
            ident = str(item["indicator"])
            if item.get("year") is not None:
                series_years[ident] = str(item["year"])
            if item.get("label"):
                labels[ident] = str(item["label"])
        else:
            ident, _, year = str(item).partition("@")
            if year:
                series_years[ident] = year
        if ident in ids:
            raise FigureError(f"'{ident}' is listed twice in 'series'", loc("series"))
        ids.append(ident)
    return ids, series_years


def _years(raw: dict, kind: str, loc) -> list[str]:
    """The drawn years as written: a list for several, or one entry for `year`."""
    if "years" in raw:
        years = raw["years"]
        if not isinstance(years, list) or not years:
            raise FigureError("'years' must be a list such as [report-1, report]", loc("years"))
        if kind in SEVERAL_YEARS and len(years) < 2:
            raise FigureError(f"a {kind} chart compares years: give two or more 'years'", loc("years"))
        years = [str(y) for y in years]
        if len(set(years)) != len(years):
            raise FigureError("a year is listed twice in 'years'", loc("years"))
        return years
    if kind in SEVERAL_YEARS:
        raise FigureError(f"a {kind} chart compares years: give two or more 'years'", loc("kind"),
                          hint="years: [report-1, report]")
    return [str(raw.get("year", "report"))]


def _flag(raw: dict, name: str, loc, default: bool = False) -> bool:
    value = raw.get(name, default)
    if not isinstance(value, bool):
        raise FigureError(f"'{name}' must be true or false", loc(name))
    return value


def _bar_line(ids, secondary, show_growth: bool, loc) -> None:
    if secondary and show_growth:
        raise FigureError("the right axis shows either 'secondary' series or the growth line",
                          loc("show_growth"), hint="draw the growth in a figure of its own")
    if not secondary and not show_growth:
        raise FigureError("a bar_line chart needs 'secondary' (the series drawn as lines) or "
                          "show_growth: true (the bars' growth as a line)", loc("kind"))
    for s in secondary:
        if ids and s not in ids:
            raise FigureError(f"secondary series '{s}' is not in 'series'", loc("secondary"),
                              hint=f"use one of: {', '.join(ids)}")
    if ids and secondary and len(set(secondary)) >= len(ids):
        raise FigureError("every series is 'secondary': no bars are left", loc("secondary"))


# fields holding one text or number, and fields holding a list of them (or one of them)
_SCALAR_FIELDS = ("kind", "caption", "alt", "source", "breakdown", "year", "measure", "share_of",
                  "unit", "highlight", "highlight_report_year", "sort", "top", "other_label",
                  "show_growth", "decimals", "members")
_LIST_FIELDS = ("series", "secondary", "years", "size")


def _check_counts(raw: dict, loc) -> None:
    """A limits error before any entry is looked at: a definition listing 10,000 series or
    years is refused by its size, not item by item (limits.py)."""
    from .. import limits

    series, years = raw.get("series"), raw.get("years")
    count = len(series) if isinstance(series, list) else 1
    if count > limits.value("chart_series"):
        raise limits.over("chart_series", f"the chart has {count:,} series", loc("series"),
                          FigureError, count)
    points = count * (len(years) if isinstance(years, list) else 1)
    if points > limits.value("chart_points"):
        raise limits.over("chart_points", f"the chart draws {points:,} values",
                          loc("years" if isinstance(years, list) else "series"), FigureError,
                          points)


def _check_types(raw: dict, loc) -> None:
    """A FigureError naming the field whose value has the wrong shape (a list where one text
    belongs, a mapping or a number where a list does), instead of a TypeError later."""
    for name in _SCALAR_FIELDS:
        value = raw.get(name)
        if isinstance(value, (list, dict)):
            raise FigureError(f"'{name}' must be one value, not a list or mapping", loc(name))
    for name in _LIST_FIELDS:
        value = raw.get(name)
        if value is None or isinstance(value, str) and name not in ("years", "size"):
            continue
        if not isinstance(value, list):
            raise FigureError(f"'{name}' must be a list such as [a, b]", loc(name))
        for item in value:
            if isinstance(item, list) or (isinstance(item, dict) and name != "series"):
                raise FigureError(f"an entry of '{name}' is itself a list or mapping", loc(name))
            if isinstance(item, dict) and not all(isinstance(v, (str, int, float)) or v is None
                                                  for v in item.values()):
                raise FigureError("a series entry's fields must be single values", loc(name))
    labels = raw.get("labels")
    if isinstance(labels, dict) and any(isinstance(v, (list, dict)) for v in labels.values()):
        raise FigureError("each label must be one text", loc("labels"))


def resolve_year(text: str, report_year: int, loc: Location) -> int:
    """'2019' → 2019; 'report' → the report year; 'report-1' → the year before."""
    value = str(text).strip().replace(" ", "")
    if value.isdigit() and len(value) == 4:
        return int(value)
    if value.startswith("report"):
        rest = value[len("report"):]
        if not rest:
            return report_year
        if rest[0] in "+-" and rest[1:].isdigit():
            return report_year + int(rest)
    raise FigureError(f"'{text}' is not a year", loc,
                      hint="write a year such as 2019, or report / report-1 relative to the report year")
