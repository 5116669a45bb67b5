"""Quantities → rounded figures with a truthful qualifier (约 / 近 / 超过 / 余), at a scale and
precision chosen where they are used.

"超过1.8万家" and "近2000亿元" round at another scale or step than the indicator prints with
everywhere else, so `scale` and `decimals` are arguments of the filter, not of the data.
Decimals may be negative: `nearly(-2)` rounds 1987.3 up to the hundred, "近2000".
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from ..compute.rounding import round_down, round_half_up, round_up
from ..data.schema import SCALES
from ..errors import TemplateError
from . import locale as L
from .quantity import Quantity

MODES = ("about", "nearly", "over", "plus")


def _text(loc: L.Locale, number: Decimal, decimals: int, scale: str) -> str:
    shown = L.plain_number(number, max(decimals, 0), grouping=loc is L.EN)
    return shown + ((loc.unit_space + loc.scale_word(scale)) if scale else "")


def _step(decimals: int) -> Decimal:
    return Decimal(1).scaleb(-decimals)


def qualified(loc: L.Locale, mode: str, number: Decimal, decimals: int, scale: str = "") -> tuple[str, str]:
    """An already scaled `number` → (the qualified text, the rule that chose the word).

    about: half up, always 约/about. nearly: rounded up, 近 only when the value is below the
    figure and within half a step of it (else it becomes `over`, so the phrase stays true).
    over / plus: rounded down, 超过 / …余 only when the value is above the figure. An exact
    figure is printed without a qualifier.
    """
    if mode == "about":
        shown = round_half_up(number, decimals)
        return loc.about + _text(loc, shown, decimals, scale), f"{_plain(number)} ≈ {_plain(shown)}"
    if mode == "nearly":
        shown = round_up(number, decimals)
        if shown == number:
            return _text(loc, shown, decimals, scale), f"{_plain(number)} exact"
        if shown - number <= _step(decimals) / 2:
            return loc.nearly + _text(loc, shown, decimals, scale), f"{_plain(number)} < {_plain(shown)}"
        mode = "over"  # 近 would overstate by more than half a step
    shown = round_down(number, decimals)
    if shown == number:
        return _text(loc, shown, decimals, scale), f"{_plain(number)} exact"
    rule = f"{_plain(number)} > {_plain(shown)}"
    if mode == "plus" and loc.plus_suffix:
        return _text(loc, shown, decimals, scale) + loc.plus_suffix, rule
    return loc.over + _text(loc, shown, decimals, scale), rule


def _plain(number: Decimal) -> str:
    return f"{round_half_up(number, 4).normalize():f}"


def make_qualifiers(loc: L.Locale, as_quantity, phrase) -> dict:
    """The four qualifier filters for `loc`; `as_quantity` and `phrase` come from vocabulary
    (a value → Quantity; text + Quantity → the printed Phrase)."""

    def build(mode):
        def qualifier(value, decimals=None, scale=None, unit=False):
            q: Quantity = as_quantity(value)
            if q.value < 0:
                raise TemplateError(f"{mode}: {q.formula or q.value} is negative; a qualifier "
                                    f"such as '{loc.over.strip()}' reads wrong for a fall",
                                    hint="print the figure with num, or its size with change")
            if decimals is not None and (isinstance(decimals, bool) or int(decimals) != decimals):
                raise TemplateError(f"{mode}: decimals must be a whole number, got {decimals!r}")
            percent = q.kind in ("ratio", "percent")
            if percent and scale is not None:
                raise TemplateError(f"{mode}: a percentage has no scale",
                                    hint=f"write {mode}({decimals if decimals is not None else 0})")
            if q.kind == "ratio":
                number, word, dec = q.value * 100, "", 1
            elif q.kind == "percent":
                number, word, dec = q.value, "", q.decimals
            elif scale is None:
                number, word, dec = q.value / q.scale_factor, q.scale, q.decimals
            elif str(scale) in SCALES:
                word = "" if str(scale) == "1" else str(scale)
                number, dec = q.value / SCALES[str(scale)], q.decimals
            else:
                known = ", ".join(s for s in SCALES if s not in ("", "1"))
                raise TemplateError(f"{mode}: unknown scale '{scale}'", hint=f"use one of: {known}")
            dec = dec if decimals is None else int(decimals)
            text, rule = qualified(loc, mode, number, dec, word)
            if percent:
                text += "%"
            elif unit and q.unit:
                text += ("" if loc is L.ZH else " ") + q.unit
            scaled = f" ({word})" if word else ""
            return phrase(text, replace(q, formula=f"{q.formula}{scaled}: {rule} → {text}"
                                        if q.formula else f"{rule} → {text}"))

        qualifier.__doc__ = f"A rounded figure with a truthful '{mode}' qualifier."
        return qualifier

    return {mode: build(mode) for mode in MODES}
