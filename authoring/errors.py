"""Error family with locations: every failure a user can fix names where to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where in the user's files a problem is: a file plus a line, a cell or a field."""

    file: str
    line: int | None = None
    column: str | int | None = None
    cell: str | None = None  # spreadsheet cell such as "Sheet1!C5"

    def __str__(self) -> str:
        text = self.file
        if self.cell:
            text += f"!{self.cell}" if "!" not in self.cell else f" [{self.cell}]"
        if self.line is not None:
            text += f":{self.line}"
            if isinstance(self.column, int):
                text += f":{self.column}"
        if self.column is not None and not isinstance(self.column, int):
            text += f" (column '{self.column}')"
        return text


class AuthoringError(Exception):
    """Base of every error the user can act on; `exit_code` is what the CLI returns."""

    exit_code = 2
    kind = "error"

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class ConfigError(AuthoringError):
    exit_code = 3
    kind = "config error"


class DataError(AuthoringError):
    exit_code = 4
    kind = "data error"


class TemplateError(AuthoringError):
    exit_code = 5
    kind = "template error"


class ComputeError(TemplateError):
    """A computation that cannot give a meaningful figure (zero base, missing year)."""

    kind = "computation error"


class FigureError(AuthoringError):
    exit_code = 6
    kind = "figure error"


class RenderError(AuthoringError):
    exit_code = 7
    kind = "render error"


class ReviewError(AuthoringError):
    exit_code = 8
    kind = "review error"


MAX_SHOWN_ERRORS = 50  # a million bad rows must not print two million lines


class ErrorList(AuthoringError):
    """Several independent problems found in one pass, reported together; `omitted` more
    were counted but not kept (see ErrorCollector)."""

    def __init__(self, errors: list[AuthoringError], omitted: int = 0, stopped: str = ""):
        self.errors = errors
        self.omitted = omitted
        self.stopped = stopped  # why checking stopped early, if it did
        first = errors[0]
        self.exit_code = first.exit_code
        self.kind = first.kind
        super().__init__(f"{len(errors) + omitted} problems found", None)

    def __str__(self) -> str:
        shown = self.errors[:MAX_SHOWN_ERRORS]
        more = len(self.errors) - len(shown) + self.omitted
        tail = [f"… and {more:,} more problems (the first {len(shown)} are shown; fix these "
                "and build again)"] if more else []
        return "\n".join([str(e) for e in shown] + tail + ([self.stopped] if self.stopped else []))


class ErrorCollector(list):
    """A list of errors that keeps the first MAX_SHOWN_ERRORS and only counts the rest, so
    a file with a million bad rows costs neither gigabytes nor minutes of hints."""

    def __init__(self, stop_after: int | None = None, stopped: str = ""):
        super().__init__()
        self.omitted = 0
        # beyond this many problems, checking stops: counting a million bad cells took a minute
        self.stop_after, self.stopped = stop_after, stopped

    @property
    def full(self) -> bool:
        return len(self) >= MAX_SHOWN_ERRORS

    def append(self, error: AuthoringError) -> None:
        if self.full:
            self.omitted += 1
        else:
            super().append(error)
        if self.stop_after is not None and len(self) + self.omitted >= self.stop_after:
            raise ErrorList(list(self), self.omitted, self.stopped)

    def extend(self, errors) -> None:
        for error in errors:
            self.append(error)


def raise_all(errors: list[AuthoringError]) -> None:
    """Raise nothing, the one error, or an ErrorList of them all."""
    omitted = getattr(errors, "omitted", 0)
    if len(errors) == 1 and not omitted:
        raise errors[0]
    if errors:
        raise ErrorList(list(errors), omitted)
