"""Two template values and an operator → the result with its kind, or a TemplateError saying
what to write instead: the arithmetic a statistician allows.

Every Quantity carries a kind: an amount (in a unit, shown at a scale), a count, a ratio
(a share, a growth rate or a multiple, 0.065 = 6.5%), a percentage (an indicator in %), a
difference in percentage points, a rank or a year. The rules below keep a sentence from
printing a wrong figure or unit without an error:

- a percentage minus a percentage, and a share minus a share, is a change in percentage
  points (2.67% − 2.65% is 0.02 percentage points, not "0.02%");
- a ratio, percentage or points times (or divided by) 100 is refused: the filters already
  print a ratio as a percentage (`pct`), so the 100 would be applied twice;
- amounts in different units (亿元 and 万元, EUR and USD) are never added, subtracted,
  divided or compared;
- an indicator in an expression means its report-year value.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from .. import compute
from ..errors import ComputeError, TemplateError

PERCENT_LIKE = ("percent", "ratio", "points")
HUNDRED = Decimal(100)


def describe(q) -> str:
    """A kind in words, for messages: "an amount in 亿元", "a ratio (share or growth)"."""
    if q.kind == "amount":
        unit = q.currency or q.unit
        return f"an amount in {unit}" if unit else "a number"
    return {
        "percent": "a percentage", "ratio": "a ratio (a share, growth rate or multiple)",
        "points": "a difference in percentage points", "rank": "a rank", "count": "a count",
        "year": "a year",
    }.get(q.kind, f"a {q.kind}")


def operand(value):
    """A template value → a Quantity (an indicator: its report-year value) or a Decimal."""
    from .quantity import IndicatorView, Quantity

    if isinstance(value, IndicatorView):
        return value.value
    if isinstance(value, Quantity):
        return value
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return compute.to_decimal(value)
    shown = repr(value) if isinstance(value, str) else "this value"
    raise TemplateError(f"a figure cannot be combined with {shown} by arithmetic",
                        hint="use figures and numbers in arithmetic; put text around {{ }} "
                             "in the template instead")


def unitless(q) -> bool:
    """A plain number dressed as a Quantity (a multiple, a literal): acts as a scalar."""
    return q.kind == "amount" and not q.unit and not q.currency


def arithmetic(left, op: str, right):
    """`left op right` for + - * /, where at least one side is a Quantity."""
    a, b = operand(left), operand(right)
    if isinstance(a, Decimal) and isinstance(b, Decimal):  # cannot happen from a Quantity
        raise TemplateError("arithmetic needs a figure")
    if op in ("+", "-"):
        return _add(a, op, b)
    if op == "*":
        return _multiply(a, b)
    return _divide(a, b)


def refuse_operator(q, op: str):
    """//, % and ** on a figure: no statistical meaning that a filter does not give better."""
    hints = {"**": "for an average annual growth rate use cagr(x, first_year)",
             "//": "to show fewer digits use num(0); to divide use /",
             "%": "to show a share use share(part, total) | pct"}
    raise TemplateError(f"'{op}' cannot be used on {describe(q)} ({q.formula})", hint=hints[op])


# ------------------------------------------------------------------ building results


def _formula(a, symbol: str, b) -> str:
    def text(x):
        if isinstance(x, Decimal):
            return _number(x)
        bare = " " in x.formula and not (x.formula.startswith("(") and x.formula.endswith(")"))
        return f"({x.formula})" if bare else x.formula
    return f"{text(a)} {symbol} {text(b)}"


def _number(x: Decimal) -> str:
    return f"{x.normalize():f}" if x == x.to_integral_value() or abs(x) < 1 else f"{x:f}"


def _inputs(a, b) -> tuple:
    return (() if isinstance(a, Decimal) else a.inputs) + (() if isinstance(b, Decimal) else b.inputs)


def _result(base, a, symbol, b, value, **changes):
    return replace(base, value=value, formula=_formula(a, symbol, b), inputs=_inputs(a, b), **changes)


