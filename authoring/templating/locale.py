"""Locale phrasing: numbers, scales, direction words, ranks and qualifiers for zh-CN and en.

Every phrase is built from an exactly rounded decimal; the qualifiers (近, 超过, 约, 余) that
use these words are in qualifiers.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..compute.rounding import round_half_up, to_decimal
from ..model.numbering import chinese_numeral


@dataclass(frozen=True)
class Locale:
    code: str
    up: str
    down: str
    unchanged: str
    pp_up: str
    pp_down: str
    pp_unit: str
    about: str
    nearly: str
    over: str
    plus_suffix: str  # "余" in "57万余"; en uses `over` instead
    times: str
    space: str  # between number and word ("1.2 million" vs "1.2万")
    figure: str
    table: str
    label_separator: str
    contents: str
    list_of_figures: str
    list_of_tables: str
    source: str
    year_suffix: str
    box: str = "Box"  # a numbered box: "Box 1"
    appendix_word: str = ""  # before an appendix label's word: 附 + 表1; none: "Table A1"
    continued: str = "{label} (continued)"  # the caption over a table's continuation
    # between a number and its scale or unit word: a no-break space in English, so that a
    # line never ends "201.2" and the next begins "million" (issue 27); none in Chinese
    unit_space: str = ""

    def scale_word(self, scale: str) -> str:
        """A declared scale in this locale's words: "million" is 百万 in a Chinese report."""
        if self.space == "":
            return _ZH_SCALES.get(scale, scale)
        return scale


_ZH_SCALES = {"thousand": "千", "million": "百万", "billion": "十亿"}


ZH = Locale(
    code="zh-CN", up="增长", down="下降", unchanged="持平", pp_up="提高", pp_down="下降",
    pp_unit="个百分点", about="约", nearly="近", over="超过", plus_suffix="余", times="倍",
    space="", figure="图", table="表", label_separator="", contents="目录",
    list_of_figures="图目录", list_of_tables="表目录", source="资料来源：", year_suffix="年", box="专栏",
    appendix_word="附", continued="续{label}")

EN = Locale(
    code="en", up="up ", down="down ", unchanged="unchanged", pp_up="up ", pp_down="down ",
    pp_unit=" percentage points", about="about ", nearly="nearly ", over="more than ",
    plus_suffix="", times=" times", space=" ", figure="Figure", table="Table",
    label_separator=" ", contents="Contents", list_of_figures="List of Figures",
    list_of_tables="List of Tables", source="Source: ", year_suffix="", unit_space="\u00a0")


def get_locale(lang: str) -> Locale:
    """zh-* → Chinese phrasing; everything else → English."""
    return ZH if lang.lower().startswith("zh") else EN


def plain_number(value: Decimal, decimals: int, grouping: bool = False) -> str:
    """Exact decimal → text with exactly `decimals` places; -0.0 prints as 0.0."""
    rounded = round_half_up(value, decimals)
    if rounded == 0:
        rounded = abs(rounded)
    text = f"{rounded:,.{decimals}f}" if grouping else f"{rounded:.{decimals}f}"
    return text


def scaled(value, scale_factor: Decimal) -> Decimal:
    return to_decimal(value) / scale_factor


def format_amount(loc: Locale, value, decimals: int, scale: str = "", scale_factor=Decimal(1),
                  grouping: bool | None = None) -> str:
    """1815.3 → "1815.3"; 570000 with 万 → "57万"; en groups thousands: 24,208."""
    number = scaled(value, scale_factor)
    if grouping is None:
        grouping = loc is EN
    text = plain_number(number, decimals, grouping)
    if scale:
        text += loc.unit_space + loc.scale_word(scale)
    return text


def format_percent(loc: Locale, percent_value, decimals: int) -> str:
    return plain_number(to_decimal(percent_value), decimals) + "%"


def spaced_word(loc: Locale, word: str) -> str:
    """A template's own direction word gets the locale's spacing: "fell 1.7%", "减少1.7%"
    (a word ending in a space or a sign such as "+" is left as written)."""
    return word + loc.space if loc.space and word and word[-1].isalpha() else word


def direction(loc: Locale, ratio, decimals: int = 1, up: str | None = None,
              down: str | None = None) -> str:
    """A relative change as a phrase: 0.065 → "增长6.5%" / "up 6.5%"; 0 after rounding → "持平"."""
    shown = round_half_up(to_decimal(ratio) * 100, decimals)
    if shown == 0:
        return loc.unchanged
    if shown > 0:
        word = loc.up if up is None else spaced_word(loc, up)
    else:
        word = loc.down if down is None else spaced_word(loc, down)
    return word + plain_number(abs(shown), decimals) + "%"


def pp_phrase(loc: Locale, points, decimals: int = 1, up: str | None = None,
              down: str | None = None) -> str:
    """A change of a percentage: 0.1 → "提高0.1个百分点" / "up 0.1 percentage points"."""
    shown = round_half_up(points, decimals)
    if shown == 0:
        return loc.unchanged
    if shown > 0:
        word = loc.pp_up if up is None else spaced_word(loc, up)
    else:
        word = loc.pp_down if down is None else spaced_word(loc, down)
    unit = loc.pp_unit
    if loc is EN and abs(shown) == 1:
        unit = " percentage point"
    return word + plain_number(abs(shown), decimals) + unit


def format_points(loc: Locale, points, decimals: int) -> str:
    """A difference in percentage points with its unit: "0.02个百分点" / "0.02 percentage points"."""
    shown = round_half_up(to_decimal(points), decimals)
    unit = " percentage point" if loc is EN and abs(shown) == 1 else loc.pp_unit
    return plain_number(shown, decimals) + unit


def ordinal(loc: Locale, n: int) -> str:
    """Rank → "第二" / "2nd"."""
    n = int(n)
    if loc is ZH:
        return "第" + chinese_numeral(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
