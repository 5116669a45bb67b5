"""The phrasing filters, in both locales, on exact decimals."""

from decimal import Decimal as D

import pytest

from authoring.errors import ComputeError, TemplateError
from authoring.templating import locale as L
from authoring.templating.quantity import Quantity
from authoring.templating.vocabulary import make_vocabulary

ZH, _ = make_vocabulary(L.ZH, 2020)
EN, _ = make_vocabulary(L.EN, 2020)


def q(value, kind="amount", decimals=0, scale="", unit=""):
    factor = {"": D(1), "万": D(10000), "亿": D(10) ** 8, "thousand": D(1000), "million": D(10) ** 6}[scale]
    return Quantity(D(str(value)), kind, unit, decimals, scale, factor, "x")


@pytest.mark.parametrize("filters, quantity, kwargs, expected", [
    (ZH, q("1815.3", decimals=1), {}, "1815.3"),
    (ZH, q("1815.3", decimals=1, unit="亿元"), {"unit": True}, "1815.3亿元"),
    (ZH, q(235000, decimals=1, scale="万"), {}, "23.5万"),
    (EN, q(24208), {}, "24,208"),
    (EN, q(2350000, decimals=1, scale="million"), {}, "2.4\u00a0million"),
    (EN, q("1815.3", decimals=1, unit="100 million yuan"), {"unit": True}, "1,815.3\u00a0100 million yuan"),
    (ZH, q("4.1", kind="percent", decimals=1), {}, "4.1%"),
])
def it_formats_numbers_with_scale_and_decimals(filters, quantity, kwargs, expected):
    assert filters["num"](quantity, **kwargs) == expected


@pytest.mark.parametrize("filters, ratio, expected", [
    (ZH, "0.065", "增长6.5%"), (ZH, "-0.032", "下降3.2%"), (ZH, "0.0004", "持平"),
    (EN, "0.065", "up 6.5%"), (EN, "-0.032", "down 3.2%"), (EN, "-0.0004", "unchanged"),
    (ZH, "0.06449", "增长6.4%"), (ZH, "0.0645", "增长6.5%"),
])
def it_puts_a_direction_word_on_changes(filters, ratio, expected):
    assert filters["change"](q(ratio, kind="ratio")) == expected


@pytest.mark.parametrize("filters, points, expected", [
    (ZH, "0.1", "提高0.1个百分点"), (ZH, "-0.3", "下降0.3个百分点"), (ZH, "0", "持平"),
    (EN, "0.1", "up 0.1 percentage points"), (EN, "-1", "down 1.0 percentage point"),
])
def it_phrases_percentage_points(filters, points, expected):
    assert filters["pp"](q(points, kind="points", decimals=1)) == expected


@pytest.mark.parametrize("filters, n, expected", [
    (ZH, 1, "第一"), (ZH, 2, "第二"), (ZH, 9, "第九"), (ZH, 10, "第十"), (ZH, 21, "第二十一"),
    (EN, 1, "1st"), (EN, 2, "2nd"), (EN, 3, "3rd"), (EN, 11, "11th"), (EN, 22, "22nd"),
])
def it_phrases_ranks(filters, n, expected):
    assert filters["ordinal"](q(n, kind="rank")) == expected


@pytest.mark.parametrize("filters, name, quantity, expected", [
    (ZH, "nearly", q(11958, decimals=1, scale="万"), "近1.2万"),
    (ZH, "over", q(17012, decimals=1, scale="万"), "超过1.7万"),
    (ZH, "plus", q(571000, scale="万"), "57万余"),
    (ZH, "plus", q(17012, decimals=1, scale="万"), "1.7万余"),
    (ZH, "about", q("17.9", kind="percent"), "约18%"),
    (ZH, "over", q(17000, decimals=1, scale="万"), "1.7万"),        # exact: no qualifier
    (ZH, "nearly", q(10010, decimals=1, scale="万"), "超过1.0万"),  # "近1.1万" would overstate
    (EN, "nearly", q(11958, decimals=1, scale="thousand"), "nearly 12.0\u00a0thousand"),
    (EN, "over", q(17090, decimals=0, scale="thousand"), "more than 17\u00a0thousand"),
    (EN, "over", q(17000, decimals=0, scale="thousand"), "17\u00a0thousand"),
    (EN, "plus", q(571000, scale="thousand"), "571\u00a0thousand"),
    (EN, "about", q("17.9", kind="percent"), "about 18%"),
])
def it_qualifies_rounded_figures_truthfully(filters, name, quantity, expected):
    assert filters[name](quantity) == expected


def it_formats_shares_and_ratios_as_percent():
    assert ZH["pct"](q("0.32041", kind="ratio"), 1) == "32.0%"
    assert EN["pct"](q("0.15", kind="ratio"), 0) == "15%"
    with pytest.raises(TemplateError):
        ZH["pct"](q(124))


def it_writes_chinese_numerals():
    assert [ZH["cn"](q(n)) for n in (3, 10, 18, 105, 2020)] == ["三", "十", "十八", "一百零五", "二千零二十"]


def it_prints_multiples():
    assert ZH["times"](q("2.35")) == "2.4倍"
    assert EN["times"](q("2.35")) == "2.4 times"


def it_keeps_the_quantity_behind_each_phrase():
    phrase = ZH["change"](q("0.065", kind="ratio"))
    assert phrase.quantity.value == D("0.065")
