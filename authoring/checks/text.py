"""Template text → what an editor would fix (warnings): half-width punctuation between Han
characters, symbols in headings, source paths printed in the text.

The text is read as the editor wrote it, outside Jinja's `{{ }}`, `{% %}` and `{# #}`, each
finding at file:line:col with the character to use instead. GB/T 15834 sets Chinese text
with full-width punctuation; a symbol in a heading lands in the contents and the PDF
bookmarks too; a reader cannot open "data/indicators.yaml".
"""

from __future__ import annotations

import re
import unicodedata

from ..errors import Location
from . import Finding

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
FULL_WIDTH = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
# a comma, semicolon, colon, question or exclamation mark with Han text on both sides; an
# opening parenthesis after Han text, a closing one before it (spaces between allowed)
_BETWEEN = re.compile(f"(?<=[{_HAN}])\\s*([,;:?!])\\s*(?=[{_HAN}])")
_OPEN = re.compile(f"(?<=[{_HAN}])\\s*(\\()")
_CLOSE = re.compile(f"(\\))\\s*(?=[{_HAN}])")
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.S)
# Markdown's link and cross-reference markup, "[](#tab-1)" or "[text](url)": its brackets are
# syntax, not punctuation the reader sees (the link text itself is still checked)
_LINK_TARGET = re.compile(r"\]\([^)\s]*\)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_ATTRIBUTES = re.compile(r"\{[#.][^}]*\}|\{id=[^}]*\}")
_PATH = re.compile(r"(?<![\w/])(?:[\w.-]+/)+[\w.-]+\.(?:ya?ml|csv|xlsx|toml|j2|md|py|json|css)\b")


def check_text(config) -> list[Finding]:
    """Warnings for the text of every chapter template of `config`."""
    findings: list[Finding] = []
    for spec in config.chapters:
        path = config.project_dir / "templates" / spec.template
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # the template check reports unreadable templates
        findings += text_findings(f"templates/{spec.template}", source)
    return findings


def text_findings(name: str, source: str) -> list[Finding]:
    """The editor's warnings for one template's `source`, shown as file `name`."""
    # Jinja is blanked out, keeping every offset, so columns stay those of the file
    text = _JINJA.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), source)
    text = _LINK_TARGET.sub(lambda m: " " * len(m[0]), text)
    findings = []
    for number, line in enumerate(text.splitlines(), 1):
        for pattern in (_BETWEEN, _OPEN, _CLOSE):
            for match in pattern.finditer(line):
                mark = match[1]
                findings.append(Finding(
                    "warning", f"half-width '{mark}' in Chinese text: use '{FULL_WIDTH[mark]}'",
                    Location(name, number, match.start(1) + 1),
                    hint="GB/T 15834: Chinese text takes full-width punctuation"))
        heading = _HEADING.match(line)
        if heading:
            body = _ATTRIBUTES.sub(lambda m: " " * len(m[0]), heading[2])
            offset = heading.start(2)
            for i, char in enumerate(body):
                if unicodedata.category(char) in ("So", "Sm", "Sk") and char not in "+=<>~^|":
                    findings.append(Finding(
                        "warning", f"the symbol '{char}' in a heading also lands in the "
                        "contents and the PDF bookmarks: remove it",
                        Location(name, number, offset + i + 1),
                        hint="mark emphasis in the text, not in a heading"))
        for match in _PATH.finditer(line):
            findings.append(Finding(
                "warning", f"the source path '{match[0]}' is printed in the text: name the "
                "source as a reader knows it",
                Location(name, number, match.start() + 1),
                hint="e.g. 'the indicators' notes in the appendix' instead of a file name; "
                     "a {# comment #} may keep the path for editors"))
    return findings
