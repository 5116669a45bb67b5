"""Template source → Jinja's compiled template, kept in the user's cache folder between builds.

Compiling is most of the template stage (lexing, parsing, generating and compiling Python:
~2.3 s of the 3.2 s for the 300-page synthetic report); the compiled code depends only on
the template's text, its file name, Jinja and this package's code generator, as Python's
own .pyc files depend on their source. So it is kept, like them, outside the project: a
build with out/ deleted still finds it. Jinja checks each entry against a checksum of the
template's source and ignores one from another Jinja or Python version; the folder's name
also holds a hash of this package's templating code (budget.py generates the code). A
cache folder that cannot be written only costs the time saved.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from jinja2 import FileSystemBytecodeCache


@lru_cache(maxsize=1)
def _generator_digest() -> str:
    import jinja2

    digest = hashlib.sha256(jinja2.__version__.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:12]


class _QuietCache(FileSystemBytecodeCache):
    """FileSystemBytecodeCache that treats a folder it cannot read or write as empty."""

    def load_bytecode(self, bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except (OSError, ValueError, EOFError):
            bucket.reset()

    def dump_bytecode(self, bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass


def bytecode_cache() -> FileSystemBytecodeCache | None:
    """The compiled-template cache, or None when AUTHORING_NO_TEMPLATE_CACHE=1 or the folder
    cannot be made."""
    if os.environ.get("AUTHORING_NO_TEMPLATE_CACHE") == "1":
        return None
    from ..paths import user_cache

    folder = user_cache() / f"templates-{_generator_digest()}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        return None
    return _QuietCache(str(folder))
