"""The report vocabulary for templates: filters and functions over Quantities, per locale.

Filters turn a Quantity into a Phrase (a str that still knows its Quantity, for the audit
trail); functions compute new Quantities (shares, streaks, growth over several years).
"""

from __future__ import annotations

from decimal import Decimal

from .. import compute
from ..errors import ComputeError, TemplateError
from ..model.numbering import chinese_numeral
from . import locale as L
from .quantity import BreakdownView, IndicatorView, Quantity


class Phrase(str):
    """Text produced from a figure; `quantity` is what it was computed from."""

    quantity: Quantity | None = None

    @classmethod
    def of(cls, text: str, quantity: Quantity | None) -> "Phrase":
        phrase = cls(text)
        phrase.quantity = quantity
        return phrase


class Markdown(str):
    """Markdown produced by a function (figure, ref, table): inserted without escaping."""


def as_quantity(value) -> Quantity:
    if isinstance(value, Quantity):
        return value
    if isinstance(value, IndicatorView):
        return value.value
    if isinstance(value, Phrase) and value.quantity is not None:
        return value.quantity
    if isinstance(value, (int, Decimal, float, str)) and not isinstance(value, bool):
        try:
            number = compute.to_decimal(value)
        except ComputeError:
            raise TemplateError(f"expected a number or an indicator, got {value!r}") from None
        return Quantity(number, "amount", formula=str(value))
    raise TemplateError(f"expected a number or an indicator, got {type(value).__name__}")


