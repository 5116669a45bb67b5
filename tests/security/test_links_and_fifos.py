"""Threats, second round: reads outside the project through a linked templates/ folder, a
planted chart cache, a planted manifest or out/figures link; and hangs on a FIFO.

Each ends in a clear error (or the right output) within 10 s and 500 MB, and a failed build
leaves the previous outputs byte for byte as they were.
"""

from __future__ import annotations

import json
import os
import shutil

from .hostile import (SECRET, build, docx_text, fails_cleanly, good_build, outputs,  # noqa: F401
                      project, run_limited, run_python, secret_file)

STEM = "innovation-review-2023"


def it_refuses_a_templates_folder_that_is_a_link_outside(project, tmp_path):
    before = outputs(project)
    outside = tmp_path / "outside-templates"
    shutil.copytree(project / "templates", outside)
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    shutil.rmtree(project / "templates")
    (project / "templates").symlink_to(outside)
    toml = project / "report.toml"
    toml.write_text(toml.read_text().replace('template = "summary.md.j2"',
                                             'template = "secret.txt"'))
    text = fails_cleanly(build(project), before, project, 5, "templates/secret.txt",
                         "outside the project")
    assert SECRET not in text


def it_redraws_chart_files_planted_as_links_or_doctored(project, tmp_path):
    before = outputs(project)
    figures = project / "out" / "figures"
    secret = secret_file(tmp_path, "secret.svg", f"<svg xmlns='http://www.w3.org/2000/svg'>"
                                                 f"<text>{SECRET}</text></svg>")
    charts = sorted(figures.iterdir())
    for path in charts[::2]:  # some a link to an outside file, the others doctored in place
        path.unlink()
        path.symlink_to(secret)
    for path in charts[1::2]:
        path.write_bytes(path.read_bytes().replace(b"<svg", b"<svg data-doctored='1'", 1)
                         if path.suffix == ".svg" else path.read_bytes()[:-1] + b"\0")
    result = build(project)
    assert result.returncode == 0, result.stderr
    assert not any(p.is_symlink() for p in figures.iterdir())
    assert SECRET not in docx_text(project / "out" / f"{STEM}.docx")
    assert outputs(project) == before  # every chart drawn again, to the same bytes


def it_does_not_read_a_huge_linked_template_or_one_over_the_limit(project, tmp_path):
    before = outputs(project)
    huge = tmp_path / "outside" / "huge.txt"
    huge.parent.mkdir()
    with huge.open("wb") as handle:
        handle.truncate(3 * 2**30)  # sparse: 3 GB that take no disk
    template = project / "templates" / "summary.md.j2"
    template.unlink()
    template.symlink_to(huge)
    fails_cleanly(build(project), before, project, 5, "outside the project")
    template.unlink()
    os.replace(huge, template)  # now inside the project, and too large to be read
    fails_cleanly(build(project), before, project, 5, "templates/summary.md.j2",
                  "over the limit", "AUTHORING_LIMIT_FILE_BYTES")


def it_never_opens_what_a_planted_manifest_names_outside(project, tmp_path):
    before = outputs(project)
    fifo = tmp_path / "outside" / "fifo"
    fifo.parent.mkdir()
    os.mkfifo(fifo)  # opened, it would block the build for ever
    manifest = project / "out" / f"{STEM}-manifest.json"
    data = json.loads(manifest.read_text())
    data["outputs"]["../../outside/fifo"] = {"sha256": "0" * 64, "bytes": 1}
    manifest.write_text(json.dumps(data))
    result = build(project)  # rebuilt, since the manifest no longer matches
    assert result.returncode == 0, result.stderr
    assert outputs(project) == before


def it_refuses_an_out_figures_link_without_hashing_what_it_leads_to(project, tmp_path):
    outside = tmp_path / "outside" / "figures"
    outside.mkdir(parents=True)
    for path in (project / "out" / "figures").iterdir():
        os.mkfifo(outside / path.name)  # hashing any of them would block
    shutil.rmtree(project / "out" / "figures")
    (project / "out" / "figures").symlink_to(outside)
    before = outputs(project)
    fails_cleanly(build(project), before, project, 3, "out/figures", "outside")


def it_refuses_a_fifo_data_file_in_build_and_check(project):
    before = outputs(project)
    os.mkfifo(project / "data" / "zz.csv")
    fails_cleanly(build(project), before, project, 4, "data/zz.csv", "named pipe")
    fails_cleanly(run_limited("check", "--project", str(project)), before, project, None,
                  "data/zz.csv", "named pipe")


def it_refuses_a_fifo_a_stylesheet_url_names(project):
    before = outputs(project)
    (project / "templates" / "style.css").write_text("body { background: url(bg.png) }\n")
    os.mkfifo(project / "templates" / "bg.png")
    fails_cleanly(build(project, "--format", "pdf"), before, project, 7, "bg.png", "named pipe")


def it_keeps_the_preview_updating_after_a_fifo_appeared(project):
    """The preview's page is made by render_report on each change: a FIFO gives an error
    page at once, and the next change (the FIFO gone) the report again."""
    script = ("import os, sys; from pathlib import Path\n"
              "from authoring.preview.page import render_report, error_report\n"
              "p = Path(sys.argv[1]); fifo = p / 'data' / 'zz.csv'; os.mkfifo(fifo)\n"
              "try:\n    render_report(p)\nexcept Exception as exc:\n"
              "    print('ERROR', exc)\n"
              "fifo.unlink()\nprint('PAGE', 'Summary' in render_report(p))\n")
    result = run_python("-c", script, str(project))
    assert "ERROR" in result.stdout and "named pipe" in result.stdout, result.stdout + result.stderr
    assert "PAGE True" in result.stdout, result.stdout + result.stderr
