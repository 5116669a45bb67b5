"""`authoring new-year YYYY` → blank cells for every value the next report needs, and [report] year = YYYY.

Which values are needed is found by rendering the templates and figures for the new year
with recording data (newyear/needs.py): that follows `year - 1`, loops over indicators and
chart year ranges exactly as the build will. The templates are not touched: last year's text
is carried over unchanged, and no number is invented: the new cells are blank, and the build
refuses until each holds a figure (or `-`), naming every blank cell.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import click

from ..errors import ConfigError, Location


@click.command("new-year")
@click.argument("year", type=int)
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Report project folder (holds report.toml).")
@click.option("--dry-run", is_flag=True, help="Only list what would be added; change no file.")
def new_year(year, project, dry_run):
    """Prepare the report for YEAR: add blank data cells to fill in and set [report] year."""
    from ..config import load_config
    from ..data import load_dataset

    from ..config import check_year

    project = project.resolve()
    config = load_config(project)
    check_year(year, "the new year")
    if year <= config.year:
        hint = ("its blank cells are in place: `authoring check` lists those still empty"
                if year == config.year else
                f"to build an earlier year without changing anything: authoring build --year {year}")
        raise ConfigError(f"[report] year is already {config.year}; new-year only moves forward",
                          Location("report.toml"), hint=hint)
    dataset = load_dataset(config.data_paths(), project)
    changes = prepare(config, dataset, year)
    if not dry_run:
        write_all(changes.files)
    _report(changes, config, year, dry_run)


class Changes:
    """The new content of each file, and what the editor is to be told."""

    def __init__(self):
        self.files: dict[Path, bytes] = {}
        self.needed: dict = {}  # (indicator, year) → [Location] of the places that read it
        self.optional: dict = {}
        self.homeless: list = []
        self.errors: list = []
        self.member_needed: dict = {}  # a family's (indicator, year, member) → places
        self.member_homeless: list = []


def prepare(config, dataset, year: int) -> Changes:
    """Plan and produce the new file contents (nothing is written here)."""
    from ..newyear.blanks import add_blanks, plan
    from ..newyear.needs import record

    changes = Changes()
    if config.family:  # every report of the family: the parent's data and each member's
        from ..family.data import load_family
        from ..family.newyear import family_needs, member_plans

        needs = family_needs(config, dataset, year)
        changes.errors = [f"report {name}: {error}" for name, error in needs.errors]
        changes.needed, changes.optional = needs.parent, needs.optional
        changes.member_needed = needs.members
        member_files, changes.member_homeless = member_plans(
            config, load_family(config, dataset), needs.members)
    else:
        recording = record(config, dataset, year, pretend=True)
        changes.errors = recording.errors
        changes.needed = dict(recording.missing)
        changes.optional = recording.optional
        member_files = []
    changes.needed.update(_breakdown_totals(dataset, changes.needed))
    paths = config.data_paths()
    shown = {p: _shown(p, config.project_dir) for p in paths}
    plans, changes.homeless = plan(dataset, changes.needed, paths, shown)
    for item in plans + member_files:
        changes.files[item.path] = add_blanks(item)
    changes.files[config.path] = set_report_year(config.path.read_text(encoding="utf-8"),
                                                 year).encode("utf-8")
    return changes


def _why(places: list) -> str:
    """Why a value is needed: the first place that reads it, or the reason given."""
    if not places:
        return "needed"
    return places[0] if isinstance(places[0], str) else f"read at {places[0]}"


def _named(key: tuple) -> str:
    """(indicator, year) → "gdp 2024"; a member's (indicator, year, member) → "gdp 2024 of north"."""
    return f"{key[0]} {key[1]}" + (f" of {key[2]}" if len(key) > 2 else "")


def _position(location) -> tuple:
    """Sort key: file, then line, then spreadsheet row and column ("Sheet1!C12")."""
    if location is None:
        return ("~",)
    row = column = ""
    if location.cell:
        match = re.search(r"([A-Z]+)(\d+)$", location.cell)
        if match:
            column, row = match.group(1), match.group(2)
    return (location.file, location.line or 0, int(row or 0), len(column), column)


