"""A built document → its audit table and manifest staged as temporary files beside the
outputs (renamed into place by build.py); the last manifest → whether anything changed."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

from .config import ReportConfig
from .paths import output_path
from .writers.configure import write_options

if TYPE_CHECKING:
    from .build import BuildResult


def stage_target(out_dir: Path, stem: str, name: str) -> tuple[Path, Path]:
    """(temporary file, target) for the output `name` of the build."""
    target = output_path(out_dir / f"{stem}.{name}", out_dir)
    return _temporary(target), target


def _temporary(target: Path) -> Path:
    from .outlock import temporary

    return temporary(target)


PRINT_FORMATS = ("html", "pdf")  # the formats WeasyPrint lays out with this machine's fonts


def pin_print_fonts(options, config: ReportConfig, formats, warnings: list | None = None):
    """`options` with fonts.pin's font lists, for the HTML and PDF writers."""
    from .fonts import pin

    if not any(name in PRINT_FORMATS for name in formats):
        return options
    fonts, said = pin(options.fonts, config.style, options.is_cjk)
    if warnings is not None:
        warnings.extend(said)
    return dataclasses.replace(options, fonts=fonts)


def _fonts_used(options, formats) -> dict:
    """The manifest's "fonts": the files HTML/PDF text and the charts are set in (the first
    installed family of each list; a DOCX names its fonts for the reader's Word instead)."""
    from .charts.render import ChartTheme
    from .fonts import used

    return used(options.fonts, ChartTheme(palette=()).fonts)


def stage_audit(result: BuildResult, out_dir: Path, stem: str, staged: dict) -> None:
    """Stage the audit table (CSV and XLSX)."""
    from .records.audit import audit_files, value_notes

    config, options = result.config, result.options
    audit = audit_files(result.document, value_notes(result.dataset), config.lang,
                        options.source_date_epoch)
    for key, data in audit.items():  # "audit-csv" → out/<stem>-audit.csv
        target = output_path(out_dir / f"{stem}-{key.replace('-', '.')}", out_dir)
        staged[key] = (_temporary(target), target)
        staged[key][0].write_bytes(data)


def stage_manifest(result: BuildResult, out_dir: Path, stem: str, staged: dict,
                   print_options=None) -> None:
    """Stage, last, the manifest of every input and staged output."""
    from .records.manifest import chart_files, input_files, manifest_json

    config, options = result.config, result.options
    outputs = {target: tmp for tmp, target in staged.values()}
    outputs.update({path: path for path in chart_files(result.document)})
    target = output_path(out_dir / f"{stem}-manifest.json", out_dir)
    staged["manifest"] = (_temporary(target), target)
    staged["manifest"][0].write_bytes(manifest_json(
        config, input_files(config, options), outputs, out_dir, options.source_date_epoch,
        _build_settings(config, result.formats),
        _fonts_used(print_options or options, result.formats)))


def _build_settings(config: ReportConfig, formats) -> dict:
    """What, besides the input files, decides the output bytes (kept in the manifest)."""
    pdf = {k: config.pdf[k] for k in sorted(config.pdf)}
    if "pdf" in formats:  # the engine that made the PDF, named even when it is the default
        pdf["engine"] = pdf.get("engine") or "weasyprint"
    return {"formats": sorted(formats), "pdf": pdf, "year": config.year, "code": _code_digest()}


def _code_digest() -> str:
    """A hash of this package's own source, so a changed toolkit never reuses old outputs."""
    import hashlib

    digest = hashlib.sha256()
    root = Path(__file__).parent
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".css", ".xml", ".typ") and path.is_file():
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def skip_if_unchanged(result: BuildResult, config: ReportConfig, formats, out_dir: Path,
                      stem: str) -> bool:
    """Fill `result` from the last build and return True when nothing it depends on changed."""
    from .records.manifest import input_files, unchanged_outputs

    if not (out_dir / f"{stem}-manifest.json").is_file():
        return False  # a cold build: at once, so its helper processes start ~0.1 s sooner
    options = write_options(config)
    fonts = _fonts_used(pin_print_fonts(options, config, formats), formats)
    if not unchanged_outputs(out_dir / f"{stem}-manifest.json", config, input_files(config, options),
                             out_dir, options.source_date_epoch, _build_settings(config, formats),
                             fonts):
        return False
    for name in formats:
        result.outputs[name] = out_dir / f"{stem}.{name}"
    for key in ("audit-csv", "audit-xlsx"):
        result.outputs[key] = out_dir / f"{stem}-{key.replace('-', '.')}"
    result.outputs["manifest"] = out_dir / f"{stem}-manifest.json"
    result.up_to_date = True
    return True

