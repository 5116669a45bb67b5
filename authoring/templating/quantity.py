"""Data values as templates see them: Quantities that remember their formula and inputs.

A Quantity is what every template expression evaluates to, so that a printed figure can be
traced back to its data cells (the audit trail) and formatted the same way everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from .. import compute
from ..data.schema import Dataset, Indicator
from ..errors import ComputeError, Location, TemplateError
from . import kinds


@dataclass(frozen=True)
class Input:
    indicator: str
    year: int
    value: Decimal
    location: Location
    source: str = ""


@dataclass(frozen=True)
class Quantity:
    """A number plus how to show it. kind: amount, percent, ratio (0.065 = 6.5%), rank, count, year."""

    value: Decimal
    kind: str = "amount"
    unit: str = ""
    decimals: int = 0
    scale: str = ""
    scale_factor: Decimal = Decimal(1)
    formula: str = ""
    inputs: tuple[Input, ...] = ()
    currency: str = ""  # ISO code ("EUR") when the indicator declares one; see `money`
    # what a ratio is: "growth" (x.yoy, 0.104 = +10.4%), "share" (of a total) or "quotient"
    # (a / b, 1.104 = 110.4% of b); `times` adds 1 to a growth only, `change` takes a growth
    role: str = ""

    # Comparisons and arithmetic let templates write {% if x > y %} and x + y naturally; the
    # rules of kinds.py decide what each means (percent - percent is points) or refuse it
    def _v(self, other):
        return kinds.comparable(self, other)

    def __lt__(self, other): a, b = self._v(other); return a < b  # noqa: E702
    def __le__(self, other): a, b = self._v(other); return a <= b  # noqa: E702
    def __gt__(self, other): a, b = self._v(other); return a > b  # noqa: E702
    def __ge__(self, other): a, b = self._v(other); return a >= b  # noqa: E702

    def __eq__(self, other):
        if isinstance(other, (Quantity, int, Decimal, float)) and not isinstance(other, bool):
            try:
                a, b = self._v(other)
            except TemplateError:
                return False  # a rank is never equal to an amount
            return a == b
        return NotImplemented

    def __hash__(self):
        return hash(self.value)

    def __int__(self):
        # Jinja's `int` filter turns any TypeError/ValueError into a silent 0 ("zeroth"), so a
        # value that is not whole raises a TemplateError, which the filter does not swallow
        if self.value != self.value.to_integral_value():
            raise TemplateError(f"{self.formula or self.value} = {self.value} is not a whole "
                                "number, so it cannot be used as an integer",
                                hint="round it for display with num(0), or compare it instead")
        return int(self.value)

    __index__ = __int__  # so `names[rank]` indexes a list with a whole-number Quantity

    def __float__(self):
        return float(self.value)

    def __str__(self):
        # reached by `~`, `join`, `string` and "%s" %: text without the report's number format
        # or an audit row, so it is refused at the template line rather than printed
        raise TemplateError(f"the figure {self.formula or self.value} was turned into plain "
                            "text (with ~, join, string or %)",
                            hint="print figures with {{ x }} or a filter such as {{ x | num }} "
                                 "and write the text around them")

    def __repr__(self):
        # short: Jinja puts this into messages such as "list object has no element …"
        return f"<{self.kind} {self.formula or 'value'} = {self.value}>"

    def __add__(self, other): return kinds.arithmetic(self, "+", other)
    def __radd__(self, other): return kinds.arithmetic(other, "+", self)
    def __sub__(self, other): return kinds.arithmetic(self, "-", other)
    def __rsub__(self, other): return kinds.arithmetic(other, "-", self)
    def __mul__(self, other): return kinds.arithmetic(self, "*", other)
    def __rmul__(self, other): return kinds.arithmetic(other, "*", self)
    def __truediv__(self, other): return kinds.arithmetic(self, "/", other)
    def __rtruediv__(self, other): return kinds.arithmetic(other, "/", self)
    def __floordiv__(self, other): kinds.refuse_operator(self, "//")
    def __rfloordiv__(self, other): kinds.refuse_operator(self, "//")
    def __mod__(self, other): kinds.refuse_operator(self, "%")
    def __rmod__(self, other): kinds.refuse_operator(self, "%")
    def __pow__(self, other): kinds.refuse_operator(self, "**")
    def __rpow__(self, other): kinds.refuse_operator(self, "**")

    def __neg__(self):
        return replace(self, value=-self.value, formula=f"-{self.formula}")

    def __pos__(self):
        return self

    def __abs__(self):
        return replace(self, value=abs(self.value), formula=f"abs({self.formula})")

    def __round__(self, ndigits=None):
        return kinds.rounded(self, int(ndigits or 0))


def _year(value, ident: str) -> int:
    """A year given in a template (2019, "2019", year - 1) → int, or a TemplateError."""
    try:
        number = compute.to_decimal(value.value if isinstance(value, Quantity) else value)
    except (ComputeError, TypeError):
        number = None
    if number is None or number != number.to_integral_value():
        raise TemplateError(f"'{ident}' was asked for the year {value!r}, which is not a year",
                            hint=f"write {ident}[2019] or {ident}[year - 1]")
    return int(number)


class IndicatorView:
    """An indicator in templates: prints its report-year value; `x[2019]` picks a year."""

    def __init__(self, indicator: Indicator, year: int, dataset: Dataset):
        self._ind = indicator
        self._year = year
        self._dataset = dataset

    # descriptive attributes
    @property
    def id(self): return self._ind.id
    @property
    def label(self): return self._ind.label
    @property
    def unit(self): return self._ind.unit
    @property
    def source(self): return self._ind.source
    @property
    def notes(self): return self._ind.notes
    @property
    def kind(self): return self._ind.kind
    @property
    def years(self): return self._ind.years()
    @property
    def decimals(self): return self._ind.decimals
    @property
    def currency(self): return getattr(self._ind, "currency", "")

    # `x | int`, `x | float` and `names[x]` mean the report-year value (Jinja's `int` filter
    # would otherwise give a silent 0 for an object it cannot convert)
    def __int__(self): return int(self.value)
    def __index__(self): return int(self.value)
    def __float__(self): return float(self.value)

    # `{% if x > 2 %}`, `{% if x == 1 %}` and `{% if x < x[2019] %}` compare the report-year
    # value; two indicators are equal only if they are the same one (`x in [a, b]` stays true
    # to its word whatever the values)
    def __eq__(self, other):
        if isinstance(other, (Quantity, int, Decimal, float)) and not isinstance(other, bool):
            return self.value == other
        return NotImplemented

    __hash__ = object.__hash__

    def __lt__(self, other): return self.value < other
    def __le__(self, other): return self.value <= other
    def __gt__(self, other): return self.value > other
    def __ge__(self, other): return self.value >= other

    # in arithmetic an indicator is its report-year value: rd_a - rd_b is rd_a[year] - rd_b[year]
    def __add__(self, other): return self.value + other
    def __radd__(self, other): return other + self.value
    def __sub__(self, other): return self.value - other
    def __rsub__(self, other): return other - self.value
    def __mul__(self, other): return self.value * other
    def __rmul__(self, other): return other * self.value
    def __truediv__(self, other): return self.value / other
    def __rtruediv__(self, other): return other / self.value
    def __floordiv__(self, other): return self.value // other
    def __rfloordiv__(self, other): return other // self.value
    def __mod__(self, other): return self.value % other
    def __rmod__(self, other): return other % self.value
    def __pow__(self, other): return self.value ** other
    def __rpow__(self, other): return other ** self.value
    def __neg__(self): return -self.value
    def __pos__(self): return self.value
    def __abs__(self): return abs(self.value)
    def __round__(self, ndigits=None): return round(self.value, ndigits)

    def __iter__(self):
        # Python would iterate by x[0], x[1]… ("has no value for 0"): say what was meant
        raise TemplateError(f"the indicator {self._ind.id} is one indicator, not a list",
                            hint="give a list [a, b], a breakdown or indicators | matching('id_*'); "
                                 "the years of an indicator are x.years")

    def __str__(self):
        raise TemplateError(f"the indicator {self._ind.id} was turned into plain text (with ~, "
                            "join, string or %)",
                            hint="print it with {{ x }} or a filter such as {{ x | num }}, and its "
                                 "name with {{ x.label }}")

    @property
    def reference(self) -> "IndicatorView":
        """The declared reference total (e.g. the national figure), for shares."""
        if not self._ind.total:
            raise TemplateError(f"'{self._ind.id}' declares no reference total",
                                hint="add 'total: <indicator id>' to its metadata")
        return IndicatorView(self._dataset.indicators[self._ind.total], self._year, self._dataset)

    def has(self, year) -> bool:
        return int(year) in self._ind.values

    def at(self, year) -> Quantity:
        year = _year(year, self._ind.id)
        value = self._ind.values.get(year)
        if value is None:
            have = ", ".join(str(y) for y in self._ind.years()) or "no years"
            raise TemplateError(f"'{self._ind.id}' has no value for {year} (data has {have})",
                                hint=f"add {self._ind.id},{year},<value> to the data")
        ind = self._ind
        kind = "percent" if ind.kind == "percent" else ind.kind
        return Quantity(value.value, kind, ind.unit, ind.decimals, ind.scale, ind.scale_factor,
                        f"{ind.id}[{year}]",
                        (Input(ind.id, year, value.value, value.location, ind.source),),
                        getattr(ind, "currency", ""))

    def __getitem__(self, year) -> Quantity:
        if isinstance(year, str) and not year.strip().isdigit():
            # not a year: Jinja then reads the attribute, so sort(attribute="yoy") and
            # map(attribute="label") work instead of failing on int("yoy")
            raise KeyError(year)
        return self.at(year)

    @property
    def value(self) -> Quantity:
        return self.at(self._year)

    @property
    def prev(self) -> Quantity:
        return self.at(self._year - 1)

    def yoy_between(self, start: int, end: int) -> Quantity:
        if self._ind.kind == "percent":
            raise ComputeError(f"'{self._ind.id}' is a percentage; a relative change of it is "
                               "misleading", hint="use pp_change (percentage points) instead")
        cur, prev = self.at(end), self.at(start)
        try:
            ratio = compute.yoy_change(cur.value, prev.value)
        except ComputeError as exc:
            raise ComputeError(f"{self._ind.id} {start}→{end}: {exc.message}", hint=exc.hint) from None
        return Quantity(ratio, "ratio", formula=f"{cur.formula} / {prev.formula} - 1",
                        inputs=cur.inputs + prev.inputs, role="growth")

    @property
    def yoy(self) -> Quantity:
        """Relative change to the previous year, as a ratio."""
        return self.yoy_between(self._year - 1, self._year)

    @property
    def change(self) -> Quantity:
        """Absolute change to the previous year, in the indicator's unit (for an indicator in
        %: in percentage points, at its decimals; "0.07%" would be a wrong unit)."""
        if self._ind.kind == "percent":
            return replace(self.pp, decimals=self._ind.decimals)
        cur, prev = self.value, self.prev
        return Quantity(cur.value - prev.value, cur.kind, cur.unit, cur.decimals, cur.scale,
                        cur.scale_factor, f"{cur.formula} - {prev.formula}", cur.inputs + prev.inputs,
                        cur.currency)

    @property
    def pp(self) -> Quantity:
        """Change in percentage points (for indicators in %)."""
        if self._ind.kind != "percent":
            raise ComputeError(f"'{self._ind.id}' is not a percentage, so percentage points do "
                               "not apply", hint="use yoy / change for amounts")
        cur, prev = self.value, self.prev
        return Quantity(compute.pp_change(cur.value, prev.value), "points", "", 1,
                        formula=f"{cur.formula} - {prev.formula}", inputs=cur.inputs + prev.inputs)

    def __getattr__(self, name):
        # only reached for unknown attributes: give the template author a useful hint
        if name.startswith("_"):
            raise AttributeError(name)  # Python and Jinja probe dunders; not a user error
        from ..suggest import hint

        known = [n for n in dir(type(self)) if not n.startswith("_")]
        raise TemplateError(f"an indicator has no attribute '{name}'",
                            hint=hint(name, known, f"available: {', '.join(known)}"))

    def __repr__(self):
        return f"<indicator {self._ind.id}>"


class BreakdownView:
    """A breakdown in templates: `.parts` (indicators), `.total` (the checked sum) per year."""

    def __init__(self, breakdown, views: dict, year: int):
        self._b = breakdown
        self._views = views
        self._year = year
        self.id = breakdown.id
        self.label = breakdown.label

    @property
    def parts(self) -> list[IndicatorView]:
        return [self._views[p] for p in self._b.parts]

    def total_at(self, year) -> Quantity:
        quantities = [view.at(year) for view in self.parts]
        first = quantities[0]
        value = sum((q.value for q in quantities), Decimal(0))
        formula = " + ".join(q.formula for q in quantities)
        inputs = tuple(i for q in quantities for i in q.inputs)
        return Quantity(value, first.kind, first.unit, first.decimals, first.scale,
                        first.scale_factor, formula, inputs, first.currency)

    @property
    def total(self) -> Quantity:
        return self.total_at(self._year)

    def __repr__(self):
        return f"<breakdown {self._b.id}>"
