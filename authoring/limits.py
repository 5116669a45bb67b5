"""The budgets of a whole build → their values (a default, or AUTHORING_LIMIT_<NAME> from the
environment) and the error that names an overrun and how to raise the limit.

A hostile or broken project must end in a clear error, not in minutes of work or gigabytes
of memory. The defaults are far above any honest report (docs/SECURITY.md lists them with
what a 300-page report uses). They are set by whoever runs the build, in its environment,
never by the project: a project that could raise its own limits would have none.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .errors import AuthoringError, ConfigError, Location


@dataclass(frozen=True)
class Limit:
    default: int
    what: str  # "rows of data": the thing counted, in the plural


MiB = 2**20
LIMITS = {
    # files the project gives (file rule, paths.py)
    "file_bytes": Limit(4 * MiB, "bytes in a template or report.toml"),
    "data_bytes": Limit(64 * MiB, "bytes in a data file"),
    # YAML is read by PyYAML at ~50 KB a second: its files get smaller budgets
    "yaml_bytes": Limit(1 * MiB, "bytes in a data YAML file"),
    "figure_bytes": Limit(64 * 1024, "bytes in a figure definition"),
    "image_bytes": Limit(64 * MiB, "bytes in a stylesheet, picture, chart file or reference "
                                   "DOCX"),
    # data (data/load.py)
    "data_rows": Limit(100_000, "rows of data in one data file"),
    "data_cells": Limit(500_000, "cells of data in one data file"),
    "data_errors": Limit(10_000, "data problems checked (the first 50 are shown)"),
    # templates and Markdown (templating/)
    "chapters": Limit(500, "chapters in report.toml"),
    "template_chars": Limit(100_000_000, "characters built by the templates of one build"),
    "document_chars": Limit(2_000_000, "characters of rendered Markdown in the report"),
    "markdown_delimiters": Limit(4_000, "emphasis marks (* and _) in one paragraph"),
    # charts (charts/data.py)
    "chart_series": Limit(100, "series in one chart"),
    "chart_points": Limit(5_000, "values drawn in one chart (series × categories)"),
    "chart_slices": Limit(200, "slices in one pie or donut chart"),
    "chart_label_chars": Limit(300, "characters in one chart label"),
    # untrusted DOCX (review/docxfile.py)
    "docx_paragraphs": Limit(500_000, "paragraphs in one DOCX"),
    "docx_altchunks": Limit(200, "embedded documents (w:altChunk) in one DOCX"),
}


def env_name(name: str) -> str:
    return f"AUTHORING_LIMIT_{name.upper()}"


def value(name: str) -> int:
    """The limit `name`: AUTHORING_LIMIT_<NAME> if set (a whole number), else its default."""
    limit = LIMITS[name]
    text = os.environ.get(env_name(name), "").strip().replace("_", "")
    if not text:
        return limit.default
    if not text.isdigit() or int(text) < 1:
        raise ConfigError(f"{env_name(name)} must be a whole number above 0, got {text[:30]!r}",
                          Location(f"{env_name(name)} (environment variable)"),
                          hint=f"unset it to use the default, {limit.default:,}")
    return int(text)


def over(name: str, found: str, location: Location | None,
         error: type[AuthoringError] = ConfigError, amount: int | None = None) -> AuthoringError:
    """The error for an input beyond the limit `name`: `found` says what was found, and
    `amount` how much, when it was counted whole (the hint then names a limit it fits)."""
    limit, allowed = LIMITS[name], value(name)
    return error(f"{found}: over the limit of {allowed:,} {limit.what}", location,
                 hint=f"if the input is meant to be this large, raise the limit for this run: "
                      f"{env_name(name)}={suggested(allowed, amount)} "
                      "(docs/SECURITY.md lists the limits)")


def suggested(allowed: int, amount: int | None) -> int:
    """A limit to suggest: four times the current one, or more when the input counted is
    larger still (rounded up to two significant digits), so that the hint is one that works."""
    if amount is None or amount <= allowed * 4:
        return allowed * 4
    step = 10 ** max(0, len(str(amount)) - 2)
    return -(-amount // step) * step
