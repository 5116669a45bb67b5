"""Rendered Markdown → model blocks (markdown-it-py tokens walked once; no HTML in between).

Extensions on top of CommonMark + tables + footnotes:
- `## Title {id=x}` (or `{#x}` outside Jinja) gives a heading an id for cross-references;
- `::: figure ID` places a declared figure; `::: table ID Caption` wraps a pipe table;
- `::: box` makes a callout; `[](#id)` with empty text is a cross-reference.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable

from ..errors import Location, TemplateError
from .marks import strip_marks
from ..model.tablegrid import SpanError, merge_markers
from ..model.nodes import (Callout, Cell, Code, CrossRef, Emph, Figure, Heading, LineBreak, Link,
                           ListBlock, Note, PageBreak, Paragraph, Source, Strong, Table, Text)

# `{id=x}` reads well inside Jinja templates, where `{#` would open a Jinja comment
_HEADING_ID = re.compile(r"\s*\{(?:#|id=)([A-Za-z][\w:.-]*)\}\s*$")
_NUMERIC = re.compile(r"^[+\-−]?[\d,，]*\.?\d+\s*%?$|^[—–-]$")
_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")

_PARSER = None


def _parser():
    global _PARSER
    if _PARSER is None:
        from markdown_it import MarkdownIt
        from mdit_py_cjk_friendly import cjk_friendly
        from mdit_py_plugins.container import container_plugin
        from mdit_py_plugins.footnote import footnote_plugin

        # html off: data and templates must not smuggle raw HTML into the outputs
        md = MarkdownIt("commonmark", {"html": False}).enable("table").use(cjk_friendly)
        md.use(footnote_plugin)
        for name in ("figure", "table", "box", "pagebreak"):
            md.use(container_plugin, name)
        _PARSER = md
    return _PARSER


FigureFactory = Callable[[str, Source], Figure]


def markdown_to_blocks(text: str, template: str, make_figure: FigureFactory) -> tuple:
    """Parse `text` (rendered from `template`) into model blocks."""
    env: dict = {}
    tokens = _parser().parse(text, env)
    notes = _footnotes(tokens, template, make_figure)
    walker = _Walker(tokens, template, make_figure, notes)
    return tuple(walker.blocks(stop=None))


def _footnotes(tokens, template, make_figure) -> dict[int, tuple]:
    """Footnote id → its blocks, from the footnote_block at the end of the token stream."""
    notes: dict[int, tuple] = {}
    for i, tok in enumerate(tokens):
        if tok.type == "footnote_open":
            ident = tok.meta["id"]
            j = i + 1
            depth = 1
            while depth:
                if tokens[j].type == "footnote_open":
                    depth += 1
                elif tokens[j].type == "footnote_close":
                    depth -= 1
                j += 1
            inner = [t for t in tokens[i + 1:j - 1] if t.type != "footnote_anchor"]
            walker = _Walker(inner, template, make_figure, {})
            notes[ident] = tuple(walker.blocks(stop=None))
    return notes


class _Walker:
    def __init__(self, tokens, template, make_figure, notes):
        self.tokens = tokens
        self.pos = 0
        self.template = template
        self.make_figure = make_figure
        self.notes = notes
        self.found: list[int] = []  # printed-figure indexes met since the last block

    def _source(self, tok) -> Source:
        figures, self.found = tuple(self.found), []
        return Source(self.template, 0, figures)

    def blocks(self, stop: str | None) -> list:
        out = []
        while self.pos < len(self.tokens):
            tok = self.tokens[self.pos]
            if stop and tok.type == stop:
                self.pos += 1
                return out
            if tok.type == "footnote_block_open":
                break  # handled separately
            block = self.block(tok)
            if block is not None:
                out.append(block)
        return out

    def block(self, tok):
        t = tok.type
        self.pos += 1
        if t == "heading_open":
            inline = self.tokens[self.pos]
            self.pos += 2  # inline, heading_close
            children = self.inlines(inline.children or [])
            ident = ""
            if children and isinstance(children[-1], Text):
                match = _HEADING_ID.search(children[-1].text)
                if match:
                    ident = match.group(1)
                    rest = children[-1].text[:match.start()].rstrip()
                    children = children[:-1] + ([Text(rest)] if rest else [])
            return Heading(int(tok.tag[1]), tuple(children), ident, source=self._source(tok))
        if t == "paragraph_open":
            inline = self.tokens[self.pos]
            self.pos += 2
            return Paragraph(tuple(self.inlines(inline.children or [])), self._source(tok))
        if t in ("bullet_list_open", "ordered_list_open"):
            ordered = t == "ordered_list_open"
            start = int(tok.attrGet("start") or 1)
            items = []
            close = t.replace("_open", "_close")
            while self.tokens[self.pos].type != close:
                item_tok = self.tokens[self.pos]
                self.pos += 1
                if item_tok.type == "list_item_open":
                    items.append(tuple(self.blocks(stop="list_item_close")))
            self.pos += 1
            return ListBlock(tuple(items), ordered, start, self._source(tok))
        if t.startswith("container_") and t.endswith("_open"):
            return self.container(tok)
        if t == "table_open":
            return self.table(tok, "", "")
        if t in ("fence", "code_block"):
            return Paragraph((Code(tok.content.rstrip("\n")),), self._source(tok))
        if t == "hr":
            return PageBreak()
        if t == "blockquote_open":
            return Callout(tuple(self.blocks(stop="blockquote_close")), "quote", self._source(tok))
        return None  # closing tokens and anything unsupported are skipped

    def container(self, tok):
        name = tok.type[len("container_"):-len("_open")]
        info = tok.info.strip()
        args = info[len(name):].strip()
        close = f"container_{name}_close"
        loc = Location(f"templates/{self.template}")
        if name == "figure":
            inner = self.blocks(stop=close)
            ident = args.split()[0] if args else ""
            if not ident:
                raise TemplateError("'::: figure' needs a figure id", loc)
            if inner:
                raise TemplateError(f"'::: figure {ident}' must be empty", loc,
                                    hint="captions and alt text belong in the figure definition")
            return self.make_figure(ident, self._source(tok))
        if name == "table":
            ident, _, caption = args.partition(" ")
            caption, options = _table_options(caption, ident, loc)
            inner = self.blocks(stop=close)
            tables = [b for b in inner if isinstance(b, Table)]
            if len(tables) != 1:
                raise TemplateError(f"'::: table {ident}' must contain exactly one pipe table", loc)
            cap = inline_markdown(caption, self.template)
            table = tables[0]
            # `header=N`: the pipe table's head row and the N-1 rows under it are all head rows
            extra = options["header"] - 1
            if extra >= len(table.rows):
                raise TemplateError(f"'::: table {ident}': header={options['header']} leaves no "
                                    "body rows", loc)
            header = tuple(table.header) + tuple(
                tuple(dataclasses.replace(c, numeric=False, align=c.align if not c.numeric else "")
                      for c in row) for row in table.rows[:extra])
            return Table(header, table.rows[extra:], cap, ident, source=table.source,
                         landscape=options["landscape"])
        if name == "pagebreak":
            self.blocks(stop=close)
            return PageBreak()
        ident = ""
        match = _HEADING_ID.search(args)
        if match:  # `::: box {id=box-awards}`: a numbered box ref() can point to
            ident, args = match.group(1), args[:match.start()].strip()
        inner = self.blocks(stop=close)
        return Callout(tuple(inner), args or "box", self._source(tok), id=ident)

    def table(self, tok, ident, caption):
        header, rows, current, section = [], [], [], None
        while True:
            t = self.tokens[self.pos]
            self.pos += 1
            if t.type == "table_close":
                break
            if t.type == "thead_open":
                section = header
            elif t.type == "tbody_open":
                section = rows
            elif t.type == "tr_open":
                current = []
            elif t.type == "tr_close":
                section.append(tuple(current))
            elif t.type in ("th_open", "td_open"):
                inline = self.tokens[self.pos]
                self.pos += 2
                style = t.attrGet("style") or ""
                align = style.split(":")[-1] if "text-align" in style else ""
                children = tuple(self.inlines(inline.children or []))
                plain, _ = strip_marks(inline.content)
                numeric = t.type == "td_open" and bool(_NUMERIC.match(plain.strip()))
                current.append(Cell(children, align or ("right" if numeric else ""), numeric))
        try:
            merged = merge_markers((*header, *rows))
        except SpanError as exc:
            raise TemplateError(f"table cell at row {exc.row}, column {exc.column} (counting the "
                                f"head row): {exc}", Location(f"templates/{self.template}"),
                                hint="'<' joins the cell on its left, '^' the cell above") from None
        return Table(merged[:len(header)], merged[len(header):], (), ident,
                     source=self._source(tok))

    # ------------------------------------------------------------ inlines

    def inlines(self, children) -> list:
        out, stack = [], []
        for i, tok in enumerate(children):
            t = tok.type
            if t == "text":
                text, figures = strip_marks(tok.content)
                self.found.extend(figures)
                if text:
                    _append_text(out, text)
            elif t == "softbreak":
                prev = strip_marks(children[i - 1].content)[0][-1:] if i else ""
                nxt = strip_marks(children[i + 1].content)[0][:1] if i + 1 < len(children) else ""
                # a line break inside Chinese text is not a space
                if not (_CJK.match(prev or " ") or _CJK.match(nxt or " ")):
                    _append_text(out, " ")
            elif t == "hardbreak":
                out.append(LineBreak())
            elif t == "code_inline":
                out.append(Code(tok.content))
            elif t in ("strong_open", "em_open", "link_open"):
                stack.append((tok, out))
                out = []
            elif t in ("strong_close", "em_close", "link_close"):
                open_tok, parent = stack.pop()
                content = tuple(out)
                out = parent
                if t == "strong_close":
                    out.append(Strong(content))
                elif t == "em_close":
                    out.append(Emph(content))
                else:
                    href = open_tok.attrGet("href") or ""
                    if href.startswith("#") and not content:
                        out.append(CrossRef(href[1:]))
                    else:
                        out.append(Link(href, content))
            elif t == "footnote_ref":
                out.append(Note(self.notes.get(tok.meta["id"], ())))
            elif t == "image":
                src = tok.attrGet("src") or ""
                error = TemplateError(f"inline images are not supported (![…]({src}))",
                                      Location(self.template),
                                      hint="declare a figure in figures/ and place it with figure('id')")
                error.needle = f"]({src}"  # what `locate_in` looks for in the source
                raise error
        return out


def figure_inlines(text: str, spec, field_name: str) -> tuple:
    """A figure's caption or source note → inline nodes; an error names the YAML field's line."""
    try:
        return inline_markdown(text, spec.file)
    except TemplateError as exc:
        if exc.location is None or exc.location.line is None:
            exc.location = spec.loc(field_name)
        raise


def locate_in(error: TemplateError, shown: str, lines: list[str]) -> TemplateError:
    """`error` located to the first source line holding its `needle`: Markdown is parsed after
    Jinja ran, so only the text itself leads back to the template (or YAML) line."""
    needle = getattr(error, "needle", None)
    if needle and (error.location is None or error.location.line is None):
        line = next((n for n, text in enumerate(lines, start=1) if needle in text), None)
        error.location = Location(shown, line)
    return error


_TABLE_OPTIONS = re.compile(r"\s*\{([^{}]*)\}\s*$")


def _table_options(caption: str, ident: str, loc: Location) -> tuple[str, dict]:
    """`Caption {header=2 landscape}` → ("Caption", {"header": 2, "landscape": True})."""
    options = {"header": 1, "landscape": False}
    match = _TABLE_OPTIONS.search(caption)
    if not match:
        return caption, options
    for word in match.group(1).split():
        key, _, value = word.partition("=")
        if key == "landscape" and not value:
            options["landscape"] = True
        elif key == "header" and value.isdigit() and int(value) >= 1:
            options["header"] = int(value)
        else:
            raise TemplateError(f"'::: table {ident}': unknown table option '{word}'", loc,
                                hint="options are header=N (head rows) and landscape")
    return caption[:match.start()].rstrip(), options


def _append_text(out: list, text: str) -> None:
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text + text)
    else:
        out.append(Text(text))


def inline_markdown(text: str, template: str) -> tuple:
    """One line of Markdown (a caption, a source note) → inline nodes."""
    if not text:
        return ()
    tokens = _parser().parseInline(text)
    return tuple(_Walker([], template, None, {}).inlines(tokens[0].children or []))
