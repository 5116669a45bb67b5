"""Typst's PDF bytes → the same PDF with a BleedBox on every page and the cover labelled (one
incremental update).

Why. With bleed, Typst writes MediaBox = trim + bleed and a TrimBox, but no BleedBox; the
WeasyPrint PDF has both boxes, and prepress tools read the bleed from the BleedBox. Typst
has no option for it, so the page dictionaries are written again after the file as an
incremental update: the original bytes stay as they are (a PDF/A file stays what Typst
checked; the standards allow incremental updates), and the same input gives the same bytes.
The catalog is written again in the same update when the cover needs its page label.
"""

from __future__ import annotations

import io
import re

_OBJECT = re.compile(rb"(\d+)\s+(\d+)\s+obj\b(.*?)\bendobj", re.S)


def add_bleed_boxes(data: bytes, bleed_pt: float | None = None) -> bytes:
    """`data` with a BleedBox on every page that has a TrimBox and no BleedBox: the TrimBox
    grown by `bleed_pt`, or the MediaBox when None."""
    return finish(data, bleed=True, bleed_pt=bleed_pt)


def finish(data: bytes, bleed: bool = False, cover: str | None = None, colour=None,
           bleed_pt: float | None = None) -> bytes:
    """`data` with a BleedBox on each trimmed page when `bleed` (the TrimBox grown by
    `bleed_pt`; the MediaBox when None, without a slug), the first page labelled
    `cover` (Typst labels an unnumbered page ""; a numbering pattern cannot be a word), and
    the printing condition `colour` (a PrintColour) as its output intent (Typst has none)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    updates: dict[int, bytes] = {}
    for page in reader.pages if bleed else ():
        ref = page.indirect_reference
        if "/TrimBox" not in page or "/BleedBox" in page or ref is None:
            continue
        body = _object_body(data, reader, ref)
        end = body.rstrip().rfind(b">>")
        if bleed_pt is None:
            box = [float(v) for v in page["/MediaBox"]]
        else:
            x0, y0, x1, y1 = (float(v) for v in page["/TrimBox"])
            box = [x0 - bleed_pt, y0 - bleed_pt, x1 + bleed_pt, y1 + bleed_pt]
        media = " ".join(_number(v) for v in box)
        updates[ref.idnum] = (f"{ref.idnum} {ref.generation} obj".encode() + body[:end]
                              + f"/BleedBox [{media}]\n".encode() + body[end:] + b"endobj\n")
    if cover or colour is not None:
        updates.update(_catalog(reader, cover, colour))
    if not updates:
        return data
    return _append_update(data, reader, updates)


def _object_body(data: bytes, reader, ref) -> bytes:
    offset = reader.xref.get(ref.generation, {}).get(ref.idnum)
    match = _OBJECT.match(data, offset) if offset is not None else None
    if match is None or int(match[1]) != ref.idnum:
        raise ValueError(f"page object {ref.idnum} is not where the cross-reference says")
    return match[3]


def _catalog(reader, cover: str | None, colour) -> dict[int, bytes]:
    """The catalog again, with the cover's label and the output intent; the intent's profile
    as a new object."""
    from pypdf.generic import DictionaryObject, NameObject

    root = reader.trailer.raw_get("/Root")
    catalog = DictionaryObject(reader.trailer["/Root"])
    out = {}
    if cover:
        labels = _cover_label(catalog, cover)
        if labels is not None:
            catalog[NameObject("/PageLabels")] = labels
    if colour is not None:
        number = int(reader.trailer["/Size"])
        out[number] = _profile_object(number, colour)
        catalog[NameObject("/OutputIntents")] = _intents(number, colour)
    stream = io.BytesIO()
    catalog.write_to_stream(stream)
    out[root.idnum] = (f"{root.idnum} {root.generation} obj\n".encode() + stream.getvalue()
                       + b"\nendobj\n")
    return out


def _profile_object(number: int, colour) -> bytes:
    import zlib

    from ..printcolour import read_profile

    packed = zlib.compress(read_profile(colour.profile), 9)
    return (f"{number} 0 obj\n<</N 4/Filter/FlateDecode/Length {len(packed)}>>\nstream\n".encode()
            + packed + b"\nendstream\nendobj\n")


def _intents(number: int, colour):
    from pypdf.generic import (ArrayObject, DictionaryObject, IndirectObject, NameObject,
                               TextStringObject)

    return ArrayObject([DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(colour.condition),
        NameObject("/OutputCondition"): TextStringObject(colour.info),
        NameObject("/RegistryName"): TextStringObject(colour.registry),
        NameObject("/Info"): TextStringObject(colour.info),
        NameObject("/DestOutputProfile"): IndirectObject(number, 0, None)})])


def _cover_label(catalog, word: str):
    """The catalog's page labels, the first range named `word` (others as Typst wrote); None
    when the cover has a number."""
    from pypdf.generic import (ArrayObject, DictionaryObject, NameObject, NumberObject,
                               TextStringObject)

    labels = catalog.get("/PageLabels")
    nums = list(labels.get_object()["/Nums"]) if labels is not None else [NumberObject(0),
                                                                           DictionaryObject()]
    if int(nums[0]) != 0:
        nums = [NumberObject(0), DictionaryObject(), *nums]
    first = nums[1].get_object()
    if "/S" in first:  # the cover has a number: the design changed, leave it
        return None
    nums[1] = DictionaryObject({NameObject("/P"): TextStringObject(word)})
    return DictionaryObject({NameObject("/Nums"): ArrayObject(nums)})


def _append_update(data: bytes, reader, updates: dict[int, bytes]) -> bytes:
    """`data` with the objects `updates` (number → bytes) appended as an incremental update."""
    if "/Prev" in reader.trailer or "/XRefStm" in reader.trailer:
        raise ValueError("expected a PDF with one cross-reference table, as Typst writes")
    out = bytearray(data if data.endswith(b"\n") else data + b"\n")
    offsets = {}
    for number in sorted(updates):
        offsets[number] = len(out)
        out += updates[number]
    xref = len(out)
    out += b"xref\n"
    for number in sorted(offsets):  # one subsection per object: simple and valid
        out += f"{number} 1\n{offsets[number]:010d} 00000 n\r\n".encode()
    trailer = [f"/Size {max(int(reader.trailer['/Size']), max(updates) + 1)}",
               f"/Root {reader.trailer.raw_get('/Root').idnum} 0 R"]
    if "/Info" in reader.trailer:
        trailer.append(f"/Info {reader.trailer.raw_get('/Info').idnum} 0 R")
    identifier = re.findall(rb"/ID\s*\[[^\]]*\]", data[data.rfind(b"trailer"):])
    if identifier:  # the file's identifier, as Typst wrote it
        trailer.append(identifier[-1].decode("latin-1"))
    previous = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    trailer.append(f"/Prev {previous}")
    out += ("trailer\n<<" + "".join(trailer) + f">>\nstartxref\n{xref}\n%%EOF\n").encode()
    return bytes(out)


def _number(value) -> str:
    text = f"{float(value):.6f}".rstrip("0").rstrip(".")
    return text or "0"
