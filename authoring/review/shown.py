"""Run content Word shows that is not w:t → its text: form field states, drawing text, bound values (pure over XML).

- a legacy form field (w:ffData): a check box prints ☒ or ☐, a drop-down its chosen
  entry (w:ddList/w:result); neither is in the field's result runs;
- text drawn in a shape rather than typed in a text box: VML WordArt (v:textpath/@string)
  and DrawingML shape text (a:txBody: shapes in a Word 2007 locked canvas, groups);
- a content control bound to custom XML (w:dataBinding): Word shows the bound value,
  not the runs cached in the file (they can be stale), when the binding resolves.
"""

from __future__ import annotations

import re

from lxml import etree

from .revisions import q

MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
V = "urn:schemas-microsoft-com:vml"
_ALTERNATE = f"{{{MC}}}AlternateContent"
_OFF = ("0", "false", "off")
CHECKED, UNCHECKED = "\u2612", "\u2610"  # ☒ ☐, as Word draws a legacy check box
FORM_FIELDS = {"FORMCHECKBOX", "FORMDROPDOWN"}  # fields whose result runs are not what shows


def branch(alternate):
    """The branch of an mc:AlternateContent a reader sees: the first Choice, else the Fallback."""
    for child in alternate:
        if child.tag in (f"{{{MC}}}Choice", f"{{{MC}}}Fallback"):
            return child
    return None


# ------------------------------------------------------------ legacy form fields

def form_field_text(instr: str, ff_data) -> str:
    """What a FORMCHECKBOX or FORMDROPDOWN field shows ("" for any other field)."""
    words = instr.split()
    if not words or ff_data is None:
        return ""
    name = words[0].upper()
    if name == "FORMCHECKBOX":
        box = ff_data.find(q("checkBox"))
        if box is None:
            return UNCHECKED
        state = box.find(q("checked"))
        if state is None:
            state = box.find(q("default"))
        checked = state is not None and state.get(q("val"), "true") not in _OFF
        return CHECKED if checked else UNCHECKED
    if name == "FORMDROPDOWN":
        listing = ff_data.find(q("ddList"))
        if listing is None:
            return ""
        entries = [e.get(q("val"), "") for e in listing.findall(q("listEntry"))]
        chosen = listing.find(q("result"))
        if chosen is None:
            chosen = listing.find(q("default"))
        value = chosen.get(q("val"), "0") if chosen is not None else "0"
        index = int(value) if value.isdigit() else 0
        return entries[index] if index < len(entries) else ""
    return ""


# ------------------------------------------------------------ drawings

def drawn(element) -> list:
    """What a run's drawing, picture or object (`element`) holds to be read, in order:
    ("box", w:txbxContent) for text boxes, ("text", str) for drawn text.

    Only one branch of each mc:AlternateContent counts (the DrawingML Choice and the VML
    Fallback hold the same thing), and what is inside a text box is left to the box's reader.
    """
    tag = element.tag
    if not isinstance(tag, str):
        return []
    if tag == _ALTERNATE:
        chosen = branch(element)
        return drawn(chosen) if chosen is not None else []
    if tag == q("txbxContent"):
        return [("box", element)]
    if tag == f"{{{V}}}textpath":
        string = " ".join((element.get("string") or "").split())
        on = element.get("on", "t").lower() not in ("f", "false")
        return [("text", string)] if string and on else []
    if tag == f"{{{A}}}txBody":
        return [("text", text) for text in _paragraphs(element) if text.strip()]
    out = []
    for child in element:
        out.extend(drawn(child))
    return out


def _paragraphs(body) -> list:
    """The text of each a:p of a DrawingML text body (a:br a line break)."""
    out = []
    for p in body.iter(f"{{{A}}}p"):
        parts = []
        for leaf in p.iter(f"{{{A}}}t", f"{{{A}}}br"):
            parts.append("\n" if leaf.tag == f"{{{A}}}br" else leaf.text or "")
        out.append("".join(parts))
    return out


def text_boxes(element) -> list:
    """The w:txbxContent in a run's drawing, picture or object (`element`), once each."""
    return [found for kind, found in drawn(element) if kind == "box"]


# ------------------------------------------------------------ data binding

# the stores Word binds to that are not customXml parts: the document's properties
_PROPERTY_STORES = {
    "{6C3C8BC8-F283-45AE-878A-BAB7291924A1}": "docProps/core.xml",
    "{6668398D-A668-4E3E-A5EB-62B293D839F1}": "docProps/app.xml",
}
DS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
_MAPPING = re.compile(r"""xmlns:([\w.-]+)\s*=\s*(['"])(.*?)\2""")
_XPATH_CHARS = 1000  # a longer binding is not one Word writes


class Bindings:
    """The custom XML stores of one file, and the values content controls bind to."""

    def __init__(self, file):
        self.file, self._stores = file, None

    def stores(self) -> dict:
        if self._stores is None:
            self._stores = {}
            for store_id, name in _PROPERTY_STORES.items():
                if self.file.has(name):
                    self._stores[store_id] = name
            for name in self.file.names():
                if not re.fullmatch(r"customxml/item\d*\.xml", name.lower()):  # Word: customXml/item1.xml
                    continue
                for props in self.file.related(name, "customXmlProps"):
                    root = self.file.xml(props)
                    ident = root.get(f"{{{DS}}}itemID", "")
                    if ident:
                        self._stores[ident.upper()] = name
        return self._stores

    def value(self, sdt_pr) -> str | None:
        """The bound value a content control shows, or None (no binding, or it does not resolve).

        Date controls and check boxes are left to their cached text: Word formats the
        bound value for them (w:dateFormat) and that text is what the file holds.
        """
        if sdt_pr is None:
            return None
        binding = sdt_pr.find(q("dataBinding"))
        if binding is None or sdt_pr.find(q("date")) is not None or sdt_pr.find(q("richText")) is not None:
            return None
        xpath = binding.get(q("xpath"), "")
        name = self.stores().get(binding.get(q("storeItemID"), "").upper())
        if not xpath or len(xpath) > _XPATH_CHARS or name is None:
            return None
        namespaces = {m.group(1): m.group(3) for m in _MAPPING.finditer(binding.get(q("prefixMappings"), ""))}
        try:
            found = self.file.xml(name).getroottree().xpath(xpath, namespaces=namespaces)
        except (etree.XPathError, TypeError, ValueError):
            return None
        if isinstance(found, list):
            if not found:
                return None
            found = found[0]
        if isinstance(found, etree._Element):
            value = "".join(found.itertext())
        elif isinstance(found, (str, bytes)):
            value = found if isinstance(found, str) else found.decode("utf-8", "replace")
        else:
            return None
        # an empty value shows the control's placeholder, which is what the file caches
        return _list_text(sdt_pr, value) if value else None


def _list_text(sdt_pr, value: str) -> str:
    """A drop-down or combo box shows the display text of the entry whose value is bound."""
    for kind in ("dropDownList", "comboBox"):
        listing = sdt_pr.find(q(kind))
        if listing is None:
            continue
        for item in listing.findall(q("listItem")):
            if item.get(q("value")) == value:
                return item.get(q("displayText"), value)
    return value
