"""Several builds (projects × editions) → run side by side in a process pool, results in order.

One command can build the screen and print editions, or one report per region from one
template set, using every core: each build is independent (its own outputs, its own staged
files), and the chart cache is shared safely because charts are keyed by content.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Job:
    project: Path
    edition: str | None = None
    year: int | None = None
    formats: tuple[str, ...] | None = None
    variant: str | None = None
    out_dir: Path | None = None
    engine: str | None = None  # PDF engine, None: [pdf] engine


@dataclass
class JobResult:
    job: Job
    outputs: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    error: str = ""
    exit_code: int = 0


def run_job(job: Job) -> JobResult:
    """Build one edition; errors come back as text so one failure does not stop the others."""
    result, seconds, error, code = build_as_text(
        job.project, year=job.year, formats=list(job.formats) if job.formats else None,
        out_dir=job.out_dir, edition=job.edition, variant=job.variant, engine=job.engine)
    if result is None:
        return JobResult(job, {}, seconds, error, code)
    return JobResult(job, {k: str(v) for k, v in result.outputs.items()}, seconds)


def build_as_text(project, **options) -> tuple:
    """build(project, **options) → (result or None, seconds, error text, exit code): an
    AuthoringError comes back as "kind: message" (file:line:cell) instead of being raised."""
    from .build import build
    from .errors import AuthoringError

    start = time.perf_counter()
    try:
        result = build(project, **options)
    except AuthoringError as exc:
        return None, time.perf_counter() - start, f"{exc.kind}: {exc}", exc.exit_code
    return result, time.perf_counter() - start, "", 0


def run_jobs(jobs: list[Job], workers: int | None = None) -> list[JobResult]:
    """Run `jobs` on up to `workers` processes (default: one per core); results in job order."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    if workers == 1:
        return [run_job(job) for job in jobs]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(run_job, jobs))
