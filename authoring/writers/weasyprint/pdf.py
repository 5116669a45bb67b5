"""Document model → print PDF: the HTML writer's output laid out by WeasyPrint.

WeasyPrint is imported inside the functions: the import costs about half a second,
which commands that never write a PDF should not pay. Its quirks live here: the
confined URL fetcher, fixed dates and IDs for byte-identical output, PDF variants and
embedded files.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from ...charts.names import text_svg
from ...errors import RenderError
from ...model.nodes import Document, Figure
from ...model.text import walk_blocks
from .html import render_html
from ..options import TOC_DEPTH, WriteOptions
from ..page import slug_mm
from ..pagecheck import check_entries, expected_entries
from ..printcolour import read_profile, recolour_css, recolour_svg
from ..pdfcommon import cover_label, refuse_attachments, write_atomically

# PDF/A-1 and PDF/A-2 may embed only PDF/A files; arbitrary data needs PDF/A-3.
NO_ATTACHMENTS = ("pdf/a-1", "pdf/a-2")


def write_pdf(doc: Document, target: Path, options: WriteOptions, html: str | None = None,
              attachments: Sequence[Path] = ()) -> None:
    """Write `doc` as a PDF to `target`; `html` is render_html's output when the caller
    has it already (None renders it here). `attachments` are project files to embed."""
    if html is None:
        html = render_html(doc, options)
    html_to_pdf(html, target, options, attachments=attachments, chart_files=_chart_files(doc),
                pending=_pending_sizes(doc, options.pending_files),
                entries=expected_entries(doc, TOC_DEPTH))


def html_to_pdf(html: str, target: Path, options: WriteOptions,
                attachments: Sequence[Path] = (), chart_files: Sequence[Path] = (),
                pending: dict | None = None, entries: int | None = None) -> None:
    """Lay out `html` (URLs relative to options.project_dir) and write the PDF to `target`.

    Only files inside the project may be loaded, and the `chart_files` the build drew,
    which may sit in an output folder elsewhere. `pending` names chart files still being
    drawn, with their SVG's size (weasy_pending.py). With the number of contents and list
    `entries`, their printed pages are checked against the PDF first (pagecheck.py).
    """
    from .weasy import import_weasyprint

    weasyprint = import_weasyprint()
    from weasyprint.urls import FatalURLFetchingError

    from . import weasy_continued, weasy_floats, weasy_justify, weasy_pending
    from .fetch import ProjectFetcher

    weasy_justify.install()
    weasy_floats.install()
    weasy_continued.install()
    variant = _variant(options.pdf_variant)
    colour = options.print_colour
    if colour is not None:  # the print edition: CMYK throughout (printcolour.py)
        html = _STYLE.sub(lambda m: m[1] + recolour_css(m[2], colour) + m[3], html)
    fetcher = ProjectFetcher(options.project_dir, chart_files,
                             recolour=_recolourer(colour) if colour is not None else None)
    embedded = _attachments(attachments, options, variant, fetcher)
    base_url = Path(options.project_dir).resolve().as_uri() + "/"
    try:
        with weasy_pending.pending(pending or {}):
            # a CMYK output intent makes WeasyPrint blend transparency groups in DeviceCMYK
            intent = {"output_intent": "device-cmyk"} if colour is not None else {}
            document = weasyprint.HTML(string=html, base_url=base_url,
                                       url_fetcher=fetcher).render(**intent)
            fix_id = _fixed_document_id(html, options)

            def finish(document, pdf) -> None:
                fix_id(document, pdf)
                _page_labels(document, pdf, options.lang)
                if colour is not None:
                    _output_intent(pdf, colour, variant)
                if slug_mm(options.page):
                    _bleed_boxes(pdf, options.page.bleed_mm)

            data = document.write_pdf(pdf_variant=variant, attachments=embedded or None,
                                      finisher=finish)
    except FatalURLFetchingError as error:
        raise fetcher.error_for(error) from None
    if fetcher.refused:  # raised while drawing an SVG, where WeasyPrint only logs errors
        raise fetcher.refused[0]
    if entries is not None:
        check_entries(data, entries, "WeasyPrint")
    write_atomically(Path(target), data)


_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)


def _bleed_boxes(pdf, bleed_mm: float) -> None:
    """BleedBox = TrimBox + the bleed on every page: WeasyPrint's is its whole sheet, which
    holds the slug too when there are crop marks."""
    import pydyf

    grow = bleed_mm * 72 / 25.4
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page" and "TrimBox" in obj:
            x0, y0, x1, y1 = (float(v) for v in obj["TrimBox"])
            obj["BleedBox"] = pydyf.Array([round(v, 4) for v in (x0 - grow, y0 - grow,
                                                                 x1 + grow, y1 + grow)])


def _recolourer(colour):
    def recolour(text: str, suffix: str) -> str:
        return recolour_svg(text, colour) if suffix == ".svg" else recolour_css(text, colour)
    return recolour


def _output_intent(pdf, colour, variant: str | None) -> None:
    """The printing condition as the PDF's output intent, its profile embedded (WeasyPrint
    writes one only for a profile named in CSS, which the project's fetcher cannot reach)."""
    import pydyf

    profile = pydyf.Stream([read_profile(colour.profile)], {"N": 4}, compress=True)
    pdf.add_object(profile)
    kind = "/GTS_PDFA1" if variant and variant.startswith("pdf/a") else "/GTS_PDFX"
    pdf.catalog["OutputIntents"] = pydyf.Array([pydyf.Dictionary({
        "Type": "/OutputIntent", "S": kind,
        "OutputConditionIdentifier": pydyf.String(colour.condition),
        "OutputCondition": pydyf.String(colour.info),
        "RegistryName": pydyf.String(colour.registry),
        "Info": pydyf.String(colour.info),
        "DestOutputProfile": profile.reference})])


