"""Sets of indicators → counts, streaks, rankings and top lists whose audit formula names the
items, the measure and the condition: `count(rd_* (16: …): rd_hz[2023] > rd_total[2023]) = 3`.

"16个市中有3个高于全省平均水平", "连续5年保持增长" and "增长最快的是…" are figures too: a
reader may ask which sixteen, compared on what, and which three. Each result here carries
that answer into the audit table, with every data cell it was decided on.
"""

from __future__ import annotations

import fnmatch
from dataclasses import replace
from decimal import Decimal

from .. import compute
from ..errors import AuthoringError, TemplateError
from .quantity import BreakdownView, IndicatorView, Quantity
from .vocabulary import Phrase, as_quantity

MEASURES = ("value", "yoy", "change", "pp", "share", "<a year>")
CONDITIONS = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}
_TESTS = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
          "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}


class Group(list):
    """Indicators picked by a name pattern (`group("rd_*")`); the pattern names the set."""

    name: str = ""


class RankedList(list):
    """The items of a ranking. Printed whole it would show Python's list syntax, so it
    refuses, and says how to print it."""

    def __str__(self):
        raise TemplateError("a ranking is a list of items: print it with and_list, or loop over it",
                            hint="{{ top(xs, 3) | and_list('{label} ({value})') }} or "
                                 "{% for r in top(xs, 3) %}{{ r }} {{ r.value }}{% endfor %}")

    __repr__ = __str__


class Ranked(Phrase):
    """One item of a ranking: prints its label (with the ranking as its audit formula);
    `.value` is the measure it was ranked on, `.rank` its place; anything else is the
    indicator's (`.yoy`, `.unit`, `[2019]`)."""

    indicator: IndicatorView
    value: Quantity
    rank: Quantity

    @property
    def label(self):
        return self

    @property
    def id(self):
        return self.indicator.id

    def __getitem__(self, year):
        return self.indicator[year]

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.indicator, name)

    def list_fields(self, show) -> dict:
        """The fields of an and_list pattern for this item; `show` formats its value."""
        from .vocabulary import _lower_first

        lower = Phrase.of(_lower_first(str(self)), self.quantity)
        return {"value": show(self.value), "label": self, "label_lower": lower,
                "unit": self.indicator.unit}


