"""How the project is installed: make installs exactly the versions in constraints.txt, and the
versions installed now are those pins (so what the tests pass with is what make and CI install)."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

STAMP = "$(VENV)/.installed"


def makefile_rules(text: str) -> dict[str, tuple[list[str], list[str]]]:
    """target → (prerequisites, recipe lines) of a plain Makefile (no pattern rules)."""
    text = text.replace("\\\n", " ")
    rules: dict[str, tuple[list[str], list[str]]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("\t") and current is not None:
            rules[current][1].append(line.strip())
            continue
        match = re.match(r"^([^\s:=#][^:=]*):(?!=)(.*)$", line)
        current = None
        if match:
            for target in match.group(1).split():
                rules[target] = (match.group(2).split(), [])
                current = target
    return rules


def pins() -> dict[str, str]:
    """constraints.txt → canonical package name → exact version (every line must be `==`)."""
    found = {}
    for number, line in enumerate((ROOT / "constraints.txt").read_text().splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement = Requirement(line)
        specs = list(requirement.specifier)
        assert len(specs) == 1 and specs[0].operator == "==", f"constraints.txt:{number}: {line}"
        found[canonicalize_name(requirement.name)] = specs[0].version
    return found


def installed_closure(root: str, extras: tuple[str, ...]) -> dict[str, str]:
    """Every distribution `root[extras]` needs, transitively, as installed now: name → version."""
    seen: dict[str, str] = {}
    todo = [(root, extras)]
    while todo:
        name, wanted = todo.pop()
        dist = distribution(name)
        for text in dist.requires or ():
            requirement = Requirement(text)
            environments = [{"extra": e} for e in wanted] or [{"extra": ""}]
            if requirement.marker and not any(requirement.marker.evaluate(e) for e in environments):
                continue
            key = canonicalize_name(requirement.name)
            if key in seen:
                continue
            try:
                seen[key] = distribution(requirement.name).version
            except PackageNotFoundError:
                raise AssertionError(f"{requirement} (needed by {name}) is not installed")
            todo.append((requirement.name, tuple(requirement.extras)))
    return seen


def it_makes_the_environment_with_the_constraints_file():
    rules = makefile_rules((ROOT / "Makefile").read_text())
    prerequisites, recipe = rules[STAMP]
    # a changed pin re-creates the environment, as a changed pyproject.toml does
    assert {"pyproject.toml", "constraints.txt"} <= set(prerequisites)
    installs = [line for line in recipe if "pip install" in line]
    assert len(installs) == 2 and any("-e '.[test]'" in line for line in installs)
    for line in installs:
        assert re.search(r"(^|\s)(-c|--constraint)[ =]constraints\.txt(\s|$)", line), line
    # make report and make test both go through the stamp; CI runs make test
    assert STAMP in rules["setup"][0] and STAMP in rules["setup-test"][0]
    assert "setup" in rules["report"][0] and "setup-test" in rules["test"][0]
    assert "exec make test" in (ROOT / ".ci" / "run").read_text()


def it_runs_with_exactly_the_pinned_versions():
    pinned = pins()
    needed = installed_closure("authoring", ("test",))
    assert {"weasyprint", "python-docx", "matplotlib", "pytest"} <= set(needed)
    unpinned = sorted(set(needed) - set(pinned))
    assert not unpinned, f"not in constraints.txt (run `make constraints`): {unpinned}"
    drifted = {name: (version, pinned[name]) for name, version in needed.items()
               if version != pinned[name]}
    assert not drifted, f"installed ≠ constraints.txt (run `make setup`): {drifted}"


def it_bounds_the_libraries_whose_internals_the_code_uses():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = pins()
    requirements = [Requirement(r) for r in project["dependencies"]]
    requirements += [Requirement(r) for r in project["optional-dependencies"]["test"]]
    for requirement in requirements:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is a dependency but not pinned"
        assert requirement.specifier.contains(pinned[name]), (str(requirement), pinned[name])
    upper = {canonicalize_name(r.name) for r in requirements
             if any(s.operator in ("<", "<=", "~=", "==") for s in r.specifier)}
    assert {"weasyprint", "python-docx", "matplotlib"} <= upper
