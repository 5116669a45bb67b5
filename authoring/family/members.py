"""[family] in report.toml → the members table (id, name and any other columns) and the family's files."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from ..errors import ConfigError, DataError, ErrorCollector, Location, raise_all

# out/figures holds the parent's charts; "parent" names the parent report on the command line
RESERVED = ("figures", "parent")


@dataclass(frozen=True)
class Member:
    """One row of the members table: `columns` holds every cell of it, id and name included."""

    id: str
    name: str
    columns: tuple[tuple[str, str], ...]
    location: Location


def members_file(config) -> Path:
    """The members table named by [family] members."""
    name = config.family.get("members")
    if not isinstance(name, str) or not name:
        raise ConfigError("[family] needs 'members', the table of members (id, name, …)",
                          Location("report.toml"), hint='members = "data/members.csv"')
    return _paths(config, (name,))[0]


def data_files(config) -> list[Path]:
    """The files of [family] data: each member's figures, with a member column."""
    patterns = config.family.get("data", ())
    if isinstance(patterns, str):
        patterns = (patterns,)
    if not patterns:
        raise ConfigError("[family] needs 'data', the files of the members' figures",
                          Location("report.toml"), hint='data = ["data/members/*.csv"]')
    return _paths(config, tuple(str(p) for p in patterns))


def family_files(config) -> list[Path]:
    """Every file of the family besides the parent's own data (for manifests and checks)."""
    return [members_file(config), *data_files(config)]


def _paths(config, patterns: tuple[str, ...]) -> list[Path]:
    # the same globbing and inside-the-project rule as [data] files
    return dataclasses.replace(config, data_files=patterns).data_paths()


def read_members(config) -> tuple[Member, ...]:
    """The members, in table order; every problem of the table reported at once."""
    from ..data.tables import read_tables
    from ..paths import SAFE_ID, shown_path

    path = members_file(config)
    shown = shown_path(path, config.project_dir)
    errors = ErrorCollector()
    members: dict[str, Member] = {}
    for table in read_tables(path, shown):
        missing = [c for c in ("id", "name") if c not in table.columns]
        if missing:
            errors.append(DataError(f"the members table has no '{missing[0]}' column",
                                    Location(shown, 1),
                                    hint="give one row per member with columns id,name and any others"))
            continue
        for row in table.rows:
            cells = {k: str(c.value).strip() for k, c in row.items()}
            where = row["id"].location
            ident, name = cells["id"], cells["name"]
            if not SAFE_ID.fullmatch(ident) or ".." in ident:
                errors.append(DataError(f"member id {ident!r} cannot be used as a folder name",
                                        where, hint="use letters, digits, '_', '-' and '.'"))
            elif ident in RESERVED:
                errors.append(DataError(f"member id '{ident}' is reserved", where,
                                        hint=f"{', '.join(RESERVED)} name the parent's own files"))
            elif ident in members:
                errors.append(DataError(f"member '{ident}' is listed twice (first at "
                                        f"{members[ident].location})", where))
            elif not name:
                errors.append(DataError(f"member '{ident}' has no name", row["name"].location))
            else:
                members[ident] = Member(ident, name, tuple(cells.items()), where)
    if not members and not errors:
        errors.append(DataError("the members table lists no member", Location(shown, 1)))
    raise_all(errors)
    return tuple(members.values())
