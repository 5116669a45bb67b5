"""Our rendered Markdown (after Jinja, markers stripped) → the same content in pandoc's Markdown.

Our dialect adds four things pandoc reads differently; everything else (headings, bold,
lists, pipe tables, footnotes, links) is common ground and passes through unchanged:

    ## Title {id=sec-x}          → ## Title {#sec-x}
    ::: figure ID / :::          → ![caption](out/figures/ID-hash.svg){#ID width=150mm}
    ::: table ID Caption / …     → the pipe table followed by ": Caption {#ID}"
    ::: box …                    → ::: {.box}   (a pandoc fenced div)
    [](#id)                      → [图3](#id)   (the label our numbering gave it)
"""

from __future__ import annotations

import re

_HEADING_ID = re.compile(r"^(#{1,6} .*?)\s*\{id=([^}\s]+)\}\s*$")
_XREF = re.compile(r"\[\]\(#([^)\s]+)\)")


def to_pandoc(markdown: str, figures: dict[str, dict], labels: dict[str, str],
              known: set[str] = frozenset(), image: str = "path") -> str:
    """`figures`: id → {"path": SVG path, "png": PNG path, "caption": text, "width_mm": float}
    (`image` picks which file); `labels`: id → the text a cross-reference to it prints;
    `known`: ids defined in other chapters (links to any other id become plain text)."""
    out: list[str] = []
    stack: list[tuple[str, str, str]] = []  # open ::: containers: (kind, id, caption)
    defined: set[str] = set()
    lines = markdown.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        if stripped.startswith(":::"):
            words = stripped[3:].strip().split(None, 2)
            if not words:  # a closing fence
                kind, ident, caption = stack.pop() if stack else ("div", "", "")
                if kind == "table":
                    out += ["", f": {caption} {{#{ident}}}" if ident else f": {caption}", ""]
                elif kind == "box":
                    out.append(":::")
                i += 1
                continue
            name = words[0]
            if name == "figure":
                ident = words[1] if len(words) > 1 else ""
                # skip to the closing fence (a figure block is empty)
                j = i + 1
                while j < len(lines) and lines[j].strip() != ":::":
                    j += 1
                fig = figures.get(ident)
                if fig:
                    defined.add(ident)
                    out += ["", f"![{_escape(fig['caption'])}]({fig[image]})"
                                f"{{#{ident} width={fig['width_mm']:g}mm}}", ""]
                i = j + 1
                continue
            if name == "table":
                ident = words[1] if len(words) > 1 else ""
                caption = words[2] if len(words) > 2 else ""
                stack.append(("table", ident, caption))
                if ident:
                    defined.add(ident)
                out.append("")
                i += 1
                continue
            stack.append(("box", "", ""))
            out.append(f"::: {{.{re.sub(r'[^A-Za-z0-9_-]', '', name) or 'box'}}}")
            i += 1
            continue
        m = _HEADING_ID.match(line)
        if m:
            line = f"{m[1]} {{#{m[2]}}}"
            defined.add(m[2])
        out.append(line)
        i += 1

    def xref(match) -> str:  # a link to an id this text does not define would break Typst
        ident = match[1]
        text = labels.get(ident, ident)
        return f"[{text}](#{ident})" if ident in defined or ident in known else text

    return _XREF.sub(xref, "\n".join(out)) + "\n"


def _escape(text: str) -> str:
    return text.replace("[", "\\[").replace("]", "\\]")


def front_matter(title: str, subtitle: str, author: str, date: str, lang: str) -> str:
    def q(s: str) -> str:
        return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'

    return (f"---\ntitle: {q(title)}\nsubtitle: {q(subtitle)}\nauthor: {q(author)}\n"
            f"date: {q(date)}\nlang: {lang}\n---\n\n")
