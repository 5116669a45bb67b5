"""A written .docx → the page each bookmark lands on as LibreOffice lays it out (or None).

The contents and lists carry cached PAGEREF results that LibreOffice and WPS show as they
are (Word updates them only after a prompt). Where `soffice` is installed, this converts
the DOCX to PDF with every bookmark exported as a named destination, so the cached
numbers can be the client's own; the estimate (estimate.py) stays the fallback.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

# Writer's PDF export: bookmarks become named destinations (pypdf reads them back)
_EXPORT = 'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
TIMEOUT_S = 300


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def destination_name(bookmark: str) -> str:
    """How LibreOffice spells a bookmark as a PDF destination: every character outside
    [A-Za-z0-9] becomes its UTF-8 bytes in hex ("_Ref_x" → "5FRef5Fx")."""
    return "".join(c if c.isascii() and c.isalnum() else c.encode("utf-8").hex().upper()
                   for c in bookmark)


def measure(docx: Path, bookmarks: list[str], body_start: str) -> dict[str, int] | None:
    """Bookmark → page in the body's numbering (the page of `body_start` is 1), or None
    when LibreOffice is missing or fails: the caller keeps its estimate then."""
    program = soffice()
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="authoring-lo-") as tmp:
        # a private profile: a user's running LibreOffice or a parallel build would
        # otherwise lock the shared one and the conversion would silently do nothing
        profile = Path(tmp, "profile").as_uri()
        source = Path(tmp, "pages.docx")
        shutil.copyfile(docx, source)
        try:
            subprocess.run([program, f"-env:UserInstallation={profile}", "--headless",
                            "--convert-to", _EXPORT, "--outdir", tmp, str(source)],
                           capture_output=True, check=True, timeout=TIMEOUT_S,
                           env={**os.environ, "SAL_USE_VCLPLUGIN": "svp"})
        except (OSError, subprocess.SubprocessError):
            return None
        pdf = Path(tmp, "pages.pdf")
        if not pdf.is_file():
            return None
        return _pages(pdf, bookmarks, body_start)


def _pages(pdf: Path, bookmarks: list[str], body_start: str) -> dict[str, int] | None:
    from pypdf import PdfReader

    try:
        reader = PdfReader(str(pdf))
        found = {str(name).lstrip("/"): reader.get_destination_page_number(dest)
                 for name, dest in reader.named_destinations.items()}
    except Exception:  # pypdf raises many types on a damaged file; the estimate stays
        return None
    first = found.get(destination_name(body_start))
    if first is None:
        return None
    names: dict[str, list[str]] = {}
    for bookmark in bookmarks:
        names.setdefault(destination_name(bookmark), []).append(bookmark)
    pages = {}
    for name, owners in names.items():
        if len(owners) == 1 and name in found:  # two names spelt alike: leave both estimated
            pages[owners[0]] = found[name] - first + 1
    return pages
