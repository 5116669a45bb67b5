"""A Finding → the line editors and CI read: `file:line:col: severity: message` and a hint."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import Location
from . import Finding


def format_finding(finding: Finding, project: Path) -> str:
    """`file:line:col: severity: message`, plus an indented hint line."""
    loc = finding.location
    if loc is None:
        head = "authoring"
    elif loc.cell:
        head = f"{loc.file} [{loc.cell}]"
    elif loc.line is not None:
        column = column_of(project, loc, finding.token)
        head = f"{loc.file}:{loc.line}:{column}"
    else:
        head = loc.file
    message = finding.message
    if loc is not None and isinstance(loc.column, str) and loc.file.endswith(".csv"):
        message += f" (column '{loc.column}')"  # YAML: line:col already points at the key
    text = f"{head}: {finding.severity}: {message}"
    if finding.hint:
        text += f"\n  hint: {finding.hint}"
    return text


def column_of(project: Path, loc: Location, token: str) -> int:
    """1-based character column on the line: of the named CSV column's cell, of a YAML key,
    or of `token`; 1 when none can be found."""
    if isinstance(loc.column, int):
        return loc.column
    try:
        from ..errors import AuthoringError
        from ..paths import project_text

        lines = project_text(project, loc.file, limit="data_bytes").splitlines()
        text = lines[loc.line - 1]
    except (AuthoringError, OSError, IndexError, TypeError, ValueError):
        return 1
    if isinstance(loc.column, str) and loc.file.endswith(".csv"):
        return _csv_column(lines[0], text, loc.column)
    for word in (f"{loc.column}:" if isinstance(loc.column, str) else "", token):
        if word:
            match = re.search(rf"(?<![\w]){re.escape(word)}", text)
            if match:
                return match.start() + 1
    return 1


def _csv_column(header: str, text: str, column: str) -> int:
    import csv

    names = [c.strip() for c in next(csv.reader([header]), [])]
    if column not in names:
        return 1
    index, quoted = names.index(column), False
    if index == 0:
        return 1
    for offset, char in enumerate(text):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            index -= 1
            if index == 0:
                return offset + 2
    return 1
