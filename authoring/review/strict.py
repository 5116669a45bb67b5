"""XML bytes of a Strict Open XML part → the same bytes with transitional namespace URIs (pure).

Word's "Strict Open XML Document" writes the same elements under other namespace URIs
(`http://purl.oclc.org/ooxml/…`). Read under the transitional names the reader knows,
a strict file would look empty, and two different strict drafts would compare "same".
The element and attribute names are the same in both flavours, so renaming the
namespaces is enough for the text a reviewer compares, but for one element: Word's strict
save writes a text box's content as `wne:txbxContent` (Word 2006's own namespace) where
a transitional file has `w:txbxContent`, so text boxes read empty. It is renamed too.
"""

from __future__ import annotations

import re

_STRICT = re.compile(rb"http://purl\.oclc\.org/ooxml/([A-Za-z]+)/([A-Za-z]+)")
_TRANSITIONAL = "http://schemas.openxmlformats.org/{0}/2006/{1}"
# the strict names that are not "<family>/2006/<name>" in transitional
_RENAMED = {
    ("officeDocument", "extendedProperties"): "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    ("officeDocument", "docPropsVTypes"): "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
}


_WNE_BOX = "{http://schemas.microsoft.com/office/word/2006/wordml}txbxContent"
_W_BOX = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}txbxContent"


def transitional_tags(root) -> None:
    """The elements a strict part names otherwise renamed in place (parsed `root`)."""
    for element in root.iter(_WNE_BOX):
        element.tag = _W_BOX


def is_strict(data: bytes) -> bool:
    return b"http://purl.oclc.org/ooxml/" in data


def to_transitional(data: bytes) -> bytes:
    """Every strict namespace URI in `data` replaced by its transitional twin."""
    if not is_strict(data):
        return data

    def replace(match) -> bytes:
        family, name = match.group(1).decode(), match.group(2).decode()
        uri = _RENAMED.get((family, name)) or _TRANSITIONAL.format(family, name)
        return uri.encode()

    return _STRICT.sub(replace, data)
