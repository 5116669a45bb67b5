"""OLD's text and NEW's runs → revision markup: w:ins/w:del wrappers, deleted runs, safe copies.

The rules Word enforces (a file breaking them is "unreadable" or "repaired"):
- deleted text is w:delText inside w:del, never w:t (Open-XML-SDK#1853);
- w:ins/w:del wrap runs, never a w:hyperlink or w:fldSimple (wrap the runs inside them);
- a paragraph mark's change is pPr/rPr/w:ins|w:del, first in that rPr;
- every revision id is unique in the package.
"""

from __future__ import annotations

import copy

from lxml import etree

from .mathtext import math_text
from .reader import PID
from .revisions import q

XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class Marker:
    """Makes revision elements by one author at one time, with ids unused in the package."""

    def __init__(self, author: str, date: str, first_id: int):
        self.author, self.date, self.next_id = author, date, first_id

    def element(self, tag: str):
        element = etree.Element(q(tag))
        element.set(q("id"), str(self.next_id))
        element.set(q("author"), self.author)
        element.set(q("date"), self.date)
        self.next_id += 1
        return element

    def wrap(self, runs, tag: str = "ins") -> list:
        """Wrap `runs` (document order) in `tag`: one wrapper per stretch of adjacent siblings."""
        groups: list[list] = []
        for run in runs:
            if groups and groups[-1][-1].getnext() is run:
                groups[-1].append(run)
            else:
                groups.append([run])
        wrappers = []
        for group in groups:
            wrapper = self.element(tag)
            group[0].addprevious(wrapper)
            for run in group:
                wrapper.append(run)
            wrappers.append(wrapper)
        return wrappers

    def mark_paragraph(self, p, tag: str) -> None:
        """Record that `p`'s paragraph mark was inserted or deleted."""
        ppr = p.find(q("pPr"))
        if ppr is None:
            ppr = etree.Element(q("pPr"))
            p.insert(0, ppr)
        rpr = ppr.find(q("rPr"))
        if rpr is None:
            rpr = etree.Element(q("rPr"))
            later = [c for c in ppr if c.tag in (q("sectPr"), q("pPrChange"))]
            if later:
                later[0].addprevious(rpr)
            else:
                ppr.append(rpr)
        rpr.insert(0, self.element(tag))


def first_free_id(*roots) -> int:
    """One more than the highest w:id used by any annotation in `roots`."""
    highest = 0
    attr = q("id")
    for root in roots:
        if root is None:
            continue
        for element in root.iter():
            value = element.get(attr)
            if value is not None and value.lstrip("-").isdigit():
                highest = max(highest, int(value))
    return highest + 1


_NOT_INLINE = {q("p"), q("drawing"), q("pict"), q("object")}


def runs_in(p) -> list:
    """Every w:r of paragraph `p` that is inline content (inside links and fields too).

    A run of a text box anchored in `p` belongs to the box's own paragraph, not to `p`;
    a paragraph inside a text box has runs like any other.
    """
    out = []
    for r in p.iter(q("r")):
        for ancestor in r.iterancestors():
            if ancestor is p:
                out.append(r)
                break
            if ancestor.tag in _NOT_INLINE:
                break
    return out


def deleted_run(text: str, rpr):
    """A run showing `text` as deleted, with a copy of `rpr`."""
    run = etree.Element(q("r"))
    if rpr is not None:
        run.append(rpr)
    buffer = ""
    for char in text + "\0":
        if char in "\t\n\0":
            if buffer:
                node = etree.SubElement(run, q("delText"))
                node.text = buffer
                node.set(XML_SPACE, "preserve")
                buffer = ""
            if char == "\t":
                etree.SubElement(run, q("tab"))
            elif char == "\n":
                etree.SubElement(run, q("br"))
        else:
            buffer += char
    return run


MATH_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MATH = (f"{{{MATH_NS}}}oMath", f"{{{MATH_NS}}}oMathPara")


def maths_in(p) -> list:
    """The equations (m:oMath, m:oMathPara) that are inline content of paragraph `p`, outermost only."""
    out = []
    for math in p.iter(*MATH):
        owner = next(math.iterancestors(q("p"), *MATH), None)
        if owner is p:
            out.append(math)
    return out


