"""A reviewer's copy as stored → its tracked changes (with author) and comments (with their anchor text).

Word writes one logical edit as several w:ins/w:del elements (one per run); consecutive
ones by the same author, of the same kind, with no unchanged text between, are one
revision here.
"""

from __future__ import annotations

from .model import Comment, Revision
from .reader import Reading
from .runs import VOLATILE_FIELDS, ZERO_WIDTH
from .revisions import q

_KINDS = {q("ins"): "inserted", q("del"): "deleted", q("moveTo"): "moved here",
          q("moveFrom"): "moved away"}
_FORMAT = (q("rPrChange"), q("pPrChange"))


def revisions(reading: Reading) -> list:
    """Every tracked change in the body and footnotes, in document order."""
    out: list = []
    for part, root in reading.raw.items():
        current = None  # [kind, author, date, texts, location, paragraph]
        volatile = _volatile_results(root)
        for element in root.iter():
            tag = element.tag
            if tag in _KINDS and _is_run_level(element):
                kind = _KINDS[tag]
                author, date = element.get(q("author"), ""), element.get(q("date"), "")
                text = _text(element, volatile)
                p = next(element.iterancestors(q("p")), None)
                if current and current[:3] == [kind, author, date] and current[5] is p:
                    current[3].append(text)
                else:
                    if current:
                        out.append(_revision(current))
                    current = [kind, author, date, [text], reading.location_of(element), p]
            elif tag in _FORMAT:
                run = element.getparent().getparent()
                if current:
                    out.append(_revision(current))
                    current = None
                out.append(Revision("formatted", element.get(q("author"), ""),
                                    element.get(q("date"), ""), _text(run)
                                    if run.tag == q("r") else "", reading.location_of(element)))
            elif tag == q("t") and current and not _inside_revision(element):
                if (element.text or "").strip():
                    out.append(_revision(current))
                    current = None
            elif tag == q("p") and _mark_changed(element):
                kind = "paragraph inserted" if _mark_changed(element) == "ins" else "paragraph joined"
                mark = element.find(f"{q('pPr')}/{q('rPr')}/{q(_mark_changed(element))}")
                if current:
                    out.append(_revision(current))
                    current = None
                out.append(Revision(kind, mark.get(q("author"), ""), mark.get(q("date"), ""), "",
                                    reading.location_of(element)))
        if current:
            out.append(_revision(current))
    return [r for r in out if r.text.translate(ZERO_WIDTH).strip()
            or r.kind.startswith(("paragraph", "formatted"))]


def _revision(current) -> Revision:
    kind, author, date, texts, location, _ = current
    return Revision(kind, author, date, "".join(texts), location)


def _is_run_level(element) -> bool:
    parent = element.getparent()
    return parent is not None and parent.tag not in (q("rPr"), q("trPr"), q("tcPr"))


def _mark_changed(p) -> str:
    rpr = p.find(f"{q('pPr')}/{q('rPr')}")
    if rpr is None:
        return ""
    for tag in ("ins", "del"):
        if rpr.find(q(tag)) is not None:
            return tag
    return ""


def _inside_revision(element) -> bool:
    return any(a.tag in _KINDS for a in element.iterancestors())


def _text(element, volatile: dict | None = None) -> str:
    parts = []
    for node in element.iter(q("t"), q("delText"), q("tab"), q("br")):
        if volatile and node in volatile:
            parts.append(volatile[node])
        else:
            parts.append(node.text or "" if node.tag in (q("t"), q("delText")) else " ")
    return "".join(parts)


def _volatile_results(root) -> dict:
    """The text nodes of results of fields a client recomputes (DATE, PAGE…) → what a
    revision shows instead: `{DATE}` for the first, nothing for the rest. A tracked
    insertion of a date field stays a revision, whatever date it showed when saved."""
    if next(root.iter(q("fldChar"), q("fldSimple")), None) is None:
        return {}
    out: dict = {}
    stack: list = []  # [instr, in result, named yet]
    for node in root.iter(q("fldChar"), q("instrText"), q("delInstrText"), q("t"), q("delText"),
                          q("fldSimple")):
        tag = node.tag
        if tag == q("fldSimple"):
            name = _field_name(node.get(q("instr"), ""))
            if name in VOLATILE_FIELDS:
                texts = list(node.iter(q("t"), q("delText")))
                out.update((t, "") for t in texts)
                if texts:
                    out[texts[0]] = "{" + name + "}"
        elif tag == q("fldChar"):
            kind = node.get(q("fldCharType"))
            if kind == "begin":
                stack.append(["", False, False])
            elif kind == "separate" and stack:
                stack[-1][1] = True
            elif kind == "end" and stack:
                stack.pop()
        elif tag in (q("instrText"), q("delInstrText")):
            if stack:
                stack[-1][0] += node.text or ""
        elif stack and stack[-1][1]:
            field = stack[-1]
            name = _field_name(field[0])
            if name in VOLATILE_FIELDS:
                out[node] = "" if field[2] else "{" + name + "}"
                field[2] = True
    return out


def _field_name(instr: str) -> str:
    words = instr.split()
    return words[0].upper() if words else ""


def comments(reading: Reading) -> list:
    """Comments with the text they are anchored to and where that text is (also those of
    documents embedded as w:altChunk: Word and LibreOffice bring them into the file)."""
    out = _comments(reading, reading.file, reading.raw[reading.file.main])
    for inner, prefix in reading.chunks:
        out.extend(_comments(reading, inner, reading.raw[prefix + inner.main]))
    return out


def _comments(reading: Reading, file, root) -> list:
    part = file.part("comments")
    if not part:
        return []
    found = {}
    for comment in file.xml(part).iter(q("comment")):
        # a line break inside a paragraph is one too (LibreOffice saves it as a new paragraph)
        text = "\n".join("".join(t.text or "" if t.tag == q("t") else "\n" if t.tag != q("tab") else "\t"
                                  for t in p.iter(q("t"), q("br"), q("cr"), q("tab")))
                          for p in comment.iter(q("p"))).strip()
        found[comment.get(q("id"), "")] = (comment.get(q("author"), ""),
                                            comment.get(q("date"), ""), text)
    anchors: dict = {}
    where: dict = {}
    open_ids: list = []
    for element in root.iter(q("commentRangeStart"), q("commentRangeEnd"), q("t"),
                             q("commentReference")):
        ident = element.get(q("id"), "")
        if element.tag == q("commentRangeStart"):
            open_ids.append(ident)
            anchors.setdefault(ident, [])
            where.setdefault(ident, reading.location_of(element))
        elif element.tag == q("commentRangeEnd"):
            open_ids = [i for i in open_ids if i != ident]
        elif element.tag == q("commentReference"):
            where.setdefault(ident, reading.location_of(element))
        else:
            for i in open_ids:
                anchors[i].append(element.text or "")
    return [Comment(ident, author, date, text, "".join(anchors.get(ident, [])).strip(),
                    where.get(ident, ""))
            for ident, (author, date, text) in found.items()]
