"""A figure definition file (figures/ID.yaml) → a validated FigureSpec, errors naming the field."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FigureError, Location
from ..safeyaml import compose

KINDS = ("bar", "grouped_bar", "stacked_bar", "hbar", "line", "bar_line", "pie", "donut", "panels")
MEASURES = ("value", "share", "growth")
FIELDS = {"kind", "title", "caption", "alt", "source", "series", "breakdown", "years", "year", "measure",
          "highlight_report_year", "unit", "size", "labels", "secondary",
          "sort", "show_growth", "decimals"}


@dataclass(frozen=True)
class FigureSpec:
    id: str
    file: str
    kind: str
    caption: str
    title: str = ""
    alt: str = ""
    source: str = ""
    series: tuple[str, ...] = ()  # indicator ids
    series_years: dict = field(default_factory=dict)  # indicator id → its own year ("report-1")
    measure: str = "value"  # value, share (of the reference total) or growth (on the year before)
    breakdown: str = ""
    years: tuple[str, ...] = ()  # "2019", "report", "report-1"
    year: str = "report"
    highlight_report_year: bool = True
    unit: str = ""
    decimals: int | None = None
    size_mm: tuple[float, float] = (150.0, 85.0)
    labels: dict = field(default_factory=dict)  # indicator id → short label
    secondary: tuple[str, ...] = ()  # bar_line: series drawn as lines on the right axis
    sort: bool = False
    show_growth: bool = False
    lines: dict = field(default_factory=dict, compare=False)  # field → line, for errors

    def loc(self, name: str) -> Location:
        return Location(self.file, self.lines.get(name), name)


TEXT_LIMITS = {"caption": 1000, "title": 300, "alt": 2000, "source": 2000, "labels": 300}


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

    def loc(name):
        return Location(shown, lines.get(name), name)

    unknown = sorted(set(raw) - FIELDS)
    if unknown:
        from ..suggest import nearest
        close = nearest(unknown[0], FIELDS)
        raise FigureError(f"unknown field '{unknown[0]}'", loc(unknown[0]),
                          hint=f"did you mean '{close[0]}'?" if close else f"fields: {', '.join(sorted(FIELDS))}")
    _check_types(raw, loc)
    kind = raw.get("kind")
    if kind not in KINDS:
        raise FigureError(f"unknown chart kind '{kind}'", loc("kind"),
                          hint=f"use one of: {', '.join(KINDS)}")
    if not raw.get("caption"):
        raise FigureError("every figure needs a caption", loc("caption"))
    # a runaway caption or label (a pasted file) would keep the PDF writer busy for minutes
    for name, limit in TEXT_LIMITS.items():
        value = raw.get(name)
        texts = [value] if isinstance(value, str) else \
            [str(v) for v in value.values()] if isinstance(value, dict) else []
        longest = max((len(t) for t in texts), default=0)
        if longest > limit:
            raise FigureError(f"the '{name}' text is {longest:,} characters long (at most {limit:,})",
                              loc(name), hint="shorten it; a caption is one sentence")
    series = raw.get("series") or []
    if isinstance(series, str):
        series = [series]
    labels = raw.get("labels") or {}
    if not isinstance(labels, dict):
        raise FigureError("'labels' must map indicator ids to short labels", loc("labels"))
    labels = {str(k): str(v) for k, v in labels.items()}
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
        ids.append(ident)
    measure = str(raw.get("measure") or "value")
    if measure not in MEASURES:
        raise FigureError(f"unknown measure '{measure}'", loc("measure"),
                          hint=f"use one of: {', '.join(MEASURES)}")
    breakdown = str(raw.get("breakdown") or "")
    if kind in ("pie", "donut") and not breakdown:
        raise FigureError(f"a {kind} chart needs 'breakdown'", loc("breakdown"),
                          hint="name a breakdown from the data, whose parts are the slices")
    if kind not in ("pie", "donut") and not series and not breakdown:
        raise FigureError("the figure needs 'series' (indicator ids) or 'breakdown'", loc("series"))
    years = raw.get("years") or []
    if not isinstance(years, list):
        raise FigureError("'years' must be a list such as [report-1, report]", loc("years"))
    size = raw.get("size") or [150, 85]
    if (not isinstance(size, list) or len(size) != 2
            or not all(isinstance(v, (int, float)) and 30 <= v <= 300 for v in size)):
        raise FigureError("'size' must be [width_mm, height_mm], each 30–300", loc("size"))
    decimals = raw.get("decimals")
    if decimals is not None and (not isinstance(decimals, int) or not 0 <= decimals <= 6):
        raise FigureError("'decimals' must be a whole number 0–6", loc("decimals"))
    secondary = raw.get("secondary") or []
    if isinstance(secondary, str):
        secondary = [secondary]
    if kind == "bar_line" and not secondary:
        raise FigureError("a bar_line chart needs 'secondary': the series drawn as a line",
                          loc("secondary"))
    return FigureSpec(
        id=path.stem, file=shown, kind=kind, caption=str(raw["caption"]),
        title=str(raw.get("title") or ""), alt=str(raw.get("alt") or ""),
        source=str(raw.get("source") or ""), series=tuple(ids), series_years=series_years,
        measure=measure,
        breakdown=breakdown, years=tuple(str(y) for y in years), year=str(raw.get("year", "report")),
        highlight_report_year=bool(raw.get("highlight_report_year", True)),
        unit=str(raw.get("unit") or ""), decimals=decimals,
        size_mm=(float(size[0]), float(size[1])), labels=labels,
        secondary=tuple(str(s) for s in secondary), sort=bool(raw.get("sort", False)),
        show_growth=bool(raw.get("show_growth", False)), lines=lines)


# fields holding one text or number, and fields holding a list of them (or one of them)
_SCALAR_FIELDS = ("kind", "title", "caption", "alt", "source", "breakdown", "year", "measure",
                  "unit", "highlight_report_year", "sort", "show_growth", "decimals")
_LIST_FIELDS = ("series", "secondary", "years", "size")


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
