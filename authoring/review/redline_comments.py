"""Changed figures in a redline → a Word comment on each ("第九 → 第八", its data cell) and the comments part.

Reviewers check figures first; in Word they find each changed number flagged in the
margin. Comments are not text: accepting or rejecting the tracked changes is unaffected.
"""

from __future__ import annotations

import posixpath

from lxml import etree

from .docxfile import RELS_NS
from .revisions import W, q
from .tokens import numbers

COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


class FigureComments:
    def __init__(self, marker):
        self.marker = marker
        self.comments: list = []  # w:comment elements to add

    def flag(self, op, seg, first, last) -> None:
        """Comment on the figures that changed in segment `seg` of `op`, spanning first..last."""
        olds = [t.text for t in numbers(op.old.text[seg.old_start:seg.old_end])]
        news = [t.text for t in numbers(op.new.text[seg.new_start:seg.new_end])]
        pairs = [(a, b) for a, b in _zip(olds, news) if a != b]
        if not pairs:
            return
        text = "; ".join(f"{a or '—'} → {b or '—'}" for a, b in pairs)
        if op.origin is not None and op.origin.data:
            text += "\n" + "\n".join(f"{location} ({indicator} {year})"
                                     for indicator, year, location in op.origin.data)
        ident = str(self.marker.next_id)
        self.marker.next_id += 1
        first.addprevious(etree.Element(q("commentRangeStart"), {q("id"): ident}))
        end = etree.Element(q("commentRangeEnd"), {q("id"): ident})
        last.addnext(end)
        reference = etree.Element(q("r"))
        etree.SubElement(reference, q("commentReference")).set(q("id"), ident)
        end.addnext(reference)
        self.comments.append(self._comment(ident, text))

    def _comment(self, ident: str, text: str):
        comment = etree.Element(q("comment"), {q("id"): ident, q("author"): self.marker.author,
                                               q("date"): self.marker.date,
                                               q("initials"): self.marker.author[:2]})
        for index, line in enumerate(text.split("\n")):
            p = etree.SubElement(comment, q("p"))
            if index == 0:
                etree.SubElement(etree.SubElement(p, q("r")), q("annotationRef"))
            t = etree.SubElement(etree.SubElement(p, q("r")), q("t"))
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        return comment

    def parts(self, file, main: str) -> dict:
        """Part name → new bytes: the comments part, and when it is new, its relationship
        and content type."""
        if not self.comments:
            return {}
        out = {}
        existing = file.part("comments")
        if existing:
            root = etree.fromstring(etree.tostring(file.xml(existing)))
            name = existing
        else:
            root = etree.Element(q("comments"), nsmap={"w": W})
            name = posixpath.join(posixpath.dirname(main), "comments.xml")
            out.update(_register(file, main, name))
        for comment in self.comments:
            root.append(comment)
        out[name] = _bytes(root)
        return out


def _zip(olds: list, news: list):
    for k in range(max(len(olds), len(news))):
        yield (olds[k] if k < len(olds) else "", news[k] if k < len(news) else "")


def _register(file, main: str, name: str) -> dict:
    """The relationship from the main part and the content type of a new comments part."""
    folder, base = posixpath.split(main)
    rels_name = posixpath.join(folder, "_rels", base + ".rels")
    rels = etree.fromstring(etree.tostring(file.xml(rels_name))) if file.has(rels_name) else \
        etree.Element(f"{{{RELS_NS}}}Relationships", nsmap={None: RELS_NS})
    used = {r.get("Id") for r in rels}
    ident = next(f"rId{n}" for n in range(1, len(used) + 2) if f"rId{n}" not in used)
    etree.SubElement(rels, f"{{{RELS_NS}}}Relationship", Id=ident, Type=COMMENTS_REL,
                     Target=posixpath.relpath(name, folder or "."))
    types = etree.fromstring(etree.tostring(file.xml("[Content_Types].xml")))
    etree.SubElement(types, f"{{{TYPES_NS}}}Override", PartName="/" + name,
                     ContentType=COMMENTS_TYPE)
    return {rels_name: _bytes(rels), "[Content_Types].xml": _bytes(types)}


def _bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
