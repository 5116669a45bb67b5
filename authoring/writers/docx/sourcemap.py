"""Block sources + printed figures → hidden `_Src<N>` bookmarks and a custom XML source-map part.

Design (read back by authoring/review/sourcemap.py):
- each written block that has a source gets a bookmark `_Src<N>` from the start of its
  first paragraph to the end of its last one. Word hides bookmarks whose name starts
  with "_", keeps them through edits and saves, and prints, shows and compares nothing
  of them; LibreOffice keeps them too.
- `customXml/itemK.xml` (with its itemProps part) holds N → template, line and the
  figures printed in the block, each with its formula and data cells. Word keeps custom
  XML parts through saves and never displays them. A reviewer's copy that loses the part
  still carries the bookmarks, and the generated draft it came from has the part.
N counts blocks in writing order, so identical builds give identical bytes.
"""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from ...model.nodes import Figure, ListBlock, Paragraph, Table
from ...model.text import plain_text, table_texts
from . import ooxml

NS = "urn:authoring:source-map:1"
PREFIX = "_Src"
# fixed, so the part is the same in every build; Word only needs it to be a GUID
ITEM_ID = "{6F1D7A52-3C0B-5E8A-9A4E-2B7C1D0E5F31}"
_BLOCK_TAGS = (qn("w:p"), qn("w:tbl"))


class SourceMap:
    """What one write has marked: entry N → (source, figure cells, figure id)."""

    def __init__(self, printed):
        self.printed = printed
        self.entries: list[tuple] = []

    def add(self, source, kind: str, cells=(), figure: str = "") -> str:
        self.entries.append((source, kind, tuple(cells), figure))
        return f"{PREFIX}{len(self.entries)}"


def start(ctx, doc) -> None:
    # State belongs to the writer core; the map rides on it so no signature changes
    ctx.state.source_map = SourceMap(doc.printed)


def begin(container):
    """The container's last block element before a block is written (None when empty)."""
    for child in reversed(_element(container)):
        if child.tag in _BLOCK_TAGS:
            return child
    return None


def end(ctx, container, before, block) -> None:
    """Bookmark the elements written for `block` since `begin` returned `before`."""
    smap = getattr(ctx.state, "source_map", None)
    source = getattr(block, "source", None)
    if smap is None or source is None:
        return
    following = before.itersiblings() if before is not None else iter(_element(container))
    new = [c for c in following if c.tag in _BLOCK_TAGS]
    if not new:
        return
    if isinstance(block, ListBlock):
        _mark_items(ctx, smap, block, [c for c in new if c.tag == qn("w:p")])
        return
    figure = block.id if isinstance(block, Figure) else ""
    if not (source.line or source.figures or figure):
        return  # nothing to point at (a box or a list; their contents are marked)
    cells = _table_cells(block, smap.printed) if isinstance(block, Table) else ()
    kind = type(block).__name__.lower()
    # LibreOffice drops a bookmark that starts beside a picture: a figure's starts at its caption
    first = new[min(1, len(new) - 1)] if figure else new[0]
    _wrap(ctx, first, new[-1], smap.add(source, kind, cells, figure))


def finish(ctx, document) -> None:
    """Add the custom XML map part when anything was marked."""
    smap = getattr(ctx.state, "source_map", None)
    if smap is None or not smap.entries:
        return
    package = document.part.package
    item = Part(package.next_partname("/customXml/item%d.xml"), CT.XML, _map_xml(smap), package)
    props = Part(package.next_partname("/customXml/itemProps%d.xml"),
                 CT.OFC_CUSTOM_XML_PROPERTIES, _props_xml(), package)
    item.relate_to(props, RT.CUSTOM_XML_PROPS)
    document.part.relate_to(item, RT.CUSTOM_XML)


# ---------------------------------------------------------------- marking


def _element(container):
    tc = getattr(container, "_tc", None)
    return tc if tc is not None else container.element.body


def _wrap(ctx, first, last, name: str) -> None:
    first_p = next(first.iter(qn("w:p")), None)
    last_p = list(last.iter(qn("w:p")))[-1:] or [None]
    if first_p is None or last_p[0] is None:
        return
    start, stop = ooxml.bookmark(ctx.new_bookmark_id(), name)
    ppr = first_p.find(qn("w:pPr"))
    # right after the paragraph properties: before any other bookmark the block carries
    first_p.insert(1 if ppr is not None else 0, start)
    last_p[0].append(stop)


def _paragraphs_of(block: ListBlock):
    """Item paragraphs in the order lists.py writes them (nested lists depth-first)."""
    for item in block.items:
        for child in item:
            if isinstance(child, ListBlock):
                yield from _paragraphs_of(child)
            elif isinstance(child, Paragraph):
                yield child


def _text(p) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def _mark_items(ctx, smap: SourceMap, block: ListBlock, paragraphs) -> None:
    # other block kinds inside items were written (and marked) by add_blocks itself;
    # item paragraphs are matched by text, in order, so those cannot shift the pairing
    position = 0
    for para in _paragraphs_of(block):
        wanted = plain_text(para.children)
        for index in range(position, len(paragraphs)):
            if _text(paragraphs[index]) == wanted:
                source = para.source or block.source
                if source is not None and (source.line or source.figures):
                    _wrap(ctx, paragraphs[index], paragraphs[index],
                          smap.add(source, "item"))
                position = index + 1
                break


def _table_cells(table: Table, printed) -> list[tuple[int, int, int]]:
    """(row, column, figure index) for each printed figure of `table`, rows counted as in
    the Word table (head rows first). Figures are printed in row order, so each is the
    next one found at or after the cell where the previous one was."""
    cells = [(r, c, text) for r, row in enumerate(table_texts(table))
             for c, text in enumerate(row)]
    out, position = [], 0
    for index in table.source.figures:
        if index >= len(printed):
            continue
        for at in range(position, len(cells)):
            row, col, text = cells[at]
            if printed[index].text and printed[index].text in text:
                out.append((row, col, index))
                position = at
                break
    return out


# ---------------------------------------------------------------- the custom XML part


def _map_xml(smap: SourceMap) -> bytes:
    root = etree.Element(f"{{{NS}}}sourceMap", nsmap={"sm": NS}, version="1")
    for number, (source, kind, cells, figure) in enumerate(smap.entries, start=1):
        entry = etree.SubElement(root, f"{{{NS}}}block", n=str(number), kind=kind,
                                 template=ooxml.clean_text(source.template),
                                 line=str(source.line))
        if figure:
            entry.set("figure", ooxml.clean_text(figure))
        where = {index: (row, col) for row, col, index in cells}
        for index in source.figures:
            if index >= len(smap.printed):
                continue
            printed = smap.printed[index]
            fig = etree.SubElement(entry, f"{{{NS}}}figure", text=ooxml.clean_text(printed.text),
                                   formula=ooxml.clean_text(printed.formula))
            if index in where:
                fig.set("row", str(where[index][0]))
                fig.set("col", str(where[index][1]))
            for data in printed.inputs:
                etree.SubElement(fig, f"{{{NS}}}input", indicator=ooxml.clean_text(data.indicator),
                                 year=str(data.year), value=ooxml.clean_text(data.value),
                                 location=ooxml.clean_text(data.location))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _props_xml() -> bytes:
    ds = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
    root = etree.Element(f"{{{ds}}}datastoreItem", nsmap={"ds": ds})
    root.set(f"{{{ds}}}itemID", ITEM_ID)
    refs = etree.SubElement(root, f"{{{ds}}}schemaRefs")
    etree.SubElement(refs, f"{{{ds}}}schemaRef").set(f"{{{ds}}}uri", NS)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
