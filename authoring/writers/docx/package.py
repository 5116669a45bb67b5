"""python-docx Document + Meta → document properties and a byte-for-byte reproducible .docx file.

python-docx stamps every zip entry with the current time (python-docx#1042); we re-zip
with a fixed time, a fixed entry order and fixed compression so identical input gives
identical bytes.
"""

from __future__ import annotations

import zipfile
from datetime import datetime, timezone
from pathlib import Path

from ...model.nodes import Meta
from .fonts import word_lang

GENERATOR = "authoring"
_ZIP_EPOCH_MIN = datetime(1980, 1, 1, tzinfo=timezone.utc)  # the zip format starts here
_ZIP_EPOCH_MAX = datetime(2107, 12, 31, 23, 59, 58, tzinfo=timezone.utc)
# python-docx's template claims to be Word for Mac with one page; say what made the file
_APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
            'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
            f'2006/docPropsVTypes"><Application>{GENERATOR}</Application>'
            '<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>'
            '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>'
            '<HyperlinksChanged>false</HyperlinksChanged></Properties>').encode("utf-8")


def set_properties(document, meta: Meta, lang: str, source_date_epoch: int) -> None:
    """core.xml: what the report is, in which language, stamped with `source_date_epoch`."""
    from .ooxml import clean_text

    props = document.core_properties
    stamp = datetime.fromtimestamp(source_date_epoch, tz=timezone.utc)
    props.title = clean_text(meta.title)
    props.subject = clean_text(meta.subject or meta.subtitle)
    props.author = clean_text(meta.author or meta.organization)
    props.keywords = clean_text(", ".join(meta.keywords))
    props.language = word_lang(lang)
    props.comments = ""
    props.category = ""
    props.last_modified_by = GENERATOR
    props.revision = 1
    props.created = stamp
    props.modified = stamp


def save(document, target: Path, source_date_epoch: int) -> None:
    """Write `document` to `target` with fixed zip metadata and order."""
    stamp = datetime.fromtimestamp(source_date_epoch, tz=timezone.utc)
    stamp = min(max(stamp, _ZIP_EPOCH_MIN), _ZIP_EPOCH_MAX)
    date_time = stamp.timetuple()[:6]
    entries = _parts(document)
    if "docProps/app.xml" in entries:
        entries["docProps/app.xml"] = _APP_XML
    # [Content_Types].xml first is what Word writes and some readers expect
    order = sorted(entries, key=lambda name: (name != "[Content_Types].xml",
                                              name != "_rels/.rels", name))
    with zipfile.ZipFile(target, "w") as out:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0  # the host OS would otherwise leak into the bytes
            info.external_attr = 0
            out.writestr(info, entries[name], compresslevel=6)


class _Members(dict):
    """Stands in for python-docx's zip writer (PhysPkgWriter): keeps each member's bytes."""

    def write(self, pack_uri, blob: bytes) -> None:
        self[pack_uri.membername] = blob


def _parts(document) -> dict[str, bytes]:
    """Member name → bytes, as `document.save` would zip them.

    `document.save` deflated every part (the PNGs too) only for `save` to read them back and
    deflate them again; this runs the same steps as python-docx's OpcPackage.save and
    PackageWriter.write (python-docx 1.x), without the first zip.
    """
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, parts)
    return members
