"""What dominates each stage: one build under cProfile, one profile per stage.

    python -m benchmarks.profile --project DIR --out FILE.txt [--top 25] [--cold] [--worker]

Writes, for every stage (load, template, charts, model, docx, pdf, audit), the functions with
the most cumulative and the most own time, plus each stage's .prof file next to FILE for
snakeviz/pstats. cProfile slows pure-Python code 1.5–2×, so read proportions, not seconds.
Chart rendering in worker processes is not seen here (only the pool's waiting); the PDF is
written in this process (AUTHORING_NO_WORKER=1) unless --worker.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import time
from pathlib import Path


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--cold", action="store_true", help="delete PROJECT/out first")
    parser.add_argument("--worker", action="store_true",
                        help="keep the PDF worker process (then the pdf stage shows only the wait)")
    args = parser.parse_args(argv)
    if not args.worker:
        import os

        os.environ["AUTHORING_NO_WORKER"] = "1"  # profile the PDF writer in this process
    if args.cold:
        shutil.rmtree(args.project / "out", ignore_errors=True)

    profiles: dict[str, cProfile.Profile] = {}
    seconds: dict[str, float] = {}
    current: list = [None]

    def progress(stage, elapsed):
        if elapsed is None:
            current[0] = cProfile.Profile()
            profiles[stage] = current[0]
            current[0].enable()
        else:
            current[0].disable()
            seconds[stage] = elapsed

    from authoring.build import build

    from .stages import _build

    start = time.perf_counter()
    _build(build, args.project, progress)
    total = time.perf_counter() - start

    args.out.parent.mkdir(parents=True, exist_ok=True)
    report = [f"# cProfile of one build of {args.project} ({'cold' if args.cold else 'warm'}), "
              f"{total:.2f} s under the profiler", ""]
    for stage, prof in profiles.items():
        prof.dump_stats(str(args.out.with_suffix(f".{stage}.prof")))
        for key in ("cumulative", "tottime"):
            buffer = io.StringIO()
            stats = pstats.Stats(prof, stream=buffer)
            stats.strip_dirs().sort_stats(key).print_stats(args.top)
            text = "\n".join(line for line in buffer.getvalue().splitlines()
                             if line.strip() and not line.startswith(("   Ordered by", "   List reduced")))
            report += [f"## {stage} ({seconds.get(stage, 0):.2f} s) — by {key}", "", "```", text, "```", ""]
    args.out.write_text("\n".join(report), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
