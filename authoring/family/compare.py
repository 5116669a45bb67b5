"""The family in templates: `member` (id, name, columns) and `members` (rank, share of the
parent, average, position, top N, count above), each figure a Quantity with its formula and
every member's input cell, so comparisons are audited like any printed figure."""

from __future__ import annotations

from decimal import Decimal

from .. import compute
from ..errors import TemplateError
from ..suggest import hint, nearest
from ..templating.quantity import Input, IndicatorView, Quantity
from .data import FamilyScope
from .members import Member

# the words `position` prints when a template gives none
POSITION_WORDS = {"zh-CN": ("高于", "低于", "持平于"), "en": ("above", "below", "level with")}


class MemberView(str):
    """A member in templates: `id`, `name` and any other column of the members table. It is
    its name as a string, so printing it escapes it like any data text."""

    def __new__(cls, member: Member):
        view = super().__new__(cls, member.name)
        view._columns = dict(member.columns)
        view._member = member
        return view

    def __getattribute__(self, name: str):
        # a column wins over a str method of the same name ("title", "count", "index")
        if not name.startswith("_"):
            columns = str.__getattribute__(self, "_columns")
            if name in columns:
                return columns[name]
        return str.__getattribute__(self, name)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        columns = str.__getattribute__(self, "_columns")
        raise TemplateError(f"the members table has no column '{name}'",
                            hint=hint(name, columns, f"columns: {', '.join(columns)}"))

    def __repr__(self):
        return f"<member {self._member.id}>"


class Placed:
    """One member's place in a comparison: `member`, `name`, `id`, `value`, `rank`, and on
    demand `prev_rank` (the rank the year before) and `share` (of the parent's value)."""

    def __init__(self, members: "MembersView", member: Member, ident: str, year: int,
                 value: Quantity, rank: Quantity):
        self._members, self._ident, self._year = members, ident, year
        self.member = MemberView(member)
        self.id, self.name, self.value, self.rank = member.id, member.name, value, rank

    @property
    def prev_rank(self) -> Quantity:
        return self._members.rank(self._ident, self.id, self._year - 1)

    @property
    def share(self) -> Quantity:
        return self._members.share(self._ident, self.id, self._year)


