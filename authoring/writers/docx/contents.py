"""Plan entries → the table of contents and the lists of figures and tables as Word TOC fields.

The fields are pre-filled, so the entries are there before anything is updated; Word
refreshes them (and the page numbers) on open because settings.xml asks it to.
"""

from __future__ import annotations

from docx.oxml.ns import qn

from . import ooxml
from .blocks import new_paragraph, seq_name
from .context import Context
from .plan import Entry


def add_front_matter_lists(ctx: Context, container, pages: dict) -> dict:
    """Contents, then the figure and table lists when the report has figures or tables.

    Returns bookmark → the w:t elements holding its cached page number, so that numbers
    measured later (clientpages.py) can replace the estimate."""
    plan, words = ctx.env.plan, ctx.env.options.words
    results: dict = {}
    _add_list(ctx, container, words.contents, 'TOC \\o "1-3" \\h \\z \\u', plan.contents,
              lambda entry: f"toc{min(entry.level, 3)}", pages, results)
    if plan.figures:
        _add_list(ctx, container, words.figures, f'TOC \\h \\z \\c "{seq_name(words.figure)}"',
                  plan.figures, lambda entry: "tof", pages, results)
    if plan.tables:
        _add_list(ctx, container, words.tables, f'TOC \\h \\z \\c "{seq_name(words.table)}"',
                  plan.tables, lambda entry: "tof", pages, results)
    return results


def set_page_numbers(results: dict, pages: dict) -> int:
    """Replace the cached page numbers of `results` by `pages`; returns how many changed."""
    changed = 0
    for anchor, texts in results.items():
        if anchor in pages:
            for t in texts:
                if t.text != str(pages[anchor]):
                    t.text = str(pages[anchor])
                    changed += 1
    return changed


def _add_list(ctx: Context, container, title: str, instr: str, entries: list[Entry], role_of,
              pages: dict, results: dict) -> None:
    heading = new_paragraph(ctx, container, "toc_heading")
    heading.append(ooxml.run(title))
    if not entries:
        p = new_paragraph(ctx, container, "toc1")
        for r in (*ooxml.field_begin(instr), ooxml.field_end()):
            p.append(r)
        return
    for index, entry in enumerate(entries):
        p = new_paragraph(ctx, container, role_of(entry))
        if index == 0:
            for r in ooxml.field_begin(instr):
                p.append(r)
        link = ooxml.hyperlink(anchor=entry.anchor)
        link.append(ooxml.run(entry.text))
        link.append(ooxml.run("\t"))
        for r in ooxml.field(f"PAGEREF {entry.anchor} \\h", str(pages.get(entry.anchor, ""))):
            link.append(r)
            t = r.find(qn("w:t"))
            if t is not None:
                results.setdefault(entry.anchor, []).append(t)
        p.append(link)
        if index == len(entries) - 1:
            p.append(ooxml.field_end())
