"""A report family built by one command against the same reports as separate builds, side by
side in one run; and the memory of a family build as the member count grows.

    python -m benchmarks.family [--members 16] [--rounds 3] [--jobs 2] [--format docx,pdf]
                                [--memory 16,100,300]

Each round, as whole processes, with out/ deleted first (cold) and the two interleaved:
- family: `authoring build -j JOBS` of a family project with MEMBERS members (the parent and
  every member: MEMBERS + 1 reports);
- separate: the same MEMBERS + 1 reports as separate `authoring build --member X` processes,
  JOBS at a time (each pays its own start-up, imports, fonts and helper processes, as separate
  projects built with `--project a --project b -j JOBS` or a shell loop do).
With --memory, one family build per count (DOCX and PDF), sampling the resident memory of
every process of the build tree every 0.2 s: the peak of the whole tree, and the peak of any
one process in the first and last third of the build (flat when nothing grows per member).
With --per-report, every report built one after another in this one process (the PDF in the
same process, as in a family worker), after one warm-up build: each report's wall and CPU
seconds, so that the family figure can be checked against an idle machine: on C cores it
needs about (start-up + sum of the CPU seconds) / C.
The family is tests/fixtures/family_report with its 16 regions repeated, values scaled, under
new ids (`r0001` …) to reach MEMBERS. `uptime` is printed with every figure.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "family_report"


def family_project(target: Path, members: int) -> Path:
    """A copy of the fixture family with `members` members (its own 16 when members == 16)."""
    shutil.copytree(FIXTURE, target, ignore=shutil.ignore_patterns("out"))
    if members == 16:
        return target
    data = target / "data"
    with open(data / "members.csv", encoding="utf-8") as f:
        base = list(csv.DictReader(f))
    wide = _rows(data / "regions-wide.csv")
    long = _rows(data / "regions-long.csv")
    ids = [f"r{i + 1:04d}" for i in range(members)]
    with open(data / "members.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["id", "name", "short", "capital"])
        for i, ident in enumerate(ids):
            row = base[i % 16]
            out.writerow([ident, f"{row['name']} {i // 16 + 1}", row["short"], row["capital"]])
    with open(data / "regions-wide.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["indicator", "member", "2021", "2022", "2023"])
        for i, ident in enumerate(ids):
            source = base[i % 16]["id"]
            factor = 1 + Decimal(i // 16) / 100
            for row in wide:
                if row["member"] == source:
                    out.writerow([row["indicator"], ident, *(_scaled(row[y], factor)
                                                             for y in ("2021", "2022", "2023"))])
    with open(data / "regions-long.csv", "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f)
        out.writerow(["indicator", "member", "year", "value"])
        for i, ident in enumerate(ids):
            source = base[i % 16]["id"]
            for row in long:
                if row["member"] == source:
                    out.writerow([row["indicator"], ident, row["year"], row["value"]])
    return target


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _scaled(text: str, factor: Decimal) -> str:
    value = Decimal(text) * factor
    places = len(text.split(".")[1]) if "." in text else 0
    return str(value.quantize(Decimal(1).scaleb(-places)))


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def _authoring(*args) -> list[str]:
    return [sys.executable, "-m", "authoring", *map(str, args)]


def family_build(project: Path, jobs: int, formats: str) -> float:
    shutil.rmtree(project / "out", ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(_authoring("build", "--project", project, "-j", jobs, "--format", formats, "-q"),
                   check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def separate_builds(project: Path, names: list[str], jobs: int, formats: str) -> float:
    """Each report in its own `authoring build` process, `jobs` at a time."""
    shutil.rmtree(project / "out", ignore_errors=True)
    started = time.perf_counter()
    waiting, running = list(names), []
    while waiting or running:
        while waiting and len(running) < jobs:
            running.append(subprocess.Popen(
                _authoring("build", "--project", project, "--member", waiting.pop(0),
                           "--format", formats, "-q"), stdout=subprocess.DEVNULL))
        for process in list(running):
            if process.poll() is not None:
                if process.returncode:
                    raise SystemExit(f"a separate build failed ({process.args})")
                running.remove(process)
        time.sleep(0.02)
    return time.perf_counter() - started


def _tree_rss(root: int) -> dict[int, int]:
    """pid → resident kB of `root` and all its descendants (from /proc)."""
    parents, rss = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry.name)] = int(fields.get("PPid", "0").strip() or 0)
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        children = [p for p, parent in parents.items() if parent == pid]
        tree.update(children)
        frontier.extend(children)
    return {pid: rss.get(pid, 0) for pid in tree}


def _cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far (/proc/PID/stat fields 14 and 15)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _sampled_build(project: Path, jobs: int, formats: str, every: float, sample) -> tuple:
    """One cold family build, `sample(root pid, seconds since start)` called every `every`
    seconds while it runs; (wall seconds, resource usage of the whole tree)."""
    shutil.rmtree(project / "out", ignore_errors=True)
    started = time.perf_counter()
    process = subprocess.Popen(_authoring("build", "--project", project, "-j", jobs,
                                          "--format", formats, "-q"), stdout=subprocess.DEVNULL)
    done = threading.Event()

    def loop():
        while not done.is_set():
            sample(process.pid, time.perf_counter() - started)
            done.wait(every)

    thread = threading.Thread(target=loop)
    thread.start()
    # wait4's usage counts the children the build waited for: the whole tree
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    thread.join()
    if status:
        raise SystemExit("the family build failed")
    return time.perf_counter() - started, usage


def cpu_run(project: Path, jobs: int, formats: str) -> dict:
    """One cold family build; the CPU seconds of each of its processes (sampled every 0.1 s,
    the last sample of each kept). On an idle machine with a core per worker the build takes
    about as long as its busiest process's CPU time: the critical path, whatever the load now."""
    seen: dict[int, float] = {}

    def sample(root, _):
        for pid in _tree_rss(root):
            seen[pid] = max(seen.get(pid, 0.0), _cpu_seconds(pid))
        seen.setdefault("root", root)

    seconds, usage = _sampled_build(project, jobs, formats, 0.1, sample)
    root = seen.pop("root", None)
    workers = sorted((cpu for pid, cpu in seen.items() if pid != root), reverse=True)
    return {"seconds": seconds, "cpu_total": usage.ru_utime + usage.ru_stime,
            "main_cpu": seen.get(root, 0.0), "workers_cpu": workers}