def in_order(p, elements) -> list:
    """`elements` (all under `p`) in document order."""
    wanted = set(elements)
    return [e for e in p.iter() if e in wanted]


def old_runs(block, start: int, end: int) -> list:
    """(text, rPr, equation) of OLD's pieces within [start, end), merged per run.

    An equation is whole: (its text, None, its m:oMath) once, however little of it is in range.
    """
    out, position = [], 0
    for piece in block.pieces:
        a, b = max(start, position), min(end, position + len(piece.text))
        if a < b and piece.node is not None and piece.node.tag in MATH:
            out.append([piece.text, None, piece.node])
        elif a < b:
            run = piece.node.getparent() if piece.node is not None else None
            rpr = run.find(q("rPr")) if run is not None and run.tag == q("r") else None
            text = piece.text[a - position:b - position]
            if out and out[-1][2] is run and run is not None:
                out[-1][0] += text
            else:
                out.append([text, rpr, run])
        position += len(piece.text)
    return [(text, rpr, run if run is not None and run.tag in MATH else None)
            for text, rpr, run in out]


def deleted_text(block, start: int, end: int, marker: Marker, styles, maths: set | None = None):
    """A w:del holding OLD's text [start, end) of `block`, in OLD's run formatting.

    OLD's equations in the range come back whole (so Reject All restores them as
    equations, not as their letters); with `maths` given, only those in it, once each.
    """
    wrapper = marker.element("del")
    for text, rpr, math in old_runs(block, start, end):
        if math is None:
            wrapper.append(deleted_run(text, clean_rpr(rpr, styles)))
        elif maths is None or math in maths:
            if maths is not None:
                maths.discard(math)
            wrapper.append(deleted_math(math, marker))
    return wrapper


def deleted_math(math, marker: Marker):
    """A copy of OLD's equation to sit inside a w:del (which may hold math, ECMA-376
    CT_RunTrackChange), with its text as the fallback LibreOffice reads (text_fallback)."""
    math = copy.deepcopy(math)
    etree.strip_attributes(math, PID)
    for tag in ("ins", "del"):
        for found in list(math.iter(q(tag))):
            found.getparent().remove(found)
    mark_math_runs(math, marker, "del")
    holder = etree.Element(q("del"))  # text_fallback replaces the equation in its parent
    holder.append(math)
    text_fallback(math, deleted=True)
    return holder[0]


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def text_fallback(math, deleted: bool = False):
    """Put a tracked equation inside mc:AlternateContent: the equation as the Choice (Word,
    which knows the math namespace, shows and tracks it), its text in a run as the Fallback.

    LibreOffice (7.4) imports an equation as an object that no w:ins/w:del applies to, and
    empties an equation whose math runs are marked: its Accept All and Reject All then go
    wrong. It takes the Fallback instead, plain text that its tracked changes do cover."""
    text = math_text(math)  # what the reader reads it as, delimiters and operators too
    alternate = etree.Element(f"{{{MC_NS}}}AlternateContent", nsmap={"mc": MC_NS, "m": MATH_NS})
    math.addprevious(alternate)
    choice = etree.SubElement(alternate, f"{{{MC_NS}}}Choice")
    choice.set("Requires", "m")
    choice.append(math)
    run = etree.SubElement(etree.SubElement(alternate, f"{{{MC_NS}}}Fallback"), q("r"))
    leaf = etree.SubElement(run, q("delText" if deleted else "t"))
    leaf.text = text
    leaf.set(XML_SPACE, "preserve")
    return alternate


def mark_math_runs(math, marker: Marker, tag: str) -> None:
    """Also mark the content of each math run (m:r), as Word itself does."""
    for run in list(math.iter(f"{{{MATH_NS}}}r")):
        mark = marker.element(tag)
        for child in list(run):
            mark.append(child)
        run.append(mark)


def deleted_paragraph(block, marker: Marker, styles, num_ids: set):
    """OLD's paragraph `block` rebuilt as deleted text with a deleted paragraph mark."""
    p = etree.Element(q("p"))
    p.append(clean_ppr(block.element.find(q("pPr")), styles, num_ids))
    p.append(deleted_text(block, 0, len(block.text), marker, styles))
    marker.mark_paragraph(p, "del")
    return p


