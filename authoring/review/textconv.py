"""A DOCX reading → stable plain text for git's textconv: one line per paragraph, table row or note.

The same reading the diff uses (tracked changes accepted, Word's markup noise, page
numbers and the generated contents left out), so `git diff` of two drafts shows what a
reader would see change, and nothing else. Comments are listed at the end.
"""

from __future__ import annotations

from .reader import Reading
from .reviewer import comments


def render(reading: Reading) -> str:
    lines: list[str] = []
    row_key, row = None, []

    def flush_row():
        nonlocal row_key, row
        if row:
            lines.append("| " + " | ".join(" / ".join(cell) for cell in row) + " |")
        row_key, row = None, []

    for block in reading.blocks:
        text = _line(block.text)
        if block.kind == "cell":
            label, _, column, index = block.cell
            key = (label, index)
            if key != row_key:
                flush_row()
                if not lines or not lines[-1].startswith("|"):
                    lines.append("")
                row_key = key
            if row and len(row) - 1 == column:
                row[-1].append(text)  # another paragraph of the same cell
            else:
                row.append([text])
            continue
        flush_row()
        lines.append("")
        if block.kind == "heading":
            lines.append("#" * max(1, block.level) + " " + text)
        elif block.kind == "item":
            lines.append("- " + text)
        elif block.kind == "footnote":
            # footnotes [^1], endnotes [^e1]
            lines.append(f"[^{block.where.removeprefix('note ').replace('endnote ', 'e')}]: {text}")
        else:
            lines.append(text)
    flush_row()
    notes = comments(reading)
    if notes:
        lines += ["", "---", "Comments:"]
        for note in notes:
            lines.append(f"[{note.author or 'unknown'} on “{_line(note.anchor)}”] {_line(note.text)}")
    return "\n".join(lines).strip("\n") + "\n"


def _line(text: str) -> str:
    return text.replace("\r", "").replace("\n", " ⏎ ").strip()
