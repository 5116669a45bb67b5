"""Build inputs and outputs → out/<id>-<year>-manifest.json: the sha256 of every file involved.

The manifest answers "which data and templates made this PDF?" long after the build: it
lists every input file (report.toml, data, templates, figure definitions, stylesheets) and
every output with its hash, and the versions of the libraries that made them ("software";
"versions" for the rendering stack: WeasyPrint, Pango, HarfBuzz, matplotlib, python-docx).
It holds no clock time, only source_date_epoch, and its JSON is written with sorted keys, so
identical builds give identical manifests.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

FORMAT = 1
# editor droppings that are not inputs: swap and backup files, Office lock files
_SKIP_PREFIXES = (".", "~$", "#")
_SKIP_SUFFIXES = ("~", ".swp", ".tmp", ".bak")
# the libraries whose version changes the bytes of an output
_LIBRARIES = ("authoring", "python-docx", "weasyprint", "matplotlib", "jinja2", "openpyxl",
              "markdown-it-py")


def sha256(path: Path) -> str:
    """The SHA-256 of the regular file `path` (links resolved first; the caller has checked
    where they lead); an AuthoringError for a FIFO, device or a file over the size limit,
    which would otherwise block or never end."""
    import os

    from ..paths import open_regular

    digest = hashlib.sha256()
    with open_regular(Path(path).resolve(), Path(path).name, limit="data_bytes") as (fd, _):
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _is_input(path: Path) -> bool:
    return (path.is_file() and not path.name.startswith(_SKIP_PREFIXES)
            and not path.name.endswith(_SKIP_SUFFIXES))


def input_files(config, options=None) -> list[Path]:
    """Every file a build of `config` reads: report.toml, data, templates/**, figures/**,
    and stylesheets or a reference DOCX wherever they are."""
    from ..paths import inside

    project = config.project_dir
    files = {config.path, *config.data_paths(), *config.family_paths()}
    for folder in ("templates", "figures"):
        root = project / folder
        if root.is_dir():  # a link out of the project is never read, so never hashed either
            files.update(p for p in root.rglob("*") if _is_input(p) and inside(p, project))
    if options is not None:
        files.update(Path(p) for p in options.css_files if Path(p).is_file())
        if options.reference_docx:
            files.add(Path(options.reference_docx))
    return sorted(files)


def chart_files(document) -> list[Path]:
    """The chart files (SVG and PNG) the document shows."""
    from ..model.nodes import Figure
    from ..model.text import walk_blocks

    paths = {Path(p) for chapter in document.chapters for block in walk_blocks(chapter.blocks)
             if isinstance(block, Figure) for p in (block.svg, block.png) if p}
    return sorted(p for p in paths if p.is_file())


def _shown(path: Path, root: Path) -> str:
    # never an absolute path: it would leak the builder's folders (and differ per machine);
    # shared data outside the project is recorded as '../shared/x.csv'
    from ..paths import shown_path

    path = Path(path).resolve()
    return path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root.resolve()) \
        else shown_path(path, root.resolve())


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for name in _LIBRARIES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            continue
    return found


# The rendering stack: a new release of any of these may change an output's bytes or layout
# (line breaks, glyph positions, chart paths). constraints.txt pins the Python ones; Pango and
# HarfBuzz come with the system, so only the manifest can tell which ones made a given PDF.
_RENDERING_PACKAGES = ("weasyprint", "typst", "python-docx", "matplotlib")
# native library (as ctypes.util.find_library would name it, the one WeasyPrint loads) → its
# function returning the version string
_RENDERING_NATIVE = {"pango": ("pango-1.0", "pango_version_string"),
                     "harfbuzz": ("harfbuzz", "hb_version_string")}


def rendering_versions() -> dict[str, str]:
    """Versions of WeasyPrint, Typst, python-docx, matplotlib, Pango and HarfBuzz ("not installed"
    when absent), read without importing WeasyPrint (the build imports it in a worker)."""
    return dict(_rendering_versions())


@functools.lru_cache(maxsize=1)  # a process never sees its libraries change
def _rendering_versions() -> tuple[tuple[str, str], ...]:
    import ctypes
    from importlib.metadata import PackageNotFoundError, version

    from ..writers.weasyprint.weasy import locate_library

    found = {}
    for name in _RENDERING_PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    for name, (library, function) in _RENDERING_NATIVE.items():
        found[name] = "not installed"
        located = locate_library(library)  # by soname: find_library runs ldconfig and gcc
        if not located:
            continue
        try:
            call = getattr(ctypes.CDLL(located), function)
        except (OSError, AttributeError):
            continue
        call.restype = ctypes.c_char_p
        found[name] = call().decode("ascii", "replace")
    return tuple(found.items())


def manifest(config, inputs: list[Path], outputs: dict[Path, Path], out_dir: Path,
             source_date_epoch: int, build: dict | None = None, fonts: dict | None = None) -> dict:
    """The manifest as a dict. `outputs` maps each final path to the file holding its bytes
    now (a staged temporary file before the rename); `build` holds the build's settings;
    `fonts` the font files used (fonts.py: role → family, file, sha256)."""
    data = {
        "format": FORMAT,
        "build": build or {},
        "report": {"id": config.id, "year": config.year, "lang": config.lang},
        "source_date_epoch": source_date_epoch,
        "inputs": {_shown(p, config.project_dir): {"sha256": sha256(p), "bytes": p.stat().st_size}
                   for p in inputs},
        "outputs": {_shown(target, out_dir): {"sha256": sha256(now), "bytes": Path(now).stat().st_size}
                    for target, now in outputs.items()},
        "software": _versions(),
        "versions": rendering_versions(),
    }
    if fonts is not None:
        data["fonts"] = fonts
    return data


def manifest_json(config, inputs: list[Path], outputs: dict[Path, Path], out_dir: Path,
                  source_date_epoch: int, build: dict | None = None, fonts: dict | None = None) -> bytes:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8, a final newline."""
    data = manifest(config, inputs, outputs, out_dir, source_date_epoch, build, fonts)
    return (json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def unchanged_outputs(manifest_path: Path, config, inputs: list[Path], out_dir: Path,
                      source_date_epoch: int, build: dict, fonts: dict | None = None) -> bool:
    """True when `manifest_path` describes a build with these settings, inputs and software,
    and every output it lists is still on disk with the same hash: rebuilding would give
    the same bytes, so the build can be skipped."""
    from ..errors import AuthoringError
    from ..paths import read_regular

    try:
        # the manifest in out/ may have been planted (a shared project's out/): read by the
        # file rule, and every output it names must be a regular file inside out/
        old = json.loads(read_regular(manifest_path, manifest_path.name))
        if not isinstance(old, dict):
            return False
        return _same_build(old, config, inputs, out_dir, source_date_epoch, build, fonts)
    except (AuthoringError, OSError, ValueError, AttributeError, TypeError, RecursionError):
        return False  # rebuilt: the build itself then reads every input and says what is wrong


def _same_build(old: dict, config, inputs: list[Path], out_dir: Path, source_date_epoch: int,
                build: dict, fonts: dict | None) -> bool:
    from ..paths import inside

    if (old.get("format") != FORMAT or old.get("build") != build
            or old.get("source_date_epoch") != source_date_epoch
            or old.get("software") != _versions()
            or old.get("versions") != rendering_versions()
            or (fonts is not None and old.get("fonts") != fonts)):  # another font file
        return False
    want = {_shown(p, config.project_dir): sha256(p) for p in inputs}
    if {k: v.get("sha256") for k, v in old.get("inputs", {}).items()} != want:
        return False
    for name, entry in old.get("outputs", {}).items():
        path = out_dir / name
        if Path(name).is_absolute() or path.is_symlink() or not inside(path, out_dir) \
                or not path.is_file() or sha256(path) != entry.get("sha256"):
            return False
    return True
