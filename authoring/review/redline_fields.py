"""A paragraph of the redline with its edits marked → the same, with edited fields and content controls marked whole.

Word tracks a change anywhere, but LibreOffice (7.4) does not: it imports a field as one
object whose shown text is its stored result, and an inline content control as one
text field, and it drops the tracked changes inside either. Its Accept All and Reject
All then gave neither draft's text ("Acme LtdBeta Group"). So:
- a field whose result holds an edit is deleted whole (OLD's field) and inserted whole
  (NEW's field), which both applications track; a w:fldSimple is written as the
  equivalent complex field first (a w:del cannot hold a w:fldSimple);
- a content control holding an edit is kept for Word (the mc:Choice, as marked) with,
  as the mc:Fallback LibreOffice reads, OLD's text deleted and NEW's inserted as plain
  runs. (Requires="m", as for equations in redline_xml.text_fallback: Word knows the
  math namespace and takes the Choice, LibreOffice does not and takes the Fallback.)
"""

from __future__ import annotations

import copy

from lxml import etree

from .redline_xml import MATH_NS, MC_NS
from .revisions import q

_MARKS = (q("ins"), q("del"))


def settle(p, marker) -> None:
    """Rewrite `p`'s edited fields and content controls as LibreOffice can track them."""
    for simple in [s for s in p.iter(q("fldSimple")) if _marked(s)]:
        _as_complex(simple)
    _whole_fields(p, marker)
    for sdt in [s for s in p.iter(q("sdt")) if _marked(s.find(q("sdtContent")))]:
        if next(sdt.iterancestors(q("sdt")), None) is None and sdt.getparent() is not None:
            _with_fallback(sdt, marker)


def _marked(element) -> bool:
    return element is not None and next(element.iter(*_MARKS), None) is not None


def _as_complex(simple) -> None:
    """A w:fldSimple → the begin/instr/separate/result/end runs Word also writes for it."""
    def field_char(kind: str):
        run = etree.Element(q("r"))
        etree.SubElement(run, q("fldChar")).set(q("fldCharType"), kind)
        return run

    instr = etree.Element(q("r"))
    code = etree.SubElement(instr, q("instrText"))
    code.text = simple.get(q("instr"), "")
    code.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    runs = [field_char("begin"), instr, field_char("separate"), *list(simple), field_char("end")]
    for run in runs:
        simple.addprevious(run)
    simple.getparent().remove(simple)


def _field_char(element) -> str:
    found = element.find(q("fldChar")) if element.tag == q("r") else None
    return found.get(q("fldCharType"), "") if found is not None else ""


def _whole_fields(p, marker) -> None:
    """Each outermost field among `p`'s children whose span holds an edit → OLD's field
    deleted, then NEW's inserted."""
    for parent in [p, *p.iter(q("hyperlink"), q("smartTag"))]:
        depth, start, spans = 0, None, []
        for index, child in enumerate(parent):
            kind = _field_char(child)
            if kind == "begin":
                if depth == 0:
                    start = index
                depth += 1
            elif kind == "end" and depth:
                depth -= 1
                if depth == 0:
                    spans.append((start, index))
        children = list(parent)
        for a, b in reversed(spans):
            span = children[a:b + 1]
            if any(c.tag in _MARKS for c in span):
                _replace_whole(span, marker)


def _replace_whole(span: list, marker) -> None:
    old, new, other = [], [], []
    for child in span:
        if child.tag == q("r"):
            old.append(copy.deepcopy(child))
            new.append(copy.deepcopy(child))
        elif child.tag == q("ins"):
            new.extend(copy.deepcopy(r) for r in child)
        elif child.tag == q("del"):
            old.extend(copy.deepcopy(r) for r in child)
        else:
            other.append(child)  # comment ranges, bookmarks: kept once, before the field
    gone, came = _pair(old, new, marker)
    first = span[0]
    for element in other:
        first.addprevious(element)
    first.addprevious(gone)
    first.addprevious(came)
    for child in span:
        if child.getparent() is not None and child not in other:
            child.getparent().remove(child)


def _pair(old: list, new: list, marker) -> tuple:
    """OLD's runs in a w:del (as deleted text), then NEW's in a w:ins."""
    gone, came = marker.element("del"), marker.element("ins")
    for run in old:
        _as_deleted(run)
        gone.append(run)
    for run in new:
        came.append(run)
    return gone, came


def _as_deleted(run) -> None:
    for leaf in run.iter(q("t"), q("instrText")):
        leaf.tag = q("delText") if leaf.tag == q("t") else q("delInstrText")


def _with_fallback(sdt, marker) -> None:
    content = sdt.find(q("sdtContent"))
    old, new = [], []
    for run in content.iter(q("r")):
        mark = next(run.iterancestors(*_MARKS), None)
        if mark is None or mark.tag == q("del"):
            old.append(copy.deepcopy(run))
        if mark is None or mark.tag == q("ins"):
            new.append(copy.deepcopy(run))
    alternate = etree.Element(f"{{{MC_NS}}}AlternateContent", nsmap={"mc": MC_NS, "m": MATH_NS})
    sdt.addprevious(alternate)
    choice = etree.SubElement(alternate, f"{{{MC_NS}}}Choice")
    choice.set("Requires", "m")
    choice.append(sdt)
    fallback = etree.SubElement(alternate, f"{{{MC_NS}}}Fallback")
    for wrapper in _pair(old, new, marker):
        if len(wrapper):
            fallback.append(wrapper)
