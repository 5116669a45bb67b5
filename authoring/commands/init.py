"""`authoring init DIR [--lang zh-CN|en]` → a small working report project in a new folder.

The project comes from the package data in authoring/skeleton/<lang>/: report.toml, indicators
and values, one chapter template with a table, one chart, and a .gitignore for out/. It builds
to DOCX and PDF as it is and passes `authoring check --strict`, so a new report starts from
something that works and is changed one step at a time.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from importlib import resources
from pathlib import Path

import click

from ..errors import ConfigError, Location

LANGUAGES = ("zh-CN", "en")
# package data cannot ship a file named .gitignore reliably (dotfiles are skipped by some
# build tools), so the skeleton holds it as `gitignore` and init renames it
_RENAMED = {"gitignore": ".gitignore"}


def report_id(folder: Path) -> str:
    """The folder's name as a report id for output file names: `East District` → `east-district`."""
    slug = re.sub(r"[^a-z0-9]+", "-", folder.name.lower()).strip("-")
    return slug or "report"


def skeleton_files(lang: str, ident: str) -> dict[str, bytes]:
    """Relative path → bytes of every file of a new project in `lang` (pure: reads package data only)."""
    if lang not in LANGUAGES:
        raise ConfigError(f"no project skeleton for language '{lang}'",
                          hint=f"use --lang {' or --lang '.join(LANGUAGES)}")
    root = resources.files("authoring") / "skeleton" / lang
    files: dict[str, bytes] = {}

    def walk(node, prefix: str) -> None:
        for entry in node.iterdir():
            name = _RENAMED.get(entry.name, entry.name)
            if entry.is_dir():
                walk(entry, f"{prefix}{name}/")
            elif not entry.name.startswith(".") and not entry.name.endswith(".pyc"):
                files[prefix + name] = entry.read_bytes()

    walk(root, "")
    files["report.toml"] = files["report.toml"].replace(b"@ID@", ident.encode("utf-8"))
    return dict(sorted(files.items()))


def write_project(target: Path, lang: str) -> list[str]:
    """Write a new project into `target` (absent or an empty folder) → the files written.

    The files are written into a temporary sibling folder that is renamed into place (or, for
    an existing empty folder, whose entries are moved in) at the end, so an interrupted init
    leaves no half-written files behind."""
    target = Path(target).resolve()  # `init .` in an empty folder: its parent holds the staging
    if target.exists() and not target.is_dir():
        raise ConfigError("is a file, not a folder", Location(str(target)),
                          "name a new folder for the report project")
    if target.is_dir() and any(target.iterdir()):
        raise ConfigError("the folder is not empty; init writes only into a new or empty folder, "
                          "so nothing there is overwritten", Location(str(target)),
                          "name a new folder, e.g. `authoring init reports/my-report`")
    files = skeleton_files(lang, report_id(target.resolve()))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".init", dir=target.parent))
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        if target.is_dir():
            # an empty folder (perhaps the shell's current one) stays; its new contents move in
            for entry in sorted(staging.iterdir()):
                entry.rename(target / entry.name)
        else:
            os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it 0700; a project folder is not
            staging.rename(target)
    except OSError as exc:
        raise ConfigError(f"cannot create the project: {exc.strerror or exc}",
                          Location(str(target))) from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return list(files)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@click.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--lang", type=click.Choice(LANGUAGES), default="zh-CN", show_default=True,
              help="Language of the report: its wording, fonts and sample text.")
def init(folder, lang):
    """Create a small working report project in FOLDER (new or empty)."""
    written = write_project(folder, lang)
    click.echo(f"created {folder} ({lang}):")
    for name in written:
        click.echo(f"  {name}")
    shown = str(folder)
    click.echo(f"next: authoring check --project {shown} && authoring build --project {shown}")
