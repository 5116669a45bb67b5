"""Chapter templates → warnings for fixed words that read wrong for some values of the figure
beside them: "比上年{{ x | change }}" prints "比上年持平" when nothing changed."""

from __future__ import annotations

import re

from ..errors import Location
from . import Finding

# 比上年 / 比去年 / 较上年 / 比2019年 / 比{{ year - 1 }}年, right before a change filter; not
# 同比, whose zero case 同比持平 is right (compared(style="同比") prints it too)
_GLUED = re.compile(r"(?:[比较](?:上年|去年|\d{4}年|\{\{[^}]*\}\}年))\s*"
                    r"(\{\{[^}]*\|\s*(?:change|pp)\b[^}]*\}\})")


def check_wording(config) -> list[Finding]:
    """A warning for each comparison word written before `change` or `pp` (`--strict` fails)."""
    findings = []
    for spec in config.chapters:
        path = config.project_dir / "templates" / spec.template
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            continue  # the template checks report an unreadable file
        for number, line in enumerate(lines, start=1):
            for match in _GLUED.finditer(line):
                findings.append(Finding(
                    "warning", f"'{match.group(0)}' prints '{match.group(0)[:-len(match.group(1))].strip()}"
                    "持平' when nothing changed (Chinese writes 与上年持平)",
                    Location(f"templates/{spec.template}", number),
                    "write the whole phrase with one filter: {{ x | compared }} → 比上年增长6.5% / "
                    "与上年持平 (or compared(style=\"同比\"), compared(since=2019))",
                    match.group(1)))
    return findings