def make_aggregates(year: int, functions: dict) -> dict:
    """The aggregate functions for report year `year` (`functions` gives `share`)."""

    def measure(view: IndicatorView, by, at: int) -> Quantity:
        if isinstance(by, int) or (isinstance(by, str) and by.isdigit()):
            return view.at(int(by))
        if by == "value":
            return view.at(at)
        if by == "yoy":
            return view.yoy_between(at - 1, at)
        if by == "share":
            return functions["share"](view, at=at)
        if by in ("change", "pp"):
            cur, prev = view.at(at), view.at(at - 1)
            kind = "points" if by == "pp" or cur.kind == "percent" else cur.kind
            if by == "pp" and cur.kind != "percent":
                raise TemplateError(f"by='pp': '{view.id}' is not a percentage", hint="use by='change'")
            return replace(cur, value=cur.value - prev.value, kind=kind,
                           formula=f"{cur.formula} - {prev.formula}", inputs=cur.inputs + prev.inputs)
        raise TemplateError(f"unknown measure by={by!r}", hint=f"use one of: {', '.join(MEASURES)}")

    def items_of(items, what: str) -> tuple[list[IndicatorView], str]:
        """The indicators of `items` and the set's name for formulas."""
        name = ""
        if isinstance(items, BreakdownView):
            items, name = items.parts, items.id
        elif isinstance(items, Group):
            name = items.name
        views = [item.indicator if isinstance(item, Ranked) else item for item in items]
        for item in views:
            if not isinstance(item, IndicatorView):
                shown = item.formula if isinstance(item, Quantity) else str(item)[:40]
                raise TemplateError(f"{what}: '{shown}' is not an indicator",
                                    hint="give a list of indicators, a breakdown or "
                                         "indicators | matching('id_*')")
        if not views:
            raise TemplateError(f"{what}: the set is empty", hint="guard it with {% if items %}")
        ids = ", ".join(v.id for v in views)
        return views, f"{name} ({len(views)}: {ids})" if name else f"[{ids}]"

    def condition(what: str, given: dict) -> tuple[str, object]:
        if len(given) != 1 or next(iter(given)) not in CONDITIONS:
            raise TemplateError(f"{what} needs exactly one condition: eq=, ne=, lt=, le=, gt= or ge=",
                                hint=f"e.g. {what}(items, gt=national_rd_intensity)")
        return next(iter(given.items()))

    def target(ref, by, at: int, mine: Quantity, what: str) -> Quantity:
        """The value a measure is compared with in year `at`: an indicator's own measure,
        a figure, or a number ("10%" for a growth or share); refused in another unit."""
        kind = mine.kind
        if isinstance(ref, IndicatorView):
            q = measure(ref, by, at)
        elif isinstance(ref, str) and ref.strip().endswith("%"):
            number = compute.to_decimal(ref.strip()[:-1])
            if kind == "ratio":
                return Quantity(number / 100, "ratio", formula=ref.strip())
            return Quantity(number, kind, formula=ref.strip())
        else:
            q = as_quantity(ref)
            plain = not isinstance(ref, Quantity)  # a number written in the template
            if kind == "ratio" and q.kind != "ratio" and plain and q.value != 0:
                raise TemplateError(f"{what}: is {q.value} a ratio or a percentage? The measure "
                                    "is a ratio (0.1 = 10%)",
                                    hint=f"write it as a percentage, e.g. gt=\"{q.value}%\"")
            if plain:  # a plain number: in the measure's own unit
                return q
        if (q.kind == "ratio") != (kind == "ratio") or (q.unit and mine.unit and q.unit != mine.unit):
            raise TemplateError(f"{what}: {mine.formula} ({mine.unit or mine.kind}) cannot be "
                                f"compared with {q.formula} ({q.unit or q.kind})",
                                hint="compare like with like: a growth with a growth (by='yoy'), "
                                     "a level with a level of the same unit")
        return q

    def count_where(items, by="value", at=None, **given) -> Quantity:
        """How many of `items` meet a condition: count_where(city_rd, gt=rd_intensity)."""
        at = year if at is None else int(at)
        views, described = items_of(items, "count_where")
        op, ref = condition("count_where", given)
        inputs, held = [], []
        shown_ref = ""
        _alike([measure(view, by, at) for view in views], "count_where")
        for view in views:
            mine = measure(view, by, at)
            goal = target(ref, by, at, mine, "count_where")
            inputs.extend(mine.inputs)
            if _TESTS[op](*as_printed(mine, goal)):
                held.append(view.id)
            shown_ref = f"{goal.formula} = {_show(goal.value)}" if goal.formula != _show(goal.value) \
                else _show(goal.value)
            goal_inputs = goal.inputs
        measured = _measure_name(by, at, "each")
        formula = (f"count({described}: {measured} {CONDITIONS[op]} {shown_ref}) = {len(held)}"
                   + (f": {', '.join(held)}" if held else ""))
        return Quantity(Decimal(len(held)), "count", formula=formula,
                        inputs=tuple(inputs) + tuple(goal_inputs))

    def streak_where(indicator, by="value", at=None, open=False, **given) -> Quantity:
        """Consecutive years up to `at` in which a condition held: streak_where(rd_intensity,
        gt=national_rd_intensity) (above the reference each year), by="yoy", gt=0 (growth)."""
        if not isinstance(indicator, IndicatorView):
            raise TemplateError("streak_where expects an indicator")
        end = year if at is None else int(at)
        op, ref = condition("streak_where", given)
        measure(indicator, by, end)  # the report year must be measurable: its error says why
        series, cells = {}, {}
        for y in indicator.years:
            if not (_defined(indicator, by, y) and (not isinstance(ref, IndicatorView)
                                                    or _defined(ref, by, y))):
                continue  # asked with has(): reading a missing year would count as needed
            try:
                mine = measure(indicator, by, y)
                goal = target(ref, by, y, mine, "streak_where")
            except AuthoringError:  # a year without the measure (no year before) ends the run
                continue
            series[y], cells[y] = (mine, goal), mine.inputs + goal.inputs
        if end not in series:  # the reference has no value that year: say so
            target(ref, by, end, measure(indicator, by, end), "streak_where")
        count = compute.streak(series, end, lambda pair: _TESTS[op](*as_printed(*pair)),
                               open_ok=bool(open))
        first = end - count + 1
        mine, goal = series[end]
        rule = f"{_measure_name(by, 'y', indicator.id)} {CONDITIONS[op]} {_goal_name(ref, by, goal)}"
        broke = first - 1
        tail = (f"; {broke}: {_show(series[broke][0].value)} vs {_show(series[broke][1].value)}"
                if broke in series else "")
        inputs = tuple(i for y in range(first - (broke in series), end + 1) if y in cells
                       for i in cells[y])
        return Quantity(Decimal(count), "count",
                        formula=f"streak({rule}, years {first}–{end}) = {count}{tail}", inputs=inputs)

    def rising(indicator, at=None, open=False) -> Quantity:
        """Consecutive years of growth up to `at`: 连续{{ rising(x) }}年保持增长."""
        return streak_where(indicator, by="change", at=at, open=open, gt=0)

    def falling(indicator, at=None, open=False) -> Quantity:
        """Consecutive years of decline up to `at`."""
        return streak_where(indicator, by="change", at=at, open=open, lt=0)

    def sort_by(items, by="value", at=None, reverse=True, n=None, what="sort_by") -> list:
        """`items` ordered by a measure, largest first (reverse=False: smallest first), each a
        Ranked item; n keeps the first n, and refuses a tie at the cut."""
        at = year if at is None else int(at)
        views, described = items_of(items, what)
        measured = [(view, measure(view, by, at)) for view in views]
        _alike([q for _, q in measured], what)
        ordered = sorted(measured, key=lambda pair: pair[1].value, reverse=bool(reverse))
        keep = len(ordered) if n is None else int(n)
        if keep < 1:
            raise TemplateError(f"{what}: n must be 1 or more, got {n}")
        if keep < len(ordered) and ordered[keep - 1][1].value == ordered[keep][1].value:
            a, b = ordered[keep - 1][0].id, ordered[keep][0].id
            raise TemplateError(f"{what}: {a} and {b} tie at {_show(ordered[keep][1].value)}, so "
                                f"the first {keep} are not defined",
                                hint=f"take n={keep + 1}, or rank on another measure")
        inputs = tuple(i for _, q in measured for i in q.inputs)
        values = {view.id: q.value for view, q in measured}
        order = "largest first" if reverse else "smallest first"
        head = f"{what}({described} by {_measure_name(by, at, 'each')}, {order}"
        head += f", first {keep})" if n is not None else ")"
        out = []
        for view, q in ordered[:keep]:
            place = compute.rank(values, view.id, descending=bool(reverse))
            formula = f"{head}: #{place} {view.id} = {_show(q.value)}"
            out.append(_ranked(view, replace(q, formula=f"{q.formula} ({formula})"),
                               Quantity(Decimal(place), "rank", formula=formula, inputs=inputs),
                               inputs))
        return RankedList(out)

    def top(items, n=3, by="value", at=None, smallest=False) -> list:
        """The first n items by a measure: top(city_hte, 3, by="yoy")."""
        return sort_by(items, by, at, reverse=not smallest, n=n, what="top")

    def largest(items, by="value", at=None):
        """The item with the largest measure (a tie for first place stops the build)."""
        return sort_by(items, by, at, reverse=True, n=1, what="largest")[0]

    def smallest(items, by="value", at=None):
        """The item with the smallest measure."""
        return sort_by(items, by, at, reverse=False, n=1, what="smallest")[0]

    def rank_in(item, items, by="value", at=None, smallest_first=False) -> Quantity:
        """The place of `item` among `items` by a measure (1 = largest; ties share a place)."""
        at = year if at is None else int(at)
        views, described = items_of(items, "rank_in")
        item = item.indicator if isinstance(item, Ranked) else item
        if item not in views:
            raise TemplateError(f"rank_in: {getattr(item, 'id', item)!r} is not in {described}")
        measured = {view.id: measure(view, by, at) for view in views}
        _alike(list(measured.values()), "rank_in")
        place = compute.rank({k: q.value for k, q in measured.items()}, item.id,
                             descending=not smallest_first)
        order = "smallest first" if smallest_first else "largest first"
        return Quantity(Decimal(place), "rank",
                        formula=f"rank of {item.id} in {described} by {_measure_name(by, at, 'each')}, "
                                f"{order} = {place} ({_show(measured[item.id].value)})",
                        inputs=tuple(i for q in measured.values() for i in q.inputs))

    return {"count_where": count_where, "streak_where": streak_where, "rising": rising,
            "falling": falling, "sort_by": sort_by, "top": top, "largest": largest,
            "smallest": smallest, "rank_in": rank_in}