def _refuse(a, symbol, b, hint: str, why: str = ""):
    left = describe(a) if not isinstance(a, Decimal) else f"the number {_number(a)}"
    right = describe(b) if not isinstance(b, Decimal) else f"the number {_number(b)}"
    verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[symbol]
    pair = {"+": f"{right} to {left}", "-": f"{right} from {left}", "*": f"{left} by {right}",
            "/": f"{left} by {right}"}[symbol]
    message = f"cannot {verb} {pair}" + (f" ({why})" if why else "")
    raise TemplateError(f"{message}: {_formula(a, symbol, b)}", hint=hint)


# ------------------------------------------------------------------ + and -


def _percent_value(q) -> Decimal:
    """A percentage-like value on the scale of percent: ratio 0.3255 → 32.55."""
    return q.value * HUNDRED if q.kind == "ratio" else q.value


def _shown_decimals(q) -> int:
    """The decimals a percentage-like value prints with (`pct` shows a ratio with one)."""
    return 1 if q.kind == "ratio" else q.decimals


def _add(a, op, b):
    sign = 1 if op == "+" else -1
    if isinstance(b, Decimal) or isinstance(a, Decimal):
        return _add_number(a, op, b)
    if a.kind in PERCENT_LIKE and b.kind in PERCENT_LIKE:
        return _add_percent(a, op, b)
    same = a.kind == b.kind
    if a.kind in ("amount", "count") and b.kind in ("amount", "count"):
        if not same and not (unitless(a) or unitless(b)):
            _refuse(a, op, b, "count the items with a function such as streak, or compare "
                              "amounts of the same indicator")
        _same_unit(a, op, b)
        base = a if (a.unit or a.currency or not unitless(a)) else b
        return _result(base, a, op, b, a.value + sign * b.value,
                       decimals=max(a.decimals, b.decimals) if a.kind == b.kind else base.decimals)
    if same and a.kind == "rank" and op == "-":
        return _result(a, a, op, b, a.value - b.value)  # places moved, as x.change gives
    if same and a.kind == "year" and op == "-":
        return _result(a, a, op, b, a.value - b.value, kind="count", unit="", decimals=0)
    if a.kind in PERCENT_LIKE or b.kind in PERCENT_LIKE:
        _refuse(a, op, b, "compare percentages with percentages (their difference is in "
                          "percentage points) and amounts with amounts of the same unit")
    _refuse(a, op, b, "subtract a rank from a rank, or a year from a year; add plain numbers "
                      "to them (year - 1)")


def _add_number(a, op, b):
    """A figure ± a plain number: keeps the figure's kind (year - 1, 1 - share, x + 5)."""
    q = a if not isinstance(a, Decimal) else b
    n = b if q is a else a
    if q is b and op == "-" and q.kind in ("rank", "year"):
        _refuse(a, op, b, f"write {q.kind} - number, not number - {q.kind}")
    value = a.value + n if q is a and op == "+" else a.value - n if q is a else \
        n + b.value if op == "+" else n - b.value
    return _result(q, a, op, b, value, role=_ratio_role(q, op, n, q is a))


def _ratio_role(q, op: str, n: Decimal, figure_first: bool) -> str:
    """What a ratio ± 1 is: a growth + 1 is the quotient of the two values (0.104 + 1 =
    1.104 times the base) and a quotient - 1 a growth, so `(x.yoy + 1) | times` prints 1.1倍
    and `(a / b - 1) | change` 增长10.4%, never a 1 added twice."""
    if q.kind != "ratio" or n != 1:
        return q.role
    if q.role == "growth" and op == "+":
        return "quotient"
    if q.role == "quotient" and op == "-" and figure_first:
        return "growth"
    return q.role


def growth_only(q, what: str) -> None:
    """Refuse a share or a quotient where a growth rate is meant (`change`, `verb`,
    `compared`): 1.104 = a / b would print as 增长110.4%, a share of 9.3% as 增长9.3%."""
    if q.kind != "ratio" or q.role not in ("share", "quotient"):
        return
    if q.role == "share":
        raise TemplateError(f"{what} expects a growth rate, got a share ({q.formula}): a share is "
                            "a level, not a change",
                            hint="print it with pct; its change on the year before is "
                                 "{{ x | share_of('…') }} or {{ (share(x) - share(x, at=year - 1)) | pp }}")
    times = f"{q.value * HUNDRED:.1f}%"
    raise TemplateError(f"{what} expects a growth rate, got a quotient of two values "
                        f"({q.formula}): the first is {times} of the second, not {times} more",
                        hint="write growth(x, start) | change, or (a / b - 1) | change; a quotient "
                             "prints with pct (110.4%) or times (1.1倍)")


