"""The invisible source map in generated DOCX: hidden bookmarks + a custom XML part, and nothing else."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree

from authoring.review.docxfile import DocxFile
from authoring.review.reader import read_docx
from authoring.review.sourcemap import NS, read_map
from authoring.writers.docx import sourcemap as writer_map
from authoring.writers.docx import write_docx

from .conftest import q, template_line


@pytest.fixture(scope="module")
def model(english, tmp_path_factory):
    """The English report's model and write options, and a folder to write into."""
    from authoring.writers.configure import write_options

    return english.document, write_options(english.config), tmp_path_factory.mktemp("writes")


def bookmarks(path: Path) -> list:
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    return [(b.get(q("name")), b.get(q("id"))) for b in root.iter(q("bookmarkStart"))]


def it_stores_the_map_as_a_custom_xml_part_with_its_properties(drafts):
    with zipfile.ZipFile(drafts.base) as z:
        names = z.namelist()
        types = z.read("[Content_Types].xml").decode()
        items = {n: z.read(n) for n in names if n.startswith("customXml/item")}
    maps = [n for n, data in items.items() if NS.encode() in data and "Props" not in n]
    assert len(maps) == 1
    props = maps[0].replace("item", "itemProps")
    assert NS.encode() in items[props]  # its datastore item names the schema
    assert f'PartName="/{props}"' in types
    assert f"customXml/_rels/{maps[0].split('/')[-1]}.rels" in names


def it_wraps_each_sourced_block_in_a_hidden_uniquely_numbered_bookmark(drafts):
    marks = bookmarks(drafts.base)
    sources = [name for name, _ in marks if name.startswith("_Src")]
    assert len(sources) > 30 and len(set(sources)) == len(sources)
    assert len({ident for _, ident in marks}) == len(marks)
    # every bookmark N has its map entry
    entries = read_map(DocxFile(drafts.base))
    assert {int(name[4:]) for name in sources} <= set(entries)


def it_maps_a_sentence_to_its_template_line_and_a_figure_to_its_data_cell(drafts):
    reading = read_docx(drafts.base)
    entries = read_map(reading.file)
    sentence = next(b for b in reading.blocks if b.text.startswith("重大原创成果持续涌现"))
    entry = entries[sentence.source]
    assert (entry.template, entry.line) == (
        "overview.md.j2", template_line(drafts.base_project, "overview.md.j2", "**重大原创成果持续涌现"))
    papers = next(f for f in entry.figures if f.formula.startswith("nsc_papers"))
    assert papers.text == "124" and papers.inputs[0][2].startswith("data/values.csv:")
    # a table cell knows its row and column
    cell = next(b for b in reading.blocks if b.kind == "cell" and b.text == "24208")
    figure = next(f for f in entries[cell.source].figures if (f.row, f.col) == cell.cell[3:1:-1])
    assert figure.text == "24208" and figure.inputs[0][0] == "invention_patents"


def it_writes_the_same_bytes_twice(model):
    document, options, folder = model
    first, second = folder / "a.docx", folder / "b.docx"
    write_docx(document, first, options)
    write_docx(document, second, options)
    assert first.read_bytes() == second.read_bytes()


def _canonical(path: Path, drop_map: bool) -> tuple:
    """document.xml without `_Src` bookmarks and with bookmark ids renumbered, + part names."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        names = sorted(z.namelist())
    if drop_map:
        ids = {b.get(q("id")) for b in root.iter(q("bookmarkStart"))
               if b.get(q("name"), "").startswith("_Src")}
        for mark in list(root.iter(q("bookmarkStart"), q("bookmarkEnd"))):
            if mark.get(q("id")) in ids:
                mark.getparent().remove(mark)
        names = [n for n in names if not n.startswith("customXml/") or n.endswith("1.xml")
                 or n.endswith("1.xml.rels")]
    renumber = {}
    for mark in root.iter(q("bookmarkStart"), q("bookmarkEnd")):
        mark.set(q("id"), renumber.setdefault(mark.get(q("id")), str(len(renumber))))
    return etree.tostring(root, method="c14n"), names


def it_changes_nothing_a_reader_sees(model, monkeypatch):
    """The map is bookmarks and one part: without them the file is what it was before."""
    document, options, folder = model
    with_map, without = folder / "with.docx", folder / "without.docx"
    write_docx(document, with_map, options)
    monkeypatch.setattr(writer_map, "start", lambda ctx, doc: None)
    write_docx(document, without, options)
    assert bookmarks(without) and not [n for n, _ in bookmarks(without) if n.startswith("_Src")]
    assert _canonical(with_map, drop_map=True) == _canonical(without, drop_map=False)
