"""The report vocabulary for templates: filters and functions over Quantities, per locale.

Filters turn a Quantity into a Phrase (a str that still knows its Quantity, for the audit
trail); functions compute new Quantities (shares, streaks, growth over several years).
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from string import Formatter

from .. import compute
from ..data.schema import SCALES
from ..errors import ComputeError, TemplateError
from ..model.numbering import chinese_numeral
from . import locale as L
from . import phrasing as W
from . import kinds
from .qualifiers import make_qualifiers
from .quantity import BreakdownView, IndicatorView, Quantity
from .sentences import make_sentences, printed_difference

_PP_HINTS = {
    "ratio": "a share or growth rate is a ratio: its change in points is "
             "{{ (share(x) - share(x, at=year - 1)) | pp }}; print the ratio itself with pct",
    "percent": "a percentage is a level: its change is {{ x | pp }}, or the difference of two "
               "percentages {{ (a - b) | pp }}",
}


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


class Phrases(str):
    """Several pieces printed as one ("rose to 2.6%", a list): each Phrase in `parts` keeps its
    own audit row; Markdown parts are template text, plain str parts data text (escaped)."""

    parts: tuple = ()

    @classmethod
    def of(cls, parts) -> "Phrases":
        flat = []
        for part in parts:
            flat.extend(part.parts if isinstance(part, Phrases) else [part])
        joined = cls("".join(flat))
        joined.parts = tuple(flat)
        return joined


def worded(text: str, q: Quantity, rule: str) -> Phrase:
    """A phrase whose words depend on data: its audit formula says which rule chose them."""
    return Phrase.of(text, replace(q, formula=f"{q.formula}: {rule}" if q.formula else rule))


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
    from .guard import type_words

    raise TemplateError(f"expected a number or an indicator, got {type_words(type(value).__name__)}")


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
        if q.kind == "points":  # always with its unit, as a percentage always has its %
            return Phrase.of(L.format_points(loc, q.value, q.decimals if decimals is None else decimals), q)
        dec = q.decimals if decimals is None else decimals
        return Phrase.of(L.format_amount(loc, q.value, dec, q.scale, q.scale_factor), q)

    def num(value, decimals=None, unit=False) -> Phrase:
        """1815.3 → "1815.3"; with unit=True → "1815.3亿元" / "1,815.3 million yuan";
        money (a declared currency) → "€219.8 million"; "% of GDP" → "2.6% of GDP"."""
        phrase = fmt(value, decimals)
        q = as_quantity(value)
        if unit and q.currency and q.kind == "amount":
            return money(q, decimals)
        if unit and q.kind == "percent" and q.unit.startswith("%") and q.unit != "%":
            # "% of GDP": the number already ends in "%"; the words after it follow
            return Phrase.of(phrase + q.unit[1:], q)
        if unit and q.unit and q.kind not in ("percent", "ratio"):
            return Phrase.of(phrase + loc.unit_space + q.unit, q)
        return phrase

    def money(value, decimals=None, scale=None, symbol=None) -> Phrase:
        """An amount in its declared currency: "€1,287.9 million" / "12.9亿元" (¥12.9亿 with
        symbol=True); `scale="billion"` shows another scale: "€1.3 billion"."""
        q = as_quantity(value)
        if not q.currency:
            raise TemplateError(f"money: {q.formula or q.value} has no currency",
                                hint="declare one for the indicator in the data, e.g. currency: EUR")
        if q.kind != "amount":
            raise TemplateError(f"money expects an amount, got a {q.kind} ({q.formula})")
        if scale is None:
            word, factor = q.scale, q.scale_factor
        elif str(scale) in SCALES:
            word, factor = ("" if str(scale) == "1" else str(scale)), SCALES[str(scale)]
        else:
            raise TemplateError(f"money: unknown scale '{scale}'",
                                hint=f"use one of: {', '.join(s for s in SCALES if s not in ('', '1'))}")
        dec = q.decimals if decimals is None else int(decimals)
        shown = L.round_half_up(L.scaled(q.value, factor), dec)
        amount = L.plain_number(abs(shown), dec, grouping=loc is L.EN)
        return Phrase.of(W.money(loc, amount, shown < 0, q.currency, loc.scale_word(word), symbol), q)

    def pct(value, decimals=1) -> Phrase:
        """A ratio or a percentage → "32.0%"."""
        q = as_quantity(value)
        if q.kind == "ratio":
            return Phrase.of(L.format_percent(loc, q.value * 100, decimals), q)
        if q.kind == "percent":
            return Phrase.of(L.format_percent(loc, q.value, decimals), q)
        if q.kind == "points":
            raise TemplateError(f"pct expects a ratio or a percentage, got {kinds.describe(q)} "
                                f"({q.formula})", hint="print a change in points with pp: "
                                "{{ (a - b) | pp }} → 提高0.1个百分点 / up 0.1 percentage points")
        raise TemplateError(f"pct expects a ratio or a percentage, got {kinds.describe(q)} ({q.formula})",
                            hint="use share(x) for a share of a total, or x.yoy for growth")

    def change(value, decimals=1, up=None, down=None) -> Phrase:
        """Growth with its direction word: "增长6.5%" / "下降3.2%" / "持平"."""
        if isinstance(value, IndicatorView):
            value = value.yoy
        q = as_quantity(value)
        if q.kind == "points":
            return pp(q, decimals, up, down)
        if q.kind == "percent":
            raise TemplateError(f"change expects an indicator or a growth ratio, got "
                                f"{kinds.describe(q)} ({q.formula})",
                                hint="a percentage changes in points: {{ x | pp }}, or "
                                     "{{ (x - x[year - 1]) | pp }}")
        if q.kind != "ratio":
            raise TemplateError(f"change expects an indicator or a growth ratio, got "
                                f"{kinds.describe(q)} ({q.formula})",
                                hint="for the growth of an indicator write {{ x | change }} or "
                                     "{{ growth(x, 2015) | change }}; print an absolute change "
                                     "with {{ x.change }}")
        kinds.growth_only(q, "change")
        return Phrase.of(L.direction(loc, q.value, decimals, up, down), q)

    def pp(value, decimals=None, up=None, down=None) -> Phrase:
        """Percentage-point change: "提高0.1个百分点" / "up 0.1 percentage points"; decimals
        default to those of the percentages subtracted (x.pp: one)."""
        if isinstance(value, IndicatorView) and value.kind == "percent":
            # the difference of the two levels as printed, at the indicator's decimals: 3.05%
            # → 3.09% is "提高0.04个百分点", never "持平" beside two levels that differ
            dec = value.decimals if decimals is None else int(decimals)
            q = printed_difference(value.value, value.prev, dec)
            return Phrase.of(L.pp_phrase(loc, q.value, dec, up, down), q)
        if isinstance(value, IndicatorView):
            value = value.pp
        q = as_quantity(value)
        if q.kind != "points":
            raise TemplateError(f"pp expects a change in percentage points, got "
                                f"{kinds.describe(q)} ({q.formula})", hint=_PP_HINTS.get(
                                    q.kind, "pp is for percentages: {{ x | pp }} for an "
                                    "indicator in %, {{ (a - b) | pp }} for two percentages"))
        dec = q.decimals if decimals is None else int(decimals)
        return Phrase.of(L.pp_phrase(loc, q.value, dec, up, down), q)

    def ordinal(value, words=False) -> Phrase:
        """Rank → "第二" / "2nd"; words=True → "第二" / "second" (up to "twentieth", then "21st")."""
        q = as_quantity(value)
        n = W.whole(q.value, "ordinal")
        if not words:
            return Phrase.of(L.ordinal(loc, n), q)
        word = W.ordinal_word(loc, n)
        return worded(word, q, f"{n} → {word}")

    def _level_change(view: IndicatorView, decimals=None):
        """An indicator's change on the year before as its two printed levels differ, in its
        shown unit, and the decimals they are printed with. The difference of the printed
        levels, not the rounded difference: 1000 → 999.5 prints 1,000 twice, and is no fall."""
        if view.kind not in ("percent", "amount"):
            raise TemplateError(f"'{view.id}' is a {view.kind}: which way is up is not clear",
                                hint="give the words, e.g. verb(x.change, up='…', down='…')")
        q = view.pp if view.kind == "percent" else view.change
        dec = view.decimals if decimals is None else int(decimals)
        factor = Decimal(1) if view.kind == "percent" else q.scale_factor
        now, before = (compute.round_half_up(v.value / factor, dec) for v in (view.value, view.prev))
        return replace(q, value=now - before), dec

    def verb(value, decimals=None, up=None, down=None, same=None) -> Phrase:
        """Direction word alone: "rose" / "fell" / "was unchanged"; 上升 / 下降 / 持平.
        For an indicator it compares the two years' levels as printed (its own decimals)."""
        q, dec, unit = _verb_change(value, decimals, up, down)
        word, rule = W.verb(loc, q.value, dec, up, down, same, unit=unit)
        return worded(word, q, rule)

    def _verb_change(value, decimals, up, down) -> tuple[Quantity, int, str]:
        """The change a direction word is decided on, in printed units: its decimals and unit."""
        if isinstance(value, IndicatorView):
            q, dec = _level_change(value, decimals)
        else:
            q = as_quantity(value)
            if q.kind in ("rank", "year", "count") and (up is None or down is None):
                raise TemplateError(f"verb: which way is up for a {q.kind} is not clear ({q.formula})",
                                    hint="give the words: verb(x, up='moved up', down='slipped')")
            kinds.growth_only(q, "verb")
            if q.kind == "ratio":  # decided on the percentage, as `change` prints it
                return replace(q, value=q.value * 100), 1 if decimals is None else int(decimals), "%"
            if q.kind == "amount":
                q = replace(q, value=q.value / q.scale_factor)
            dec = q.decimals if decimals is None else int(decimals)
        unit = {"percent": "%", "points": " points"}.get(q.kind, f" {q.scale}" if q.scale else "")
        return q, dec, unit

    def moved_to(value, decimals=None, up=None, down=None, same=None, unit=False) -> Phrases:
        """Direction verb and the new level: "rose to 2.52%" / "remained at 2.52%";
        "上升至4.1%" / "保持在4.1%". The verb agrees with the two levels as printed."""
        if not isinstance(value, IndicatorView):
            raise TemplateError("moved_to expects an indicator (it prints the report-year level)")
        q, dec, shown_unit = _verb_change(value, decimals, up, down)
        word, rule = W.verb(loc, q.value, dec, up, down, same, level=True, unit=shown_unit)
        # "climbed to" + "2.6%": a template's own word gets the locale's space too
        space = L.spaced_word(loc, word)[len(word.rstrip()):]
        return Phrases.of([worded(word.rstrip(), q, rule), Markdown(space), num(value, decimals, unit)])

    def cn(value) -> Phrase:
        """Whole number → Chinese numerals: 18 → "十八"."""
        q = as_quantity(value)
        return Phrase.of(chinese_numeral(int(q)), q)  # int(q) refuses 2.5 rather than say 二

    def times(value, decimals=1, words=False, nearly="0.05") -> Phrase:
        """A multiple: 2.35 → "2.4倍" / "2.4 times"; words=True → "more than doubled" /
        "增长1.4倍" (see phrasing.multiple_words). An indicator: its value over the year before."""
        if isinstance(value, IndicatorView):
            cur, prev = value.value, value.prev
            q = Quantity(compute.doubling(prev.value, cur.value), "amount", decimals=1,
                         formula=f"{cur.formula} / {prev.formula}", inputs=cur.inputs + prev.inputs)
        else:
            q = as_quantity(value)
            if q.kind == "ratio" and q.role == "share":
                raise TemplateError(f"times expects a multiple or a growth rate, got a share "
                                    f"({q.formula})", hint="print a share with pct: 32.6%")
            if q.kind == "ratio" and q.role == "quotient":  # a / b is the multiple itself
                q = replace(q, kind="amount", decimals=1)
            elif q.kind == "ratio":  # a growth ratio: +110% is 2.1 times
                q = replace(q, value=q.value + 1, kind="amount", formula=f"{q.formula} + 1")
        if not words:
            if q.value < 0:  # "是上年的-1124倍" has no meaning, with words or without
                raise ComputeError(f"a multiple of {q.value:.2f} ({q.formula}) has no meaning "
                                   "(the values have different signs)",
                                   hint="describe the change with change, verb or moved_from")
            return Phrase.of(L.plain_number(q.value, decimals) + loc.times, q)
        text, rule = W.multiple_words(loc, q.value, int(decimals), compute.to_decimal(nearly))
        return worded(text, q, rule)

    def and_list(items, pattern="{value}", at=None, show="num", last=None, serial=False) -> Phrases:
        """Items joined as a sentence list: "12 in basic science, 27 in engineering and 9 in
        medicine" / "基础研究12项、工程27项和医学9项". `pattern` fills {value} (shown with the
        filter `show`), {label}, {label_lower} and {unit} for each indicator."""
        if isinstance(items, BreakdownView):
            items = items.parts
        items = list(items)
        if not items:
            raise TemplateError("and_list got an empty list", hint="guard it with {% if items %}")
        if show not in filters:
            raise TemplateError(f"and_list: '{show}' is not a filter",
                                hint=f"use one of: {', '.join(sorted(filters))}")
        pieces = list(Formatter().parse(str(pattern)))  # (literal, field, spec, conversion)
        glue = W.list_joiners(loc, len(items), last, serial)
        out: list = []
        for index, item in enumerate(items):
            if index:
                out.append(Markdown(glue[index - 1]))
            out.extend(_list_item(item, pieces, at, show))
        return Phrases.of(out)

    def _list_item(item, pieces, at, show) -> list:
        if hasattr(type(item), "list_fields"):  # an item of top() / sort_by()
            fields = item.list_fields(filters[show])
        elif isinstance(item, IndicatorView):
            # the indicator itself for the report year, so show="change" or "moved_to" work too
            shown = filters[show](item if at is None else item.at(int(at)))
            label = item.label
            fields = {"value": shown, "label": label, "unit": item.unit,
                      "label_lower": _lower_first(label)}
        elif isinstance(item, str):  # a phrase as printed, or text (escaped like data text)
            fields = {"value": item}
        else:
            fields = {"value": filters[show](as_quantity(item))}
        out = []
        for literal, name, spec, conversion in pieces:
            if literal:
                out.append(Markdown(literal))
            if name is None:
                continue
            if spec or conversion:
                raise TemplateError(f"and_list: write '{{{name}}}' without a format; choose the "
                                    "format with show=, e.g. show='money'")
            if name not in fields:
                raise TemplateError(f"and_list: the pattern field '{{{name}}}' is not known here",
                                    hint="use {value}, and for indicators {label}, {label_lower}, {unit}")
            out.append(fields[name])
        return out

    def round_(value, precision=0, method="common"):
        """Jinja's round, and for a figure: rounded half up in the unit it prints in."""
        if not isinstance(value, (Quantity, IndicatorView)):
            from jinja2.filters import do_round

            return do_round(value, precision, method)
        if method != "common":
            raise TemplateError(f"round(method='{method}') cannot be used on a figure",
                                hint="the qualifiers say which way a figure was rounded: "
                                     "over (rounded down) and nearly (rounded up)")
        return kinds.rounded(as_quantity(value), int(precision))

    filters = {
        "round": round_, "num": num, "pct": pct, "change": change, "pp": pp, "ordinal": ordinal, "cn": cn,
        "times": times, "money": money, "verb": verb,
        "moved_to": moved_to, "and_list": and_list,
        **make_qualifiers(loc, as_quantity, Phrase.of),
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
                        formula=f"{p.formula} / {t.formula}", inputs=p.inputs + t.inputs,
                        role="share")

    def growth(indicator, start, end=None) -> Quantity:
        """Relative change of `indicator` from year `start` to `end` (default: report year)."""
        return indicator.yoy_between(int(start), year if end is None else int(end))

    def cagr(indicator, start, end=None) -> Quantity:
        """Compound annual growth rate of `indicator` from `start` to `end`."""
        end = year if end is None else int(end)
        a, b = indicator.at(start), indicator.at(end)
        return Quantity(compute.cagr(a.value, b.value, end - int(start)), "ratio",
                        formula=f"({b.formula} / {a.formula}) ** (1 / {end - int(start)}) - 1",
                        inputs=a.inputs + b.inputs, role="growth")

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
        target = as_quantity(target).value  # streak(x, lt=x[2019]): a figure is its value
        end = year if at is None else int(at)
        series = {y: v.value for y, v in indicator._ind.values.items()}
        count = compute.streak(series, end, lambda v: ops[name](v, target), open_ok=open)
        inputs = tuple(i for y in range(end - count, end + 1) if y in series
                       for i in indicator.at(y).inputs)
        symbol = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥"}[name]
        first = end - count + 1
        broken = f"; {first - 1}: {series[first - 1]}" if first - 1 in series else ""
        years = f"years {first}–{end}" if count else f"not in {end}"
        return Quantity(Decimal(count), "count", inputs=inputs,
                        formula=f"streak({indicator.id}[y] {symbol} {target}, {years}) = {count}{broken}")

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
    filters.update(make_sentences(loc, year, filters, functions,
                                  (as_quantity, Phrase, Phrases, Markdown)))
    from .aggregates import make_aggregates, matching, set_size  # it builds on Phrase, defined here

    functions.update(make_aggregates(year, functions))
    filters["matching"] = matching
    filters["length"] = filters["count"] = set_size
    return filters, functions


def _lower_first(label: str) -> str:
    """"Basic research" → "basic research" inside a sentence; "R&D", "GDP" stay as they are."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def is_breakdown(value) -> bool:
    return isinstance(value, BreakdownView)
