"""Document model → print PDF through Typst (the `typst` wheel, in process): the second engine.

markup.py turns the model into Typst source, with every text from data and templates as an
escaped string literal (escape.py); this module compiles it with the report project as the
root, so the source can read nothing outside the project, and writes the PDF atomically.
Typst's quirks live here: font discovery, the PDF standards it checks at export, dates.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ...errors import RenderError
from ...model.nodes import Document
from ..options import TOC_DEPTH, WriteOptions
from ..page import slug_mm
from ..pagecheck import check_entries, expected_entries
from ..pdfcommon import cover_label, refuse_attachments, write_atomically
from .boxes import finish
from .converge import compile_settled
from .markup import TypstSource, render_typst

# our variant names → the PDF standards Typst validates while it exports
VARIANTS = {
    "pdf/a-1b": "a-1b", "pdf/a-2b": "a-2b", "pdf/a-2u": "a-2u", "pdf/a-3b": "a-3b",
    "pdf/a-3u": "a-3u", "pdf/a-4": "a-4", "pdf/a-4f": "a-4f", "pdf/ua-1": "ua-1",
}
# PDF/A-1 and PDF/A-2 may embed only PDF/A files; arbitrary data needs PDF/A-3 (or -4f).
NO_ATTACHMENTS = ("pdf/a-1", "pdf/a-2", "pdf/a-4", "pdf/ua-1")

_FONTS = None  # typst.Fonts: the system fonts, scanned once per process (~0.15 s)


def fonts():
    """The installed fonts as Typst sees them (scanned once per process)."""
    global _FONTS
    if _FONTS is None:
        import typst

        _FONTS = typst.Fonts()
    return _FONTS


def typst_source(doc: Document, options: WriteOptions, attachments: Sequence[Path] = ()) -> TypstSource:
    """The Typst source of `doc`, with font names narrowed to the installed ones."""
    families = {name.lower() for name in fonts().families()}
    return render_typst(doc, options, families, attachments)


def ignored_settings(options: WriteOptions) -> list[str]:
    """Warnings for the settings the Typst engine does not apply (the project's CSS)."""
    if not options.css_files:
        return []
    names = ", ".join(path.name for path in options.css_files)
    return [f"the Typst engine ignores the project stylesheet ({names}): page size, margins, "
            "bleed, fonts, palette and first-line indent come from report.toml; other CSS "
            "applies only with [pdf] engine = \"weasyprint\" (docs/PDF.md)"]


def write_typst_pdf(doc: Document, target: Path, options: WriteOptions,
                    attachments: Sequence[Path] = ()) -> None:
    """Write `doc` as a PDF to `target` with Typst; `attachments` are project files to embed."""
    standards = _standards(options.pdf_variant)
    if attachments:
        refuse_attachments(options.pdf_variant, NO_ATTACHMENTS)
    if options.print_colour is not None and standards and standards[0].startswith("a-"):
        raise RenderError(f"the Typst engine cannot write {options.pdf_variant} in the print "
                          "edition's CMYK: Typst's PDF/A has an sRGB output intent only",
                          hint="build the print edition without a PDF/A variant, or with "
                               "[pdf] engine = \"weasyprint\"")
    for path in attachments:
        path = Path(path) if Path(path).is_absolute() else Path(options.project_dir) / path
        if not path.is_file():
            raise RenderError(f"the attachment {path} does not exist")
    source = typst_source(doc, options, attachments)
    data = compile_pdf(source, options, standards)
    data = finish(data, bleed=bool(options.page.bleed_mm), cover=cover_label(options.lang),
                  colour=options.print_colour,
                  # with a slug the sheet (MediaBox) is larger than the bleed
                  bleed_pt=options.page.bleed_mm * 72 / 25.4 if slug_mm(options.page) else None)
    check_entries(data, expected_entries(doc, TOC_DEPTH), "Typst")
    write_atomically(Path(target), data)


def compile_pdf(source: TypstSource, options: WriteOptions, standards: list[str] | None = None) -> bytes:
    """Compile `source` with its project folder as the root, until its layout settled
    (converge.py); Typst errors → RenderError."""
    import typst

    body, root = source.source.encode("utf-8"), str(source.root)

    def compile_once(inputs: dict):
        return typst.compile_with_warnings(
            body, root=root, font_paths=fonts(), format="pdf", pdf_standards=standards or [],
            timestamp=options.source_date_epoch or 0, sys_inputs=inputs)

    def query(selector: str) -> str:
        return typst.query(body, selector, field="value", root=root, font_paths=fonts())

    try:
        data = compile_settled(compile_once, query)
    except typst.TypstError as exc:
        raise RenderError(f"Typst could not lay out the PDF: {_message(exc)}",
                          hint=_hint(exc)) from None
    return data


def _standards(variant: str | None) -> list[str]:
    if not variant:
        return []
    try:
        return [VARIANTS[variant.lower()]]
    except KeyError:
        raise RenderError(f"unknown PDF variant '{variant}' for the Typst engine",
                          hint="the Typst engine offers " + ", ".join(VARIANTS)
                          + "; PDF/X needs [pdf] engine = \"weasyprint\"") from None


def _message(exc) -> str:
    message = getattr(exc, "message", "") or str(exc)
    return " ".join(message.split())


def _hint(exc) -> str | None:
    hints = [h for h in (getattr(exc, "hints", None) or []) if h]
    return "; ".join(hints) or None
