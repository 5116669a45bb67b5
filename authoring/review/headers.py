"""A document's body and settings → the header and footer parts Word shows, per section, with their labels (pure).

Each section (a w:sectPr, in body order) has up to three headers and three footers:
default, first page (shown only when the section has w:titlePg) and even pages (shown
only when settings.xml has w:evenAndOddHeaders). A section that names none of a kind
shows the previous section's. One Word hides is not read: it is no text a reader sees.

A header that repeats the previous section's text is read once, at the first section
that shows it: Word lets a section inherit its header, LibreOffice writes a copy for
each section when it saves, and the two read the same.
"""

from __future__ import annotations

from dataclasses import dataclass

from .revisions import q

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_OFF = ("0", "false", "off")
_KINDS = ("header", "footer")
_TYPES = ("default", "first", "even")
_SHOWN_AS = {"default": "", "first": "first-page ", "even": "even-page "}


@dataclass(frozen=True)
class Running:
    """One header or footer to read: its part, and where a reader sees it."""

    kind: str  # header, footer
    part: str  # the part's name (word/header1.xml)
    label: str  # "header", "first-page footer", "section 2 even-page header"


def sections(body) -> list:
    """The w:sectPr elements of `body` in order (paragraph marks', then the body's own)."""
    out = [s for s in body.iter(q("sectPr")) if s.getparent() is not None
           and s.getparent().tag == q("pPr")]
    last = body.find(q("sectPr"))
    if last is not None:
        out.append(last)
    return out


def _on(element) -> bool:
    return element is not None and element.get(q("val"), "true") not in _OFF


def running_parts(body, settings, target, text_of) -> list:
    """The headers and footers a reader sees, in section order, each repeat read once.

    `target(rid)` gives the part a relationship points at (None when missing), and
    `text_of(part)` the part's text, to tell a repeated header from a changed one.
    """
    found = sections(body)
    even_pages = settings is not None and _on(settings.find(q("evenAndOddHeaders")))
    current = {(kind, kind_type): None for kind in _KINDS for kind_type in _TYPES}
    last_text: dict = {}
    out = []
    for number, sect in enumerate(found, start=1):
        for kind in _KINDS:
            for ref in sect.findall(q(kind + "Reference")):
                kind_type = ref.get(q("type"), "default")
                if kind_type in _TYPES:
                    current[(kind, kind_type)] = target(ref.get(f"{{{R}}}id", ""))
        first_page = _on(sect.find(q("titlePg")))
        for kind in _KINDS:
            for kind_type in _TYPES:
                if (kind_type == "first" and not first_page) or (kind_type == "even" and not even_pages):
                    continue
                part = current[(kind, kind_type)]
                if part is None:
                    continue
                text = text_of(part)
                if last_text.get((kind, kind_type)) == text:
                    continue  # the previous section's, again
                last_text[(kind, kind_type)] = text
                where = f"section {number} " if len(found) > 1 else ""
                out.append(Running(kind, part, f"{where}{_SHOWN_AS[kind_type]}{kind}"))
    return out
