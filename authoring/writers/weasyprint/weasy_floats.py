"""WeasyPrint pages → pages where text flows past a figure that waits for the next page.

Why this adapter exists. Written against WeasyPrint 70.0 (see weasy_justify.py for the
pin and the check). A figure may not split (`break-inside: avoid`), so when one does not
fit under the text WeasyPrint starts a new page and leaves the rest of the page empty:
in the example a third of a page stayed blank above a 9 cm doughnut chart. Book
typesetting floats the figure to the top of the next page and lets the following text
fill the page. WeasyPrint has no page floats, so we do it at pagination: when a page ends
right before a figure and more than `GAP` of the page's text area is empty, the figure is
moved after the paragraph that follows it in the box tree (or after a section heading
and its first paragraph) and the page is laid out again, at most `MOVES` times; never
past another figure, a table, a callout or the chapter's end, and the move is undone
when the passed text does not fit on the page either. The first page layout is WeasyPrint's own; only pages
with such a gap cost one or a few extra page layouts.
"""

from __future__ import annotations

GAP = 0.12  # share of the text area left empty that makes a figure wait
MOVES = 4  # paragraphs a figure may let pass
_PASSABLE = {"p", "ul", "ol", "blockquote"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


def _passing(children, position) -> int:
    """How many blocks after the figure at `position` it may let pass in one move: a
    paragraph or list, or a section heading together with the paragraph under it (a
    heading must not be parted from its text); 0 for anything else (a figure, table,
    callout, or the end of the chapter)."""
    following = [getattr(box, "element_tag", None) for box in children[position + 1:position + 3]]
    if following[:1] and following[0] in _PASSABLE:
        return 1
    if len(following) == 2 and following[0] in _HEADINGS and following[1] in _PASSABLE:
        return 2
    return 0

_installed = False


def install() -> None:
    """Patch WeasyPrint's `remake_page` (once per process)."""
    global _installed
    if _installed:
        return
    from weasyprint.layout import page as page_module

    from .weasy_justify import check_weasyprint

    check_weasyprint()
    original = page_module.remake_page

    def remake_page(index, context, root_box, html):
        saved = _context_state(context)
        page, resume_at = original(index, context, root_box, html)
        for _ in range(MOVES):
            figure, parent, position = _waiting_figure(root_box, resume_at)
            if figure is None:
                break
            gap = _gap(page)
            if gap <= GAP:
                break
            passing = _passing(parent.children, position)
            if not passing:
                break
            children = parent.children
            before = list(children)
            children[position:position + 1 + passing] = (
                children[position + 1:position + 1 + passing] + [figure])
            _restore(context, saved)
            moved_page, moved_resume_at = original(index, context, root_box, html)
            if _gap(moved_page) >= gap - 0.01:
                # the passed blocks did not fit either: put the figure back
                children[:] = before
                _restore(context, saved)
                page, resume_at = original(index, context, root_box, html)
                break
            page, resume_at = moved_page, moved_resume_at
        return page, resume_at

    remake_page.__wrapped__ = original
    page_module.remake_page = remake_page
    _installed = True


def _context_state(context):
    return (list(context.footnotes), list(context.reported_footnotes),
            dict(context.broken_out_of_flow), list(context.rendered_notes))


def _restore(context, saved) -> None:
    footnotes, reported, broken, notes = saved
    context.footnotes[:] = footnotes
    context.reported_footnotes = list(reported)
    context.broken_out_of_flow = dict(broken)
    context.rendered_notes[:] = notes


def _waiting_figure(root_box, resume_at):
    """(figure box, its parent, its index) when the next page starts with a whole figure."""
    if not resume_at:
        return None, None, None
    box, parent, index = root_box, None, None
    stack = resume_at
    while stack:
        (index, stack), = stack.items()
        children = getattr(box, "children", None)
        if children is None or index >= len(children):
            return None, None, None
        box, parent = children[index], box
    if getattr(box, "element_tag", None) == "figure":
        return box, parent, index
    return None, None, None


def _gap(page) -> float:
    """Share of the page's text area below the last line (above any footnotes)."""
    root, footnotes = page.children[0], page.children[1]
    top = page.content_box_y()
    bottom = top + page.height
    if footnotes.children:
        bottom = footnotes.position_y
    lowest = _lowest(root, top)
    return max(0.0, bottom - lowest) / page.height if page.height else 0.0


def _lowest(box, lowest: float) -> float:
    from weasyprint.formatting_structure import boxes

    for child in getattr(box, "children", ()):
        if isinstance(child, (boxes.LineBox, boxes.ReplacedBox, boxes.TableBox,
                              boxes.TableRowBox)) or not getattr(child, "children", None):
            if getattr(child, "height", None) is not None and child.height != "auto":
                lowest = max(lowest, child.position_y + child.margin_height())
        else:
            lowest = _lowest(child, lowest)
    return lowest
