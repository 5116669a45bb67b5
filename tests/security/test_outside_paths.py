"""Threat: a hostile project reads files outside itself and prints them into the report.

Links in templates/, data/, figures/, `[data] files` with '../' or an absolute path, and a
stylesheet outside: each is refused, naming the file. `[data] shared_folders` is the opt-in.
"""

from __future__ import annotations

import json

import docx

from .conftest import assert_plain_error, cli, set_key

SECRET = "TOP-SECRET-7f3a"


def _secret(tmp_path, name="secret.csv", text=None):
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    path = outside / name
    path.write_text(text if text is not None else f"indicator,2023\n{SECRET},1\n", encoding="utf-8")
    return path


def it_refuses_a_template_that_links_outside(english_copy, tmp_path):
    secret = _secret(tmp_path, "secret.txt", SECRET)
    template = english_copy / "templates" / "summary.md.j2"
    template.unlink()
    template.symlink_to(secret)
    result = cli("build", "--project", str(english_copy), "--format", "docx")
    text = assert_plain_error(result, 5, "templates/summary.md.j2", "outside the project")
    assert SECRET not in text
    assert not list((english_copy / "out").glob("*.docx"))


def it_refuses_an_included_template_that_links_outside(english_copy, tmp_path):
    secret = _secret(tmp_path, "secret.txt", SECRET)
    (english_copy / "templates" / "part.md.j2").symlink_to(secret)
    template = english_copy / "templates" / "summary.md.j2"
    template.write_text('{% include "part.md.j2" %}\n' + template.read_text(encoding="utf-8"),
                        encoding="utf-8")
    result = cli("build", "--project", str(english_copy), "--format", "docx")
    assert_plain_error(result, 5, "templates/part.md.j2", "outside the project")


def it_refuses_a_data_file_that_links_outside(english_copy, tmp_path):
    secret = _secret(tmp_path)
    (english_copy / "data" / "zz.csv").symlink_to(secret)
    result = cli("build", "--project", str(english_copy), "--format", "html")
    assert_plain_error(result, 3, "data/zz.csv", "outside the project")


def it_refuses_dot_dot_and_absolute_data_paths(english_copy, tmp_path):
    secret = _secret(tmp_path)
    for pattern in ("../outside/secret.csv", str(secret), "/etc/passwd"):
        set_key(english_copy, "data", "files", f'["data/meta.yaml", "{pattern}"]')
        result = cli("build", "--project", str(english_copy), "--format", "html")
        assert_plain_error(result, 3, "outside the project")


def it_reads_shared_data_only_when_its_folder_is_opted_in(english_copy, tmp_path):
    outside = tmp_path / "shared"
    outside.mkdir()
    values = english_copy / "data" / "values.csv"
    (outside / "values.csv").write_bytes(values.read_bytes())
    values.unlink()
    set_key(english_copy, "data", "files", '["data/meta.yaml", "../shared/values.csv"]')
    refused = cli("build", "--project", str(english_copy), "--format", "html")
    assert_plain_error(refused, 3, "../shared/values.csv")
    set_key(english_copy, "data", "shared_folders", '["../shared"]')
    result = cli("build", "--project", str(english_copy), "--format", "html")
    assert result.exit_code == 0, result.output
    manifest = json.loads((english_copy / "out" / "innovation-review-2023-manifest.json")
                          .read_text(encoding="utf-8"))
    text = json.dumps(manifest)
    assert "../shared/values.csv" in manifest["inputs"]
    assert str(tmp_path) not in text  # no absolute path of the builder's machine


def it_refuses_a_figure_definition_that_links_outside(english_copy, tmp_path):
    secret = _secret(tmp_path, "secret.yaml", f"kind: bar\ncaption: {SECRET}\nseries: [grants]\n")
    spec = english_copy / "figures" / "grants_trend.yaml"
    spec.unlink()
    spec.symlink_to(secret)
    result = cli("build", "--project", str(english_copy), "--format", "docx")
    text = assert_plain_error(result, 6, "figures/grants_trend.yaml", "outside the project")
    assert SECRET not in text


def it_refuses_a_stylesheet_outside(english_copy, tmp_path):
    _secret(tmp_path, "x.css", "body { color: red }")
    set_key(english_copy, "style", "css", '["../../outside/x.css"]')
    result = cli("build", "--project", str(english_copy), "--format", "html")
    assert_plain_error(result, 3, "outside the project")


def it_puts_nothing_from_an_unused_outside_link_in_the_manifest(english_copy, tmp_path):
    secret = _secret(tmp_path, "secret.txt", SECRET)
    (english_copy / "templates" / "unused.md.j2").symlink_to(secret)
    result = cli("build", "--project", str(english_copy), "--format", "docx")
    assert result.exit_code == 0, result.output
    manifest = (english_copy / "out" / "innovation-review-2023-manifest.json").read_text()
    assert "unused.md.j2" not in manifest
    body = "\n".join(p.text for p in docx.Document(
        english_copy / "out" / "innovation-review-2023.docx").paragraphs)
    assert SECRET not in body
