"""An OMML equation (m:oMath) → its linear text, with the characters Word prints from properties (pure).

Most of what an equation prints is in its math runs (m:t), but some of it is only in
properties: a delimiter's brackets and separators (m:dPr: `(…)` changed to `|…|`), an
n-ary operator (∑, ∫), an accent, a group character, the radical sign, a fraction's
bar. Reading only the runs made those edits invisible. Each is written where Word
prints it, with Word's default when the property is absent, so a file that spells the
default out (LibreOffice does) reads the same. A phantom that is not shown
(m:phant with m:show off) prints nothing.
"""

from __future__ import annotations

M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_OFF = ("0", "false", "off")


def _m(tag: str) -> str:
    return f"{{{M}}}{tag}"


def _prop(element, props: str, name: str, default: str) -> str:
    """The m:val of property `name` in `element`'s `props` (m:dPr…); `default` when absent."""
    pr = element.find(_m(props))
    found = pr.find(_m(name)) if pr is not None else None
    if found is None:
        return default
    return found.get(_m("val"), default)


def _on(element, props: str, name: str) -> bool:
    pr = element.find(_m(props))
    found = pr.find(_m(name)) if pr is not None else None
    return found is not None and found.get(_m("val"), "on") not in _OFF


def math_text(element) -> str:
    """The text `element` (an m:oMath, m:oMathPara or any part of one) prints, in reading order."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    local = tag.rsplit("}", 1)[-1]
    if local == "r":
        # (any depth: a tracked math run holds its m:t inside w:ins or w:del)
        return "".join(t.text or "" for t in element.iter("{*}t"))
    if local.endswith("Pr") or local in ("ctrlPr",):
        return ""  # properties print nothing themselves (their owner reads them)
    if tag == _m("d"):
        begin = _prop(element, "dPr", "begChr", "(")
        end = _prop(element, "dPr", "endChr", ")")
        separator = _prop(element, "dPr", "sepChr", "|")
        return begin + separator.join(math_text(e) for e in element.findall(_m("e"))) + end
    if tag == _m("nary"):
        return _prop(element, "naryPr", "chr", "\u222b") + _children(element)
    if tag == _m("acc"):
        return _children(element) + _prop(element, "accPr", "chr", "\u0302")
    if tag == _m("groupChr"):
        return _children(element) + _prop(element, "groupChrPr", "chr", "\u23df")
    if tag == _m("bar"):
        top = _prop(element, "barPr", "pos", "bot") == "top"
        return _children(element) + ("\u0305" if top else "\u0332")
    if tag == _m("rad"):
        degree = element.find(_m("deg"))
        shown = "" if degree is None or _on(element, "radPr", "degHide") else math_text(degree)
        body = element.find(_m("e"))
        return "\u221a" + shown + (math_text(body) if body is not None else "")
    if tag == _m("f"):
        kind = _prop(element, "fPr", "type", "bar")
        parts = [element.find(_m("num")), element.find(_m("den"))]
        num, den = (math_text(x) if x is not None else "" for x in parts)
        return num + ("" if kind == "noBar" else "/") + den
    if tag == _m("phant"):
        pr = element.find(_m("phantPr"))
        show = pr.find(_m("show")) if pr is not None else None
        if show is not None and show.get(_m("val"), "on") in _OFF:
            return ""
    return _children(element)


def _children(element) -> str:
    return "".join(math_text(child) for child in element)