def set_size(items):
    """Jinja's `length` (and `count`): of a set of indicators (a breakdown's parts, a list,
    `matching`) a count whose audit formula names the items ("16个市中" has its row); of
    anything else the plain length."""
    name = items.id if isinstance(items, BreakdownView) else items.name if isinstance(items, Group) else ""
    views = items.parts if isinstance(items, BreakdownView) else items
    if isinstance(views, (list, tuple)) and views and all(
            isinstance(v, IndicatorView) or isinstance(v, Ranked) for v in views):
        ids = ", ".join((v.indicator if isinstance(v, Ranked) else v).id for v in views)
        described = f"{name} ({len(views)}: {ids})" if name else f"[{ids}]"
        return Quantity(Decimal(len(views)), "count", formula=f"count({described}) = {len(views)}")
    return len(items)


def matching(items, pattern) -> Group:
    """The indicators of `items` whose id matches `pattern` (`*`, `?`), in their order:
    `indicators | matching("rd_*")`; the pattern names the set in audit formulas."""
    found = Group(v for v in items if isinstance(v, IndicatorView)
                  and fnmatch.fnmatchcase(v.id, str(pattern)))
    if not found:
        raise TemplateError(f"matching: no indicator id matches '{pattern}'",
                            hint="the pattern uses * for any text, e.g. indicators | matching('rd_*')")
    found.name = str(pattern)
    return found


