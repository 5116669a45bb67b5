"""Report config + dataset + year → every data value the templates and figures read that is missing.

Found by rendering, not by reading the templates: a template decides at run time which
years it needs (`x[year - 1]`, `streak(...)`, a loop over `indicators`, a chart of
`report-2 … report`), so the only faithful answer is to run it. The dataset's value
mappings are swapped for recording ones that, instead of failing on a missing year, note
who asked for it (template line or figure field) and hand back a stand-in of 1, so the
rendering goes on and every missing value is found in one pass.

`check` uses it for the report year ("the text reads last year's value but the data lacks it").
`new-year` uses it with `pretend=True` and renders twice: once with `x.has(new_year)` true
for every indicator and once with it false. A value read in both passes is *needed* (the
text reads it whatever the data says); one read only when `has()` said yes is *optional*:
the template has a fallback (the appendix prints "—"), so no blank is forced on the editor.
"""

from __future__ import annotations

import dataclasses
import sys
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..data.schema import Dataset, Value
from ..errors import AuthoringError, FigureError, Location

TEMPLATE_SUFFIXES = (".j2", ".jinja", ".md", ".html", ".txt")
STAND_IN = Decimal(1)  # neutral for ratios, shares, ranks and streaks; never printed anywhere


class Recorder:
    """Collects (indicator, year) → the places that read it while it had no value."""

    def __init__(self):
        self.missing: dict[tuple[str, int], list[Location]] = {}
        self.where = lambda: None  # the current reader: a template line or a figure field
        self.lenient = False  # charts test `year in values` before reading: say yes, and record
        self.pretend_has = True  # what x.has(new_year) answers while the value is a stand-in

    def record(self, indicator: str, year: int) -> None:
        places = self.missing.setdefault((indicator, int(year)), [])
        where = self.where()
        if where is not None and where not in places:
            places.append(where)


class RecordingValues(dict):
    """An indicator's year → Value mapping that records reads of missing (or stand-in) years."""

    def __init__(self, values: dict, indicator: str, recorder: Recorder, stand_in: Value,
                 pretend_year: int | None):
        super().__init__(values)
        self.indicator, self.recorder, self.stand_in = indicator, recorder, stand_in
        if pretend_year is not None and not dict.__contains__(self, pretend_year):
            dict.__setitem__(self, pretend_year, stand_in)  # so streak() sees the year too

    def _read(self, year):
        value = dict.get(self, year)
        if value is None or value is self.stand_in:
            self.recorder.record(self.indicator, year)
            return self.stand_in
        return value

    def get(self, year, default=None):
        return self._read(year)

    def __getitem__(self, year):
        return self._read(year)

    def __contains__(self, year):
        if self.recorder.lenient and not dict.__contains__(self, year):
            self.recorder.record(self.indicator, year)
            return True
        if dict.get(self, year) is self.stand_in:
            return self.recorder.pretend_has
        return dict.__contains__(self, year)


def recording_dataset(dataset: Dataset, recorder: Recorder, pretend_year: int | None = None) -> Dataset:
    """A copy of `dataset` whose value mappings record missing reads (see module doc)."""
    indicators = {}
    for ident, ind in dataset.indicators.items():
        stand_in = Value(STAND_IN, Location("(no value yet)"))
        values = RecordingValues(ind.values, ident, recorder, stand_in, pretend_year)
        indicators[ident] = dataclasses.replace(ind, values=values)
    return Dataset(indicators, dataset.breakdowns, dataset.files, family=dataset.family)


def template_position(renderer) -> Location | None:
    """The template file and line whose code is running now (walks the Python stack, as the
    renderer does for printed figures: Jinja compiles each template to its own code object)."""
    root = str(renderer.template_dir.resolve())
    frame = sys._getframe(1)
    while frame is not None:
        filename = frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES) and not Path(filename).is_absolute():
            filename = str(Path(filename).resolve())
        if filename.startswith(root):
            name = Path(filename).relative_to(root).as_posix()
            try:
                line = renderer.env.get_template(name).get_corresponding_lineno(frame.f_lineno)
            except Exception:  # noqa: BLE001 - a position is a convenience, never fatal
                line = None
            return Location(f"templates/{name}", line)
        frame = frame.f_back
    return None


@dataclass
class Recording:
    """What one recording pass found."""

    missing: dict  # (indicator, year) → [Location, …]: read whatever the data says
    optional: dict = field(default_factory=dict)  # read only when x.has(year) said yes
    markdown: dict = field(default_factory=dict)  # template → Markdown, for chapters that rendered
    placed: dict = field(default_factory=dict)  # figure id → Location of its figure("id")
    specs: dict = field(default_factory=dict)  # figure id → FigureSpec, for those that loaded
    errors: list = field(default_factory=list)  # AuthoringErrors, one per chapter or figure at most
    charts: dict = field(default_factory=dict)  # figure id → (spec, caption, ChartData) drawn
    renderer: object = None


