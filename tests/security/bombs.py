"""Crafted zip files for the threat tests: members whose directory sizes lie."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path


def repeated_deflate(chunk: bytes, times: int) -> tuple[bytes, int, int]:
    """(raw deflate stream, crc32, size) of `chunk` repeated `times`, made in well under a
    second: after a full flush the compressor's state is empty, so every segment compresses
    to the same bytes and can be repeated as such."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    again = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    end = comp.flush()
    crc = zlib.crc32(chunk)
    for _ in range(times - 1):
        crc = zlib.crc32(chunk, crc)
    return first + again * (times - 1) + end, crc, len(chunk) * times


def lying_zip(path: Path, members: list[tuple[str, bytes | tuple[bytes, int, int], int | None]],
              bad_crc: bool | set = False) -> Path:
    """A zip of `members` (name, bytes or a repeated_deflate() result, declared size or None
    for the true size); `bad_crc`: True, or the names of the members whose CRC is wrong."""
    central, out = [], bytearray()
    for name, data, declared in members:
        if isinstance(data, bytes):
            comp = zlib.compressobj(9, zlib.DEFLATED, -15)
            body, crc, size = comp.compress(data) + comp.flush(), zlib.crc32(data), len(data)
        else:
            body, crc, size = data
        crc = crc ^ 0xFFFF if bad_crc is True or name in (bad_crc or ()) else crc
        declared = size if declared is None else declared
        offset, raw = len(out), name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(body),
                           declared, len(raw), 0) + raw + body
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc,
                                   len(body), declared, len(raw), 0, 0, 0, 0, 0, offset) + raw)
    start = len(out)
    for record in central:
        out += record
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central),
                       len(out) - start, start, 0)
    Path(path).write_bytes(bytes(out))
    return Path(path)


CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                 b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                 b'relationships+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def docx_bomb(path: Path, inflated_mb: int = 800) -> Path:
    """A ~1 MB .docx whose document.xml declares 1 MiB and inflates to `inflated_mb` MB."""
    chunk = b"<w:p/>" * (2**20 // 6)
    stream = repeated_deflate(chunk, inflated_mb)
    return lying_zip(path, [("[Content_Types].xml", CONTENT_TYPES, None), ("_rels/.rels", RELS, None),
                            ("word/document.xml", stream, 2**20)])
