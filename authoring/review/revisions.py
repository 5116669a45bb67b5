"""A WordprocessingML part with tracked changes → the same part with all of them accepted or rejected.

Accept: drop w:del/w:moveFrom, unwrap w:ins/w:moveTo, forget the old formatting.
Reject: drop w:ins/w:moveTo, turn w:delText back into text, restore the old formatting.
A paragraph whose mark is removed joins the next paragraph, as in Word. Both work in
place on an lxml root (document, footnotes, comments, header…).
"""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


_RANGES = ("moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd")
_PROPERTY_CHANGES = ("rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                     "tcPrChange", "tblGridChange", "numberingChange", "tblPrExChange")


def has_changes(root) -> bool:
    """Whether `root` holds any tracked change (insertion, deletion, move or formatting)."""
    marks = (q("ins"), q("del"), q("moveTo"), q("moveFrom"),
             *(q(name) for name in _RANGES + _PROPERTY_CHANGES))
    return next(root.iter(*marks), None) is not None


def accept_all(root) -> None:
    _resolve(root, keep="ins", drop="del")


def reject_all(root) -> None:
    _resolve(root, keep="del", drop="ins")


def _resolve(root, keep: str, drop: str) -> None:
    kept, dropped = (q(keep), q(_move(keep))), (q(drop), q(_move(drop)))
    marks = (*kept, *dropped, *(q(name) for name in _RANGES + _PROPERTY_CHANGES))
    if next(root.iter(*marks), None) is None:
        return  # most drafts have no tracked changes: one scan instead of many
    # rows and cells first: their markers sit in trPr/tcPr
    for tr in list(root.iter(q("tr"))):
        marks = tr.find(q("trPr"))
        if marks is None:
            continue
        if any(marks.find(tag) is not None for tag in dropped):
            _remove(tr)
        else:
            for tag in kept:
                for mark in marks.findall(tag):
                    marks.remove(mark)
    for tbl in list(root.iter(q("tbl"))):
        if next(tbl.iter(q("tr")), None) is None:  # rows may sit in content controls
            _remove(tbl)  # every row was removed: so is the table
    _paragraph_marks(root, kept, dropped)
    # run-level content
    for tag in dropped:
        for element in list(root.iter(tag)):
            _remove(element)
    for tag in kept:
        for element in list(root.iter(tag)):
            _unwrap(element)
    if keep == "del":
        for text in root.iter(q("delText")):
            text.tag = q("t")
        for text in root.iter(q("delInstrText")):
            text.tag = q("instrText")
    for name in _RANGES:
        for element in list(root.iter(q(name))):
            _remove(element)
    for name in _PROPERTY_CHANGES:
        for change in list(root.iter(q(name))):
            parent = change.getparent()
            if keep == "del":
                _restore_properties(parent, change)
            else:
                parent.remove(change)


def _move(tag: str) -> str:
    return {"ins": "moveTo", "del": "moveFrom"}[tag]


def _paragraph_marks(root, kept, dropped) -> None:
    for p in list(root.iter(q("p"))):
        rpr = p.find(f"{q('pPr')}/{q('rPr')}")
        if rpr is None:
            continue
        for tag in kept:
            for mark in rpr.findall(tag):
                rpr.remove(mark)
        if any(rpr.find(tag) is not None for tag in dropped):
            for tag in dropped:
                for mark in rpr.findall(tag):
                    rpr.remove(mark)
            _join_next(p)


def _join_next(p) -> None:
    """Remove `p`'s paragraph mark: its content moves to the start of the next paragraph."""
    following = p.getnext()
    while following is not None and following.tag != q("p"):
        if following.tag == q("tbl") or following.tag == q("sectPr"):
            return  # Word keeps a mark before a table or at the end of a section
        following = following.getnext()
    if following is None:
        return  # the last paragraph of a cell or the body keeps its mark
    ppr = following.find(q("pPr"))
    position = 1 if ppr is not None else 0
    for child in [c for c in p if c.tag != q("pPr")]:
        following.insert(position, child)
        position += 1
    p.getparent().remove(p)


def _restore_properties(parent, change) -> None:
    """Rejecting a formatting change: the properties recorded in the change come back."""
    old = next(iter(change), None)
    keep = [c for c in parent if c.tag in (q("ins"), q("del"), q("moveFrom"), q("moveTo"))] \
        if parent.tag == q("rPr") and parent.getparent() is not None and \
        parent.getparent().tag == q("pPr") else []
    sect = parent.find(q("sectPr")) if parent.tag == q("pPr") else None
    rpr = parent.find(q("rPr")) if parent.tag == q("pPr") else None
    for child in list(parent):
        parent.remove(child)
    for child in keep:
        parent.append(child)
    if old is not None:
        for child in list(old):
            parent.append(child)
    # a paragraph's mark properties and section are not part of pPrChange
    if rpr is not None:
        parent.append(rpr)
    if sect is not None:
        parent.append(sect)


def _unwrap(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    parent.remove(element)


def _remove(element) -> None:
    parent = element.getparent()
    if parent is not None:
        parent.remove(element)
