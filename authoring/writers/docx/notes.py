"""Note blocks → footnotes in word/footnotes.xml (python-docx has no footnote API)."""

from __future__ import annotations

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement

from ...model.nodes import Callout, Figure, Heading, ListBlock, Paragraph, Table, Text
from ...model.text import table_texts
from . import ooxml
from . import ooxml_parts as parts
from .context import Context
from .inlines import add_inlines


def add_note(ctx: Context, blocks) -> int:
    """Add a footnote holding `blocks`; returns the id its w:footnoteReference must carry."""
    part = _footnotes_part(ctx)
    ctx.state.footnote_id += 1
    note_id = ctx.state.footnote_id
    note = parts.footnote(note_id)
    for index, inlines in enumerate(list(_paragraphs(blocks)) or [()]):
        p = OxmlElement("w:p")
        ooxml.set_style_id(p.get_or_add_pPr(), ctx.style("footnote_text"))
        if index == 0:
            p.append(parts.footnote_mark_run(ctx.style("footnote_ref")))
            p.append(ooxml.run(" "))
        add_inlines(ctx, p, inlines, part, notes=False)
        note.append(p)
    part.element.append(note)
    return note_id


def _paragraphs(blocks):
    """Footnotes hold running text only: lists become bullet lines, tables and figures text."""
    for block in blocks:
        if isinstance(block, (Paragraph, Heading)):
            yield block.children
        elif isinstance(block, ListBlock):
            for n, item in enumerate(block.items, block.start):
                marker = f"{n}. " if block.ordered else "• "
                for index, inlines in enumerate(_paragraphs(item)):
                    yield ((Text(marker),) if index == 0 else ()) + tuple(inlines)
        elif isinstance(block, Callout):
            yield from _paragraphs(block.blocks)
        elif isinstance(block, Table):
            for row in table_texts(block):
                yield (Text(" | ".join(row)),)
        elif isinstance(block, Figure):
            yield block.caption


def _footnotes_part(ctx: Context):
    if ctx.state.footnotes is not None:
        return ctx.state.footnotes
    document_part = ctx.document.part
    # a reference.docx brings its own footnotes part; ours replaces it (its notes are
    # not ours and its separators are recreated below)
    for rel_id, rel in list(document_part.rels.items()):
        if rel.reltype == RT.FOOTNOTES:
            del document_part.rels[rel_id]
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, parts.footnotes_root(),
                   document_part.package)
    document_part.relate_to(part, RT.FOOTNOTES)
    parts.set_footnote_properties(ctx.document.settings.element)
    ctx.state.footnotes = part
    return part
