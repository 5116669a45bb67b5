"""Template source → the same source with the line ends of text lines kept; rendered text →
without the empty lines that kept ends would leave. One rule for whitespace in templates.

The rule: **a line that holds only `{% … %}` tags disappears; every other line is a line of
the output.** Jinja's `trim_blocks` gives the first half (a loop's `{% for %}` and
`{% endfor %}` on their own lines leave no blank lines in a table or a list), but it also
eats the newline after a tag that ends a line of text: `…{% endfor %}` or `…{% endif %}` at
a line end glued the next line on (in a table: two rows in one, "must contain exactly one
pipe table"; before a blank line: two paragraphs in one). So the preprocessor below writes
an invisible marker between such a tag and its newline, which stops `trim_blocks` there; after
rendering, a line left empty by its tags (an `{% if %}` that was false) is removed whole, so it
cannot split a paragraph either.
"""

from __future__ import annotations

import re

from jinja2.ext import Extension

KEEP = "\ue004"  # private use: never in real text (marks.py uses U+E000–E002)
_EMPTY_LINE = re.compile(f"^[ \\t]*{KEEP}\\r?\\n", re.MULTILINE)
_ENDRAW = re.compile(r"\{%[-+]?\s*endraw\s*[-+]?%\}")


def keep_line_ends(source: str) -> str:
    """`source` with KEEP after every block tag that ends a line holding text or `{{ }}`; a
    loop whose body spans lines ends each iteration's line (see the module doc)."""
    out: list[str] = []
    i, n, line = 0, len(source), 1
    has_text = False  # the current line has text or an expression before this point
    loops: list[int] = []  # the line of each open {% for %}
    while i < n:
        if source.startswith("{#", i):
            end = source.find("#}", i + 2)
            end = n if end < 0 else end + 2
            out.append(source[i:end])
            line, i = line + source.count("\n", i, end), end
            continue
        if source.startswith("{{", i):
            end = _tag_end(source, i + 2, "}}")
            out.append(source[i:end])
            line, has_text, i = line + source.count("\n", i, end), True, end
            continue
        if source.startswith("{%", i):
            end = _tag_end(source, i + 2, "%}")
            tag = source[i:end]
            i = end
            word = re.match(r"\{%[-+]?\s*(\w*)", tag).group(1)
            at_line_end = source.startswith("\n", i) or source.startswith("\r\n", i)
            trimmed = tag.endswith("%}") and tag[-3:-2] not in "-+"  # trim_blocks applies
            if word == "for":
                loops.append(line)
            elif word == "endfor" and loops:
                began = loops.pop()
                if began != line and has_text and at_line_end and trimmed:
                    # rows written by a loop: each iteration ends its own line
                    out.append('{{ "%s\\n" }}' % KEEP)
            out.append(tag)
            line += tag.count("\n")
            if word == "raw":
                match = _ENDRAW.search(source, i)
                stop = match.end() if match else n
                out.append(source[i:stop])
                line, has_text, i = line + source.count("\n", i, stop), True, stop
                continue
            if has_text and at_line_end and trimmed:
                out.append(KEEP)
            continue
        char = source[i]
        if char == "\n":
            has_text, line = False, line + 1
        elif not char.isspace():
            has_text = True
        out.append(char)
        i += 1
    return "".join(out)


def _tag_end(source: str, start: int, close: str) -> int:
    """Index just after `close`, skipping quoted strings inside the tag."""
    i, n = start, len(source)
    while i < n:
        char = source[i]
        if char in "'\"":
            i += 1
            while i < n and source[i] != char:
                i += 2 if source[i] == "\\" else 1
        elif source.startswith(close, i):
            return i + len(close)
        i += 1
    return n


def finish(text: str) -> str:
    """Rendered text → without the lines that only their tags' markers filled, and markers."""
    if KEEP not in text:
        return text
    return _EMPTY_LINE.sub("", text).replace(KEEP, "")


class KeepLineEnds(Extension):
    """Jinja extension that applies keep_line_ends to every template before lexing."""

    def preprocess(self, source, name, filename=None):
        return keep_line_ends(source)