def _chart_files(doc: Document) -> list[Path]:
    files = [Path(path) for block in walk_blocks(doc.chapters) if isinstance(block, Figure)
             for path in (block.svg, block.png) if path and Path(path).is_absolute()]
    # the SVGs with real text that html.py prefers (charts/render.py)
    return files + [text_svg(path) for path in files
                    if path.suffix == ".svg"]


def _pending_sizes(doc: Document, pending: frozenset[str]) -> dict[str, tuple[str, str]]:
    """Chart file → its SVG root's width and height, for the charts still being drawn."""
    if not pending:
        return {}
    from ...charts.render import svg_size

    sizes = {}
    for block in walk_blocks(doc.chapters):
        if isinstance(block, Figure) and block.svg:
            svg = Path(block.svg)
            for path in (svg, text_svg(svg)):
                if str(path) in pending:
                    sizes[str(path)] = svg_size((block.width_mm, block.height_mm))
    return sizes


def _variant(name: str | None) -> str | None:
    if not name:
        return None
    from .weasy import import_weasyprint

    import_weasyprint()
    from weasyprint.pdf import VARIANTS

    variant = name.lower()
    if variant not in VARIANTS:
        raise RenderError(f"unknown PDF variant '{name}'",
                          hint="known variants: " + ", ".join(sorted(VARIANTS)))
    return variant


def _attachments(paths: Sequence[Path], options: WriteOptions, variant: str | None,
                 fetcher) -> list:
    """WeasyPrint attachments for project files `paths`, dated by source_date_epoch
    (WeasyPrint would take the files' ctime/mtime, changing the PDF's bytes)."""
    if not paths:
        return []
    from .weasy import import_weasyprint

    weasyprint = import_weasyprint()

    from .fetch import inside

    refuse_attachments(variant, NO_ATTACHMENTS)
    stamp = datetime.fromtimestamp(options.source_date_epoch, tz=timezone.utc)
    out = []
    for path in map(Path, paths):
        path = path if path.is_absolute() else options.project_dir / path
        if not inside(path, options.project_dir):
            raise RenderError(f"refused to attach {path}: only files inside the report project "
                              "may be loaded")
        if not path.is_file():
            raise RenderError(f"the attachment {path} does not exist")
        out.append(weasyprint.Attachment(filename=str(path), name=path.name, url_fetcher=fetcher,
                                         created=stamp, modified=stamp, relationship="Data"))
    return out


def _fixed_document_id(html: str, options: WriteOptions):
    """A finisher that replaces the random XMP DocumentID WeasyPrint writes for PDF/X
    (a uuid4, pdf/metadata.py) with one derived from the input, for reproducible bytes."""
    digest = hashlib.md5(f"{options.source_date_epoch}\n{html}".encode()).hexdigest()
    uuid = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"

    def finish(_document, pdf) -> None:
        for obj in pdf.objects:
            if getattr(obj, "extra", {}).get("Type") == "/Metadata":
                obj.stream = [re.sub(rb"xmp\.did:[0-9a-f-]{36}", f"xmp.did:{uuid}".encode(), chunk)
                              if isinstance(chunk, bytes) else chunk for chunk in obj.stream]

    return finish


def _page_labels(document, pdf, lang: str) -> None:
    """PDF page labels matching the printed folios, so that a viewer's page box shows
    them: the cover by name, the front matter i, ii, … and the body 1, 2, … (the page
    counters html.py's stylesheet restarts on the first page of each group).
    WeasyPrint writes no /PageLabels."""
    import pydyf

    # a landscape page (a wide table) is a named page of its own inside the body, whose
    # counter runs on through it: it belongs to the body's range, not a new one from 1
    groups = [getattr(page._page_box.page_type, "name", "") for page in document.pages]
    groups = [name if name in ("cover", "front", "") else "body" for name in groups]
    nums = pydyf.Array()
    previous = None
    for index, name in enumerate(groups):
        if not name or name == previous:  # an unnamed (blank) page goes on in its range
            continue
        previous = name
        if name == "cover":
            word = cover_label(lang)
            nums += [index, pydyf.Dictionary({"P": pydyf.String(word)})]
        elif name == "front":
            nums += [index, pydyf.Dictionary({"S": "/r"})]
        elif name == "body":
            nums += [index, pydyf.Dictionary({"S": "/D"})]
    if len(nums):
        pdf.catalog["PageLabels"] = pydyf.Dictionary({"Nums": nums})
