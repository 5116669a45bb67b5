"""Inline nodes → runs, hyperlinks, REF fields and footnote references appended to one w:p."""

from __future__ import annotations

import copy

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement

from ...model.nodes import Code, CrossRef, Emph, LineBreak, Link, Note, Strong, Text
from . import ooxml
from . import ooxml_parts as parts
from .context import Context


def add_inlines(ctx: Context, parent, inlines, part, rPr=None, notes: bool = True) -> None:
    """Append `inlines` to `parent` (a w:p or w:hyperlink) with run properties `rPr`.

    `part` owns hyperlink relationships (the document, or the footnotes part); footnotes
    inside footnotes are dropped when `notes` is False, as Word cannot nest them.
    """
    for node in inlines:
        if isinstance(node, Text):
            if node.text:
                parent.append(ooxml.run(node.text, rPr))
        elif isinstance(node, Strong):
            add_inlines(ctx, parent, node.children, part, _with(rPr, "w:b", "w:bCs"), notes)
        elif isinstance(node, Emph):
            add_inlines(ctx, parent, node.children, part,
                        _with_style(rPr, ctx.style("emphasis")), notes)
        elif isinstance(node, Code):
            parent.append(ooxml.run(node.text, _with_style(rPr, ctx.style("code"))))
        elif isinstance(node, Link):
            _add_link(ctx, parent, node, part, rPr, notes)
        elif isinstance(node, LineBreak):
            brk = ooxml.run(rPr=rPr)
            brk.append(OxmlElement("w:br"))
            parent.append(brk)
        elif isinstance(node, CrossRef):
            _add_crossref(ctx, parent, node, rPr)
        elif isinstance(node, Note) and notes:
            from .notes import add_note  # notes render their text with this module

            note_id = add_note(ctx, node.blocks)
            parent.append(parts.footnote_reference_run(note_id, ctx.style("footnote_ref")))


def _add_crossref(ctx: Context, parent, ref: CrossRef, rPr) -> None:
    anchor = ctx.env.plan.anchors.get(ref.target)
    label = ref.label or ref.target
    if not anchor:
        # no bookmark to point at: plain text, so Word never shows "Error! Bookmark not defined"
        parent.append(ooxml.run(label, rPr))
        return
    # the cached result is the label numbering computed, so the text is right before
    # (and without) a field update; \h makes it a link in Word and in PDF exports
    for r in ooxml.field(f"REF {anchor} \\h", label, rPr):
        parent.append(r)


def _add_link(ctx: Context, parent, link: Link, part, rPr, notes: bool) -> None:
    href = ooxml.clean_text(link.href)
    if href.startswith("#"):
        anchor = ctx.env.plan.anchors.get(href[1:])
        element = ooxml.hyperlink(anchor=anchor) if anchor else None
    else:
        element = ooxml.hyperlink(r_id=part.relate_to(href, RT.HYPERLINK, is_external=True))
    if element is None:
        add_inlines(ctx, parent, link.children, part, rPr, notes)
        return
    add_inlines(ctx, element, link.children, part, _with_style(rPr, ctx.style("hyperlink")), notes)
    parent.append(element)


def _with(rPr, *tags: str):
    new = copy.deepcopy(rPr) if rPr is not None else OxmlElement("w:rPr")
    for tag in tags:
        ooxml.child(new, tag)
    return new


def _with_style(rPr, style_id: str):
    new = copy.deepcopy(rPr) if rPr is not None else OxmlElement("w:rPr")
    ooxml.child(new, "w:rStyle", {"w:val": style_id})
    return new
