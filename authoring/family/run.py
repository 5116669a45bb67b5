"""A report family → the parent and every member (or chosen ones, or one shard) built in
worker processes, each failure kept to its report, and a summary."""

from __future__ import annotations

import dataclasses
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError, Location

PARENT = "parent"  # the parent report's name on the command line and in summaries
# a worker process builds this many reports, then a fresh one takes over: memory stays flat
# however many members there are (WeasyPrint and matplotlib keep caches per process)
REPORTS_PER_PROCESS = 24


def member_config(config, member: str, out_dir: Path):
    """(`config` for `member`'s report, its output folder `out_dir`/<member>)."""
    from ..paths import check_id

    if not config.family:
        raise ConfigError(f"--member {member}: this project declares no [family]",
                          Location("report.toml"), hint="add [family] members and data")
    check_id(member, "member id", Location("report.toml"))
    config = dataclasses.replace(config, member=member, id=f"{config.id}-{member}")
    return chapters_for(config), out_dir / member


def chapters_for(config):
    """`config` with only the chapters of its report: `for = "parent"` chapters in the
    parent's, `for = "members"` ones in each member's."""
    if not config.family:
        return config
    report = "members" if config.member else "parent"
    chapters = tuple(c for c in config.chapters if c.only in ("", report))
    if not chapters:
        raise ConfigError(f"no chapter is for the {report}'s report", Location("report.toml"),
                          hint=f"drop 'for' from a chapter, or give one for = '{report}'")
    return dataclasses.replace(config, chapters=chapters)


def family_names(config) -> list[str]:
    """The reports of the family in build order: the parent, then the members in table order."""
    from .members import read_members

    return [PARENT, *(m.id for m in read_members(config))]


def choose(names: list[str], wanted: tuple[str, ...] = (), shard: str | None = None) -> list[str]:
    """The reports to build: `wanted` ones (all by default), then shard K of N of them."""
    chosen = names
    if wanted:
        from ..suggest import nearest

        for name in wanted:
            if name not in names:
                close = nearest(name, names)
                raise ConfigError(f"--member {name}: no such member", Location("report.toml"),
                                  hint=f"did you mean {', '.join(close)}?" if close else
                                  "authoring members lists them")
        chosen = [n for n in names if n in wanted]
    if shard:
        k, n = parse_shard(shard)
        chosen = [name for i, name in enumerate(chosen) if i % n == k - 1]
    return chosen


def parse_shard(text: str) -> tuple[int, int]:
    """"2/4" → (2, 4)."""
    try:
        k, n = (int(part) for part in str(text).split("/"))
    except ValueError:
        k = n = 0
    if not (n >= 1 and 1 <= k <= n):
        raise ConfigError(f"--shard {text}: write K/N with 1 ≤ K ≤ N, e.g. 2/4", None)
    return k, n


@dataclass(frozen=True)
class FamilyJob:
    project: Path
    name: str  # PARENT or a member id
    formats: tuple[str, ...] | None = None
    out_dir: Path | None = None
    year: int | None = None
    force: bool = False
    engine: str | None = None


@dataclass
class Outcome:
    name: str
    status: str  # "built", "up to date" or "failed"
    seconds: float = 0.0
    outputs: dict[str, str] = field(default_factory=dict)
    error: str = ""
    exit_code: int = 0


def build_one(job: FamilyJob) -> Outcome:
    """Build one report of the family; its error comes back as text, never stopping the others."""
    from ..editions import build_as_text

    start = time.perf_counter()
    try:
        result, seconds, error, code = build_as_text(
            job.project, year=job.year, formats=list(job.formats) if job.formats else None,
            out_dir=job.out_dir, force=job.force, engine=job.engine,
            member=None if job.name == PARENT else job.name)
        if result is None:
            return Outcome(job.name, "failed", seconds, {}, error, code)
    except Exception as exc:  # noqa: BLE001 - a bug in one report must not hide the others
        return Outcome(job.name, "failed", time.perf_counter() - start, {},
                       f"internal error: {type(exc).__name__}: {exc} (rerun this member alone "
                       "with --debug for the traceback)", 2)
    return Outcome(job.name, "up to date" if result.up_to_date else "built",
                   time.perf_counter() - start, {k: str(v) for k, v in result.outputs.items()})


def _worker_start() -> None:
    # one report per process at a time: the build's own helper processes would only compete
    # with the other workers for the cores, and each would import WeasyPrint or matplotlib again
    os.environ["AUTHORING_NO_WORKER"] = "1"


def run_family(jobs: list[FamilyJob], workers: int | None = None, on_done=None) -> list[Outcome]:
    """Build `jobs` on up to `workers` processes (default: one per core); `on_done(outcome)` is
    told of each as it ends. The outcomes come back in job order."""
    from concurrent.futures import ProcessPoolExecutor, as_completed

    workers = max(1, min(workers or os.cpu_count() or 1, len(jobs)))
    outcomes: dict[str, Outcome] = {}
    # fresh processes for each batch of REPORTS_PER_PROCESS reports per worker: Python 3.11's
    # own max_tasks_per_child hangs once the first worker retires (CPython gh-115634)
    batch = workers * REPORTS_PER_PROCESS
    for start in range(0, len(jobs), batch):
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_start) as pool:
            futures = {pool.submit(build_one, job): job for job in jobs[start:start + batch]}
            for future in as_completed(futures):
                outcome = future.result()
                outcomes[outcome.name] = outcome
                if on_done is not None:
                    on_done(outcome)
    return [outcomes[job.name] for job in jobs]


def summary(outcomes: list[Outcome]) -> list[str]:
    """The closing lines: counts, then each failure with its error (file:line:cell)."""
    counts = {status: sum(1 for o in outcomes if o.status == status)
              for status in ("built", "up to date", "failed")}
    lines = [f"{len(outcomes)} reports: " + ", ".join(f"{n} {s}" for s, n in counts.items())]
    for outcome in outcomes:
        if outcome.status == "failed":
            lines.append(f"  failed {outcome.name}: {outcome.error}")
    return lines
