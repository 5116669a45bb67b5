"""report.toml and the data files → findings: formats, page, stylesheets; loader errors, every blank."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import AuthoringError, Location, RenderError
from . import Finding, from_error


def check_config(config) -> list[Finding]:
    from ..writers import get_writer

    findings = []
    for name in config.formats:
        try:
            get_writer(name)
        except AuthoringError as exc:
            findings += from_error(exc, name)
            findings[-1] = _at(findings[-1], Location("report.toml"))
    findings += _check_page(config.page)
    templates = config.project_dir / "templates"
    for css in config.style.get("css", []):
        if not (templates / css).is_file():
            findings.append(Finding("error", f"stylesheet templates/{css} does not exist",
                                    Location("report.toml"), "remove it from [style] css or add the file",
                                    css, 3))
    reference = config.style.get("reference_docx")
    if reference and not (templates / reference).is_file():
        findings.append(Finding("warning", f"reference DOCX templates/{reference} does not exist; "
                                "Word styles will be the toolkit's defaults", Location("report.toml"),
                                token=reference))
    return findings


CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
                     re.IGNORECASE)


def check_stylesheets(options) -> list[Finding]:
    """Every url() and @import of the project stylesheets names a file inside the project,
    as the PDF writer's fetcher demands (writers/weasyprint/fetch.py, which imports WeasyPrint)."""
    from urllib.parse import urljoin, urlsplit
    from urllib.request import url2pathname

    findings = []
    root = Path(options.project_dir).resolve()
    for css in options.css_files:
        css = Path(css)
        try:
            from ..paths import decode_text, read_input

            shown = _shown(css, root)
            text = decode_text(read_input(css, root, shown, error=RenderError,
                                          limit="image_bytes"), shown, RenderError)
        except AuthoringError as exc:
            findings.append(Finding("error", f"the stylesheet cannot be read: {exc.message}",
                                    exc.location or Location(_shown(css, root)), exc.hint,
                                    exit_code=7))
            continue
        for match in CSS_URL.finditer(re.sub(r"/\*.*?\*/", lambda m: " " * len(m.group()), text,
                                             flags=re.S)):
            ref = next(g for g in match.groups() if g is not None).strip()
            if not ref or ref.startswith("#"):
                continue
            url = urljoin(css.resolve().as_uri(), ref)
            parts = urlsplit(url)
            why = None
            if parts.scheme.lower() == "data":
                continue
            if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
                why = f"{parts.scheme}: URLs are not fetched"
            elif not Path(url2pathname(parts.path)).resolve().is_relative_to(root):
                why = "the file is outside the report project"
            if why:
                line = text.count("\n", 0, match.start()) + 1
                findings.append(Finding("error", f"the PDF writer would refuse to load {ref}: {why}",
                                        Location(_shown(css, root), line),
                                        "copy the file into the project folder and refer to it "
                                        "by a relative path", ref, 7))
    return findings


def _check_page(page: dict) -> list[Finding]:
    """Page size and margins leave room for text (the default A4 always does, and the HTML
    writer that knows page sizes costs a tenth of a second to import)."""
    if not page:
        return []
    from ..writers.page import page_geometry
    from ..writers.options import Page

    try:
        page_geometry(Page(size=str(page.get("size", "A4")),
                           margin_top_mm=float(page.get("margin_top", 25)),
                           margin_bottom_mm=float(page.get("margin_bottom", 25)),
                           margin_inner_mm=float(page.get("margin_inner", 28)),
                           margin_outer_mm=float(page.get("margin_outer", 22))))
    except (AuthoringError, ValueError) as exc:
        message = exc.message if isinstance(exc, AuthoringError) else f"[page]: {exc}"
        return [Finding("error", message, Location("report.toml"), getattr(exc, "hint", None),
                        "size", 3)]
    return []


def _at(finding: Finding, location: Location) -> Finding:
    return Finding(finding.severity, finding.message, finding.location or location, finding.hint,
                   finding.token, finding.exit_code)


def check_data(config):
    """(dataset or None, findings): the loader's errors, plus every blank cell it did not name."""
    from ..newyear.blanks import blank_cells
    from ..data import load_dataset

    try:
        paths = config.data_paths()
        return load_dataset(paths, config.project_dir), []
    except AuthoringError as exc:
        findings = from_error(exc)
    if "paths" in locals():
        shown = {p: _shown(p, config.project_dir) for p in paths}
        reported = {str(f.location) for f in findings}
        for blank in blank_cells(paths, shown):
            if str(blank.location) not in reported:
                findings.append(Finding("error", f"blank value for {blank.indicator} in {blank.year}",
                                        blank.location, "fill in the figure, or write '-' if it "
                                        "does not exist", exit_code=4))
    return None, findings


def _shown(path: Path, project: Path) -> str:
    try:
        return path.resolve().relative_to(project).as_posix()
    except ValueError:
        return str(path)