def _add_percent(a, op, b):
    levels = ("percent", "ratio")
    if a.kind in levels and b.kind in levels:
        if op == "-":
            # 2.67% − 2.65% = 0.02 percentage points; a share minus a share likewise
            value = _percent_value(a) - _percent_value(b)
            points = _result(a, a, op, b, value, kind="points", unit="", scale="",
                             scale_factor=Decimal(1), currency="",
                             decimals=max(_shown_decimals(a), _shown_decimals(b)))
            if a.kind == b.kind == "ratio":  # the audit says how points came from ratios
                points = replace(points, formula=f"({points.formula}) * 100")
            elif "ratio" in (a.kind, b.kind):
                ratio, level = (a, b) if a.kind == "ratio" else (b, a)
                scaled = replace(ratio, formula=_formula(ratio, "*", HUNDRED))
                pair = (scaled, level) if ratio is a else (level, scaled)
                points = replace(points, formula=_formula(pair[0], "-", pair[1]))
            return points
        if a.kind == b.kind:
            return _result(a, a, op, b, a.value + b.value)
        value = _percent_value(a) + _percent_value(b)  # a share plus a percentage: in %
        base = a if a.kind == "percent" else b
        return _result(base, a, op, b, value, decimals=max(_shown_decimals(a), _shown_decimals(b)))
    if a.kind == "points" and b.kind == "points":
        return _result(a, a, op, b, a.value + b.value if op == "+" else a.value - b.value,
                       decimals=max(a.decimals, b.decimals))
    if a.kind in levels:  # a level moved by some points: 2.52% + 0.14 points = 2.66%
        points = b.value if op == "+" else -b.value
        return _result(a, a, op, b, a.value + (points / HUNDRED if a.kind == "ratio" else points))
    if op == "+":  # points + level
        return _add_percent(b, "+", a)
    _refuse(a, op, b, "subtract points from a percentage (level - points), not the other way")


def _same_unit(a, symbol, b) -> None:
    """Refuse amounts in different units or currencies; a side without a unit goes along."""
    if a.currency and b.currency and a.currency != b.currency:
        _refuse(a, symbol, b, "convert one currency in the data first, or print each on its own",
                "the currencies differ")
    if a.unit and b.unit and a.unit != b.unit and not (a.currency and a.currency == b.currency):
        _refuse(a, symbol, b, "put both indicators in the same unit in the data (e.g. both in 亿元)",
                f"the units differ ({a.unit}, {b.unit})")


# ------------------------------------------------------------------ * and /


def _hundred(q, n: Decimal, symbol: str, a, b) -> None:
    if q.kind not in PERCENT_LIKE or abs(n) != HUNDRED:
        return
    hint = {"ratio": "a ratio prints as a percentage with pct: {{ x.yoy | pct }} → 6.5%; "
                     "its change in points: (share(a) - share(b)) | pp",
            "percent": "the value is already in %: print it as it is, or subtract another "
                       "percentage for percentage points",
            "points": "a difference of two percentages or shares is already in percentage "
                      "points: print it with pp, without the 100"}[q.kind]
    _refuse(a, symbol, b, hint, "the filters already show it in percent")


def _multiply(a, b):
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        q, n = (b, a) if isinstance(a, Decimal) else (a, b)
        _hundred(q, n, "*", a, b)
        if q.kind in ("rank", "year"):
            _refuse(a, "*", b, f"a {q.kind} is not multiplied; print it as it is")
        return _result(q, a, "*", b, q.value * n)
    for q, other in ((a, b), (b, a)):
        if unitless(other) and other.kind == "amount":  # a multiple or plain number: a scalar
            if q.kind not in ("rank", "year"):
                return _result(q, a, "*", b, q.value * other.value)
        if q.kind in ("ratio", "percent") and other.kind == "amount":
            # a share of a total: 32.55% × 18,245 firms = 5,939 firms
            factor = q.value if q.kind == "ratio" else q.value / HUNDRED
            return _result(other, a, "*", b, other.value * factor)
    if a.kind == "ratio" and b.kind == "ratio":
        return _result(a, a, "*", b, a.value * b.value)
    _refuse(a, "*", b, "multiply a share or ratio by an amount, or a figure by a number")


