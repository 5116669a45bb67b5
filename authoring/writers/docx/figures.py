"""Figure nodes → a picture paragraph (PNG plus SVG for Word 2016+), caption and source line."""

from __future__ import annotations

import hashlib
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.shared import Mm

from ...errors import Location, RenderError
from ...model.nodes import Figure
from ...model.text import plain_text
from . import ooxml
from . import ooxml_parts as parts
from .blocks import add_caption, add_paragraph, new_paragraph, seq_name
from .context import Context
from .inlines import add_inlines


def add_figure(ctx: Context, container, figure: Figure) -> None:
    png = _existing(ctx, figure, figure.png, "PNG")
    width, height = fit(figure.width_mm, figure.height_mm, ctx.env.geometry.text_width_mm)
    paragraph = add_paragraph(container)
    ooxml.set_style_id(paragraph._p.get_or_add_pPr(), ctx.style("figure"))
    inline = _add_picture(ctx, paragraph.add_run(), png, Mm(width), Mm(height))
    ctx.state.picture_count += 1
    name = figure.label or figure.id or f"Figure {ctx.state.picture_count}"
    parts.describe_picture(inline, name, figure.alt or plain_text(figure.caption) or name)
    if figure.svg:
        parts.add_svg_blip(inline, _svg_rel_id(ctx, _existing(ctx, figure, figure.svg, "SVG")))
    words = ctx.env.options.words
    add_caption(ctx, container, "caption", seq_name(words.figure), figure.label, figure.caption,
                ctx.env.plan.anchor_of(figure))
    if figure.source_note:
        p = new_paragraph(ctx, container, "source")
        lead = words.source.strip().rstrip(":：")
        # templates sometimes write the "Source:" word themselves; never show it twice
        if lead and not plain_text(figure.source_note).lstrip().startswith(lead):
            p.append(ooxml.run(words.source))
        add_inlines(ctx, p, figure.source_note, ctx.document.part)


def _add_picture(ctx: Context, run, path: Path, width, height):
    """python-docx's `Run.add_picture`, with the drawing id counted here: its `next_id`
    scans every id in the document for each picture (2 s for 60 charts in a 300-page
    report). Only pictures carry these ids, so the next one is the last one plus one."""
    from docx.oxml.shape import CT_Inline

    part = run.part
    rel_id, image = part.get_or_add_image(str(path))
    cx, cy = image.scaled_dimensions(width, height)
    shape_id = ctx.state.shape_ids.get(part) or part.next_id  # one scan, at the first picture
    ctx.state.shape_ids[part] = shape_id + 1
    inline = CT_Inline.new_pic_inline(shape_id, rel_id, image.filename, cx, cy)
    run._r.add_drawing(inline)
    return inline


def fit(width_mm: float, height_mm: float, max_width_mm: float) -> tuple[float, float]:
    """The figure's size, scaled down (never up) to the text width, aspect ratio kept."""
    if width_mm <= max_width_mm:
        return width_mm, height_mm
    scale = max_width_mm / width_mm
    return max_width_mm, height_mm * scale


def _existing(ctx: Context, figure: Figure, path: str, kind: str) -> Path:
    location = (Location(figure.source.template, figure.source.line or None)
                if figure.source and figure.source.template else None)
    if not path:
        raise RenderError(f"figure '{figure.id}' has no {kind} file to place in the DOCX",
                          location, hint="render the chart to PNG as well as SVG")
    resolved = Path(path)
    if not resolved.is_absolute():
        resolved = Path(ctx.env.options.project_dir) / resolved
    options = ctx.env.options
    if str(resolved) in options.pending_files:  # still being drawn (charts/pool.py)
        from ..pending import wait_for

        wait_for(resolved, options.pending_check)
    if not resolved.is_file():
        raise RenderError(f"figure '{figure.id}': {kind} file not found: {resolved}", location)
    return resolved


def _svg_rel_id(ctx: Context, path: Path) -> str:
    """One image part per distinct SVG, named after the PNG scheme (image1.svg, …)."""
    blob = path.read_bytes()
    digest = hashlib.sha1(blob).hexdigest()
    if digest not in ctx.state.svg_rel_ids:
        package = ctx.document.part.package
        part = Part(package.next_partname("/word/media/image%d.svg"), "image/svg+xml", blob,
                    package)
        ctx.state.svg_rel_ids[digest] = ctx.document.part.relate_to(part, RT.IMAGE)
    return ctx.state.svg_rel_ids[digest]
