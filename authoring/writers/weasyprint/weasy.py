"""WeasyPrint and its native libraries → imported by soname, without ctypes.util.find_library.

WeasyPrint (text/ffi.py) asks cffi for each library under several names ('libgobject-2.0-0',
'gobject-2.0-0', 'gobject-2.0', …); for every name cffi cannot dlopen directly it calls
ctypes.util.find_library, which on Linux runs `ldconfig -p` and then gcc and ld to find it:
23 ldconfig and 16 gcc runs (218 processes) per build, slow and surprising in a locked-down
CI. WeasyPrint has no setting for this (WEASYPRINT_DLL_DIRECTORIES is Windows-only), so
while it is imported, find_library is replaced by a dlopen of the usual sonames, which
searches exactly where the dynamic linker will (LD_LIBRARY_PATH, ld.so.cache, /usr/lib).
This adapter is the only place that knows; elsewhere the original find_library is used.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import sys
import threading

_LOCK = threading.Lock()


def import_weasyprint():
    """The weasyprint module, imported (once) without spawning ldconfig or gcc."""
    module = sys.modules.get("weasyprint")
    if module is not None:
        return module
    with _LOCK, _by_soname():
        import weasyprint
    return weasyprint


def locate_library(name: str) -> str | None:
    """What to pass to ctypes.CDLL for the shared library `name` ('pango-1.0'), or None."""
    if sys.platform.startswith("linux"):
        return find_by_soname(name)
    return ctypes.util.find_library(name)  # other platforms name libraries otherwise


def has_library(name: str) -> bool:
    """Whether the shared library `name` ('harfbuzz-subset', 'pango-1.0') can be loaded."""
    return locate_library(name) is not None


def find_by_soname(name: str) -> str | None:
    """The first of lib<name>.so.0, .so.1, .so that dlopen loads, else None (no process run)."""
    base = name[3:] if name.startswith("lib") else name
    for candidate in (f"lib{base}.so.0", f"lib{base}.so.1", f"lib{base}.so"):
        try:
            ctypes.CDLL(candidate)
        except OSError:
            continue
        return candidate
    return None


@contextlib.contextmanager
def _by_soname():
    if not sys.platform.startswith("linux"):
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = find_by_soname
    try:
        yield
    finally:
        ctypes.util.find_library = original
