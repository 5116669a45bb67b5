"""The CI workflow stays true to the README: it installs and tests with the Quick start's
commands, checks strictly, builds both formats and editions of each project, uploads out/."""

from __future__ import annotations

import re
import shlex

import yaml

from authoring.commands.init import LANGUAGES
from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "report.yml"
# a command that installs something or runs the test suite must be one of the README's
_INSTALLS_OR_TESTS = re.compile(r"(^|[\s;&|])(make|pip|pip3|apt|apt-get|pytest|playwright)(\s|$)"
                                r"|-m\s+(pip|pytest)\b")


def quick_start_commands(readme: str) -> list[str]:
    """The commands of the first ```sh block under '## Quick start', comments removed."""
    section = re.search(r"^## Quick start\n(.*?)(?=^## )", readme, re.S | re.M)
    assert section, "README has no '## Quick start' section"
    block = re.search(r"```(?:sh|bash|console)\n(.*?)```", section.group(1), re.S)
    assert block, "README's Quick start has no ```sh code block"
    commands = []
    for line in block.group(1).splitlines():
        command = line.split(" #", 1)[0].strip()
        if command and not command.startswith("#"):
            commands.append(command)
    return commands


def run_lines(step: dict) -> list[str]:
    return [line.split(" #", 1)[0].strip() for line in step.get("run", "").splitlines()
            if line.strip() and not line.strip().startswith("#")]


def load_workflow() -> dict:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the bare key `on` as the boolean True
    workflow["on"] = workflow.pop(True, workflow.get("on"))
    return workflow


def it_installs_and_tests_with_exactly_the_readme_quick_start_commands():
    readme = quick_start_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert readme, "no commands in the README's Quick start"
    workflow = load_workflow()
    assert {"push", "pull_request"} <= set(workflow["on"])
    lines = [line for job in workflow["jobs"].values() for step in job["steps"]
             for line in run_lines(step)]
    installing = [line for line in lines if _INSTALLS_OR_TESTS.search(line)]
    # nothing is installed or tested in CI in a way the README does not tell an editor
    assert installing and set(installing) <= set(readme), (installing, readme)
    # and every Quick start command is exercised by CI
    assert set(readme) <= set(installing), (readme, installing)
    # the test suite runs through one of them (make test → pytest)
    assert any(line.startswith("make") and "test" in line.split() for line in installing)


def it_checks_builds_and_uploads_each_report_project_of_the_matrix():
    workflow = load_workflow()
    job = workflow["jobs"]["report"]
    entries = job["strategy"]["matrix"]["include"]
    projects = {entry["project"] for entry in entries}
    assert {".", "tests/fixtures/en_report"} <= projects
    for entry in entries:
        if "init" in entry:
            assert entry["init"] in LANGUAGES
            assert not (ROOT / entry["project"]).exists()  # init refuses a non-empty folder
        else:
            assert (ROOT / entry["project"] / "report.toml").is_file(), entry
    assert {e["init"] for e in entries if "init" in e} == set(LANGUAGES)
    assert len({e["name"] for e in entries}) == len(entries)  # artefact names must differ

    steps = job["steps"]
    commands = [shlex.split(line.replace("${{ matrix.project }}", "PROJECT")
                            .replace("${{ matrix.init }}", "LANG"))
                for step in steps for line in run_lines(step)]
    authoring = [c[1:] for c in commands if c and c[0].endswith("authoring")]
    init = next(c for c in authoring if c[0] == "init")
    assert init[1:] == ["PROJECT", "--lang", "LANG"]
    init_step = next(s for s in steps if "authoring init" in s.get("run", ""))
    assert init_step.get("if") == "matrix.init"
    check = next(c for c in authoring if c[0] == "check")
    assert "--strict" in check and check[check.index("--project") + 1] == "PROJECT"
    build = next(c for c in authoring if c[0] == "build")
    assert build[build.index("--project") + 1] == "PROJECT"
    assert set(build[build.index("--format") + 1].split(",")) == {"docx", "pdf"}
    editions = [build[i + 1] for i, arg in enumerate(build) if arg == "--edition"]
    assert sorted(editions) == ["print", "screen"]
    # the order matters: init before check, check before build, build before upload
    order = [i for i, s in enumerate(steps) for word in ("authoring init", "authoring check",
                                                         "authoring build")
             if word in s.get("run", "")]
    upload = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-artifact"))
    assert order == sorted(order) and upload > order[-1]
    artefact = steps[upload]["with"]
    assert artefact["path"].rstrip("/") == "${{ matrix.project }}/out"
    assert "${{ matrix.name }}" in artefact["name"]
    assert artefact.get("if-no-files-found") == "error"


def it_reads_the_quick_start_block_as_it_is_written():
    readme = "# x\n\n## Quick start\n\n```sh\nmake report   # builds\n# a comment\nmake test\n```\n\n## Next\n"
    assert quick_start_commands(readme) == ["make report", "make test"]


def it_builds_the_report_family_in_shards_that_cover_it_and_uploads_each():
    from authoring.family.run import parse_shard

    job = load_workflow()["jobs"]["family"]
    assert job["permissions"] == {"contents": "read"}
    shards = [entry["shard"] for entry in job["strategy"]["matrix"]["include"]]
    parsed = [parse_shard(s) for s in shards]
    count = parsed[0][1]
    assert sorted(k for k, _ in parsed) == list(range(1, count + 1))
    assert all(n == count for _, n in parsed)
    project = job["env"]["FAMILY"]
    assert (ROOT / project / "report.toml").is_file() and "[family]" in \
        (ROOT / project / "report.toml").read_text(encoding="utf-8")
    lines = [line for step in job["steps"] for line in run_lines(step)]
    build = next(shlex.split(line) for line in lines if "authoring build" in line)
    assert build[build.index("--shard") + 1] == "$SHARD" and job["env"]["SHARD"] == "${{ matrix.shard }}"
    for step in job["steps"]:  # third-party code pinned to a commit, the tag in a comment
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
        if step.get("uses", "").startswith("actions/checkout"):
            assert step["with"]["persist-credentials"] is False
    upload = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["with"]["path"].rstrip("/") == f"{project}/out"
    assert "${{ matrix.name }}" in upload["with"]["name"]
    text = WORKFLOW.read_text(encoding="utf-8")
    assert all(f"# v{n}" in text for n in ("4.4.0", "4.3.0", "4.6.2"))
