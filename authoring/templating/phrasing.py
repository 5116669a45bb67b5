"""Exact decimals → worded phrases per locale: direction verbs, ordinal words, multiples,
money and lists, each returned with the rule that chose its words (for the audit table).

Like locale.py, every word is decided on the exact value, never on a rounded one, so a
phrase is true as written: "doubled" only at exactly 2×, "nearly doubled" just below it,
"more than doubled" above it; 翻了一番 only at exactly 2×, and 增长N倍 always means N+1 times
(增长2倍 is 3×, the classic mistake this module never makes).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..compute.rounding import round_half_up, to_decimal
from ..errors import ComputeError
from ..model.numbering import chinese_numeral
from .locale import ZH, Locale, plain_number


@dataclass(frozen=True)
class Words:
    """The words one locale uses for the phrasings of this module."""

    rose: str
    fell: str
    unchanged: str  # the verb on its own: "was unchanged" / "持平"
    rose_to: str  # before a level: "rose to 2.6%" / "上升至2.6%"
    fell_to: str
    stayed_at: str  # "remained at 2.6%" / "保持在2.6%"
    rose_by: str  # multiples below 2×: "rose by 45.0%" / "增长45.0%"
    fell_by: str
    list_comma: str  # between list items: ", " / "、"
    list_and: str  # before the last item: " and " / "和"


EN_WORDS = Words("rose", "fell", "was unchanged", "rose to ", "fell to ", "remained at ",
                 "rose by ", "fell by ", ", ", " and ")
ZH_WORDS = Words("上升", "下降", "持平", "上升至", "下降至", "保持在", "增长", "下降", "、", "和")

EN_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
               "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
               "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth")

# ISO 4217 code → (symbol before the number in English, word after the number in Chinese)
CURRENCIES = {
    "EUR": ("€", "欧元"), "USD": ("$", "美元"), "GBP": ("£", "英镑"), "JPY": ("¥", "日元"),
    "CNY": ("CN¥", "元"), "HKD": ("HK$", "港元"), "CHF": ("CHF ", "瑞士法郎"),
    "KRW": ("₩", "韩元"), "CAD": ("CA$", "加元"), "AUD": ("A$", "澳元"),
}
ZH_SYMBOLS = {"CNY": "¥", "USD": "US$", "EUR": "€", "GBP": "£", "JPY": "JP¥", "HKD": "HK$"}

EN_MULTIPLES = {2: "doubled", 3: "tripled", 4: "quadrupled"}
ZH_DOUBLINGS = {2: "翻了一番", 4: "翻了两番", 8: "翻了三番"}  # 翻N番 = ×2^N


def words(loc: Locale) -> Words:
    return ZH_WORDS if loc is ZH else EN_WORDS


def _show(value: Decimal) -> str:
    """An exact value as the audit table shows it: up to 4 decimals, no exponent."""
    shown = round_half_up(value, 4).normalize()
    return f"{shown:f}"


# ------------------------------------------------------------------ direction verbs


def verb(loc: Locale, change, decimals: int, up: str | None = None, down: str | None = None,
         same: str | None = None, level: bool = False, unit: str = "") -> tuple[str, str]:
    """A change → its direction verb and the rule: 0.14 → ("rose", "0.14 > 0").

    The verb follows the sign of the change rounded to `decimals`, so it agrees with the
    figures printed beside it. With `level=True` the verb leads into a level ("rose to ").
    """
    w = words(loc)
    exact = to_decimal(change)
    shown = round_half_up(exact, decimals)
    if shown > 0:
        word, rule = up if up is not None else (w.rose_to if level else w.rose), "> 0"
    elif shown < 0:
        word, rule = down if down is not None else (w.fell_to if level else w.fell), "< 0"
    else:
        word = same if same is not None else (w.stayed_at if level else w.unchanged)
        rule = f"= 0 at {decimals} decimals" if exact != 0 else "= 0"
    return word, f"{_show(exact)}{unit} {rule} → {word.strip()}"


# ------------------------------------------------------------------ ordinals


def whole(value, what: str) -> int:
    """An exact whole number ≥ 1, or a ComputeError saying why not (no silent truncation)."""
    number = to_decimal(value)
    if number != number.to_integral_value():
        raise ComputeError(f"{what} needs a whole number, got {_show(number)}")
    if number < 1:
        raise ComputeError(f"{what} needs a number of 1 or more, got {_show(number)}")
    return int(number)


def ordinal_word(loc: Locale, n: int) -> str:
    """1 → "first" … 20 → "twentieth", then "21st"; Chinese: 第一, 第二十一."""
    if loc is ZH:
        return "第" + chinese_numeral(n)
    if n <= len(EN_ORDINALS):
        return EN_ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ------------------------------------------------------------------ multiples


def multiple_words(loc: Locale, multiple, decimals: int = 1,
                   nearly: Decimal = Decimal("0.05")) -> tuple[str, str]:
    """How many times the base the value is → words and rule.

    en: 2 → "doubled"; 2.13 → "more than doubled"; 1.995 → "nearly doubled" (within
    `nearly`, a fraction of the round multiple, below it); 0.5 → "fell by half"; 1.45 →
    "rose by 45.0%". zh: 2 → 翻了一番, 4 → 翻了两番, 2.13 → 增长1.1倍 (the increase, not the
    multiple), 1.45 → 增长45.0%, 0.5 → 减少一半.
    """
    m = to_decimal(multiple)
    if m < 0:
        raise ComputeError(f"a multiple of {_show(m)} has no meaning (the values have "
                           "different signs)", hint="describe the change with change or verb")
    nearly = to_decimal(nearly)
    return (_zh_multiple if loc is ZH else _en_multiple)(loc, m, decimals, nearly)


def _percent_change(loc: Locale, m: Decimal, decimals: int) -> tuple[str, str]:
    w = words(loc)
    shown = round_half_up((m - 1) * 100, decimals)
    if shown == 0:
        return w.unchanged, f"{_show(m)} rounds to no change → {w.unchanged}"
    word = w.rose_by if shown > 0 else w.fell_by
    text = word + plain_number(abs(shown), decimals) + "%"
    return text, f"{_show(m)} - 1 = {plain_number(shown, decimals)}% → {text}"


def _en_multiple(loc: Locale, m: Decimal, decimals: int, nearly: Decimal) -> tuple[str, str]:
    shown = _show(m)
    if m >= 2:
        n = int(m)  # floor, exactly
        upper = n + 1
        if upper in EN_MULTIPLES and m >= upper * (1 - nearly):
            word = "nearly " + EN_MULTIPLES[upper]
            return word, f"{shown} just below {upper} → {word}"
        if n in EN_MULTIPLES:
            if m == n:
                return EN_MULTIPLES[n], f"{shown} = {n} exactly → {EN_MULTIPLES[n]}"
            word = "more than " + EN_MULTIPLES[n]
            return word, f"{shown} > {n} → {word}"
        text = f"grew {plain_number(m, decimals)}-fold"
        return text, f"{shown} → {text}"
    if m > 1 and m >= 2 * (1 - nearly):
        return "nearly doubled", f"{shown} just below 2 → nearly doubled"
    if m == Decimal("0.5"):
        return "fell by half", f"{shown} = 0.5 exactly → fell by half"
    if m < Decimal("0.5"):
        if m == 0:
            return "fell to zero", f"{shown} = 0 → fell to zero"
        return "fell by more than half", f"{shown} < 0.5 → fell by more than half"
    if m < 1 and m <= Decimal("0.5") * (1 + nearly):
        return "nearly halved", f"{shown} just above 0.5 → nearly halved"
    return _percent_change(loc, m, decimals)


def _zh_multiple(loc: Locale, m: Decimal, decimals: int, nearly: Decimal) -> tuple[str, str]:
    shown = _show(m)
    if m in ZH_DOUBLINGS:
        word = ZH_DOUBLINGS[int(m)]
        return word, f"{shown} = {int(m)} exactly → {word}"
    if m > 2:
        # 增长N倍 is the increase: the value is N+1 times the base
        text = "增长" + plain_number(m - 1, decimals) + "倍"
        return text, f"{shown} - 1 = {plain_number(m - 1, decimals)} → {text}"
    if m == Decimal("0.5"):
        return "减少一半", f"{shown} = 0.5 exactly → 减少一半"
    return _percent_change(loc, m, decimals)


# ------------------------------------------------------------------ money


def money(loc: Locale, amount_text: str, negative: bool, code: str, scale: str,
          symbol: bool | None = None) -> str:
    """A formatted number with its currency and scale word: "€1,287.9 million", "12.9亿元".

    English puts the symbol first ("CHF 12.3 million" when there is none); Chinese writes the
    currency as a word after the scale (12.9亿元, 3.2亿欧元), or with `symbol=True` ¥12.9亿.
    """
    sign = "-" if negative else ""
    if loc is ZH:
        if symbol:
            mark = ZH_SYMBOLS.get(code, code + " ")
            return f"{sign}{mark}{amount_text}{scale}"
        return f"{sign}{amount_text}{scale}{CURRENCIES.get(code, ('', code))[1]}"
    mark = CURRENCIES.get(code, (code + " ", ""))[0]
    return f"{sign}{mark}{amount_text}" + (loc.unit_space + scale if scale else "")


# ------------------------------------------------------------------ lists


def list_joiners(loc: Locale, count: int, last: str | None = None,
                 serial: bool = False) -> list[str]:
    """The text between `count` list items: en "a, b and c", zh "a、b和c" (`last` overrides
    the final "and", e.g. 以及; `serial` adds the English serial comma "a, b, and c")."""
    w = words(loc)
    if count < 2:
        return []
    final = w.list_and if last is None else (
        f" {last.strip()} " if loc is not ZH else last.strip())
    if serial and loc is not ZH and count > 2:
        final = "," + final
    return [w.list_comma] * (count - 2) + [final]
