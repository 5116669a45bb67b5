"""An untrusted .docx path → its parts in memory, parsed safely, or a ReviewError.

DOCX files come back from outside (reviewers, e-mail), so they are hostile input until
checked: the zip is checked before anything is decompressed (entry count, total size,
compression ratio, unsafe names), every XML part is refused if it declares a DTD or
entities, and lxml never resolves entities or touches the network. Nothing is extracted
to disk.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from pathlib import Path

from lxml import etree

from ..errors import Location, ReviewError
from ..safezip import MAX_MEMBER_BYTES, MAX_TOTAL_BYTES, check_zip, read_member
from .strict import is_strict, to_transitional, transitional_tags

MAX_XML_PART = 64 * 2**20  # a 1000-page report's document.xml is ~20 MiB
# '<!DOCTYPE' / '<!ENTITY' in UTF-8 or UTF-16 (a NUL after each ASCII character)
_DTD = re.compile(rb"<\x00?!\x00?(D\x00?O\x00?C\x00?T\x00?Y\x00?P\x00?E|E\x00?N\x00?T\x00?I\x00?T\x00?Y)",
                  re.IGNORECASE)
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                          dtd_validation=False, huge_tree=False)
# any namespace prefix: counted on the bytes, so that a huge tree is never built
_PARAGRAPH = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")
_ALTCHUNK = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?altChunk[\s/>]")
_UNSAFE_NAME = re.compile(r"(^[/\\])|(^[A-Za-z]:)|\\|\x00|(^|/)\.\.(/|$)")

RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE_DOCUMENT = "/officeDocument"  # suffix shared by the transitional and strict URIs
HINT = "ask for the file again, or open it in Word and save it as .docx"


class DocxFile:
    """The parts of one .docx, read on demand from the checked zip (never from disk)."""

    def __init__(self, path: Path, shown: str | None = None, data: bytes | None = None,
                 parent: DocxFile | None = None):
        self.path = Path(path)
        self.shown = shown or str(path)
        self._cache: dict[str, object] = {}
        self._inflated = 0  # bytes really inflated by read(), against MAX_TOTAL_BYTES
        self._counted = {"docx_paragraphs": 0, "docx_altchunks": 0}  # against limits.py
        # a document embedded in another (w:altChunk) is read from memory, and what it
        # inflates counts against the outer file's budget
        self._root = parent._root if parent is not None else self
        self.depth = parent.depth + 1 if parent is not None else 0
        self._source = self.path if data is None else io.BytesIO(data)
        if data is None and not self.path.is_file():
            raise ReviewError("file not found", self.location())
        check_zip(self._source, self.shown, error=ReviewError)
        with zipfile.ZipFile(self._source) as archive:
            self.infos = {info.filename: info for info in archive.infolist()}
        for name, info in self.infos.items():
            if _UNSAFE_NAME.search(name):
                raise ReviewError(f"refused: the entry '{name}' has an unsafe path", self.location())
            if info.flag_bits & 0x1:
                raise ReviewError("refused: the file has encrypted zip entries", self.location())
        # (repeated entry names are refused by check_zip, before this dict would keep one)
        self.main = self._main_part()

    def location(self) -> Location:
        return Location(self.shown)

    # ------------------------------------------------------------ raw parts

    def names(self) -> list[str]:
        return list(self.infos)

    def read(self, name: str, limit: int | None = None) -> bytes:
        info = self.infos.get(name)
        if info is None:
            raise ReviewError(f"the part '{name}' is missing", self.location(), hint=HINT)
        limit = MAX_MEMBER_BYTES if limit is None else limit
        if info.file_size > limit:
            raise ReviewError(f"refused: the part '{name}' is {info.file_size // 2**20} MiB "
                              f"(limit {limit // 2**20} MiB)", self.location())
        # the declared size may lie: the stream stops at the limit, whatever it says
        try:
            with zipfile.ZipFile(self._source) as archive:
                data = read_member(archive, info, limit, self.location(), ReviewError)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ReviewError(f"the part '{name}' cannot be read: {exc}", self.location(),
                              hint=HINT) from None
        self._root._inflated += len(data)
        if self._root._inflated > MAX_TOTAL_BYTES:
            raise ReviewError(f"refused: the parts read so far inflate to more than "
                              f"{MAX_TOTAL_BYTES // 2**20} MiB (zip bomb?)", self.location())
        return data

    def xml(self, name: str):
        """The parsed root of XML part `name` (cached); refused if it has a DTD."""
        if name not in self._cache:
            # strict files name the same elements under other URIs (strict.py)
            data = self.read(name, MAX_XML_PART)
            strict = is_strict(data)
            data = to_transitional(data)
            self._count(data, name)
            self._cache[name] = parse_xml(data, name, self.location())
            if strict:
                transitional_tags(self._cache[name])
        return self._cache[name]

    def _count(self, data: bytes, name: str) -> None:
        """Count the paragraphs and embedded documents of a part before it is parsed, against
        the limits for the whole file (embedded ones included): a 2.4 MB file of a million
        paragraphs, or 20,000 w:altChunk references to one 1 MiB part, took diff past 2.5 GB."""
        for limit, pattern, what in (("docx_paragraphs", _PARAGRAPH, "paragraphs"),
                                     ("docx_altchunks", _ALTCHUNK, "w:altChunk documents")):
            self.count(limit, len(pattern.findall(data)), name, what)

    def count(self, limit: str, found: int, name: str, what: str) -> None:
        """Add `found` to the whole file's count for `limit` (limits.py); refused past it."""
        from .. import limits

        counted = self._root._counted
        counted[limit] += found
        if counted[limit] > limits.value(limit):
            raise limits.over(limit, f"the file holds {counted[limit]:,} {what} (counted "
                              f"up to its part '{name}')", self.location(), ReviewError,
                              counted[limit])

    def has(self, name: str) -> bool:
        return name in self.infos

    # ------------------------------------------------------------ relationships

    def related(self, source: str, kind: str) -> list[str]:
        """Internal parts `source` points at with a relationship type ending in `/kind`."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels):
            return []
        out = []
        for rel in self.xml(rels).iter(f"{{{RELS_NS}}}Relationship"):
            if rel.get("TargetMode") == "External" or not rel.get("Type", "").endswith("/" + kind):
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            if name.startswith("../") or name == ".." or not self.has(name):
                continue  # a target outside the package or missing is ignored, never followed
            out.append(name)
        return out

    def target(self, source: str, ident: str) -> str | None:
        """The internal part relationship `ident` of `source` points at (None if outside or missing)."""
        folder, base = posixpath.split(source)
        rels = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels):
            return None
        for rel in self.xml(rels).iter(f"{{{RELS_NS}}}Relationship"):
            if rel.get("Id") != ident or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            name = target.lstrip("/") if target.startswith("/") else \
                posixpath.normpath(posixpath.join(folder, target))
            return name if self.has(name) and not name.startswith("..") else None
        return None

    def content_type(self, name: str) -> str:
        """The content type [Content_Types].xml gives part `name` ("" if none)."""
        if not self.has("[Content_Types].xml"):
            return ""
        types = self.xml("[Content_Types].xml")
        by_extension = ""
        for element in types:
            tag = etree.QName(element).localname
            if tag == "Override" and element.get("PartName", "").lstrip("/") == name:
                return element.get("ContentType", "")
            if tag == "Default" and name.lower().endswith("." + element.get("Extension", "").lower()):
                by_extension = element.get("ContentType", "")
        return by_extension

    def targets(self, source: str) -> dict:
        """rId → the internal part name it points at, or "external:URL", for part `source`."""
        key = "rels:" + source
        if key not in self._cache:
            folder, base = posixpath.split(source)
            rels = posixpath.join(folder, "_rels", base + ".rels")
            found = {}
            if self.has(rels):
                for rel in self.xml(rels).iter(f"{{{RELS_NS}}}Relationship"):
                    target = rel.get("Target", "")
                    if rel.get("TargetMode") == "External":
                        found[rel.get("Id", "")] = "external:" + target
                        continue
                    name = target.lstrip("/") if target.startswith("/") else \
                        posixpath.normpath(posixpath.join(folder, target))
                    if not name.startswith("../") and name != ".." and self.has(name):
                        found[rel.get("Id", "")] = name
            self._cache[key] = found
        return self._cache[key]

    def part(self, kind: str) -> str | None:
        """The main document's related part of `kind` (styles, footnotes, comments…)."""
        found = self.related(self.main, kind)
        return found[0] if found else None

    def _main_part(self) -> str:
        if not self.has("_rels/.rels"):
            raise ReviewError("not a Word document (no package relationships)", self.location(),
                              hint=HINT)
        found = self.related("", "officeDocument")
        if not found or not found[0].endswith(".xml"):
            raise ReviewError("not a Word document (no main document part)", self.location(),
                              hint=HINT)
        root = self.xml(found[0])
        if etree.QName(root).localname != "document":
            raise ReviewError("not a Word document (the main part is not w:document)",
                              self.location(), hint=HINT)
        return found[0]


def parse_xml(data: bytes, name: str, location: Location | None = None):
    """Bytes of an untrusted XML part → its root element; DTDs and entities are refused."""
    if _DTD.search(data):
        raise ReviewError(f"refused: the part '{name}' declares a DTD or entities "
                          "(a DOCX never does; this can be an attack)", location)
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ReviewError(f"the part '{name}' is not well-formed XML: {exc}", location,
                          hint=HINT) from None
