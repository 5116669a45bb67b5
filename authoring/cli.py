"""Command line → build (and later review) calls; AuthoringError → one plain message + exit code."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .errors import AuthoringError


def _fail(exc: AuthoringError, debug: bool) -> None:
    if debug:
        raise exc
    click.echo(f"{exc.kind}: {exc}", err=True)
    sys.exit(exc.exit_code)


# Commands that live in their own module, imported only when used (start-up stays fast).
LAZY_COMMANDS = {
    # name: "module:function"
    "check": "authoring.commands.check:check",
    "preview": "authoring.commands.preview:preview",
    "new-year": "authoring.commands.newyear:new_year",
    "reference-docx": "authoring.commands.reference:reference_docx",
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
@click.option("--project", "project", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Report project folder (holds report.toml).")
@click.option("--year", type=int, help="Report year (default: [report] year in report.toml).")
@click.option("--format", "formats", help="Comma-separated formats: docx,pdf,html.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (default: PROJECT/out).")
@click.option("--edition", type=click.Choice(["screen", "print"]),
              help="PDF edition: print adds 3 mm bleed (default: [pdf] edition).")
@click.option("--variant", help="PDF variant such as pdf/a-3b, pdf/ua-1, pdf/x-4 (default: [pdf] variant).")
@click.option("--quiet", "-q", is_flag=True,
              help="Print only errors and warnings (progress is plain text anyway when not on a terminal).")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def build(ctx, project, year, formats, out_dir, edition, variant, quiet, debug):
    """Build the report into out/<id>-<year>.docx and .pdf."""
    from .build import build as run_build
    from .progress import make_progress

    debug = debug or ctx.obj.get("debug", False)
    ctx.obj["debug"] = debug
    # quiet: only errors and warnings; on a terminal: live progress; in CI or a pipe: plain lines
    echo = (lambda *a, **k: None) if quiet else click.echo
    progress = make_progress(quiet, write=click.echo)
    echo(f"building {project.resolve()}")
    try:
        result = run_build(project, year=year, formats=_formats(formats), out_dir=out_dir,
                           progress=progress, edition=edition, variant=variant)
    finally:
        if progress is not None:
            progress.close()
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.charts_redrawn or result.charts_cached:
        echo(f"  charts: {len(result.charts_redrawn)} drawn, {len(result.charts_cached)} from cache")
    total = sum(result.timings.values())
    echo(f"  total {total:.2f} s")
    for fmt, path in result.outputs.items():
        echo(f"wrote {path}")


if __name__ == "__main__":  # pragma: no cover
    main()
