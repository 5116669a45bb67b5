"""Document model → DOCX for reviewers: styled, with live TOC/caption/cross-reference fields.

The stages, in order: styles (from reference.docx or generated) → plan (bookmark names)
→ cover, front matter and one section per chapter → package (properties, re-zip).
"""

from __future__ import annotations

from pathlib import Path

from ...model.nodes import Document
from ..options import WriteOptions
from . import clientpages, layout, package, sourcemap
from .blocks import add_blocks
from .contents import add_front_matter_lists, set_page_numbers
from .context import Context, Env, State, geometry
from .estimate import estimate_pages
from .fonts import east_asian_lang, latin_lang
from .plan import make_plan
from .styles import new_document

__all__ = ["write_docx"]


def write_docx(doc: Document, target: Path, options: WriteOptions) -> None:
    """Write `doc` as a .docx file at `target` (overwritten if present)."""
    geo = geometry(options.page)
    document, style_ids = new_document(options, geo.text_width)
    env = Env(options, style_ids, geo, make_plan(doc, options.is_cjk), latin_lang(options),
              east_asian_lang(options))
    ctx = Context(env, State(), document)
    sourcemap.start(ctx, doc)

    layout.set_up_pages(ctx)
    layout.add_cover(ctx, doc.meta)
    layout.start_front_matter(ctx)
    page_texts = add_front_matter_lists(ctx, document,
                                        estimate_pages(doc, env.plan, options, geo))
    for index, chapter in enumerate(doc.chapters):
        layout.end_section(ctx, part=index)  # closes the front matter or the chapter before
        before = document.element.body.sectPr.getprevious()
        layout.start_chapter(ctx, index, env.plan.chapter_titles[index])
        add_blocks(ctx, document, chapter.blocks)
        if index == 0:
            layout.mark_body_start(ctx, before)
    layout.mark_part_end(ctx, len(doc.chapters))

    sourcemap.finish(ctx, document)
    package.set_properties(document, doc.meta, options.lang, options.source_date_epoch)
    package.save(document, Path(target), options.source_date_epoch)
    if options.docx_page_numbers == "libreoffice" and page_texts:
        # the body's layout does not depend on the front matter's digits (it restarts at
        # page 1 in a section of its own), so one measurement is final
        measured = clientpages.measure(Path(target), sorted(page_texts), layout.BODY_START)
        if measured and set_page_numbers(page_texts, measured):
            package.save(document, Path(target), options.source_date_epoch)
