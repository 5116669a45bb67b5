"""Qualifiers at a scale and precision chosen where they are used, always true of the value."""

import random
from decimal import Decimal as D

import pytest

from authoring.errors import TemplateError
from authoring.templating import locale as L
from authoring.templating.quantity import Quantity
from authoring.templating.vocabulary import make_vocabulary

ZH, _ = make_vocabulary(L.ZH, 2023)
EN, _ = make_vocabulary(L.EN, 2023)


def q(value, kind="amount", decimals=0, unit=""):
    return Quantity(D(str(value)), kind, unit, decimals, formula="x[2023]")


@pytest.mark.parametrize("filters, name, value, kwargs, expected", [
    # "What was seen" 5: the scale at the point of use, not the indicator's
    (ZH, "over", q(18245, unit="家"), {"scale": "万", "decimals": 1, "unit": True}, "超过1.8万家"),
    (EN, "over", q(18245, unit="firms"), {"scale": "thousand", "unit": True},
     "more than 18\u00a0thousand firms"),
    (ZH, "nearly", q("1987.3", decimals=1, unit="亿元"), {"decimals": -2, "unit": True}, "近2000亿元"),
    (EN, "nearly", q("1987.3", decimals=1), {"decimals": -2}, "nearly 2,000"),
    (ZH, "plus", q(23), {"decimals": -1}, "20余"),
    (ZH, "plus", q(2216), {"decimals": -3}, "2000余"),
    (ZH, "about", q(398700000), {"scale": "亿"}, "约4亿"),
    (EN, "about", q(398700000), {"scale": "million"}, "about 399\u00a0million"),
    (ZH, "over", q(1552000000, decimals=1), {"scale": "亿"}, "超过15.5亿"),
    (ZH, "over", q(18000), {"scale": "万", "decimals": 1}, "1.8万"),  # exact: no qualifier
    (ZH, "nearly", q(18001), {"scale": "万", "decimals": 1}, "超过1.8万"),  # 近1.9万 overstates
    (ZH, "nearly", q(11958), {"scale": "万", "decimals": 1}, "近1.2万"),
    (ZH, "over", q("0.3227", kind="ratio"), {"decimals": 0}, "超过32%"),
])
def it_rounds_at_the_scale_given_where_it_is_used(filters, name, value, kwargs, expected):
    assert filters[name](value, **kwargs) == expected


def it_records_the_rule_in_the_audit_formula():
    phrase = ZH["over"](q(18245), scale="万", decimals=1)
    assert phrase.quantity.formula == "x[2023] (万): 1.8245 > 1.8 → 超过1.8万"


@pytest.mark.parametrize("kwargs, message", [
    ({"scale": "lakh"}, "unknown scale 'lakh'"),
    ({"decimals": 1.5}, "decimals must be a whole number"),
])
def it_refuses_what_it_cannot_mean(kwargs, message):
    with pytest.raises(TemplateError, match=message):
        ZH["over"](q(18245), **kwargs)


def it_refuses_a_scale_for_a_percentage_and_a_negative_value():
    with pytest.raises(TemplateError, match="a percentage has no scale"):
        ZH["about"](q("2.5", kind="percent", decimals=1), scale="万")
    with pytest.raises(TemplateError, match="negative"):
        EN["over"](q(-5))


def _values():
    """Values around rounding boundaries and at random, with a fixed seed (reproducible)."""
    rng = random.Random(23)
    edges = [D(n) + D(d) for n in (0, 1, 99, 1000, 17999) for d in ("0", "0.005", "0.5", "0.499", "0.999")]
    randoms = [D(rng.randrange(0, 10 ** 10)).scaleb(-3) for _ in range(200)]
    return [(v, dec, mode) for v in edges + randoms for dec in (-3, -1, 0, 2)
            for mode in ("over", "nearly", "plus", "about")]


@pytest.mark.parametrize("value, decimals, mode", _values())
def it_is_true_of_the_value_for_every_value(value, decimals, mode):
    text = ZH[mode](q(value), decimals=decimals)
    figure = D(text.removeprefix("超过").removeprefix("近").removeprefix("约").removesuffix("余"))
    if text.startswith("近"):
        assert value < figure and figure - value <= D(1).scaleb(-decimals) / 2
    elif text.startswith(("超过",)) or text.endswith("余"):
        assert value > figure
    elif text.startswith("约"):
        assert abs(value - figure) <= D(1).scaleb(-decimals) / 2
    else:
        assert value == figure
