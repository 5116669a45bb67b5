"""An untrusted zip container (XLSX, DOCX) → refused early if it is a bomb or malformed.

Nothing in openpyxl or python-docx limits decompression, so these checks run first.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from .errors import DataError, Location

MAX_ENTRIES = 5000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed per entry; real XML rarely exceeds ~30


def check_zip(path: Path, shown: str, error=DataError) -> None:
    """Raise `error` when `path` is not a sane zip: too many entries, too large, or too packed."""
    loc = Location(shown)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise error(f"not a valid Office file (zip container unreadable: {exc})", loc) from None
    if len(infos) > MAX_ENTRIES:
        raise error(f"refused: the file has {len(infos)} zip entries (limit {MAX_ENTRIES})", loc)
    total = 0
    for info in infos:
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise error("refused: the file would expand to more than "
                        f"{MAX_TOTAL_BYTES // 2**20} MiB (zip bomb?)", loc)
        if info.compress_size and info.file_size / info.compress_size > MAX_RATIO and info.file_size > 2**20:
            raise error(f"refused: the entry '{info.filename}' is compressed {info.file_size // info.compress_size}:1 "
                        "(zip bomb?)", loc)
        if info.filename.startswith("/") or ".." in info.filename.split("/"):
            raise error(f"refused: the entry '{info.filename}' has an unsafe path", loc)
