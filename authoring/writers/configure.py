"""Report config → the WriteOptions every writer receives (font, page and locale defaults)."""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone
from pathlib import Path

from ..config import ReportConfig
from ..errors import ConfigError, Location

MAX_EPOCH = 253402300799  # 9999-12-31 23:59:59 UTC: the last second datetime can show


def write_options(config: ReportConfig):
    """Report config → the WriteOptions every writer receives."""
    from ..templating.locale import get_locale
    from .options import Fonts, Page, Words, WriteOptions

    style, page = config.style, config.page
    loc = get_locale(config.lang)
    cjk = config.lang.lower().startswith(("zh", "ja", "ko"))
    defaults = Fonts() if cjk else Fonts(body_east_asian="", heading_east_asian="",
                                          body_fallback="Noto Serif CJK SC",
                                          heading_fallback="Noto Sans CJK SC")
    fonts = Fonts(
        body_latin=style.get("body_font_latin", defaults.body_latin),
        body_east_asian=style.get("body_font", defaults.body_east_asian),
        heading_latin=style.get("heading_font_latin", defaults.heading_latin),
        heading_east_asian=style.get("heading_font", defaults.heading_east_asian),
        body_fallback=style.get("body_fallback", defaults.body_fallback),
        heading_fallback=style.get("heading_fallback", defaults.heading_fallback))
    words = Words(contents=loc.contents, figures=loc.list_of_figures, tables=loc.list_of_tables,
                  figure=loc.figure, table=loc.table, source=loc.source,
                  label_separator=loc.label_separator, continued=loc.continued)
    edition = config.pdf.get("edition", "screen")
    if edition not in ("screen", "print"):
        raise ConfigError(f"[pdf] edition must be 'screen' or 'print', got '{edition}'",
                          Location("report.toml"))
    geometry = Page(
        size=str(page.get("size", "A4")),
        margin_top_mm=_number(page, "page", "margin_top", 25),
        margin_bottom_mm=_number(page, "page", "margin_bottom", 25),
        margin_inner_mm=_number(page, "page", "margin_inner", 28),
        margin_outer_mm=_number(page, "page", "margin_outer", 22),
        two_sided=bool(page.get("two_sided", False)),
        bleed_mm=_number(page, "page", "bleed", 3 if edition == "print" else 0),
        crop_marks=bool(page.get("crop_marks", False)))
    page_numbers = config.docx.get("page_numbers", "estimate")
    if page_numbers not in ("estimate", "libreoffice"):
        raise ConfigError(f"[docx] page_numbers must be 'estimate' or 'libreoffice', got "
                          f"'{page_numbers}'", Location("report.toml"))
    templates = config.project_dir / "templates"
    css = tuple(templates / c for c in style.get("css", [])) or \
        tuple(p for p in [templates / "style.css"] if p.is_file())
    reference = templates / style.get("reference_docx", "reference.docx")
    from ..paths import input_path

    for path in (*css, reference):  # [style] css = ["../x.css"] or a link must not read outside
        if path.exists():
            input_path(path, config.project_dir, f"templates/{path.name}")
    palette = _palette(style.get("palette", ())) or \
        WriteOptions.__dataclass_fields__["palette"].default
    return WriteOptions(
        project_dir=config.project_dir, lang=config.lang, fonts=fonts, words=words, page=geometry,
        palette=palette, css_files=css, reference_docx=reference if reference.is_file() else None,
        source_date_epoch=source_date_epoch(config), pdf_variant=config.pdf.get("variant") or None,
        pdf_engine=config.pdf.get("engine", "weasyprint"),
        attachments=tuple(config.data_paths()) if config.pdf.get("attach_data") else (),
        first_line_indent_chars=int(_number(style, "style", "first_line_indent", 2 if cjk else 0,
                                            whole=True)),
        heading_numbers=bool(style.get("heading_numbers", False)),
        docx_page_numbers=page_numbers,
        print_colour=print_colour(config) if edition == "print" else None)


# The default printing condition: the CMYK profile Ghostscript ships (Debian's libgs-common,
# AGPL, installed by `make setup`), made for SWOP coated web offset, CGATS TR 001.
DEFAULT_PROFILE = "/usr/share/color/icc/ghostscript/default_cmyk.icc"
DEFAULT_CONDITION = "CGATS TR 001"


def print_colour(config: ReportConfig):
    """[pdf] print_profile and print_condition → the print edition's PrintColour."""
    from .options import PrintColour
    from .printcolour import profile_description, read_profile

    given = config.pdf.get("print_profile")
    path = Path(given) if given else Path(DEFAULT_PROFILE)
    if given and not path.is_absolute():
        path = config.project_dir / path
    description = profile_description(read_profile(path))
    condition = config.pdf.get("print_condition") or (DEFAULT_CONDITION if not given else "")
    if not condition:
        raise ConfigError("[pdf] print_profile needs print_condition: the registered name of "
                          "its printing condition", Location("report.toml"),
                          hint='e.g. print_condition = "FOGRA39" for ISO Coated v2 '
                               "(docs/PDF.md, Print colour)")
    return PrintColour(path, str(condition), description or str(condition))


def source_date_epoch(config: ReportConfig) -> int:
    """SOURCE_DATE_EPOCH, else the config's, else 1 January after the report year (UTC)."""
    env = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if env:  # set but wrong is an error, not a silent fallback (matplotlib reads it too)
        if not re.fullmatch(r"[0-9]{1,12}", env) or int(env) > MAX_EPOCH:
            raise ConfigError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since "
                              f"1970-01-01 UTC, at most {MAX_EPOCH} (year 9999); got {env[:40]!r}",
                              Location("SOURCE_DATE_EPOCH (environment variable)"),
                              hint="unset it, or set it from the last commit: "
                                   "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)")
        return int(env)
    if config.source_date_epoch is not None:
        if not 0 <= config.source_date_epoch <= MAX_EPOCH:
            raise ConfigError(f"[build] source_date_epoch must be 0 to {MAX_EPOCH}",
                              Location("report.toml"))
        return config.source_date_epoch
    return int(datetime(config.year + 1, 1, 1, tzinfo=timezone.utc).timestamp())


def _palette(colours) -> tuple[str, ...]:
    """[style] palette, each colour #rrggbb: checked here, where `check` and `build` both
    look, so that a typo is one message instead of matplotlib's traceback mid-build."""
    if isinstance(colours, str) or not isinstance(colours, (list, tuple)):
        raise ConfigError(f"[style] palette must be a list of colours, got {colours!r}"[:200],
                          Location("report.toml"), hint='palette = ["#1f4e79", "#c55a11"]')
    for colour in colours:
        if not isinstance(colour, str) or not re.fullmatch(r"#[0-9a-fA-F]{6}", colour):
            raise ConfigError(f"[style] palette colour {colour!r} is not of the form #rrggbb"[:200],
                              Location("report.toml"),
                              hint="six hexadecimal digits after #, such as #1f4e79")
    return tuple(colours)


def _number(table: dict, section: str, key: str, default, whole: bool = False) -> float:
    """[section] key as a number of millimetres (or characters), 0 to 1000: a text or a
    boolean there is one message, checked where `check` and `build` both look."""
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or (whole and not isinstance(value, int)) or not 0 <= value <= 1000:
        kind = "a whole number" if whole else "a number"
        raise ConfigError(f"[{section}] {key} must be {kind} from 0 to 1000, got {value!r}"[:200],
                          Location("report.toml"), hint=f"{key} = {default}")
    return float(value)