def memory_run(project: Path, jobs: int, formats: str) -> dict:
    """One cold family build, its process tree's memory sampled every 0.2 s."""
    samples: list[tuple[float, int, int]] = []  # (time, tree total kB, largest process kB)

    def sample(root, at):
        sizes = _tree_rss(root)
        samples.append((at, sum(sizes.values()), max(sizes.values(), default=0)))

    seconds, _ = _sampled_build(project, jobs, formats, 0.2, sample)
    third = [s for s in samples if s[0] <= seconds / 3], [s for s in samples if s[0] >= 2 * seconds / 3]
    return {"seconds": seconds, "peak_tree_mb": max(s[1] for s in samples) / 1024,
            "largest_first_third_mb": max((s[2] for s in third[0]), default=0) / 1024,
            "largest_last_third_mb": max((s[2] for s in third[1]), default=0) / 1024}


def per_report(project: Path, names: list[str], formats: str) -> list[tuple[str, float, float]]:
    """(name, wall s, CPU s) of each report built in this process after a warm-up build,
    as a family worker builds them (no PDF helper process)."""
    os.environ["AUTHORING_NO_WORKER"] = "1"
    from authoring.family.run import FamilyJob, build_one

    wanted = tuple(formats.split(","))
    build_one(FamilyJob(project, names[-1], wanted, force=True))  # imports, fonts, caches
    found = []
    for name in names:
        wall, cpu = time.perf_counter(), time.process_time()
        outcome = build_one(FamilyJob(project, name, wanted, force=True))
        if outcome.status != "built":
            raise SystemExit(f"{name}: {outcome.error}")
        found.append((name, time.perf_counter() - wall, time.process_time() - cpu))
    return found


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--format", default="docx,pdf")
    parser.add_argument("--memory", default="", help="member counts, e.g. 16,100,300")
    parser.add_argument("--per-report", action="store_true",
                        help="each report's wall and CPU seconds, built one by one in one process")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.per_report:
            project = family_project(tmp / "single", args.members)
            with open(project / "data" / "members.csv", encoding="utf-8") as f:
                names = ["parent", *(row["id"] for row in csv.DictReader(f))]
            load = uptime()
            found = per_report(project, names, args.format)
            for name, wall, cpu in found:
                print(f"{name:10s} {wall:6.2f} s wall {cpu:6.2f} s CPU")
            print(f"{len(found)} reports one after another: {sum(f[1] for f in found):.2f} s wall, "
                  f"{sum(f[2] for f in found):.2f} s CPU; median {statistics.median(f[2] for f in found):.2f} "
                  f"CPU s per report   ({load} / {uptime()})", flush=True)
        if args.rounds:
            project = family_project(tmp / "family", args.members)
            with open(project / "data" / "members.csv", encoding="utf-8") as f:
                names = ["parent", *(row["id"] for row in csv.DictReader(f))]
            print(f"{len(names)} reports ({args.members} members + the parent), {args.format}, "
                  f"-j {args.jobs}")
            times: dict[str, list[float]] = {"family": [], "separate": []}
            for round_ in range(args.rounds):
                load = uptime()
                found = cpu_run(project, args.jobs, args.format)
                times["family"].append(found["seconds"])
                print(f"  family: {found['cpu_total']:.2f} CPU s in all; main process "
                      f"{found['main_cpu']:.2f}, workers " +
                      ", ".join(f"{c:.2f}" for c in found["workers_cpu"]) +
                      f" CPU s: on an idle machine ~{max(found['workers_cpu'], default=0) + found['main_cpu']:.1f} s",
                      flush=True)
                times["separate"].append(separate_builds(project, names, args.jobs, args.format))
                print(f"round {round_ + 1}: family {times['family'][-1]:.2f} s, separate "
                      f"{times['separate'][-1]:.2f} s   ({load})", flush=True)
            for name, values in times.items():
                print(f"{name:9s} median {statistics.median(values):.2f} s, best {min(values):.2f} s")
            print(f"separate / family: {statistics.median(times['separate']) / statistics.median(times['family']):.2f}× (medians)")
        for count in [int(c) for c in args.memory.split(",") if c.strip()]:
            project = family_project(tmp / f"memory-{count}", count)
            load = uptime()
            found = memory_run(project, args.jobs, args.format)
            print(f"{count} members: {found['seconds']:.1f} s, peak of the process tree "
                  f"{found['peak_tree_mb']:.0f} MB, largest process {found['largest_first_third_mb']:.0f} MB "
                  f"(first third) / {found['largest_last_third_mb']:.0f} MB (last third)   ({load})",
                  flush=True)
            shutil.rmtree(project)


if __name__ == "__main__":
    main()
