"""A folder of real DOCX files → counts for `authoring diff` / `docx2text`: crashes, self-diffs, re-saves, pairs.

    .venv/bin/python -m benchmarks.review_corpus CORPUS [--resaved DIR] [--pairs WmlComparerTests.cs]

- every file: `docx2text` and `diff FILE FILE` (must exit 0), no traceback;
- with --resaved: DIR holds the same tree saved again by LibreOffice (soffice --headless
  --convert-to docx); `diff FILE RESAVED` must exit 0;
- with --pairs: Open-Xml-PowerTools' WmlComparer test file; each before/after pair it
  expects revisions for (under CORPUS/oxpt/TestFiles) must exit 1.
The commands run in-process (click's test runner) to keep 1000 files × 3 runs short.
Prints the counts, the same per repository (CORPUS's first level of folders,
`owner+name`), and the files that missed as JSON; re-saves that do not exit 0 are
listed with the first line of the report, to be classified by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from click.testing import CliRunner

from authoring.cli import main as cli


def _run(runner, args) -> tuple:
    result = runner.invoke(cli, [str(a) for a in args], catch_exceptions=True)
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    return result.exit_code, crashed or "Traceback" in result.output, result.output


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--resaved", type=Path)
    parser.add_argument("--pairs", type=Path)
    args = parser.parse_args(argv)
    runner = CliRunner()
    files = sorted(args.corpus.rglob("*.docx"))
    counts = {"files": 0, "tracebacks": 0, "docx2text errors": 0, "self-diff exit 0": 0}
    repos: dict = {}

    def tally(path: Path, key: str, value: int) -> None:
        counts[key] = counts.get(key, 0) + value
        repo = repos.setdefault(path.relative_to(args.corpus).parts[0], {})
        repo[key] = repo.get(key, 0) + value

    missed: list = []
    for path in files:
        tally(path, "files", 1)
        code, crashed, out = _run(runner, ["docx2text", path])
        tally(path, "tracebacks", crashed)
        tally(path, "docx2text errors", code != 0)
        code, crashed, out = _run(runner, ["diff", "--color", "never", path, path])
        tally(path, "tracebacks", crashed)
        tally(path, "self-diff exit 0", code == 0)
        if code != 0:
            missed.append(["self", str(path), code])
    if args.resaved:
        counts.update({"re-saved": 0, "re-save exit 0": 0})
        for path in files:
            again = args.resaved / path.relative_to(args.corpus)
            if not again.exists():
                continue
            tally(path, "re-saved", 1)
            code, crashed, out = _run(runner, ["diff", "--color", "never", path, again])
            tally(path, "tracebacks", crashed)
            tally(path, "re-save exit 0", code == 0)
            if code != 0:
                missed.append(["re-save", str(path.relative_to(args.corpus)), code,
                               out.split("\n")[1] if "\n" in out else out])
    if args.pairs:
        counts.update({"pairs": 0, "pair exit 1": 0})
        base = args.corpus / "oxpt" / "TestFiles"
        pattern = r'^\s*\[InlineData\("WC-\d+", "([^"]+)", "([^"]+)", (\d+)\)\]'
        for before, after, expected in re.findall(pattern, args.pairs.read_text(), re.M):
            if int(expected) == 0:
                continue
            counts["pairs"] += 1
            code, crashed, out = _run(runner, ["diff", "--color", "never", base / before, base / after])
            counts["tracebacks"] += crashed
            counts["pair exit 1"] += code == 1
            if code != 1:
                missed.append(["pair", before, after, code])
    print(json.dumps({"counts": counts, "repositories": repos, "missed": missed}, indent=1,
                     ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