def _divide(a, b):
    divisor = b if isinstance(b, Decimal) else b.value
    if divisor == 0:
        raise ComputeError(f"division by zero in {_formula(a, '/', b)}",
                           hint="guard it with {% if … %} or check the data")
    if isinstance(b, Decimal):
        _hundred(a, b, "/", a, b)
        if a.kind in ("rank", "year"):
            _refuse(a, "/", b, f"a {a.kind} is not divided; print it as it is")
        return _result(a, a, "/", b, a.value / b)
    if isinstance(a, Decimal):
        if unitless(b) or b.kind == "count":
            return _result(b, a, "/", b, a / b.value, kind="amount", unit="", decimals=b.decimals)
        _refuse(a, "/", b, "divide a figure by a number or by a figure of the same unit")
    if unitless(b) and b.kind == "amount" and a.kind not in ("rank", "year"):
        return _result(a, a, "/", b, a.value / b.value)
    if a.kind in ("amount", "count") and b.kind in ("amount", "count"):
        if a.kind == "amount" and b.kind == "count" and not unitless(a):
            return _result(a, a, "/", b, a.value / b.value)  # an average per item
        _same_unit(a, "/", b)
        return _ratio(a, b)
    if a.kind == b.kind and a.kind in PERCENT_LIKE:
        return _ratio(a, b)
    if a.kind == "amount" and b.kind in ("ratio", "percent"):
        # a part over its share is the total: 5,939 firms / 32.55% = 18,245 firms
        share = b.value if b.kind == "ratio" else b.value / HUNDRED
        return _result(a, a, "/", b, a.value / share)
    _refuse(a, "/", b, "divide amounts of the same unit (a ratio), or a figure by a number")


def _ratio(a, b):
    return _result(a, a, "/", b, a.value / b.value, kind="ratio", unit="", scale="",
                   scale_factor=Decimal(1), currency="", decimals=0, role="quotient")


# ------------------------------------------------------------------ comparisons


def comparable(left, right) -> tuple[Decimal, Decimal]:
    """The two values `left < right` compares, on one basis (a ratio against a percentage in
    %), or a TemplateError when the two cannot be compared (amounts in different units)."""
    a, b = operand(left), operand(right)
    if isinstance(a, Decimal) or isinstance(b, Decimal):
        return (a if isinstance(a, Decimal) else a.value), (b if isinstance(b, Decimal) else b.value)
    if a.kind in PERCENT_LIKE and b.kind in PERCENT_LIKE:
        return _percent_value(a), _percent_value(b)
    if a.kind in ("amount", "count") and b.kind in ("amount", "count"):
        if a.kind == b.kind or unitless(a) or unitless(b):
            _same_unit_compare(a, b)
            return a.value, b.value
    if a.kind == b.kind:
        return a.value, b.value
    raise TemplateError(f"cannot compare {describe(a)} ({a.formula}) with {describe(b)} "
                        f"({b.formula})", hint="compare figures of the same kind and unit, or a "
                                                "figure with a number")


def _same_unit_compare(a, b) -> None:
    if (a.currency and b.currency and a.currency != b.currency) or \
            (a.unit and b.unit and a.unit != b.unit and not (a.currency and a.currency == b.currency)):
        raise TemplateError(f"cannot compare {describe(a)} ({a.formula}) with {describe(b)} "
                            f"({b.formula}): the units differ",
                            hint="compare indicators of the same unit")


# ------------------------------------------------------------------ rounding


def rounded(q, decimals: int):
    """`q` rounded half up to `decimals` in the unit and scale it prints in (the `round`
    filter): 235,049 shown in 万 with round(1) → 235,000 (23.5万), printed with 1 decimal."""
    if q.kind == "ratio":
        raise TemplateError(f"round cannot be used on {describe(q)} ({q.formula})",
                            hint="a ratio prints as a percentage: choose its decimals with "
                                 "pct(1), or change(1)")
    factor = q.scale_factor if q.kind == "amount" else Decimal(1)
    value = compute.round_half_up(q.value / factor, decimals) * factor
    return replace(q, value=value, decimals=max(decimals, 0),
                   formula=f"round({q.formula}, {decimals})")
