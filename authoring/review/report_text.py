"""A Comparison → the terminal report: changed figures first, then each change at its section path.

Colour marks deletions (red, struck) and insertions (green, underlined); without colour
they are written [-old-]{+new+} as wdiff does, so the report still reads in a log or mail.
"""

from __future__ import annotations

import click

from .inline import diff_text
from .model import Block, Comparison, Op
from .tokens import display_width

CONTEXT = 24  # characters of unchanged text shown around an edit
LONG = 400  # an inserted or deleted paragraph longer than this is cut


class Style:
    def __init__(self, color: bool):
        self.color = color

    def deleted(self, text: str) -> str:
        if not text:
            return ""
        return click.style(text, fg="red", strikethrough=True) if self.color else f"[-{text}-]"

    def inserted(self, text: str) -> str:
        if not text:
            return ""
        return click.style(text, fg="green", underline=True) if self.color else f"{{+{text}+}}"

    def heading(self, text: str) -> str:
        return click.style(text, bold=True) if self.color else text

    def place(self, text: str) -> str:
        return click.style(text, fg="cyan") if self.color else text

    def dim(self, text: str) -> str:
        return click.style(text, dim=True) if self.color else text


def render(comparison: Comparison, color: bool = False) -> str:
    s = Style(color)
    lines = [s.heading(f"authoring diff {comparison.old_name} → {comparison.new_name}"),
             summary(comparison), ""]
    if not comparison.differ:
        return "\n".join(lines[:1] + ["The drafts are the same."]) + "\n"
    lines += _figures(comparison, s)
    lines += _changes(comparison, s)
    lines += _pictures(comparison, s)
    lines += _formats(comparison, s)
    lines += _reviewer(comparison, s)
    return "\n".join(lines).rstrip() + "\n"


def summary(c: Comparison) -> str:
    counts: dict = {}
    for op in c.text_changes:
        counts[op.kind] = counts.get(op.kind, 0) + 1
    parts = [f"{counts[kind]} {word}" for kind, word in
             (("changed", "edited"), ("inserted", "inserted"), ("deleted", "deleted"),
              ("moved", "moved")) if counts.get(kind)]
    text = f"{len(c.text_changes)} change{'s' if len(c.text_changes) != 1 else ''}"
    text += f" ({', '.join(parts)})" if parts else ""
    text += f"; {len(c.figures)} figure{'s' if len(c.figures) != 1 else ''} changed"
    if c.pictures:
        text += f"; {len(c.pictures)} picture{'s' if len(c.pictures) != 1 else ''} changed"
    if c.format_changes:
        text += f"; {len(c.format_changes)} formatting only"
    if c.revisions or c.comments:
        edited = sum(m.old_text is not None for m in c.comments)
        text += f"; the new copy holds {len(c.revisions)} tracked change(s), {len(c.comments)} comment(s)"
        text += f" ({edited} edited)" if edited else ""
    return text


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _figures(c: Comparison, s: Style) -> list:
    if not c.figures:
        return [s.heading("Changed figures: none"), ""]
    lines = [s.heading(f"Changed figures ({len(c.figures)})")]
    olds = max(display_width(f.old or "—") for f in c.figures)
    news = max(display_width(f.new or "—") for f in c.figures)
    for f in c.figures:
        before, _, after = f.context_new if f.new else f.context_old
        # a table cell holding only the number needs no context: its row and column say it
        around = f"{before}{s.deleted(f.old)}{s.inserted(f.new)}{after}" if before or after else ""
        indent = " " * (olds + news + 5)
        lines.append(f"  {_pad(f.old or '—', olds)} → {_pad(f.new or '—', news)}  {s.place(f.location)}")
        if around:
            lines.append(f"  {indent}{around}")
        for origin in f.origin:
            lines.append(f"  {indent}{s.dim('data: ' + origin)}")
    return lines + [""]


def _changes(c: Comparison, s: Style) -> list:
    ops = c.text_changes
    if not ops:
        return []
    lines = [s.heading(f"Changes ({len(ops)})")]
    away = {op.move: op.old for op in c.ops if op.kind == "moved_away"}
    for op in ops:
        block = op.new if op.new is not None else op.old
        title = f"{s.place(block.location)}  {op.kind}"
        if op.kind == "moved":
            title += f" from {away[op.move].location}" if op.move in away else ""
        if op.origin is not None and str(op.origin):
            title += "  " + s.dim(f"← {op.origin}")
        lines.append(title)
        if op.kind == "inserted":
            lines.append("    " + s.inserted(_cut(op.new.text)))
        elif op.kind == "deleted":
            lines.append("    " + s.deleted(_cut(op.old.text)))
        elif op.edited:
            lines.append("    " + excerpt(op, s))
        if op.origin is not None:
            for indicator, year, location in op.origin.data:
                lines.append("    " + s.dim(f"data: {location} ({indicator} {year})"))
    return lines + [""]


