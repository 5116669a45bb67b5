"""An untrusted zip container (XLSX, DOCX) → refused early if it is a bomb or malformed;
its members read through a stream that stops at a limit.

Nothing in openpyxl or python-docx limits decompression, so these checks run first. The
sizes in the zip directory are written by whoever made the file and may lie (a member that
declares 1 MiB can inflate to 800 MB), so they only reject early: `read_member` and
`verify_members` count the bytes that really come out and stop at the limit.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from .errors import DataError, Location

MAX_ENTRIES = 5000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed per entry; real XML rarely exceeds ~30
MAX_MEMBER_BYTES = 256 * 1024 * 1024  # one member, as really inflated
CHUNK = 1 << 20
# '<!DOCTYPE' / '<!ENTITY' in UTF-8 or UTF-16 (a NUL after each ASCII character)
DTD = re.compile(rb"<\x00?!\x00?(D\x00?O\x00?C\x00?T\x00?Y\x00?P\x00?E|E\x00?N\x00?T\x00?I\x00?T\x00?Y)",
                 re.IGNORECASE)


def check_zip(path: Path, shown: str, error=DataError) -> None:
    """Raise `error` when `path` (or a binary file object) is not a sane zip: too many
    entries, too large, too packed, an entry name repeated, or encrypted entries."""
    loc = Location(shown)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise error(f"not a valid Office file (zip container unreadable: {exc})", loc) from None
    if len(infos) > MAX_ENTRIES:
        raise error(f"refused: the file has {len(infos)} zip entries (limit {MAX_ENTRIES})", loc)
    total, names = 0, set()
    for info in infos:
        # Office refuses both; zipfile would silently take the last copy of a repeated name
        # (part names are case-insensitive in OPC) and raise RuntimeError on encrypted entries
        if info.filename.lower() in names:
            raise error(f"refused: the entry '{info.filename}' appears twice in the file", loc,
                        hint="a damaged or doctored file: open it in Office and save it again")
        names.add(info.filename.lower())
        if info.flag_bits & 0x1:
            raise error(f"refused: the entry '{info.filename}' is encrypted", loc,
                        hint="remove the password (in Office: File › Info › Protect) and "
                             "save the file again")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise error("refused: the file would expand to more than "
                        f"{MAX_TOTAL_BYTES // 2**20} MiB (zip bomb?)", loc)
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 2**20:
            raise error(f"refused: the entry '{info.filename}' is compressed {info.file_size // info.compress_size}:1 "
                        "(zip bomb?)", loc)
        if info.filename.startswith("/") or ".." in info.filename.split("/"):
            raise error(f"refused: the entry '{info.filename}' has an unsafe path", loc)


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, loc: Location,
                error=DataError) -> bytes:
    """The inflated bytes of `info`, read in chunks; `error` as soon as more than `limit`
    come out (whatever the directory claims), or when the member is corrupt (CRC, deflate)."""
    chunks, size = [], 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise error(f"refused: the entry '{info.filename}' inflates to more than "
                                f"{limit // 2**20} MiB (zip bomb?)", loc)
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError) as exc:
        raise error(f"the entry '{info.filename}' cannot be read: {exc}", loc,
                    hint="the file is damaged: ask for it again, or open and save it again") from None
    return b"".join(chunks)


def verify_members(path: Path, shown: str, error=DataError, xml_suffixes=(".xml", ".rels"),
                   count=None) -> dict[str, int]:
    """Inflate every member once, in chunks, without keeping them: refused if any is corrupt,
    larger than MAX_MEMBER_BYTES, all together larger than MAX_TOTAL_BYTES, or if an XML member
    declares a DTD or entities. For files a library (openpyxl) will then open itself.

    Returns, for each XML member, how many matches of the bytes pattern `count` it holds (its
    rows, say), so that a file too large to parse is refused before it is parsed."""
    loc = Location(shown)
    total = 0
    counted: dict[str, int] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for info in archive.infolist():
                size, tail = 0, b""
                xml = info.filename.lower().endswith(xml_suffixes)
                try:
                    with archive.open(info) as stream:
                        while chunk := stream.read(CHUNK):
                            size += len(chunk)
                            total += len(chunk)
                            if size > MAX_MEMBER_BYTES or total > MAX_TOTAL_BYTES:
                                raise error(f"refused: the entry '{info.filename}' inflates to "
                                            "more than its limit (zip bomb?)", loc)
                            if xml and DTD.search(tail + chunk):
                                raise error(f"refused: the entry '{info.filename}' declares a DTD "
                                            "or entities (an Office file never does; this can be "
                                            "an attack)", loc)
                            if xml and count is not None:  # a match split across chunks too
                                counted[info.filename] = counted.get(info.filename, 0) + \
                                    len(count.findall(tail + chunk)) - len(count.findall(tail))
                            tail = chunk[-32:]  # a declaration split across two chunks
                except (zipfile.BadZipFile, OSError, EOFError, ValueError,
                        NotImplementedError, RuntimeError) as exc:
                    raise error(f"the entry '{info.filename}' cannot be read: {exc}", loc,
                                hint="the file is damaged: ask for it again, or open and "
                                     "save it again") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise error(f"not a valid Office file (zip container unreadable: {exc})", loc) from None
    return counted