class MembersView:
    """Every member of the family, in table order; comparisons of one indicator among them."""

    def __init__(self, scope: FamilyScope, year: int, lang: str):
        self._scope, self._year, self._lang = scope, year, lang
        self._family = scope.family
        # (indicator, year) → every member's figure, and the one tuple of all their cells
        # that each rank of it shares (the audit lists a shared tuple once: records/audit.py);
        # (indicator, year, descending) → every member's rank. A ranked table of N members
        # then costs N, not N² (each rank used to re-read and list every member's cell).
        self._values: dict = {}
        self._cells: dict = {}
        self._ranks: dict = {}

    def __iter__(self):
        return iter(MemberView(m) for m in self._family.members)

    def __len__(self):
        return len(self._family.members)

    @property
    def count(self) -> int:
        return len(self._family.members)

    # ------------------------------------------------------------ one figure

    def value(self, indicator, member=None, at=None) -> Quantity:
        """`member`'s value of `indicator` in `at` (default: this report's member, the report year)."""
        ident, year = self._ident(indicator), self._at(at)
        return self._quantity(self._member(member), ident, year)

    def rank(self, indicator, member=None, at=None, descending=True) -> Quantity:
        """The member's competition rank among all members (1 = largest; ties share a place)."""
        ident, year = self._ident(indicator), self._at(at)
        mine = self._member(member)
        values = self._all(ident, year)
        key = (ident, year, bool(descending))
        if key not in self._ranks:
            self._ranks[key] = compute.ranks({m: q.value for m, q in values.items()}, descending)
        order = "largest" if descending else "smallest"
        return Quantity(Decimal(self._ranks[key][mine.id]), "rank",
                        formula=f"rank of {mine.id} among {len(values)} members by "
                                f"{ident}[{year}] (1 = {order})",
                        inputs=self._all_cells(ident, year))

    def share(self, indicator, member=None, at=None) -> Quantity:
        """The member's value as a ratio of the parent's value of the same indicator."""
        ident, year = self._ident(indicator), self._at(at)
        part = self._quantity(self._member(member), ident, year)
        whole = self._parent(ident).at(year)
        return Quantity(compute.share(part.value, whole.value), "ratio",
                        formula=f"{part.formula} / {whole.formula}", inputs=part.inputs + whole.inputs,
                        role="share")

    def total(self, indicator, at=None) -> Quantity:
        """The sum over all members."""
        ident, year = self._ident(indicator), self._at(at)
        values = list(self._all(ident, year).values())
        first = values[0]
        return Quantity(sum((q.value for q in values), Decimal(0)), first.kind, first.unit,
                        first.decimals, first.scale, first.scale_factor,
                        f"sum of {ident}[{year}] over {len(values)} members",
                        self._all_cells(ident, year), first.currency)

    def average(self, indicator, at=None) -> Quantity:
        """The members' plain (unweighted) mean."""
        total = self.total(indicator, at)
        n = len(self._family.members)
        return Quantity(total.value / n, total.kind, total.unit, total.decimals, total.scale,
                        total.scale_factor, f"({total.formula}) / {n}", total.inputs, total.currency)

    def count_above(self, indicator, threshold, at=None) -> Quantity:
        """How many members have a value above `threshold` (strictly)."""
        from ..templating.vocabulary import as_quantity

        ident, year = self._ident(indicator), self._at(at)
        limit = as_quantity(threshold)  # a number, or a figure such as the parent's value
        values = self._all(ident, year)
        count = sum(1 for q in values.values() if q.value > limit.value)
        return Quantity(Decimal(count), "count",
                        formula=f"count of {len(values)} members with {ident}[{year}] > "
                                f"{limit.formula} = {limit.value}",
                        inputs=self._all_cells(ident, year) + limit.inputs)

    def position(self, indicator, than="average", member=None, at=None, above=None, below=None,
                 same=None):
        """"above" / "below" / "level with" (or the words given) the members' average or
        the parent's value; the audit row gives both figures and the rule that chose."""
        from ..templating.vocabulary import worded

        ident, year = self._ident(indicator), self._at(at)
        mine = self._quantity(self._member(member), ident, year)
        if than == "average":
            other = self.average(ident, year)
        elif than == "parent":
            other = self._parent(ident).at(year)
        else:
            raise TemplateError(f"position(than={than!r}): compare with 'average' or 'parent'")
        words = POSITION_WORDS.get(self._lang, POSITION_WORDS["en"])
        up, down, level = above or words[0], below or words[1], same or words[2]
        difference = mine - other
        word = up if mine.value > other.value else down if mine.value < other.value else level
        sign = ">" if word == up else "<" if word == down else "="
        return worded(word, difference,
                      f"{mine.formula} = {mine.value} {sign} {other.formula} = {other.value}")

    # ------------------------------------------------------------ lists

    def ranked(self, indicator, at=None, descending=True) -> list[Placed]:
        """Every member with its value and rank, first place first (ties in table order)."""
        ident, year = self._ident(indicator), self._at(at)
        values = self._all(ident, year)
        places = [Placed(self, m, ident, year, values[m.id], self.rank(ident, m.id, year, descending))
                  for m in self._family.members]  # values and ranks computed once (see __init__)
        return sorted(places, key=lambda p: p.rank.value)

    def top(self, indicator, n=3, at=None, descending=True) -> list[Placed]:
        """The first `n` members of `ranked` (fewer when there are fewer members)."""
        return self.ranked(indicator, at, descending)[:int(n)]

    # ------------------------------------------------------------ helpers

    def _ident(self, indicator) -> str:
        ident = indicator.id if isinstance(indicator, IndicatorView) else str(indicator)
        if ident not in self._family.indicators:
            given = sorted(self._family.indicators)
            close = nearest(ident, given)
            raise TemplateError(f"'{ident}' is not given per member, so members cannot be "
                                "compared by it", hint=f"did you mean {', '.join(close)}?" if close
                                else f"indicators in the member data: {', '.join(given)}")
        return ident

    def _at(self, at) -> int:
        return self._year if at is None else int(at)

    def _member(self, member) -> Member:
        if member is None:
            if not self._scope.member:
                raise TemplateError("the parent report has no member of its own: name one, "
                                    "e.g. members.rank(x, 'north')")
            member = self._scope.member
        return self._family.member(member._member.id if isinstance(member, MemberView) else str(member))

    def _parent(self, ident: str) -> IndicatorView:
        parent = self._scope.parent
        return IndicatorView(parent.indicators[ident], self._year, parent)

    def _quantity(self, member: Member, ident: str, year: int) -> Quantity:
        value = self._family.value(member, ident, year)
        if value is None:
            raise TemplateError(f"member '{member.id}' has no value of '{ident}' for {year}",
                                hint=f"add {ident},{member.id},{year},<value> to the member data")
        ind = self._scope.parent.indicators[ident]
        return Quantity(value.value, ind.kind, ind.unit, ind.decimals, ind.scale, ind.scale_factor,
                        f"{ident}[{member.id}, {year}]",
                        (Input(f"{ident}@{member.id}", year, value.value, value.location, ind.source),),
                        getattr(ind, "currency", ""))

    def _all(self, ident: str, year: int) -> dict[str, Quantity]:
        if (ident, year) not in self._values:
            self._values[(ident, year)] = {m.id: self._quantity(m, ident, year)
                                           for m in self._family.members}
        return self._values[(ident, year)]

    def _all_cells(self, ident: str, year: int) -> tuple:
        if (ident, year) not in self._cells:
            self._cells[(ident, year)] = tuple(i for q in self._all(ident, year).values()
                                               for i in q.inputs)
        return self._cells[(ident, year)]


def family_context(config, parent) -> tuple:
    """(the report's dataset, the names templates get: `member`, `members`, `parent`)."""
    from .data import load_family

    return scoped_context(config, parent, load_family(config, parent))


def scoped_context(config, parent, family) -> tuple:
    """`family_context` with the family given (new-year gives one whose series record reads)."""
    from ..errors import Location
    from .data import FamilyScope, member_dataset

    scope = FamilyScope(family, config.member, parent)
    dataset = member_dataset(scope) if config.member else _with_scope(parent, scope)
    clash = {"member", "members", "parent"} & set(parent.indicators)
    if clash:
        name = sorted(clash)[0]
        raise TemplateError(f"the indicator id '{name}' clashes with a report family's template "
                            "name", parent.indicators[name].location or Location("data"),
                            hint="rename the indicator")
    parent_views = {ident: IndicatorView(ind, config.year, parent)
                    for ident, ind in parent.indicators.items()}
    extra = {"member": MemberView(family.member(config.member)) if config.member else None,
             "members": MembersView(scope, config.year, config.lang), "parent": parent_views}
    return dataset, extra


def _with_scope(dataset, scope):
    import dataclasses

    return dataclasses.replace(dataset, family=scope)
