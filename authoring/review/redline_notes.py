"""A deleted note's reference mark + the paragraphs OLD and NEW cite it from → where in NEW's paragraph it goes.

A note that is gone comes back as deleted text with a deleted reference mark. Put at the
end of the paragraph, the mark was in the wrong place, and LibreOffice's Accept All then
joined the paragraph with the next one. It goes where OLD had it: after the same text,
carried over the paragraph's edits (the op's segments).
"""

from __future__ import annotations

from .runs import leaf_text
from .revisions import q


def in_citing_order(notes, main, kind: str) -> None:
    """Number and order `notes` (footnotes.xml or endnotes.xml; `kind` footnote or endnote)
    as the document cites them, its references renumbered to match.

    Word goes by id. LibreOffice does not: with a restored note (appended, a higher id)
    cited before a new one, its Accept All kept the old note and Reject All the new one.
    Ids that rise in citing order read the same in both."""
    refs = list(main.iter(q(kind + "Reference")))
    order: dict = {}
    for ref in refs:
        order.setdefault(ref.get(q("id")), len(order))
    numbered = [n for n in notes if n.tag == q(kind) and n.get(q("id")) in order
                and not n.get(q("type"))]
    if not numbered:
        return
    ranked = sorted(numbered, key=lambda n: order[n.get(q("id"))])
    ids = sorted(int(n.get(q("id"))) for n in numbered if n.get(q("id")).lstrip("-").isdigit())
    if len(ids) != len(numbered):
        return  # an id that is no number: leave the notes as they are
    renamed = {n.get(q("id")): str(new) for n, new in zip(ranked, ids)}
    for ref in refs:
        ref.set(q("id"), renamed.get(ref.get(q("id")), ref.get(q("id"))))
    anchor = numbered[0].getprevious()
    for n in numbered:
        n.set(q("id"), renamed[n.get(q("id"))])
        notes.remove(n)
    if anchor is None:
        for k, n in enumerate(ranked):
            notes.insert(k, n)
    else:
        for n in reversed(ranked):
            anchor.addnext(n)


def old_offset(block, reference) -> int | None:
    """Characters of OLD `block`'s text before `reference` (a w:footnoteReference), or None."""
    if block is None or block.element is None:
        return None
    lengths = {piece.node: len(piece.text) for piece in block.pieces if piece.node is not None}
    position = 0
    for element in block.element.iter():
        if element is reference:
            return position
        position += lengths.get(element, 0)
    return None


def new_offset(op, offset: int) -> int:
    """OLD `offset` in `op`'s paragraph → the NEW offset of the same place."""
    for seg in op.segments:
        if seg.old_start <= offset < seg.old_end or (offset == seg.old_end and seg is op.segments[-1]):
            if seg.op == "equal":
                return seg.new_start + offset - seg.old_start
            return seg.new_start
    return len(op.new.text) if op.new is not None else 0


def place(p, offset: int, run) -> None:
    """Put `run` into NEW paragraph `p` (as marked so far) after `offset` characters of
    its text that Accept All keeps, splitting a text run if need be; at the end when the
    text is shorter."""
    position = 0
    for r in list(p.iter(q("r"))):
        if next(r.iterancestors(q("del")), None) is not None or r.getparent() is None:
            continue
        size = sum(len(leaf_text(child)) for child in r)
        if position + size <= offset or size == 0:
            position += size
            continue
        anchor = r.getparent() if r.getparent().tag == q("ins") else r
        inside = offset - position
        if inside <= 0:
            anchor.addprevious(run)
            return
        leaves = [c for c in r if c.tag == q("t")]
        if len(leaves) != 1 or len(leaves[0].text or "") != size or anchor is not r:
            anchor.addnext(run)  # not one plain text run: after it (the nearest safe place)
            return
        import copy

        tail = copy.deepcopy(r)
        text = leaves[0].text
        leaves[0].text, tail.find(q("t")).text = text[:inside], text[inside:]
        for leaf in (leaves[0], tail.find(q("t"))):
            leaf.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        r.addnext(tail)
        r.addnext(run)
        return
    p.append(run)
