"""A report project → every problem a build would trip on, as Findings (nothing is built or written).

The checks, in pipeline order, each collecting all it finds: config (report.toml, formats,
page, stylesheets) → data (the loader's errors, every blank cell) → templates (syntax,
undefined names with suggestions, then a rendering with the real data that records every
value read but missing) → the document (figure blocks, cross-references, duplicate ids) →
figure definitions → fonts and system libraries. `authoring check` prints them.

matplotlib and WeasyPrint are never imported (about half a second each): charts are checked
as data (charts/data.py), the PDF's needs by looking for its libraries and fonts.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import AuthoringError, ErrorList, Location


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" or "warning"
    message: str
    location: Location | None = None
    hint: str | None = None
    token: str = ""  # a word on the line to point the column at
    exit_code: int = 2


def from_error(exc: AuthoringError, token: str = "") -> list[Finding]:
    if isinstance(exc, ErrorList):
        return [f for e in exc.errors for f in from_error(e, token)]
    return [Finding("error", exc.message, exc.location, exc.hint, token, exc.exit_code)]


def run_checks(project: Path, year: int | None = None) -> list[Finding]:
    """All findings for the project, in pipeline order (config first)."""
    from ..writers.configure import write_options
    from ..config import load_config
    from .project import check_config, check_data, check_stylesheets
    from .system import check_system
    from .templates import check_templates
    from .wording import check_wording
    from .text import check_text

    try:
        config = load_config(project, year)
    except AuthoringError as exc:
        return from_error(exc)  # without a config nothing else can be checked
    findings = check_config(config)
    try:
        options = write_options(config)
    except AuthoringError as exc:
        findings += from_error(exc)
        options = None
    if options is not None:
        findings += check_stylesheets(options)
    dataset, data_findings = check_data(config)
    findings += data_findings
    if config.family and dataset is not None:  # every report of the family, each with its data
        from ..family.check import check_family

        findings += check_family(config, dataset)
    else:
        if config.family:  # the parent's data stopped: the members' blank cells still named
            from ..family.check import member_blanks

            findings += member_blanks(config)
        findings += check_templates(config, dataset)
    findings += check_wording(config)
    findings += check_text(config)
    findings += check_system(config, options)
    return findings
