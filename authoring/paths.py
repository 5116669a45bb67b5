"""Names and paths taken from an untrusted project → checked: safe ids, inputs inside the
project (or an opted-in shared folder), outputs inside the output folder.

A report project may come from someone else (a colleague's zip, a pull request in CI), so
`[report] id`, figure ids, `[data] files` and symlinks in data/, templates/, figures/ are
hostile until checked. Every check resolves symlinks before comparing folders.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .errors import AuthoringError, ConfigError, Location

# a letter, digit or underscore (any script), then also dots and hyphens: never '/', '\',
# a leading '.', or '..' — an id becomes part of a file name
SAFE_ID = re.compile(r"\w[\w.-]{0,99}")
ID_HINT = "use letters, digits, '_', '-' and '.', starting with a letter or digit (at most 100)"


def check_id(value: str, what: str, location: Location | None, error=ConfigError) -> str:
    """`value` if it is safe inside a file name, else `error` naming `what`."""
    if not SAFE_ID.fullmatch(value) or ".." in value:
        raise error(f"{what} {value!r} cannot be used in a file name", location, hint=ID_HINT)
    return value


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with symlinks resolved, lies inside `root` (also resolved)."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def input_path(path: Path, project: Path, shown: str, shared: tuple[Path, ...] = (),
               error: type[AuthoringError] = ConfigError, location: Location | None = None) -> Path:
    """`path` if it resolves inside `project` or one of the `shared` folders, else `error`.

    `shown` names the file as the user wrote it (a symlink's own name, not its target).
    """
    if inside(path, project) or any(inside(path, folder) for folder in shared):
        return path
    raise error(f"'{shown}' leads outside the project folder (to {Path(path).resolve()}); "
                "it is not read", location or Location(shown),
                hint="copy the file into the project (a shared data folder you trust can be "
                     "allowed with [data] shared_folders in report.toml)")


def output_path(target: Path, out_dir: Path) -> Path:
    """`target` if it is a direct child of `out_dir` once symlinks in its folder are resolved."""
    out = Path(out_dir).resolve()
    if Path(target).parent.resolve() != out or Path(target).name in ("", ".", ".."):
        raise ConfigError(f"refused to write '{target}': it is not inside the output folder {out}",
                          Location("report.toml"), hint=ID_HINT)
    return target


def shown_path(path: Path, project: Path) -> str:
    """`path` relative to `project` ('data/x.csv', '../shared/x.csv'); never absolute."""
    try:
        return Path(os.path.relpath(Path(path).absolute(), Path(project).absolute())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(path).name


def user_cache() -> Path:
    """authoring's folder in the user's cache ($XDG_CACHE_HOME, else ~/.cache): font hashes
    and compiled templates, kept between builds and projects."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "authoring"