def record(config, dataset: Dataset, year: int | None = None, pretend: bool = False,
           aliases: dict | None = None, extra: dict | None = None, scoped=None) -> Recording:
    """Render every chapter and figure of `config` for `year` against `dataset`, recording the
    values they read but the data lacks. Errors are collected per chapter and per figure.

    With `pretend`, every indicator seems to have a value for `year` (see the module doc).
    `aliases` maps misspelt names to the names meant ({"name": …, "filter": …} dicts), so
    that `check`, having reported a typo, can render on past it and find what follows.
    `extra`: more template names (a report family's `member`, `members`, `parent`).
    `scoped(recorder, pretend_year)` → (dataset, extra), in place of `dataset` and `extra`:
    a report family's recording data, whose member series record too (family/newyear.py)."""
    year = config.year if year is None else year
    if not pretend:
        return _record_once(config, dataset, year, None, True, aliases, extra, scoped)
    told_yes = _record_once(config, dataset, year, year, True, aliases, extra, scoped)
    told_no = _record_once(config, dataset, year, year, False, aliases, extra, scoped)
    told_yes.optional = {k: v for k, v in told_yes.missing.items() if k not in told_no.missing}
    told_yes.missing = {k: v for k, v in told_yes.missing.items() if k in told_no.missing}
    return told_yes


def _record_once(config, dataset: Dataset, year: int, pretend_year: int | None,
                 pretend_has: bool, aliases: dict | None = None,
                 extra: dict | None = None, scoped=None) -> Recording:
    from ..templating.env import TemplateRenderer

    recorder = Recorder()
    recorder.pretend_has = pretend_has
    if scoped is None:
        data = recording_dataset(dataset, recorder, pretend_year)
    else:
        data, extra = scoped(recorder, pretend_year)
    renderer = TemplateRenderer(config.project_dir, data, year, config.lang, extra)
    aliases = aliases or {}
    for typo, meant in aliases.get("name", {}).items():
        renderer.context[typo] = renderer.context[meant]
    for typo, meant in aliases.get("filter", {}).items():
        renderer.env.filters[typo] = renderer.env.filters.get(meant, _unchanged)
    result = Recording(recorder.missing, renderer=renderer)
    recorder.where = lambda: template_position(renderer)
    place_figure = renderer.context["figure"]

    def figure(ident):
        result.placed.setdefault(str(ident), template_position(renderer))
        return place_figure(ident)

    renderer.context["figure"] = figure
    for spec in config.chapters:
        try:
            result.markdown[spec.template] = renderer.render(spec.template)
        except AuthoringError as exc:
            result.errors.append(exc)
    for name in ("title", "subtitle", "date", "subject"):
        text = getattr(config, name)
        if "{" in text:
            _collect(result.errors, renderer.render_string, text, f"report.toml [report] {name}")
    for ident, where in result.placed.items():
        _collect(result.errors, _record_figure, config, data, year, renderer, recorder, ident,
                 where, result)
    return result


def _unchanged(value, *args, **kwargs):
    return value


def _collect(errors: list, func, *args) -> None:
    try:
        func(*args)
    except AuthoringError as exc:
        errors.append(exc)


def _record_figure(config, data, year, renderer, recorder, ident, where, result) -> None:
    from ..charts.data import chart_data
    from ..charts.spec import load_spec
    from ..templating.marks import strip_marks

    path = config.project_dir / "figures" / f"{ident}.yaml"
    if not path.is_file():
        folder = config.project_dir / "figures"
        known = sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []
        raise FigureError(f"figure '{ident}' is placed here but figures/{ident}.yaml does not exist",
                          where or Location(f"figures/{ident}.yaml"),
                          hint=f"known figures: {', '.join(known) or 'none'}")
    spec = load_spec(path, f"figures/{ident}.yaml")
    result.specs[ident] = spec
    from ..charts.caption import names
    from ..charts.data import drawn_years

    caption = renderer.render_string(spec.caption, f"{spec.file} (caption)",
                                     names(drawn_years(spec, year)))
    from ..templating.markdown import figure_inlines

    figure_inlines(caption, spec, "caption")  # what the build refuses there fails here first
    if spec.source:
        figure_inlines(renderer.render_string(spec.source, f"{spec.file} (source)"), spec, "source")
    labels = getattr(spec, "labels", {}) or {}
    if any("{" in str(v) for v in labels.values()):  # labels may be templates too
        spec = dataclasses.replace(spec, labels={
            k: strip_marks(renderer.render_string(v, f"{spec.file} (labels)"))[0]
            for k, v in labels.items()})
    field_name = "breakdown" if spec.breakdown else "series"
    recorder.where = lambda: spec.loc(field_name)
    recorder.lenient = True
    try:
        result.charts[ident] = (spec, caption, chart_data(spec, data, year, config.lang, caption))
    finally:
        recorder.lenient = False
        recorder.where = lambda: template_position(renderer)
