"""`authoring check` on a report family: the parent's and every member's report checked with
its own data; a finding shared by several reports is printed once, naming them."""

from __future__ import annotations

from ..checks import Finding, from_error
from ..errors import AuthoringError


def check_family(config, parent) -> list[Finding]:
    """Findings of every report of the family (the parent's data is already loaded: `parent`)."""
    from ..checks.templates import check_templates
    from .compare import family_context
    from .data import load_family
    from .run import PARENT, chapters_for, member_config

    try:
        family = load_family(config, parent)
    except AuthoringError as exc:  # an unknown member, a table without a member column
        return from_error(exc)
    found: dict[tuple, tuple[Finding, list[str]]] = {}
    checked = []  # the reports whose templates were checked (not stopped by their data)
    for name in [PARENT, *(m.id for m in family.members)]:
        try:
            report = chapters_for(config) if name == PARENT else \
                member_config(config, name, config.project_dir)[0]
            dataset, extra = family_context(report, parent)
        except AuthoringError as exc:  # this member's data errors
            findings = from_error(exc)
        else:
            findings = check_templates(report, dataset, extra)
            checked.append(name)
        for finding in findings:
            key = (str(finding.location), finding.message, finding.severity)
            found.setdefault(key, (finding, []))[1].append(name)
    return [_named(finding, names, checked) for finding, names in found.values()
            # the figures folder is shared: a figure is unused only if no report places it
            if not (UNPLACED in finding.message and not set(checked) <= set(names))]


UNPLACED = "no template places it"  # checks/templates.py check_figure_files


def _named(finding: Finding, names: list[str], checked: list[str]) -> Finding:
    """`finding` naming the reports it was found in, unless it is in every report checked."""
    if set(checked) <= set(names):
        return finding
    shown = ", ".join(names[:4]) + (f" and {len(names) - 4} more" if len(names) > 4 else "")
    return Finding(finding.severity, f"report {shown}: {finding.message}",
                   finding.location, finding.hint, finding.token, finding.exit_code)


def member_blanks(config) -> list[Finding]:
    """Every blank cell of the member data (when the parent's own data stops the check before
    the members' reports are read: after new-year, both have blanks to fill in)."""
    from ..newyear.blanks import blank_cells
    from ..paths import shown_path
    from .members import data_files

    try:
        paths = data_files(config)
    except AuthoringError as exc:
        return from_error(exc)
    shown = {p: shown_path(p, config.project_dir) for p in paths}
    return [Finding("error", f"blank value for {b.indicator} of {b.member or '?'} in {b.year}",
                    b.location, "fill in the figure, or write '-' if it does not exist",
                    exit_code=4) for b in blank_cells(paths, shown)]
