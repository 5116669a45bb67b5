"""A written PDF → its contents and list entries whose printed page is not where the target landed.

Why. Both engines print the page numbers of the contents and the lists of figures and
tables from their own bookkeeping; Typst's can be stale when its layout did not settle
(typst/converge.py), and nothing else would notice. So the PDF is read back before it
replaces the old one, as a reader would check it: each entry is a link with dot leaders and
a number; the number must be the label (the printed folio, writers/weasyprint/pdf.py `_page_labels`)
of the page the link goes to. Only the front pages are read: the entries are there.
"""

from __future__ import annotations

import bisect
import io
import re
from dataclasses import dataclass

from ..errors import RenderError
from ..model.nodes import Document, Figure, Heading, Table
from ..model.text import walk_blocks

# an entry's text: what it names, three or more leader dots, the printed page
_ENTRY = re.compile(r"^(?P<name>.*?)\s*(?:[.·]\s*){3,}(?P<page>[0-9]+|[ivxlcdm]+)\s*$",
                    re.IGNORECASE)
SLACK = 1.5  # pt around a link's rectangle: a glyph's origin sits on its baseline
PAGES_BEFORE = 12  # the contents start within this many pages, or there are none to read


@dataclass(frozen=True)
class Entry:
    """A contents or list entry as printed, and the page its link goes to (0-based)."""

    name: str
    printed: str
    landed: str  # the label of the page the link goes to
    page: int  # where the entry itself is printed (0-based)
    target: int  # the page the link goes to (0-based)


def expected_entries(doc: Document, depth: int) -> int:
    """How many entries the contents (headings to `depth`) and the lists hold in `doc`."""
    headings = sum(1 for chapter in doc.chapters for block in chapter.blocks
                   if isinstance(block, Heading) and block.level <= depth)
    listed = sum(1 for block in walk_blocks(doc.chapters)
                 if (isinstance(block, Figure) and block.id)
                 or (isinstance(block, Table) and block.label and block.id))
    return headings + listed


def read_entries(data: bytes) -> list[Entry]:
    """The contents and list entries of the PDF `data`, in order, from its first pages."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    index = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)
             if page.indirect_reference is not None}
    labels = reader.page_labels
    named = {name: dest.page for name, dest in reader.named_destinations.items()}
    entries: list[Entry] = []
    for number, page in enumerate(reader.pages):
        found = _page_entries(page, number, named, index, labels)
        if found:
            entries += found
        elif entries or number >= PAGES_BEFORE:
            break  # the front lists are contiguous: the first page without entries ends them
    return entries


def check_entries(data: bytes, expected: int, engine: str) -> None:
    """Stop the build if an entry of the PDF `data` prints a wrong page, or if fewer or more
    than `expected` entries could be read (then the check itself would prove nothing)."""
    if not expected:
        return
    entries = read_entries(data)
    wrong = [e for e in entries if e.printed.lower() != e.landed.lower()]
    if wrong:
        shown = "; ".join(f"“{e.name}” says {e.printed}, its target is on {e.landed}"
                          for e in wrong[:5])
        more = f" (and {len(wrong) - 5} more)" if len(wrong) > 5 else ""
        raise RenderError(f"the {engine} PDF's contents or lists give wrong page numbers: "
                          f"{shown}{more}; no PDF was written",
                          hint="a layout that did not settle; build with the other engine "
                               "meanwhile and report the case")
    if len(entries) != expected:
        raise RenderError(f"read {len(entries)} contents and list entries back from the "
                          f"{engine} PDF, expected {expected}; its page numbers could not be "
                          "checked, so no PDF was written",
                          hint="a project stylesheet that hides the dot leaders or the "
                               "numbers of the contents defeats the check")


def _page_entries(page, number: int, named: dict, index: dict, labels: list) -> list[Entry]:
    links: dict[object, list] = {}  # target page → the rectangles of one link, in order
    order = []
    for annot in page.get("/Annots") or ():
        annot = annot.get_object()
        if annot.get("/Subtype") != "/Link":
            continue
        target = _target(annot, named, index)
        if target is None:
            continue
        key = (target, _dest_key(annot))
        if key not in links:
            links[key] = []
            order.append(key)
        links[key].append([float(v) for v in annot["/Rect"]])
    if not links:
        return []
    fragments = sorted(_fragments(page), key=lambda f: f[1])
    heights = [y for _x, y, _t in fragments]
    out = []
    for key in order:
        picked = set()
        for rect in links[key]:
            low, high = sorted(rect[1::2])
            start = bisect.bisect_left(heights, low - SLACK)
            end = bisect.bisect_right(heights, high + SLACK)
            picked.update(i for i in range(start, end) if _inside(*fragments[i][:2], rect))
        text = "".join(t for _y, _x, t in sorted(
            (-round(fragments[i][1]), fragments[i][0], fragments[i][2]) for i in picked))
        match = _ENTRY.match(" ".join(text.split()))
        if match:
            out.append(Entry(match["name"], match["page"], labels[key[0]], number, key[0]))
    return out


def _target(annot, named: dict, index: dict) -> int | None:
    """The 0-based page a link annotation goes to, or None for an external link."""
    dest = annot.get("/Dest")
    action = annot.get("/A")
    if dest is None and action is not None:
        action = action.get_object()
        if action.get("/S") == "/GoTo":
            dest = action.get("/D")
    if dest is None:
        return None
    dest = dest.get_object() if hasattr(dest, "get_object") else dest
    if isinstance(dest, (str, bytes)):
        page = named.get(dest if isinstance(dest, str) else dest.decode("latin-1"))
    else:
        page = dest[0] if len(dest) else None
    if page is None:
        return None
    ref = getattr(page, "idnum", None)
    return index.get(ref) if ref is not None else None


def _dest_key(annot) -> str:
    dest = annot.get("/Dest")
    if dest is None and annot.get("/A") is not None:
        dest = annot["/A"].get_object().get("/D")
    return repr(dest)


def _fragments(page) -> list[tuple[float, float, str]]:
    """The page's text pieces with the origin where each is shown (user space)."""
    out = []

    def visit(text, cm, tm, _font, _size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.append((x, y, text))

    page.extract_text(visitor_text=visit)
    return out


def _inside(x: float, y: float, rect: list) -> bool:
    x0, x1 = sorted(rect[0::2])
    y0, y1 = sorted(rect[1::2])
    return x0 - SLACK <= x <= x1 + SLACK and y0 - SLACK <= y <= y1 + SLACK
