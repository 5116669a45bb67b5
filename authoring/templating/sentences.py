"""Indicators → the standard phrases of annual reports, worded right for a rise, a fall and
no change: 比上年增长6.5% / 与上年持平, 占全省的32.6%，比上年提高2.1个百分点, 由2.48%上升至
2.52%, 高于全国平均水平0.02个百分点 — and their English counterparts.

Chinese changes its construction at zero (比上年持平 is wrong; 与上年持平 is right), so a
phrase is chosen whole from the sign of the figure as printed, never glued to fixed text.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .. import compute
from ..compute.rounding import round_half_up
from ..errors import TemplateError
from . import locale as L
from .kinds import growth_only
from .quantity import IndicatorView, Quantity


@dataclass(frozen=True)
class Frame:
    """How one locale wraps a change with its base ("比上年…" / "… on the year before")."""

    before: str  # zh: "比{base}" before the change; en: ""
    after: str  # en: " on {base}" after the change; zh: ""
    same: str  # the whole phrase for no change: "与{base}持平" / "unchanged on {base}"


ZH_FRAMES = {
    "year": Frame("比{base}", "", "与{base}持平"),
    "同比": Frame("同比", "", "同比持平"),
}
EN_FRAMES = {
    "year": Frame("", " on {base}", "unchanged on {base}"),
    "同比": Frame("", " year on year", "unchanged year on year"),
}
STYLES = {"year": "year", "yoy": "同比", "同比": "同比"}


def _base_name(loc: L.Locale, since: int | None, year: int) -> str:
    if since is None or int(since) == year - 1:
        return "上年" if loc is L.ZH else "the year before"
    return f"{int(since)}年" if loc is L.ZH else str(int(since))


def _indicator(value):
    """An item of a ranking (top, sort_by, largest) stands for its indicator here."""
    view = getattr(value, "indicator", None) if isinstance(value, str) else None
    return view if isinstance(view, IndicatorView) else value


def make_sentences(loc: L.Locale, year: int, filters: dict, functions: dict, helpers) -> dict:
    """The phrase filters for `loc`. `filters`/`functions` are the vocabulary's; `helpers`
    gives as_quantity, Phrase, Phrases and Markdown (passed in: vocabulary imports us)."""
    as_quantity, Phrase, Phrases, Markdown = helpers

    def _change_of(value, decimals, since):
        """The change to phrase, its decimals, and whether it is in points."""
        value = _indicator(value)
        if isinstance(value, IndicatorView):
            if value.kind == "rank":  # places gained: a smaller rank is better
                cur, old = value.value, value.at(year - 1 if since is None else int(since))
                q = Quantity(old.value - cur.value, "rank", formula=f"{old.formula} - {cur.formula}",
                             inputs=cur.inputs + old.inputs)
                return q, 0, "places"
            if value.kind == "year":
                raise TemplateError(f"compared: '{value.id}' is a year; it has no change to phrase")
            if value.kind == "percent":
                dec = value.decimals if decimals is None else int(decimals)
                old = value.at(year - 1 if since is None else int(since))
                return printed_difference(value.value, old, dec), dec, True
            q = value.yoy if since is None else value.yoy_between(int(since), year)
            return q, 1 if decimals is None else int(decimals), False
        q = as_quantity(value)
        if q.kind == "points":
            return q, q.decimals if decimals is None else int(decimals), True
        if q.kind != "ratio":
            raise TemplateError(f"compared expects an indicator, a growth ratio or a change in "
                                f"points, got a {q.kind} ({q.formula})",
                                hint="write {{ x | compared }} with the indicator itself")
        growth_only(q, "compared")
        return q, 1 if decimals is None else int(decimals), False

    def compared(value, decimals=None, since=None, style="year", up=None, down=None):
        """The change on a base year as one phrase: "比上年增长6.5%" / "与上年持平" /
        "up 6.5% on the year before" / "unchanged on the year before"; an indicator in % in
        points ("比上年提高0.14个百分点"); style="同比" → "同比增长6.5%" / "同比持平"."""
        if str(style) not in STYLES:
            raise TemplateError(f"compared: unknown style '{style}'", hint="use 'year' or '同比'")
        q, dec, points = _change_of(value, decimals, since)
        frame = (ZH_FRAMES if loc is L.ZH else EN_FRAMES)[STYLES[str(style)]]
        base = _base_name(loc, since, year)
        shown = round_half_up(q.value if points else q.value * 100, dec)
        if shown == 0:
            text = frame.same.format(base=base)
        else:
            core = _places(q.value, up, down) if points == "places" else \
                (L.pp_phrase if points else L.direction)(loc, q.value, dec, up, down)
            text = frame.before.format(base=base) + core + frame.after.format(base=base)
        return Phrase.of(text, q)

    def _places(gained, up, down) -> str:
        """Places gained in a ranking: "上升2位" / "up 2 places"."""
        n = abs(int(gained))
        if loc is L.ZH:
            return f"{(up or '上升') if gained > 0 else (down or '下降')}{n}位"
        word = (up or "up") if gained > 0 else (down or "down")
        return f"{word} {n} place{'s' if n != 1 else ''}"

    def share_of(part, of=None, total=None, decimals=1, change=True):
        """A share and its change in points: "占全省的32.6%，比上年提高2.1个百分点" /
        "32.6% of the province, up 2.1 percentage points on the year before"."""
        part = _indicator(part)
        if not isinstance(part, IndicatorView):
            raise TemplateError("share_of expects an indicator (the part)",
                                hint="write {{ city_firms | share_of('全省') }}")
        now = functions["share"](part, total)
        whole = of if of is not None else ("总数" if loc is L.ZH else "the total")
        pct = filters["pct"](now, decimals)
        lead = [Markdown(f"占{whole}的" if loc is L.ZH else ""), pct,
                Markdown("" if loc is L.ZH else f" of {whole}")]
        if not change:
            return Phrases.of(lead)
        before = functions["share"](part, total, at=year - 1)
        percent = [replace(q, value=q.value * 100, formula=f"{q.formula} * 100") for q in (now, before)]
        points = printed_difference(*percent, int(decimals))
        return Phrases.of(lead + [Markdown("，" if loc is L.ZH else ", "),
                                  compared(points, decimals)])

    def moved_from(value, decimals=None, unit=False):
        """Both levels and the verb between them: "由2.48%上升至2.52%" / "rose from 2.48% to
        2.52%"; when the two print alike, "保持在2.5%" / "remained at 2.5%"."""
        value = _indicator(value)
        if not isinstance(value, IndicatorView):
            raise TemplateError("moved_from expects an indicator (it prints two years' levels)")
        before = filters["num"](value.prev, decimals, unit)
        after = filters["num"](value, decimals, unit)
        if str(before) == str(after):
            return filters["moved_to"](value, decimals, unit=unit)
        if loc is L.ZH:
            word = filters["verb"](value, decimals, up="上升至", down="下降至")
            return Phrases.of([Markdown("由"), before, word, after])
        word = filters["verb"](value, decimals)
        return Phrases.of([word, Markdown(" from "), before, Markdown(" to "), after])

    def versus(value, reference, name, decimals=None, by=True, relative=False):
        """Above or below a reference: "高于全国平均水平0.02个百分点" / "与全国平均水平持平" /
        "0.02 percentage points above the national average" / "level with the national
        average"; by=False leaves out the size; relative=True gives it in % of the reference."""
        mine, ref = _level(_indicator(value)), _level(_indicator(reference))
        if mine.kind != ref.kind or mine.unit != ref.unit:
            raise TemplateError(f"versus: {mine.formula} ({mine.unit or mine.kind}) and "
                                f"{ref.formula} ({ref.unit or ref.kind}) are not in the same unit",
                                hint="compare an indicator with a reference of the same unit")
        diff, dec, shown_diff = _difference(mine, ref, decimals, relative)
        shown = round_half_up(shown_diff, dec)
        if shown == 0:
            text = f"与{name}持平" if loc is L.ZH else f"level with {name}"
            return Phrase.of(text, replace(diff, formula=f"{diff.formula}: = 0 at {dec} decimals"))
        above = shown > 0
        if not by:
            word = ("高于" if above else "低于") if loc is L.ZH else ("above " if above else "below ")
            return Phrase.of(f"{word}{name}", replace(diff, formula=f"{diff.formula}: "
                                                      f"{'> 0' if above else '< 0'}"))
        size = _size(diff, dec, relative)
        if loc is L.ZH:
            if relative:
                return Phrases.of([Markdown(f"比{name}{'高' if above else '低'}"), size])
            return Phrases.of([Markdown(f"{'高于' if above else '低于'}{name}"), size])
        return Phrases.of([size, Markdown(f" {'above' if above else 'below'} {name}")])

    def _level(value) -> Quantity:
        return value.value if isinstance(value, IndicatorView) else as_quantity(value)

    def _difference(mine: Quantity, ref: Quantity, decimals, relative):
        inputs = mine.inputs + ref.inputs
        if relative:
            ratio = compute.yoy_change(mine.value, ref.value)  # same arithmetic: a / b - 1
            q = Quantity(ratio, "ratio", formula=f"{mine.formula} / {ref.formula} - 1", inputs=inputs,
                         role="growth")
            dec = 1 if decimals is None else int(decimals)
            return q, dec, ratio * 100
        dec = mine.decimals if decimals is None else int(decimals)
        if mine.kind == "percent":
            q = printed_difference(mine, ref, dec)
            return q, dec, q.value
        points = printed_difference(mine, ref, dec, mine.scale_factor)
        q = replace(mine, value=points.value, formula=points.formula, inputs=inputs)
        return q, dec, q.value / q.scale_factor

    def _size(diff: Quantity, dec: int, relative: bool):
        magnitude = replace(diff, value=abs(diff.value))
        if relative:
            return filters["pct"](magnitude, dec)
        if diff.kind == "points":
            text = L.plain_number(magnitude.value, dec) + loc.pp_unit
            if loc is L.EN and round_half_up(magnitude.value, dec) == 1:
                text = text.replace("points", "point")
            return Phrase.of(text, diff)
        return filters["num"](magnitude, dec, True)

    return {"compared": compared, "share_of": share_of, "moved_from": moved_from, "versus": versus}


def printed_difference(now: Quantity, before: Quantity, decimals: int,
                       factor: Decimal = Decimal(1)) -> Quantity:
    """The difference of two levels as they are printed (rounded at `decimals` in units of
    `factor`), so the change a phrase states is the one a reader gets from the two figures:
    2.605% and 2.594% print as 2.61% and 2.59%, 0.02 points apart (not the exact 0.011)."""
    a, b = (round_half_up(q.value / factor, decimals) for q in (now, before))
    return Quantity((a - b) * factor, "points", "", decimals,
                    formula=f"round({now.formula}, {decimals}) - round({before.formula}, {decimals})",
                    inputs=now.inputs + before.inputs)
