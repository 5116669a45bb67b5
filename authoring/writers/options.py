"""Settings every writer receives: theme, locale words, page geometry, reproducibility."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

# headings down to this level are listed in the contents, by every writer (the DOCX
# writer's TOC field is \o "1-3")
TOC_DEPTH = 3


@dataclass(frozen=True)
class Fonts:
    """Font names per role. East Asian names are what the reader's Word should have;
    the fallbacks are installed faces used for PDF and when the named face is missing."""

    body_latin: str = "Times New Roman"
    body_east_asian: str = "SimSun"
    heading_latin: str = "Arial"
    heading_east_asian: str = "SimHei"
    body_fallback: str = "Noto Serif CJK SC"
    heading_fallback: str = "Noto Sans CJK SC"


@dataclass(frozen=True)
class Words:
    """Locale-dependent fixed words of the document furniture."""

    contents: str = "Contents"
    figures: str = "List of Figures"
    tables: str = "List of Tables"
    figure: str = "Figure"
    table: str = "Table"
    source: str = "Source: "
    label_separator: str = " "
    continued: str = "{label} (continued)"  # over a table's continuation: 续{label} in Chinese

    def continuation(self, label: str) -> str:
        """What stands over a numbered table on the pages it continues on; "" for none."""
        return self.continued.replace("{label}", label) if label else ""


@dataclass(frozen=True)
class Page:
    size: str = "A4"  # "A4" or "WIDTHmm HEIGHTmm"
    margin_top_mm: float = 25
    margin_bottom_mm: float = 25
    margin_inner_mm: float = 28
    margin_outer_mm: float = 22
    two_sided: bool = False
    bleed_mm: float = 0
    crop_marks: bool = False


@dataclass(frozen=True)
class PrintColour:
    """The print edition's printing condition: a CMYK ICC profile and its registered name
    (the PDF output intent); greys become K only, colours this profile's CMYK."""

    profile: Path
    condition: str  # OutputConditionIdentifier, e.g. "CGATS TR 001" (SWOP)
    info: str = ""  # a human-readable description of the condition
    registry: str = "http://www.color.org"


@dataclass(frozen=True)
class WriteOptions:
    project_dir: Path
    lang: str = "en"  # BCP 47, e.g. "zh-CN"
    fonts: Fonts = field(default_factory=Fonts)
    words: Words = field(default_factory=Words)
    page: Page = field(default_factory=Page)
    palette: tuple[str, ...] = ("#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6")
    css_files: tuple[Path, ...] = ()  # extra project stylesheets for HTML/PDF
    reference_docx: Path | None = None  # project's Word styles, when present
    source_date_epoch: int = 0  # fixed timestamp for reproducible files
    pdf_variant: str | None = None
    pdf_engine: str = "weasyprint"  # or "typst" ([pdf] engine, --engine)
    # chart files still being drawn when the PDF starts: laid out by their known size, read
    # when their page is drawn (writers/weasyprint/weasy_pending.py)
    pending_files: frozenset[str] = frozenset()
    # called while waiting for one of them in this process; raises if it will never come
    pending_check: Callable[[], None] | None = field(default=None, compare=False, repr=False)
    attachments: tuple[Path, ...] = ()  # project files embedded in the PDF (PDF/A-3b: its data)
    first_line_indent_chars: int = 0  # 2 for Chinese body text
    heading_numbers: bool = False
    # the cached page numbers of the DOCX contents: "estimate" (a line-count model) or
    # "libreoffice" (measured on LibreOffice's layout when soffice is installed)
    docx_page_numbers: str = "estimate"
    # the print edition's CMYK printing condition (writers/printcolour.py); None: sRGB
    print_colour: PrintColour | None = None

    @property
    def is_cjk(self) -> bool:
        return self.lang.split("-")[0].lower() in {"zh", "ja", "ko"}