def as_moved_from(p, marker: Marker, name: str):
    """A deleted paragraph (deleted_paragraph) turned into the source of move `name`, as Word
    writes one: w:moveFrom around its runs and on its mark, its text w:t again, and the
    range between w:moveFromRangeStart and w:moveFromRangeEnd named like the destination's."""
    for element in list(p.iter(q("del"), q("delText"), q("delInstrText"))):
        element.tag = {q("del"): q("moveFrom"), q("delText"): q("t"),
                       q("delInstrText"): q("instrText")}[element.tag]
    move_range(p, marker, "moveFrom", name)
    return p


def move_range(p, marker: Marker, kind: str, name: str) -> None:
    """Put w:<kind>RangeStart (named `name`) and w:<kind>RangeEnd round `p`'s content."""
    start = marker.element(kind + "RangeStart")
    start.set(q("name"), name)
    end = etree.Element(q(kind + "RangeEnd"))
    end.set(q("id"), start.get(q("id")))
    ppr = p.find(q("pPr"))
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


def text_as_deleted(element) -> None:
    """Turn the text of every run under `element` into deleted text (w:t → w:delText)."""
    for node in element.iter(q("t")):
        node.tag = q("delText")
    for node in element.iter(q("instrText")):
        node.tag = q("delInstrText")


def clean_rpr(rpr, styles):
    """A copy of old run properties safe to place in NEW: no unknown style, no old revisions."""
    if rpr is None:
        return None
    rpr = copy.deepcopy(rpr)
    for tag in ("ins", "del", "moveFrom", "moveTo", "rPrChange"):
        for found in rpr.findall(q(tag)):
            rpr.remove(found)
    style = rpr.find(q("rStyle"))
    if style is not None and not styles.exists(style.get(q("val"), "")):
        rpr.remove(style)
    return rpr if len(rpr) else None


def clean_ppr(ppr, styles, num_ids: set):
    """A copy of old paragraph properties for a deleted paragraph placed in NEW."""
    if ppr is None:
        return etree.Element(q("pPr"))
    ppr = copy.deepcopy(ppr)
    for tag in ("sectPr", "pPrChange", "rPr"):
        for found in ppr.findall(q(tag)):
            ppr.remove(found)
    style = ppr.find(q("pStyle"))
    if style is not None and not styles.exists(style.get(q("val"), "")):
        ppr.remove(style)
    num = ppr.find(q("numPr"))
    if num is not None:
        ident = num.find(q("numId"))
        if ident is None or ident.get(q("val")) not in num_ids:
            ppr.remove(num)
    return ppr


def clean_copy(element, styles, num_ids: set):
    """A deep copy of old content (a table row or table) that cannot point into OLD's parts."""
    element = copy.deepcopy(element)
    etree.strip_attributes(element, PID)
    # pictures, links, notes and comments refer to OLD's relationships and parts
    for tag in ("drawing", "pict", "object", "footnoteReference", "endnoteReference",
                "commentReference", "commentRangeStart", "commentRangeEnd", "bookmarkStart",
                "bookmarkEnd", "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange"):
        for found in list(element.iter(q(tag))):
            found.getparent().remove(found)
    for link in list(element.iter(q("hyperlink"))):
        parent, index = link.getparent(), link.getparent().index(link)
        for offset, child in enumerate(list(link)):
            parent.insert(index + offset, child)
        parent.remove(link)
    for p in element.iter(q("p")):
        ppr = p.find(q("pPr"))
        if ppr is not None:
            p.replace(ppr, clean_ppr(ppr, styles, num_ids))
    for style in list(element.iter(q("tblStyle"))):
        if not styles.exists(style.get(q("val"), "")):
            style.getparent().remove(style)
    for r in element.iter(q("r")):
        rpr = r.find(q("rPr"))
        if rpr is not None:
            cleaned = clean_rpr(rpr, styles)
            if cleaned is None:
                r.remove(rpr)
            else:
                r.replace(rpr, cleaned)
    return element


def text_like(leaf, text: str):
    """A new leaf of `leaf`'s kind (w:t, w:delText) holding `text`."""
    node = etree.Element(leaf.tag)
    node.text = text
    node.set(XML_SPACE, "preserve")
    return node
