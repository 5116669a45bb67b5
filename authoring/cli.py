"""Command line → build (and later review) calls; AuthoringError → one plain message + exit code."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .errors import AuthoringError


def _fail(exc: AuthoringError, debug: bool) -> None:
    if debug:
        raise exc
    click.echo(f"{exc.kind}: {exc}", err=True)
    sys.exit(exc.exit_code)


def file_error(exc: OSError) -> AuthoringError:
    """An OSError from reading or writing a file → one plain error naming the file."""
    from .errors import Location

    where = Location(str(exc.filename)) if exc.filename else None
    return AuthoringError(f"{exc.strerror or exc}", where,
                          hint="check that the folder exists and is writable, and that the disk "
                               "has space")


# Commands that live in their own module, imported only when used (start-up stays fast).
LAZY_COMMANDS = {
    # name: "module:function"
    "diff": "authoring.commands.review:diff",
    "docx2text": "authoring.commands.review:docx2text",
    "check": "authoring.commands.check:check",
    "preview": "authoring.commands.preview:preview",
    "new-year": "authoring.commands.newyear:new_year",
    "reference-docx": "authoring.commands.reference:reference_docx",
    "init": "authoring.commands.init:init",
    "members": "authoring.commands.family:members",
}


class _Group(click.Group):
    """Maps AuthoringError from any command to its exit code, tracebacks only with --debug."""

    def list_commands(self, ctx):
        return sorted(set(super().list_commands(ctx)) | set(LAZY_COMMANDS))

    def get_command(self, ctx, name):
        if name in LAZY_COMMANDS:
            import importlib

            module, attr = LAZY_COMMANDS[name].split(":")
            return getattr(importlib.import_module(module), attr)
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AuthoringError as exc:
            _fail(exc, ctx.obj.get("debug", False) if ctx.obj else False)
        except OSError as exc:  # a folder not writable, a disk full: the user's to fix, no bug
            debug = ctx.obj.get("debug", False) if ctx.obj else False
            if debug:
                raise
            _fail(file_error(exc), debug)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            sys.exit(130)


@click.group(cls=_Group)
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.version_option(package_name="authoring")
@click.pass_context
def main(ctx, debug):
    """Build annual reports from yearly data and narrative templates."""
    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug


def _formats(value: str | None) -> list[str] | None:
    if not value:
        return None
    return [v.strip().lower() for v in value.split(",") if v.strip()]


@main.command()
@click.option("--project", "projects", type=click.Path(file_okay=False, path_type=Path),
              multiple=True, help="Report project folder (holds report.toml); default '.'. "
              "Repeat to build several projects.")
@click.option("--year", type=int, help="Report year (default: [report] year in report.toml).")
@click.option("--format", "formats", help="Comma-separated formats: docx,pdf,html.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: PROJECT/out).")
@click.option("--edition", "editions", type=click.Choice(["screen", "print"]), multiple=True,
              help="PDF edition: print adds 3 mm bleed and -print to the file names "
              "(default: [pdf] edition). Repeat to build both.")
@click.option("--jobs", "-j", type=click.IntRange(1, 64),
              help="Parallel builds when several projects or editions are given (default: cores).")
@click.option("--variant", help="PDF variant such as pdf/a-3b, pdf/ua-1, pdf/x-4 (default: [pdf] variant).")
@click.option("--engine", type=click.Choice(["weasyprint", "typst"]),
              help="PDF engine (default: [pdf] engine, else weasyprint).")
@click.option("--quiet", "-q", is_flag=True,
              help="Print only errors and warnings (progress is plain text anyway when not on a terminal).")
@click.option("--force", is_flag=True, help="Rebuild even when nothing changed since the last build.")
@click.option("--member", "members", multiple=True,
              help="Of a report family: build this member ('parent': the parent); repeat for "
              "several (default: the parent and every member).")
@click.option("--shard", help="Of a report family: build shard K/N of its reports (a CI matrix).")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def build(ctx, projects, year, formats, out_dir, editions, jobs, variant, engine, force, quiet,
          members, shard, debug):
    """Build the report into out/<id>-<year>.docx and .pdf."""
    from .build import build as run_build
    from .progress import make_progress

    debug = debug or ctx.obj.get("debug", False)
    ctx.obj["debug"] = debug
    # quiet: only errors and warnings; on a terminal: live progress; in CI or a pipe: plain lines
    echo = (lambda *a, **k: None) if quiet else click.echo
    projects = projects or (Path("."),)
    from .commands.family import build_family, family_config

    family = family_config(projects, year)
    if family is not None and editions:  # not silently the parent alone
        raise click.UsageError("--edition is not supported for a report family yet: set "
                               "[pdf] edition in report.toml instead")
    if family is not None:  # a report family: the parent and its members (docs/FAMILY.md)
        build_family(family, members, shard, _formats(formats), out_dir, jobs, force, engine, echo)
        return
    if members or shard:
        raise click.UsageError("--member and --shard need one project with a [family]")
    if len(projects) * max(len(editions), 1) > 1:
        _build_many(projects, editions or (None,), year, _formats(formats), out_dir, variant, jobs,
                    echo, engine)
        return
    project, edition = projects[0], (editions[0] if editions else None)
    progress = make_progress(quiet, write=click.echo)
    echo(f"building {project.resolve()}")
    started = time.perf_counter()
    try:
        result = run_build(project, year=year, formats=_formats(formats), out_dir=out_dir,
                           progress=progress, edition=edition, variant=variant, force=force,
                           engine=engine)
    finally:
        if progress is not None:
            progress.close()
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.charts_redrawn or result.charts_cached:
        echo(f"  charts: {len(result.charts_redrawn)} drawn, {len(result.charts_cached)} from cache")
    if result.up_to_date:
        echo("up to date: inputs, settings and outputs match the last build's manifest "
             "(--force rebuilds)")
        return
    # the wall time: the stages overlap (the PDF is laid out beside charts, DOCX and audit)
    echo(f"  total {time.perf_counter() - started:.2f} s")
    for fmt, path in result.outputs.items():
        echo(f"wrote {path}")


def _build_many(projects, editions, year, formats, out_dir, variant, jobs, echo,
                engine=None) -> None:
    """Every project × edition in a process pool; exit with the worst error code, if any."""
    from .editions import Job, run_jobs

    if out_dir is not None and len(projects) > 1:
        raise click.UsageError("--out cannot be shared by several projects")
    work = [Job(p.resolve(), e, year, tuple(formats) if formats else None, variant, out_dir, engine)
            for p in projects for e in editions]
    echo(f"building {len(work)} editions")
    results = run_jobs(work, jobs)
    worst = 0
    for r in results:
        name = f"{r.job.project.name or r.job.project}" + (f" [{r.job.edition}]" if r.job.edition else "")
        if r.error:
            click.echo(f"{name}: {r.error}", err=True)
            worst = max(worst, r.exit_code)
            continue
        echo(f"{name}: {r.seconds:.2f} s")
        for path in r.outputs.values():
            echo(f"  wrote {path}")
    if worst:
        sys.exit(worst)


if __name__ == "__main__":  # pragma: no cover
    main()