def make_vocabulary(loc: L.Locale, year: int) -> tuple[dict, dict]:
    """Return (filters, functions) for templates in locale `loc` with report year `year`."""

    def fmt(value, decimals=None) -> Phrase:
        q = as_quantity(value)
        if q.kind == "ratio":
            return pct(q, 1 if decimals is None else decimals)
        if q.kind == "percent":
            return Phrase.of(L.format_percent(loc, q.value, q.decimals if decimals is None else decimals), q)
        if q.kind in ("year", "rank", "count"):
            return Phrase.of(str(int(q.value)) if decimals is None else L.plain_number(q.value, decimals), q)
        if q.kind == "points":
            return Phrase.of(L.plain_number(q.value, q.decimals if decimals is None else decimals), q)
        dec = q.decimals if decimals is None else decimals
        return Phrase.of(L.format_amount(loc, q.value, dec, q.scale, q.scale_factor), q)

    def num(value, decimals=None, unit=False) -> Phrase:
        """1815.3 → "1815.3"; with unit=True → "1815.3亿元" / "1,815.3 million yuan"."""
        phrase = fmt(value, decimals)
        q = as_quantity(value)
        if unit and q.unit and q.kind not in ("percent", "ratio"):
            sep = "" if loc is L.ZH else " "
            return Phrase.of(phrase + sep + q.unit, q)
        return phrase

    def pct(value, decimals=1) -> Phrase:
        """A ratio or a percentage → "32.0%"."""
        q = as_quantity(value)
        if q.kind == "ratio":
            return Phrase.of(L.format_percent(loc, q.value * 100, decimals), q)
        if q.kind == "percent":
            return Phrase.of(L.format_percent(loc, q.value, decimals), q)
        raise TemplateError(f"pct expects a ratio or a percentage, got an amount ({q.formula})",
                            hint="use share(x) for a share of a total, or x.yoy for growth")

    def change(value, decimals=1, up=None, down=None) -> Phrase:
        """Growth with its direction word: "增长6.5%" / "下降3.2%" / "持平"."""
        if isinstance(value, IndicatorView):
            value = value.yoy
        q = as_quantity(value)
        if q.kind == "points":
            return pp(q, decimals, up, down)
        if q.kind != "ratio":
            raise TemplateError(f"change expects an indicator or a growth ratio ({q.formula})")
        return Phrase.of(L.direction(loc, q.value, decimals, up, down), q)

    def pp(value, decimals=1, up=None, down=None) -> Phrase:
        """Percentage-point change: "提高0.1个百分点" / "up 0.1 percentage points"."""
        if isinstance(value, IndicatorView):
            value = value.pp
        q = as_quantity(value)
        return Phrase.of(L.pp_phrase(loc, q.value, decimals, up, down), q)

    def ordinal(value) -> Phrase:
        """Rank → "第二" / "2nd"."""
        q = as_quantity(value)
        return Phrase.of(L.ordinal(loc, int(q.value)), q)

    def cn(value) -> Phrase:
        """Whole number → Chinese numerals: 18 → "十八"."""
        q = as_quantity(value)
        return Phrase.of(chinese_numeral(int(q.value)), q)

    def _qualified(mode):
        def qualifier(value, decimals=None) -> Phrase:
            q = as_quantity(value)
            dec = q.decimals if decimals is None else decimals
            if q.kind == "ratio":
                text = L.qualified(loc, mode, q.value * 100, dec) + "%"
            elif q.kind == "percent":
                text = L.qualified(loc, mode, q.value, dec) + "%"
            else:
                text = L.qualified(loc, mode, q.value, dec, q.scale, q.scale_factor)
            return Phrase.of(text, q)
        qualifier.__doc__ = f"Rounded figure with a truthful '{mode}' qualifier."
        return qualifier

    def times(value, decimals=1) -> Phrase:
        """A multiple: 2.35 → "2.4倍" / "2.4 times"."""
        q = as_quantity(value)
        return Phrase.of(L.plain_number(q.value, decimals) + loc.times, q)

    filters = {
        "num": num, "pct": pct, "change": change, "pp": pp, "ordinal": ordinal, "cn": cn,
        "about": _qualified("about"), "nearly": _qualified("nearly"), "over": _qualified("over"),
        "plus": _qualified("plus"), "times": times,
    }

    # ------------------------------------------------------------ functions

    def share(part, total=None, at=None) -> Quantity:
        """`part` as a ratio of `total` (default: the part's declared reference total)."""
        if total is None:
            if not isinstance(part, IndicatorView) or not part._ind.total:
                raise TemplateError("share() needs a total: give one, or declare 'total' for "
                                    "the indicator in the data")
            total = part.reference
        y = year if at is None else int(at)
        p = part.at(y) if isinstance(part, IndicatorView) else as_quantity(part)
        t = total.at(y) if isinstance(total, IndicatorView) else as_quantity(total)
        return Quantity(compute.share(p.value, t.value), "ratio",
                        formula=f"{p.formula} / {t.formula}", inputs=p.inputs + t.inputs)

    def growth(indicator, start, end=None) -> Quantity:
        """Relative change of `indicator` from year `start` to `end` (default: report year)."""
        return indicator.yoy_between(int(start), year if end is None else int(end))

    def cagr(indicator, start, end=None) -> Quantity:
        """Compound annual growth rate of `indicator` from `start` to `end`."""
        end = year if end is None else int(end)
        a, b = indicator.at(start), indicator.at(end)
        return Quantity(compute.cagr(a.value, b.value, end - int(start)), "ratio",
                        formula=f"({b.formula} / {a.formula}) ** (1 / {end - int(start)}) - 1",
                        inputs=a.inputs + b.inputs)

    def multiple(indicator, start, end=None) -> Quantity:
        """How many times the `start` value the `end` value is (≥2 means doubled, 翻番)."""
        end = year if end is None else int(end)
        a, b = indicator.at(start), indicator.at(end)
        return Quantity(compute.doubling(a.value, b.value), "amount", decimals=1,
                        formula=f"{b.formula} / {a.formula}", inputs=a.inputs + b.inputs)

    def streak(indicator, at=None, open=False, **condition) -> Quantity:
        """Consecutive years up to `at` (default report year) meeting a condition such as eq=1."""
        ops = {"eq": lambda v, x: v == x, "ne": lambda v, x: v != x, "lt": lambda v, x: v < x,
               "le": lambda v, x: v <= x, "gt": lambda v, x: v > x, "ge": lambda v, x: v >= x}
        if len(condition) != 1 or next(iter(condition)) not in ops:
            raise TemplateError("streak() needs exactly one condition: eq=, ne=, lt=, le=, gt= or ge=")
        (name, target), = condition.items()
        target = compute.to_decimal(target)
        end = year if at is None else int(at)
        series = {y: v.value for y, v in indicator._ind.values.items()}
        count = compute.streak(series, end, lambda v: ops[name](v, target), open_ok=open)
        inputs = tuple(i for y in range(end - count, end + 1) if y in series
                       for i in indicator.at(y).inputs)
        return Quantity(Decimal(count), "count",
                        formula=f"streak({indicator.id} {name} {target}, up to {end})", inputs=inputs)

    def span(first, last=None) -> Quantity:
        """Number of years from `first` to `last` inclusive: span(2002, 2019) → 18."""
        a = as_quantity(first)
        b = as_quantity(year if last is None else last)
        count = int(b.value) - int(a.value) + 1
        if count < 1:
            raise ComputeError(f"span: {b.value} is before {a.value}")
        return Quantity(Decimal(count), "count", formula=f"{b.formula} - {a.formula} + 1",
                        inputs=a.inputs + b.inputs)

    def rank_of(key, values: dict, descending=True) -> Quantity:
        """Competition rank of `key` among a mapping of name → value (1 = largest)."""
        plain = {k: as_quantity(v).value for k, v in values.items()}
        return Quantity(Decimal(compute.rank(plain, key, descending)), "rank",
                        formula=f"rank({key})")

    functions = {"share": share, "growth": growth, "cagr": cagr, "multiple": multiple,
                 "streak": streak, "span": span, "rank_of": rank_of}
    return filters, functions


def is_breakdown(value) -> bool:
    return isinstance(value, BreakdownView)
