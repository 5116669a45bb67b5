"""Threat: any bytes in report.toml, a figure definition or a data YAML file end in a
traceback. A fuzz test with a fixed seed and a bounded number of cases (CI runs it in a few
seconds): random bytes, deep nesting, wrong types, text in other encodings, and mutations of
the real files. `check` and `build` must each end with exit 0 or one message and an
exit code of the error family (2–8), never an uncaught exception.
"""

from __future__ import annotations

import random
import shutil

import pytest

from tests.conftest import ENGLISH, copy_project

from .conftest import cli

SEED = 29
CASES = 60  # per file; every case runs `check` and `build --format html`
TARGETS = ("report.toml", "figures/grants_trend.yaml", "data/meta.yaml")
SCALARS = ["1", "-1", "2.5", "true", "null", '"x"', "[]", "{}", "[1, [2, [3]]]", "1e999",
           '"' + "é" * 400 + '"', "0x1F", "2023-01-01", '"{{ year }}"', '"#zz"']


def _mutants(text: str, rng: random.Random) -> list[bytes]:
    lines = text.splitlines()
    found: list[bytes] = []
    for case in range(CASES):
        kind = case % 6
        if kind == 0:  # random bytes
            found.append(bytes(rng.randrange(256) for _ in range(rng.randrange(1, 400))))
        elif kind == 1:  # deep nesting of each bracket kind, at a random place
            depth = rng.choice([60, 1_000, 50_000])
            opener, closer = rng.choice([("[", "]"), ("{a: ", "}"), ("{", "}")])
            at = rng.randrange(len(lines) + 1)
            nested = f"k{case} = " if text.lstrip().startswith(("#", "[")) else f"k{case}: "
            found.append("\n".join(lines[:at] + [nested + opener * depth + closer * depth]
                                   + lines[at:]).encode())
        elif kind == 2:  # a value replaced by one of another type
            mutated = list(lines)
            for _ in range(rng.randrange(1, 4)):
                k = rng.randrange(len(mutated))
                sep = "=" if "=" in mutated[k] else ":"
                if sep in mutated[k]:
                    mutated[k] = mutated[k].split(sep, 1)[0] + f"{sep} " + rng.choice(SCALARS)
            found.append("\n".join(mutated).encode())
        elif kind == 3:  # the real text in another encoding
            encoding = rng.choice(["utf-16", "utf-32", "gbk", "big5", "latin-1", "cp1252"])
            found.append((text + "\n# 年度 Ünïcode\n").encode(encoding, "replace"))
        elif kind == 4:  # bytes flipped, dropped or repeated
            raw = bytearray(text.encode())
            for _ in range(rng.randrange(1, 12)):
                k = rng.randrange(len(raw))
                choice = rng.randrange(3)
                if choice == 0:
                    raw[k] = rng.randrange(256)
                elif choice == 1:
                    del raw[k]
                else:
                    raw[k:k] = raw[k:k + rng.randrange(1, 40)]
            found.append(bytes(raw))
        else:  # lines shuffled or cut short
            mutated = list(lines)
            rng.shuffle(mutated) if rng.random() < 0.5 else mutated.__setitem__(
                slice(rng.randrange(len(mutated)), None), [])
            found.append("\n".join(mutated).encode())
    return found


@pytest.fixture(scope="module")
def warm_project(tmp_path_factory):
    """The English report built once (HTML), so each case reuses its charts."""
    project = copy_project(ENGLISH, tmp_path_factory.mktemp("fuzz") / "en")
    result = cli("build", "--project", str(project), "--format", "html")
    assert result.exit_code == 0, result.output
    return project


@pytest.mark.parametrize("target", TARGETS)
def it_ends_every_fuzzed_input_in_a_message_and_an_exit_code(warm_project, target, tmp_path,
                                                              monkeypatch):
    monkeypatch.setenv("AUTHORING_NO_WORKER", "1")  # charts (when any change) drawn here
    rng = random.Random(f"{SEED}:{target}")
    good = (warm_project / target).read_text(encoding="utf-8")
    if target == "report.toml":  # numbers and lists of the other tables, for wrong types
        good += ('\n[page]\nmargin_top = 25\nmargin_inner = 28\nbleed = 0\n\n[style]\n'
                 'first_line_indent = 0\npalette = ["#1f4e79", "#c55a11"]\n')
    project = tmp_path / "en"
    shutil.copytree(warm_project, project)
    codes = set()
    for number, data in enumerate(_mutants(good, rng)):
        (project / target).write_bytes(data)
        for command in (("check",), ("build", "--format", "html")):
            result = cli(*command, "--project", str(project))
            where = f"{target} case {number} ({command[0]}): {data[:120]!r}"
            assert isinstance(result.exception, SystemExit) or result.exception is None, \
                f"{where}: uncaught {type(result.exception).__name__}: {result.exception}"
            assert "Traceback" not in result.output, where
            assert result.exit_code in (0, 1, 2, 3, 4, 5, 6, 7, 8), where
            if result.exit_code not in (0, 1):
                assert "error" in result.output, f"{where}: {result.output}"
            codes.add(result.exit_code)
    assert codes - {0}, "no case was refused: the mutations did not reach the readers"
