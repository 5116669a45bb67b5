"""Writers: document model → files. Each is looked up by format name in one registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import ConfigError


def _docx(doc, target: Path, options) -> None:
    from .docx import write_docx
    write_docx(doc, target, options)


def _html(doc, target: Path, options) -> None:
    from .weasyprint.html import write_html
    write_html(doc, target, options)


def _weasyprint(doc, target: Path, options) -> None:
    from .weasyprint.pdf import write_pdf
    write_pdf(doc, target, options, attachments=options.attachments)


def _typst(doc, target: Path, options) -> None:
    from .typst import write_typst_pdf
    write_typst_pdf(doc, target, options, attachments=options.attachments)


# the "pdf" format is laid out by one of these, chosen by [pdf] engine / --engine
PDF_ENGINES: dict[str, Callable] = {"weasyprint": _weasyprint, "typst": _typst}


def _pdf(doc, target: Path, options) -> None:
    PDF_ENGINES[options.pdf_engine](doc, target, options)


WRITERS: dict[str, Callable] = {"docx": _docx, "html": _html, "pdf": _pdf}


def get_writer(name: str) -> Callable:
    """The writer for format `name`, or a ConfigError listing the known formats."""
    try:
        return WRITERS[name]
    except KeyError:
        raise ConfigError(f"unknown output format '{name}'",
                          hint=f"formats: {', '.join(WRITERS)}") from None
