"""A report family + the new year → the values every report reads (the parent's and each
member's, comparisons included) that the data lacks: the parent's own and each member's."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from ..data.schema import Value
from ..errors import AuthoringError, Location, raise_all


class MemberRecorder:
    """Notes a read of one member's missing value in the report's recorder, keyed
    (indicator, year, member) beside the parent's (indicator, year)."""

    def __init__(self, main, member: str):
        self.main, self.member = main, member

    # what the recording values ask of their recorder, answered by the report's own
    @property
    def lenient(self):
        return self.main.lenient

    @property
    def pretend_has(self):
        return self.main.pretend_has

    def record(self, indicator: str, year: int) -> None:
        places = self.main.missing.setdefault((indicator, int(year), self.member), [])
        where = self.main.where()
        if where is not None and where not in places:
            places.append(where)


@dataclass
class FamilyNeeds:
    """What the whole family reads for the new year."""

    parent: dict = field(default_factory=dict)  # (indicator, year) → [places]
    members: dict = field(default_factory=dict)  # (indicator, year, member) → [places]
    optional: dict = field(default_factory=dict)  # read only when x.has(year) said yes
    errors: list = field(default_factory=list)  # AuthoringErrors, with the report named


def recording_family(family, parent, recorder, pretend_year):
    """A copy of `family` whose every member has every member indicator, as values that record."""
    from ..newyear.needs import STAND_IN, RecordingValues

    stand_in = Value(STAND_IN, Location("(no value yet)"))
    series = {}
    for member in family.members:
        own = family.series.get(member.id, {})
        series[member.id] = {
            ident: dataclasses.replace(
                own.get(ident) or parent.indicators[ident],
                values=RecordingValues(own[ident].values if ident in own else {}, ident,
                                       MemberRecorder(recorder, member.id), stand_in,
                                       pretend_year))
            for ident in family.indicators}
    return dataclasses.replace(family, series=series)


def family_needs(config, parent, year: int) -> FamilyNeeds:
    """Render every report of the family for `year` (as new-year does for one report) and
    gather the values each reads, split into the parent's data and the members'."""
    from ..newyear.needs import record, recording_dataset
    from .compare import scoped_context
    from .data import load_family
    from .run import PARENT, chapters_for, member_config

    family = load_family(config, parent)
    # a new year is prepared on data that builds: a refused cell is fixed first, as the
    # parent's are (load_dataset stops at them)
    raise_all([error for member in family.members for error in family.errors[member.id]])
    needs = FamilyNeeds()
    for name in [PARENT, *(m.id for m in family.members)]:
        report = chapters_for(config) if name == PARENT else \
            member_config(config, name, config.project_dir)[0]
        report = dataclasses.replace(report, year=year)  # comparisons default to the new year
        # (a chapter set with nothing for this report is a ConfigError: it stops new-year)

        def scoped(recorder, pretend_year, report=report):
            data = recording_dataset(parent, recorder, pretend_year)
            members = recording_family(family, parent, recorder, pretend_year)
            return scoped_context(report, data, members)

        try:
            recording = record(report, parent, year, pretend=True, scoped=scoped)
        except AuthoringError as exc:  # this member's own data errors stop its report here
            needs.errors.append((name, exc))
            continue
        needs.errors.extend((name, exc) for exc in recording.errors)
        for key, places in recording.missing.items():
            target = needs.members if len(key) == 3 else needs.parent
            merged = target.setdefault(key, [])
            merged.extend(p for p in places if p not in merged)
        for key, places in recording.optional.items():
            needs.optional.setdefault(key, places)
    needs.optional = {k: v for k, v in needs.optional.items()
                      if k not in needs.parent and k not in needs.members}
    return needs


def member_plans(config, family, needed: dict) -> tuple[list, list]:
    """(plans of blanks for the member data files, (indicator, year, member) no file takes).
    Each blank goes where that member's latest value of the indicator is; a member without
    any goes beside the other members' rows of the indicator."""
    from ..newyear.blanks import Plan, sheet_of
    from ..paths import shown_path
    from .members import data_files

    by_shown = {shown_path(p, config.project_dir): p for p in data_files(config)}
    plans: dict[str, Plan] = {}
    homeless = []
    for indicator, year, member in sorted(needed):
        values = family.series.get(member, {}).get(indicator)
        values = values.values if values is not None else {}
        if not values:  # the indicator's file, from any member that has it
            values = next((s[indicator].values for s in family.series.values()
                           if indicator in s and s[indicator].values), {})
        where = values[max(values)].location if values else None
        if where is None or where.file not in by_shown:
            homeless.append((indicator, year, member))
            continue
        plans.setdefault(where.file, Plan(by_shown[where.file], where.file)).items.append(
            ((indicator, member), year, sheet_of(where)))
    return list(plans.values()), homeless