def _alike(measured: list[Quantity], what: str) -> None:
    """Items ranked or counted together must be measured in one unit (firms with firms)."""
    units = {(q.kind, q.unit) for q in measured}
    if len(units) > 1:
        shown = ", ".join(f"{q.formula} ({q.unit or q.kind})" for q in measured[:2])
        raise TemplateError(f"{what}: the items are in different units: {shown}",
                            hint="rank and count items of one kind (all firms, all percentages)")


def _defined(view: IndicatorView, by, at: int) -> bool:
    """Whether `view` has the values a measure needs in year `at`."""
    if isinstance(by, int) or (isinstance(by, str) and by.isdigit()):
        return view.has(int(by))
    if by in ("yoy", "change", "pp"):
        return view.has(at) and view.has(at - 1)
    return view.has(at)


def as_printed(mine: Quantity, goal: Quantity) -> tuple[Decimal, Decimal]:
    """Both sides of a condition rounded as `mine` prints (a growth at 0.1%, an amount at its
    decimals and scale), so a count or a streak never contradicts the figures beside it:
    2.604% is not above 2.60% when both print as 2.60%."""
    if mine.kind == "ratio":
        return (compute.round_half_up(mine.value, 3), compute.round_half_up(goal.value, 3))
    if mine.kind in ("rank", "count", "year"):
        return mine.value, goal.value
    factor = mine.scale_factor if mine.kind not in ("percent", "points") else Decimal(1)
    return tuple(compute.round_half_up(v / factor, mine.decimals) * factor
                 for v in (mine.value, goal.value))


def _ranked(view: IndicatorView, value: Quantity, rank: Quantity, inputs) -> Ranked:
    from .env import escape_markdown  # the label is data text: never Markdown

    item = Ranked(escape_markdown(view.label))
    # printed, the name carries the ranking; used as a number (num, pct) it is the measure
    item.quantity = replace(value, formula=rank.formula, inputs=inputs)
    item.indicator, item.value, item.rank = view, value, rank
    return item


def _measure_name(by, at, ident: str = "x") -> str:
    if isinstance(by, int) or (isinstance(by, str) and by.isdigit()):
        return f"{ident}[{int(by)}]"
    return {"value": f"{ident}[{at}]", "yoy": f"yoy {ident}[{at}]", "share": f"share {ident}[{at}]",
            "change": f"{ident}[{at}] - {ident}[{at}-1]" if at == "y" else f"change {ident}[{at}]",
            "pp": f"points {ident}[{at}]"}.get(str(by), str(by))


def _goal_name(ref, by, goal: Quantity) -> str:
    if isinstance(ref, IndicatorView):
        return _measure_name(by, "y", ref.id)
    return goal.formula or _show(goal.value)


def _show(value: Decimal) -> str:
    return f"{compute.round_half_up(value, 4).normalize():f}"
