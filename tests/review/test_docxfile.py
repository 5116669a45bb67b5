"""Hostile DOCX files are refused before anything is decompressed or parsed, and nothing is written."""

from __future__ import annotations

import os
import struct
import zipfile
from pathlib import Path

import pytest

from authoring.errors import ReviewError
from authoring.review.docxfile import DocxFile
from authoring.review.reader import read_docx

CONTENT_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                 b'2006/content-types"/>')
RELS = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        b'</Relationships>')
DOCUMENT = ('<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats'
            '.org/wordprocessingml/2006/main"><w:body>{}</w:body></w:document>')


def docx(path: Path, entries: dict) -> Path:
    base = {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": RELS,
            "word/document.xml": DOCUMENT.format("<w:p><w:r><w:t>正文</w:t></w:r></w:p>").encode()}
    base.update(entries)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in base.items():
            if data is not None:
                z.writestr(name, data)
    return path


def refused(path: Path, message: str) -> None:
    before = set(os.listdir(path.parent))
    with pytest.raises(ReviewError, match=message) as caught:
        read_docx(path)
    assert caught.value.exit_code >= 2
    assert set(os.listdir(path.parent)) == before  # nothing extracted next to it


def it_reads_a_minimal_well_formed_docx(tmp_path):
    [block] = read_docx(docx(tmp_path / "ok.docx", {})).blocks
    assert block.text == "正文"


def it_refuses_a_zip_bomb_by_its_compression_ratio(tmp_path):
    bomb = b"<w:t>" + b"0" * (40 * 2**20)  # 40 MiB that deflate to ~40 KiB
    refused(docx(tmp_path / "bomb.docx", {"word/media/a.xml": bomb}), "zip bomb")


def it_refuses_a_zip_whose_directory_claims_a_huge_size_before_reading_it(tmp_path):
    path = docx(tmp_path / "huge.docx", {"word/media/big.bin": b"x" * 100})
    data = bytearray(path.read_bytes())
    # patch the central directory's uncompressed size of that entry (offset 24) to 3 GiB
    at = data.find(b"word/media/big.bin", data.find(b"PK\x01\x02")) - 46
    struct.pack_into("<I", data, at + 24, 3 * 2**30)
    path.write_bytes(bytes(data))
    refused(path, "more than 512 MiB|zip bomb")


def it_refuses_too_many_entries(tmp_path):
    many = {f"word/media/{n}.xml": b"<a/>" for n in range(5001)}
    refused(docx(tmp_path / "many.docx", many), "5004 zip entries")


def it_refuses_something_that_is_not_a_zip(tmp_path):
    path = tmp_path / "letter.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512)  # an old .doc (OLE)
    refused(path, "not a valid Office file")


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "word/../../evil.xml",
                                  "..\\evil.xml", "C:/evil.xml"])
def it_refuses_path_traversal_names(tmp_path, name):
    refused(docx(tmp_path / "paths.docx", {name: b"<a/>"}), "unsafe path")


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
                  '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                  '<w:body><w:p><w:r><w:t>&lol2;</w:t></w:r></w:p></w:body></w:document>')
XXE = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
       '<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')


@pytest.mark.parametrize("xml", [BILLION_LAUGHS.encode(), XXE.encode(),
                                 XXE.replace('<?xml version="1.0"?>', "").encode("utf-16")],
                         ids=["entities", "external-entity", "utf-16"])
def it_refuses_dtds_and_entities(tmp_path, xml):
    refused(docx(tmp_path / "dtd.docx", {"word/document.xml": xml}), "DTD or entities")


def it_refuses_a_dtd_in_any_part_it_reads(tmp_path):
    styles_rel = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                  b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
                  b'openxmlformats.org/officeDocument/2006/relationships/styles" '
                  b'Target="styles.xml"/></Relationships>')
    path = docx(tmp_path / "styles.docx", {"word/_rels/document.xml.rels": styles_rel,
                                           "word/styles.xml": BILLION_LAUGHS.encode()})
    refused(path, "styles.xml' declares a DTD")


def it_refuses_a_zip_that_is_not_a_word_document(tmp_path):
    refused(docx(tmp_path / "x.docx", {"_rels/.rels": None}), "not a Word document")
    spreadsheet = RELS.replace(b"word/document.xml", b"xl/workbook.xml")
    refused(docx(tmp_path / "y.docx", {"_rels/.rels": spreadsheet,
                                       "xl/workbook.xml": b"<workbook/>"}), "not a Word document")


def it_ignores_relationships_that_point_outside_the_package(tmp_path):
    rels = (b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            b'officeDocument/2006/relationships/styles" Target="../../../etc/passwd"/>'
            b'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/comments" Target="http://example.org/c.xml" TargetMode="External"/>'
            b'</Relationships>')
    file = DocxFile(docx(tmp_path / "rels.docx", {"word/_rels/document.xml.rels": rels}))
    assert file.part("styles") is None and file.part("comments") is None


def it_names_a_missing_file_plainly(tmp_path):
    refused(tmp_path / "missing.docx", "file not found")
