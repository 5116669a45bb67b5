"""`authoring check` → every problem a build would trip on, printed as `file:line:col: severity: message`.

The checks live in authoring/checks/; this module runs them, prints them and sets the exit code.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click


@click.command()
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Report project folder (holds report.toml).")
@click.option("--year", type=int, help="Check another year than [report] year.")
@click.option("--strict", is_flag=True, help="Treat warnings as errors (exit non-zero).")
def check(project, year, strict):
    """Find what a build would trip on, without building. Exit 0 when all is well."""
    from ..checks import Finding, run_checks
    from ..checks.output import format_finding

    start = time.perf_counter()
    project = project.resolve()
    findings = run_checks(project, year)
    if strict:
        findings = [Finding("error", f.message, f.location, f.hint, f.token,
                            f.exit_code if f.severity == "error" else 1) for f in findings]
    for finding in findings:
        click.echo(format_finding(finding, project))
    errors = [f for f in findings if f.severity == "error"]
    warnings = len(findings) - len(errors)
    seconds = time.perf_counter() - start
    if findings:
        click.echo(f"{len(errors)} error(s), {warnings} warning(s) in {seconds:.2f} s", err=True)
    else:
        click.echo(f"ok: no problems found in {seconds:.2f} s", err=True)
    if errors:
        sys.exit(errors[0].exit_code)
