"""`authoring diff OLD NEW` and `authoring docx2text FILE`: command-line wrappers around authoring.review.

diff exits like diff(1): 0 when the drafts are the same, 1 when they differ, 2 or more
on an error (a review error is 8).
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import click

from ..errors import Location, ReviewError

_FILE = click.Path(dir_okay=False, path_type=Path)


@click.command()
@click.argument("old", type=_FILE)
@click.argument("new", type=_FILE)
@click.option("--html", "html_path", type=_FILE, help="Also write a side-by-side HTML report to FILE.")
@click.option("--redline", "redline_path", type=_FILE,
              help="Also write NEW as a DOCX with tracked changes from OLD (Word, LibreOffice).")
@click.option("--ignore-format", is_flag=True, help="Report text changes only, not formatting.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto",
              show_default=True, help="Colour the terminal report.")
@click.option("--author", default="authoring diff", show_default=True,
              help="Author name on the redline's tracked changes.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing; the exit status tells.")
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def diff(ctx, old, new, html_path, redline_path, ignore_format, color, author, quiet, debug):
    """Compare two DOCX drafts: changed figures first, then each change by section.

    Exit status: 0 the same, 1 different, 2 or more an error.
    """
    from ..review.compare import compare

    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug or ctx.obj.get("debug", False)
    for target in (html_path, redline_path):
        if target is not None and target.resolve() in (old.resolve(), new.resolve()):
            raise ReviewError("refusing to overwrite a draft being compared", Location(str(target)))
    with _plain_errors(ctx.obj["debug"], f"{old} → {new}"):
        comparison, old_reading, new_reading = compare(old, new, ignore_format, str(old), str(new))
    if html_path is not None:
        from ..review.report_html import render as render_html

        _write(html_path, render_html(comparison, new_reading.lang).encode("utf-8"))
        if not quiet:
            click.echo(f"wrote {html_path}", err=True)
    if redline_path is not None:
        from ..review.redline import write_redline

        tmp = redline_path.with_name(f".{redline_path.name}.tmp")
        try:
            with _plain_errors(ctx.obj["debug"], str(redline_path)):
                counts = write_redline(comparison.ops, old_reading, new_reading, tmp, author, _now())
            os.replace(tmp, redline_path)
        finally:
            tmp.unlink(missing_ok=True)
        if not quiet:
            # changes the redline has no paragraph to mark in (text drawn in shapes…) are
            # in the report only: say so, never leave them out silently
            unmarked = counts.get("not shown", 0)
            click.echo(f"wrote {redline_path}" + (f" ({unmarked} change(s) not marked in it: "
                                                   "see the report)" if unmarked else ""), err=True)
    if not quiet:
        from ..review.report_text import render as render_text

        colour = {"always": True, "never": False}.get(color, sys.stdout.isatty())
        click.echo(render_text(comparison, colour), nl=False, color=colour)
    ctx.exit(1 if comparison.differ else 0)


@click.command()
@click.argument("file", type=_FILE)
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.pass_context
def docx2text(ctx, file, debug):
    """Print a DOCX as stable plain text (for git's textconv; see docs/REVIEW.md)."""
    from ..review.reader import read_docx
    from ..review.textconv import render

    ctx.ensure_object(dict)
    ctx.obj["debug"] = debug or ctx.obj.get("debug", False)
    with _plain_errors(ctx.obj["debug"], str(file)):
        text = render(read_docx(file))
    click.echo(text, nl=False)


@contextmanager
def _plain_errors(debug: bool, where: str):
    """A bug met on some unusual file is reported in one line (with --debug: the traceback)."""
    try:
        yield
    except (ReviewError, KeyboardInterrupt):
        raise
    except Exception as exc:
        if debug:
            raise
        raise ReviewError(f"unexpected {type(exc).__name__}: {exc}", Location(where),
                          hint="run with --debug and report the traceback") from exc


def _now() -> datetime:
    """The redline's revision time: SOURCE_DATE_EPOCH when set (reproducible files), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc)
    return datetime.now(timezone.utc)


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReviewError(f"cannot write: {exc.strerror or exc}", Location(str(path))) from None
