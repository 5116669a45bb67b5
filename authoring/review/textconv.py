"""A DOCX reading → stable plain text for git's textconv: one line per paragraph, table row, note or picture.

Headers and footers follow the body, each after a line `== header ==` (`== section 2
first-page footer ==`).

The same reading the diff uses (tracked changes accepted, Word's markup noise, page
numbers and the generated contents left out), so `git diff` of two drafts shows what a
reader would see change, and nothing else. A picture or chart is a line of its own,
`[picture: alt text, 1a2b3c4d5e]` (in a table: in its cell), the hash prefix of what it
shows, so replacing an image changes the text too. Comments are listed at the end.
"""

from __future__ import annotations

from .pictures import pictures
from .reader import RUNNING, RUNNING_HEADING, Reading
from .reviewer import comments


def render(reading: Reading) -> str:
    lines: list[str] = []
    row_key, row = None, []

    def flush_row():
        nonlocal row_key, row
        if row:
            lines.append("| " + " | ".join(" / ".join(cell) for cell in row) + " |")
        row_key, row = None, []

    before: dict = {}
    after: dict = {}
    for picture in pictures(reading):
        (after if picture.inside else before).setdefault(picture.index, []).append(picture.label())
    part = ""  # the header or footer being printed
    for index, block in enumerate(reading.blocks):
        text = _line(block.text)
        if (block.container in RUNNING or block.path[:1] == (RUNNING_HEADING,)) and \
                len(block.path) > 1 and block.path[1] != part:
            flush_row()
            if not part:  # the body's last pictures come before the first header
                for label in before.pop(index, []):
                    lines += ["", label]
            part = block.path[1]
            lines += ["", f"== {part} =="]
        if block.kind == "cell":
            texts = before.get(index, []) + [text] + after.get(index, [])
            label, _, column, index = block.cell
            key = (label, index)
            if key != row_key:
                flush_row()
                if not lines or not lines[-1].startswith("|"):
                    lines.append("")
                row_key = key
            if row and len(row) - 1 == column:
                row[-1].extend(texts)  # another paragraph of the same cell
            else:
                row.append(texts)
            continue
        flush_row()
        for label in before.get(index, []):
            lines += ["", label]
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
        lines += after.get(index, [])
    flush_row()
    for label in before.get(len(reading.blocks), []):
        lines += ["", label]
    notes = comments(reading)
    if notes:
        lines += ["", "---", "Comments:"]
        for note in notes:
            lines.append(f"[{note.author or 'unknown'} on “{_line(note.anchor)}”] {_line(note.text)}")
    return "\n".join(lines).strip("\n") + "\n"


def _line(text: str) -> str:
    return text.replace("\r", "").replace("\n", " ⏎ ").strip()