def _breakdown_totals(dataset, needed: dict) -> dict:
    """A breakdown's declared total is a check on its parts: when the parts get a new year,
    so does the total (if it was given before), so the build keeps checking the sum."""
    extra = {}
    for breakdown in dataset.breakdowns.values():
        if not breakdown.total or not dataset.indicators[breakdown.total].values:
            continue
        years = {y for (i, y) in needed if i in breakdown.parts}
        for year in years:
            if (breakdown.total, year) not in needed:
                extra[(breakdown.total, year)] = [f"the total of breakdown {breakdown.id}, "
                                                  "checked against its parts"]
    return extra


def _shown(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project).as_posix()
    except ValueError:
        return str(path)


def set_report_year(text: str, year: int) -> str:
    """report.toml with `year = …` in [report] replaced (comments and layout kept)."""
    section = re.search(r"(?ms)^\[report\][^\n]*\n(.*?)(?=^\[|\Z)", text)
    if not section:
        raise ConfigError("report.toml has no [report] section", Location("report.toml"))
    body = section.group(1)
    new_body, count = re.subn(r"(?m)^(\s*year\s*=\s*)\d+", lambda m: f"{m.group(1)}{year}", body,
                              count=1)
    if not count:
        raise ConfigError("[report] has no 'year = …' line", Location("report.toml"))
    return text[:section.start(1)] + new_body + text[section.end(1):]


def write_all(files: dict[Path, bytes]) -> None:
    """Write every file to a temporary name first, then rename them all, report.toml last:
    a failure part-way leaves the project as it was."""
    staged = []
    try:
        for path, data in files.items():
            tmp = path.with_name(f".{path.name}.new-year.tmp")
            tmp.write_bytes(data)
            staged.append((tmp, path))
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, path in sorted(staged, key=lambda s: s[1].name == "report.toml"):
        os.replace(tmp, path)


def _report(changes: Changes, config, year: int, dry_run: bool) -> None:
    from ..newyear.blanks import blank_cells

    echo = click.echo
    verb = "would add" if dry_run else "added"
    for error in changes.errors:
        echo(f"warning: could not follow every template path: {error}", err=True)
    echo(f"report.toml: [report] year {config.year} → {year}" + (" (dry run)" if dry_run else ""))
    needed = {**changes.needed, **changes.member_needed}
    reports = "the family's reports need" if config.family else f"the {year} report needs"
    echo(f"{verb} {len(needed)} blank value(s) {reports}:")
    if dry_run:
        for key, places in sorted(needed.items(), key=lambda kv: _named(kv[0])):
            echo(f"  {_named(key)}  ({_why(places)})")
    else:
        paths = config.data_paths()
        if config.family:
            from ..family.members import data_files

            paths = paths + data_files(config)
        shown = {p: _shown(p, config.project_dir) for p in paths}
        # re-read the written files: the cells exactly as the build will name them, listed
        # file by file, top to bottom, the order an editor fills them in
        by_key = {(b.indicator, b.year, b.member) if b.member else (b.indicator, b.year):
                  b.location for b in blank_cells(paths, shown)}
        for key in sorted(needed, key=lambda k: _position(by_key.get(k))):
            echo(f"  {by_key.get(key, '?')}: {_named(key)}  ({_why(needed[key])})")
    for key in changes.homeless + changes.member_homeless:
        echo(f"  add by hand: {_named(key)} (no data file holds this indicator's values)")
    if changes.optional:
        names = ", ".join(_named(k) for k in sorted(changes.optional, key=_named))
        echo(f"not added, shown only if present (the templates test has()): {names}")
    if not dry_run:
        echo("next: type the figures into the blank cells (or '-' where a figure does not exist), "
             "then run `authoring check`; the templates were not changed.")
