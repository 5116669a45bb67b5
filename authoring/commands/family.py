"""`authoring build` on a report family (the parent and every member, chosen members or one
shard, with a summary) and `authoring members` (the family's reports as JSON, for a CI matrix)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click


def family_config(projects: tuple, year=None):
    """The config of a single project that declares [family], else None."""
    from ..config import CONFIG_NAME, load_config

    if len(projects) != 1 or not (Path(projects[0]) / CONFIG_NAME).is_file():
        return None
    config = load_config(Path(projects[0]).resolve(), year)
    return config if config.family else None


def build_family(config, members: tuple, shard: str | None, formats, out_dir, jobs, force, engine,
                 echo) -> None:
    """Build the chosen reports of the family; exit non-zero (the worst code) if any failed."""
    from ..family.run import FamilyJob, choose, family_names, run_family, summary

    names = choose(family_names(config), members, shard)
    work = [FamilyJob(config.project_dir, name, tuple(formats) if formats else None, out_dir,
                      config.year, force, engine) for name in names]
    echo(f"building {len(work)} reports of the family in {config.project_dir}")
    done = [0]

    def tell(outcome):
        done[0] += 1
        line = f"[{done[0]:>{len(str(len(work)))}}/{len(work)}] {outcome.name}: {outcome.status}"
        if outcome.status == "failed":
            click.echo(f"{line}: {outcome.error}", err=True)
        else:
            echo(f"{line} ({outcome.seconds:.1f} s)")

    outcomes = run_family(work, jobs, tell)
    lines = summary(outcomes)
    failed = [o for o in outcomes if o.status == "failed"]
    for line in lines:
        (click.echo if not failed else lambda text: click.echo(text, err=True))(line)
    if failed:
        sys.exit(max(o.exit_code for o in failed))


@click.command()
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              help="Report project folder with a [family] (default '.').")
@click.option("--shards", type=click.IntRange(1, 256),
              help="Print the shards K/N for a CI matrix instead of the members.")
@click.option("--shard", help="Print only the reports of shard K/N.")
def members(project, shards, shard):
    """List the family's reports as JSON: the parent, then each member with its name."""
    from ..errors import ConfigError, Location
    from ..family.members import read_members
    from ..family.run import PARENT, choose

    config = family_config((project,))
    if config is None:
        raise ConfigError("this project declares no [family]", Location("report.toml"),
                          hint="add [family] members and data (docs/FAMILY.md)")
    if shards:
        click.echo(json.dumps([f"{k}/{shards}" for k in range(1, shards + 1)]))
        return
    found = read_members(config)
    names = choose([PARENT, *(m.id for m in found)], (), shard)
    named = {m.id: m.name for m in found}
    click.echo(json.dumps([{"id": n, "name": named.get(n, config.title if n == PARENT else n)}
                           for n in names], ensure_ascii=False))
