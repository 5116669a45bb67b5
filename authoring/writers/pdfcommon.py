"""What both PDF engines (pdf.py, typst/) share: the attachment rule, the cover's page label
and the atomic write."""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import RenderError

# the PDF page label of the cover (a viewer's page box shows it instead of a number)
COVER_LABEL = {"zh": "封面", "ja": "表紙", "ko": "표지"}


def cover_label(lang: str) -> str:
    """The cover's page label in the language `lang` (a BCP 47 tag)."""
    return COVER_LABEL.get(lang.split("-")[0].lower(), "Cover")


def refuse_attachments(variant: str | None, forbidding: tuple[str, ...]) -> None:
    """A RenderError when the PDF `variant` (lower case) starts with one of `forbidding`:
    PDF/A-1 and PDF/A-2 may embed only PDF/A files; arbitrary data needs PDF/A-3."""
    if variant and variant.lower().startswith(forbidding):
        raise RenderError(f"{variant.lower()} cannot embed data files",
                          hint="use pdf_variant 'pdf/a-3b' to attach files")


def write_atomically(target: Path, data: bytes) -> None:
    """Replace `target` only once the whole PDF exists, so a failed build leaves the
    previous file intact rather than a truncated one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
