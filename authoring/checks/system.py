"""This machine → findings: what the PDF writer and the charts need (Pango, HarfBuzz, the fonts)."""

from __future__ import annotations

from ..errors import Location
from . import Finding


def check_system(config, options) -> list[Finding]:
    """What the PDF writer needs on this machine: Pango, HarfBuzz's subsetter, the fonts."""
    from ..writers.weasyprint.weasy import has_library

    if "pdf" not in config.formats:
        return []
    findings = []
    for library, package in (("pango-1.0", "libpango-1.0-0"), ("pangoft2-1.0", "libpangoft2-1.0-0")):
        if not has_library(library):
            findings.append(Finding("error", f"the PDF needs {library}, which is not installed",
                                    hint=f"apt-get install {package}", exit_code=7))
    if not has_library("harfbuzz-subset"):
        findings.append(Finding("warning", "libharfbuzz-subset0 is not installed: PDF font "
                                "subsetting falls back to fontTools, ~40x slower with CJK fonts",
                                hint="apt-get install libharfbuzz-subset0"))
    if options is None:
        return findings
    families = installed_font_families()
    if families is None:
        findings.append(Finding("warning", "fontconfig (fc-list) is not installed, so the fonts "
                                "cannot be checked", hint="apt-get install fontconfig"))
        return findings
    cjk = config.lang.lower().startswith(("zh", "ja", "ko"))
    from ..charts.render import ChartTheme

    from ..errors import RenderError
    from ..fonts import pin

    try:  # the build's own font resolution (fonts.py): its warnings, before the build
        findings += [Finding("warning", text, Location("report.toml"))
                     for text in pin(options.fonts, config.style, cjk)[1]]
    except RenderError:
        pass  # a missing fallback: reported just below, as an error for CJK
    wanted = {options.fonts.body_fallback: "body_fallback",
              options.fonts.heading_fallback: "heading_fallback",
              ChartTheme(palette=()).fonts[0]: "charts"}
    for family, role in wanted.items():
        if family and family.lower() not in families:
            findings.append(Finding(
                "error" if cjk else "warning",
                f"font '{family}' ({role}) is not installed: the PDF and charts would use another "
                "face" + (" and Chinese text may show as boxes" if cjk else ""),
                Location("report.toml"),
                "apt-get install fonts-noto-cjk, or name an installed face in [style]", family, 7))
    return findings


def installed_font_families() -> set[str] | None:
    """Lower-cased family names fontconfig knows, or None without fontconfig."""
    import subprocess

    try:
        out = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                             timeout=20, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return {name.strip().lower() for line in out.splitlines() for name in line.split(",")}
