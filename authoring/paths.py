"""Names and paths taken from an untrusted project → checked: safe ids, inputs inside the
project (or an opted-in shared folder), outputs inside the output folder.

A report project may come from someone else (a colleague's zip, a pull request in CI), so
`[report] id`, figure ids, `[data] files` and symlinks in data/, templates/, figures/ are
hostile until checked. Every check resolves symlinks before comparing folders.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from contextlib import contextmanager
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


def read_input(path: Path, project: Path, shown: str, shared: tuple[Path, ...] = (),
               error: type[AuthoringError] = ConfigError, location: Location | None = None,
               limit: str = "file_bytes") -> bytes:
    """The bytes of the input `path`, by the one rule for every file a project gives: it
    resolves inside `project` (or a `shared` folder), it is a regular file (a FIFO would
    block the build for ever, a device never end), it is opened without following a link,
    and it is no larger than the limit `limit` (limits.py) before it is read."""
    input_path(path, project, shown, shared, error, location)
    return read_regular(Path(path).resolve(), shown, error, location, limit)


def read_regular(path: Path, shown: str, error: type[AuthoringError] = ConfigError,
                 location: Location | None = None, limit: str = "file_bytes") -> bytes:
    """The bytes of `path` (already resolved and checked, or a file the build wrote itself),
    if it is a regular file, not a link, within the limit `limit`; else `error`."""
    with open_regular(path, shown, error, location, limit) as (fd, allowed):
        chunks, size = [], 0
        while chunk := os.read(fd, min(1 << 20, allowed + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > allowed:  # it grew while being read
                from . import limits

                raise limits.over(limit, f"'{shown}' has more than {allowed:,} bytes",
                                  location or Location(shown), error)
        return b"".join(chunks)


@contextmanager
def open_regular(path: Path, shown: str, error: type[AuthoringError] = ConfigError,
                 location: Location | None = None, limit: str = "file_bytes"):
    """(file descriptor, the limit in bytes) of `path` opened for reading, if it is a
    regular file reached without a link and no larger than the limit `limit`; else `error`."""
    from . import limits

    where = location or Location(shown)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    try:
        # O_NONBLOCK: opening a FIFO for reading would wait for a writer for ever
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise error(f"'{shown}' does not exist", where) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # a link put in place after the check: not followed
            raise error(f"'{shown}' is a link; it is not followed", where,
                        hint="replace the link with the file itself") from None
        raise error(f"'{shown}' cannot be read: {exc.strerror}", where) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"'{shown}' is not a regular file (it is {_file_kind(info.st_mode)}); "
                        "it is not read", where, hint="replace it with an ordinary file")
        allowed = limits.value(limit)
        if info.st_size > allowed:
            raise limits.over(limit, f"'{shown}' has {info.st_size:,} bytes", where, error,
                              info.st_size)
        yield fd, allowed
    finally:
        os.close(fd)


def _file_kind(mode: int) -> str:
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device")):
        if test(mode):
            return name
    return "not an ordinary file"


def decode_text(data: bytes, shown: str, error: type[AuthoringError] = ConfigError,
                hint: str = "save it as UTF-8 (it may have been saved as GBK, Big5 or "
                            "Latin-1)") -> str:
    """UTF-8 `data` (a BOM allowed) → text; `error` at the line of the first bad byte
    (a file saved as GBK or Latin-1 would otherwise surface as a traceback or mojibake)."""
    data = data.removeprefix(b"\xef\xbb\xbf")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise error(f"the file is not UTF-8 text (byte {data[exc.start]:#04x} cannot be read)",
                    Location(shown, line), hint=hint) from None


def project_text(project: Path, shown: str, error: type[AuthoringError] = ConfigError,
                 limit: str = "file_bytes") -> str:
    """The UTF-8 text of the project file `shown` ('templates/a.md.j2'), by the file rule."""
    return decode_text(read_input(Path(project) / shown, project, shown, error=error,
                                  limit=limit), shown, error)


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