def _pictures(c: Comparison, s: Style) -> list:
    if not c.pictures:
        return []
    lines = [s.heading(f"Pictures changed ({len(c.pictures)})")]
    for change in c.pictures:
        title = f"{s.place(change.location)}  {change.kind}"
        if change.kind == "moved":
            title += f" from {change.old.location}"
        lines.append(title)
        if change.kind == "changed":
            lines.append(f"    {s.deleted(change.old.label())} → {s.inserted(change.new.label())}")
        elif change.kind == "deleted":
            lines.append("    " + s.deleted(change.old.label()))
        else:
            lines.append("    " + s.inserted(change.new.label()))
        shown = change.new or change.old
        if shown.caption:
            lines.append("    " + s.dim("caption: " + _cut(shown.caption)))
    return lines + [""]


def _cut(text: str) -> str:
    text = " ".join(text.split()) if "\n" in text else text
    return text if len(text) <= LONG else text[:LONG] + "…"


def excerpt(op: Op, s: Style) -> str:
    """The edits of a changed paragraph with a little unchanged text around each."""
    out = []
    segments = op.segments
    for k, seg in enumerate(segments):
        if seg.op == "equal":
            text = op.new.text[seg.new_start:seg.new_end]
            first, last = k == 0, k == len(segments) - 1
            if len(text) > 2 * CONTEXT + 1 or (first and len(text) > CONTEXT) or \
                    (last and len(text) > CONTEXT):
                head = "" if first else text[:CONTEXT]
                tail = "" if last else text[-CONTEXT:]
                text = f"{head}…{tail}"
            out.append(_flat(text))
        else:
            out.append(s.deleted(_flat(op.old.text[seg.old_start:seg.old_end])))
            out.append(s.inserted(_flat(op.new.text[seg.new_start:seg.new_end])))
    return "".join(out)


def _comment_text(comment, s: Style) -> str:
    """A comment's text; an edited one as its old text → its new, the edits marked."""
    if comment.old_text is None:
        return _cut(comment.text)
    old, new = _flat(_cut(comment.old_text)), _flat(_cut(comment.text))
    op = Op("changed", Block("paragraph", old), Block("paragraph", new), diff_text(old, new))
    return excerpt(op, s)


def _flat(text: str) -> str:
    return text.replace("\n", "⏎").replace("\t", "→")


def _formats(c: Comparison, s: Style) -> list:
    ops = c.format_changes
    if not ops:
        return []
    lines = [s.heading(f"Formatting changes ({len(ops)})")]
    for op in ops:
        lines.append(s.place(op.new.location))
        for change in op.formats:
            if change.style:
                lines.append(f"    style {change.style[0] or '(default)'} → {change.style[1] or '(default)'}")
            else:
                lines.append(f"    “{_cut(change.text)}”: {_fmt(change.old)} → {_fmt(change.new)}")
    return lines + [""]


def _fmt(names) -> str:
    return ", ".join(sorted(names)) or "plain"


def _reviewer(c: Comparison, s: Style) -> list:
    lines = []
    if c.revisions:
        lines.append(s.heading(f"Tracked changes in the new copy ({len(c.revisions)})"))
        for r in c.revisions:
            text = s.inserted(_cut(r.text)) if r.kind in ("inserted", "moved here") else \
                s.deleted(_cut(r.text)) if r.kind in ("deleted", "moved away") else _cut(r.text)
            who = f"{r.author or 'unknown'}" + (f", {r.date[:10]}" if r.date else "")
            lines.append(f"  {who}: {r.kind} {text}  {s.place(r.location)}")
        lines.append("")
    if c.comments:
        lines.append(s.heading(f"Comments in the new copy ({len(c.comments)})"))
        for m in c.comments:
            who = f"{m.author or 'unknown'}" + (f", {m.date[:10]}" if m.date else "")
            edited = " (edited)" if m.old_text is not None else ""
            lines.append(f"  {who} on “{_cut(m.anchor)}”{edited}  {s.place(m.location)}")
            lines.append(f"      {_comment_text(m, s)}")
        lines.append("")
    return lines
