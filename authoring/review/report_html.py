"""A Comparison → one self-contained HTML page for sharing: changed figures, then old | new side by side.

Every piece of document text is escaped: the drafts are untrusted, the page is opened in
a browser.
"""

from __future__ import annotations

from html import escape

from .model import Comparison, Op
from .report_text import summary

_CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans",system-ui,sans-serif;margin:2em auto;max-width:75em;
line-height:1.6;color:#222;padding:0 1em}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #ddd;padding:.35em .6em;vertical-align:top;
text-align:left}th{background:#f3f5f8}td.old,td.new{width:50%}
del{background:#fdd;color:#a00;text-decoration:line-through}ins{background:#dfd;color:#060;text-decoration:none;
border-bottom:1px solid #060}.where{color:#246;font-weight:600}.origin,.data{color:#666;font-size:.9em}
.kind{display:inline-block;min-width:5em;color:#555}.num{white-space:nowrap;font-variant-numeric:tabular-nums}
tr.loc td{background:#fafbfc;border-top:2px solid #bbb}
"""


def render(comparison: Comparison, lang: str = "") -> str:
    c = comparison
    title = f"{c.old_name} → {c.new_name}"
    parts = [f'<!DOCTYPE html>\n<html lang="{escape(lang or "und")}"><head><meta charset="utf-8">',
             f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{escape(title)}</h1>", f"<p>{escape(summary(c))}</p>"]
    parts += _figures(c)
    parts += _changes(c)
    parts += _pictures(c)
    parts += _formats(c)
    parts += _reviewer(c)
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _figures(c: Comparison) -> list:
    out = ["<h2>Changed figures</h2>"]
    if not c.figures:
        return out + ["<p>None.</p>"]
    out.append("<table><tr><th>old</th><th>new</th><th>in context</th><th>where</th><th>data</th></tr>")
    for f in c.figures:
        before, _, after = f.context_new if f.new else f.context_old
        out.append(f'<tr><td class="num">{escape(f.old or "—")}</td><td class="num">{escape(f.new or "—")}</td>'
                   f"<td>{escape(before)}<del>{escape(f.old)}</del><ins>{escape(f.new)}</ins>{escape(after)}</td>"
                   f'<td class="where">{escape(f.location)}</td>'
                   f'<td class="data">{"<br>".join(escape(o) for o in f.origin)}</td></tr>')
    return out + ["</table>"]


def _changes(c: Comparison) -> list:
    ops = c.text_changes
    out = ["<h2>Changes</h2>"]
    if not ops:
        return out + ["<p>No text changes.</p>"]
    away = {op.move: op.old for op in c.ops if op.kind == "moved_away"}
    out.append('<table><tr><th>old</th><th>new</th></tr>')
    for op in ops:
        block = op.new if op.new is not None else op.old
        label = op.kind
        if op.kind == "moved" and op.move in away:
            label += f" from {away[op.move].location}"
        origin = ""
        if op.origin is not None:
            lines = [str(op.origin)] + [f"{loc} ({ind} {year})" for ind, year, loc in op.origin.data]
            origin = " ".join(f'<span class="origin">← {escape(x)}</span>' for x in lines if x)
        out.append(f'<tr class="loc"><td colspan="2"><span class="where">{escape(block.location)}</span> '
                   f'<span class="kind">{escape(label)}</span> {origin}</td></tr>')
        old, new = _sides(op)
        out.append(f'<tr><td class="old">{old}</td><td class="new">{new}</td></tr>')
    return out + ["</table>"]


def _sides(op: Op) -> tuple:
    if op.kind == "inserted":
        return "", f"<ins>{_html(op.new.text)}</ins>"
    if op.kind == "deleted":
        return f"<del>{_html(op.old.text)}</del>", ""
    old, new = [], []
    for seg in op.segments:
        a = _html(op.old.text[seg.old_start:seg.old_end])
        b = _html(op.new.text[seg.new_start:seg.new_end])
        if seg.op == "equal":
            old.append(a)
            new.append(b)
        else:
            old.append(f"<del>{a}</del>" if a else "")
            new.append(f"<ins>{b}</ins>" if b else "")
    return "".join(old), "".join(new)


def _comment(m) -> str:
    """A comment's text; an edited one as its old text struck through, then the new."""
    if m.old_text is None:
        return _html(m.text)
    return f"<del>{_html(m.old_text)}</del> → <ins>{_html(m.text)}</ins>"


def _html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _pictures(c: Comparison) -> list:
    if not c.pictures:
        return []
    out = ["<h2>Pictures changed</h2><table><tr><th>where</th><th>change</th><th>old</th>"
           "<th>new</th><th>caption</th></tr>"]
    for change in c.pictures:
        label = change.kind + (f" from {change.old.location}" if change.kind == "moved" else "")
        old = f"<del>{escape(change.old.label())}</del>" if change.old else ""
        new = f"<ins>{escape(change.new.label())}</ins>" if change.new else ""
        out.append(f'<tr><td class="where">{escape(change.location)}</td><td>{escape(label)}</td>'
                   f"<td>{old}</td><td>{new}</td>"
                   f"<td>{escape((change.new or change.old).caption)}</td></tr>")
    return out + ["</table>"]


def _formats(c: Comparison) -> list:
    ops = c.format_changes
    if not ops:
        return []
    out = ["<h2>Formatting changes</h2><table><tr><th>where</th><th>text</th><th>old</th><th>new</th></tr>"]
    for op in ops:
        for f in op.formats:
            text, old, new = ("(paragraph style)", f.style[0], f.style[1]) if f.style else \
                (f.text, ", ".join(sorted(f.old)) or "plain", ", ".join(sorted(f.new)) or "plain")
            out.append(f'<tr><td class="where">{escape(op.new.location)}</td><td>{escape(text)}</td>'
                       f"<td>{escape(old)}</td><td>{escape(new)}</td></tr>")
    return out + ["</table>"]


def _reviewer(c: Comparison) -> list:
    out = []
    if c.revisions:
        out.append("<h2>Tracked changes in the new copy</h2><table><tr><th>author</th><th>date</th>"
                   "<th>change</th><th>text</th><th>where</th></tr>")
        for r in c.revisions:
            text = f"<ins>{_html(r.text)}</ins>" if r.kind in ("inserted", "moved here") else \
                f"<del>{_html(r.text)}</del>" if r.kind in ("deleted", "moved away") else _html(r.text)
            out.append(f"<tr><td>{escape(r.author)}</td><td>{escape(r.date[:10])}</td>"
                       f"<td>{escape(r.kind)}</td><td>{text}</td>"
                       f'<td class="where">{escape(r.location)}</td></tr>')
        out.append("</table>")
    if c.comments:
        out.append("<h2>Comments in the new copy</h2><table><tr><th>author</th><th>date</th>"
                   "<th>on</th><th>comment</th><th>where</th></tr>")
        for m in c.comments:
            out.append(f"<tr><td>{escape(m.author)}</td><td>{escape(m.date[:10])}</td>"
                       f"<td>{_html(m.anchor)}</td><td>{_comment(m)}</td>"
                       f'<td class="where">{escape(m.location)}</td></tr>')
        out.append("</table>")
    return out
