"""Member data tables (indicator, member, year, value; or indicator, member, one column per year)
→ each member's series, each member's errors kept apart so that one bad cell fails one report."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..data.schema import Dataset, Indicator, Value
from ..errors import AuthoringError, DataError, ErrorCollector, Location, raise_all
from .members import Member, data_files, members_file, read_members


@dataclass
class Family:
    members: tuple[Member, ...]
    # member id → indicator id → that member's Indicator (the parent's declaration, its values)
    series: dict[str, dict[str, Indicator]]
    # member id → the errors in its rows; (member id, indicator id) → the first error of that series
    errors: dict[str, list[AuthoringError]] = field(default_factory=dict)
    broken: dict[tuple[str, str], AuthoringError] = field(default_factory=dict)
    files: tuple[str, ...] = ()

    @property
    def indicators(self) -> set[str]:
        """The indicators given per member (the others are the parent's, shared by every report)."""
        return {ident for series in self.series.values() for ident in series}

    def member(self, ident: str) -> Member:
        for member in self.members:
            if member.id == ident:
                return member
        from ..suggest import nearest

        close = nearest(ident, [m.id for m in self.members])
        raise DataError(f"no member '{ident}' in the members table", None,
                        hint=f"did you mean {', '.join(close)}?" if close else
                        f"members: {', '.join(m.id for m in self.members)}")

    def value(self, member: Member, ident: str, year: int) -> Value | None:
        """`member`'s value of `ident` in `year`; a DataError if its row of it was refused."""
        broken = self.broken.get((member.id, ident))
        if broken is not None:
            raise DataError(f"the comparison needs {member.name}'s {ident}, whose data has an "
                            f"error: {broken.message}", broken.location, hint=broken.hint)
        ind = self.series.get(member.id, {}).get(ident)
        return None if ind is None else ind.values.get(year)


@dataclass(frozen=True)
class FamilyScope:
    """The family as one report sees it: `member` is "" in the parent's report."""

    family: Family
    member: str
    parent: Dataset


# the family as last read, by the files' (name, size, modification time): a process that builds
# several members reads the members' data once
_LAST: tuple[tuple, Family] | None = None


def load_family(config, parent: Dataset) -> Family:
    """The members and their series; a problem that belongs to no member (an unknown member, a
    table without a member column) fails the whole family, at once."""
    global _LAST
    paths = [members_file(config), *data_files(config), *config.data_paths()]
    key = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)
    if _LAST is not None and _LAST[0] == key:
        return _LAST[1]
    family = _read(config, parent)
    _LAST = (key, family)
    return family


def _read(config, parent: Dataset) -> Family:
    from ..data.load import _collect, _long_rows, _parse_value, check_breakdown_sums
    from ..data.tables import RawTable, read_tables
    from ..paths import shown_path
    from ..suggest import nearest

    members = read_members(config)
    known = {m.id: m for m in members}
    rows: dict[str, list[dict]] = {m.id: [] for m in members}
    errors = ErrorCollector()
    shown_files = []
    for path in data_files(config):
        shown = shown_path(path, config.project_dir)
        shown_files.append(shown)
        for table in read_tables(path, shown):
            if "member" not in table.columns or "indicator" not in table.columns:
                errors.append(DataError(
                    "a member data table needs an 'indicator' and a 'member' column",
                    Location(shown, 1), hint="indicator,member,year,value or "
                                             "indicator,member,<one column per year>"))
                continue
            columns = tuple(c for c in table.columns if c != "member")
            list(_long_rows(RawTable(table.file, None, columns, ()), errors))  # header check
            for row in table.rows:
                cell = row["member"]
                ident = str(cell.value).strip()
                if ident not in known:
                    close = nearest(ident, known)
                    errors.append(DataError(f"unknown member '{ident}'", cell.location,
                                            hint=f"did you mean {', '.join(close)}?" if close
                                            else "add it to the members table first"))
                    continue
                single = RawTable(table.file, None, columns,
                                  ({k: v for k, v in row.items() if k != "member"},))
                rows[ident].extend(_long_rows(single, []))
    raise_all(errors)
    family = Family(members, {}, files=tuple(shown_files))
    for member in members:
        own: dict[str, Indicator] = {}
        problems: list[AuthoringError] = []
        for row in rows[member.id]:
            ident = str(row["indicator"].value).strip()
            if ident in parent.indicators and ident not in own:
                own[ident] = dataclasses.replace(parent.indicators[ident], values={})
            before = len(problems)
            _collect(problems, _parse_value, row, own, True)
            if len(problems) > before:
                family.broken.setdefault((member.id, ident), problems[before])
        merged = {**parent.indicators, **own}
        for breakdown in parent.breakdowns.values():
            if set(breakdown.parts) & set(own):
                problems.extend(check_breakdown_sums(breakdown, merged))
        family.series[member.id] = own
        family.errors[member.id] = problems
    return family


def member_dataset(scope: FamilyScope) -> Dataset:
    """The dataset of `scope.member`'s report: its own series for the indicators given per
    member, the parent's for the others; its data errors, if any, stop its build here."""
    family, parent = scope.family, scope.parent
    member = family.member(scope.member)
    raise_all(family.errors[member.id])
    own = family.series[member.id]
    given = family.indicators
    # a member without a row of an indicator others have gets an empty series: a template
    # that prints it fails with "no value", never with the parent's figure in its place
    indicators = {ident: (own.get(ident) or dataclasses.replace(ind, values={}))
                  if ident in given else ind for ident, ind in parent.indicators.items()}
    return Dataset(indicators, parent.breakdowns, parent.files + family.files, family=scope)
