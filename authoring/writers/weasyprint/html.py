"""Document model → HTML5 with print CSS: the input of the PDF writer and a standalone page.

The HTML carries everything WeasyPrint needs for a book: a cover, front matter with
contents and lists of figures and tables, chapters on named pages, running headers,
footnotes and bookmarks. Page geometry, fonts and colours come from `WriteOptions` as a
generated stylesheet; the design lives in `css/base.css`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.request import pathname2url

from ...charts.names import text_svg
from ...errors import RenderError
from ...model.nodes import (Callout, Chapter, Code, CrossRef, Document, Emph, Figure, Heading,
                           LineBreak, Link, ListBlock, Note, Paragraph, Strong, Table,
                           Text)
from ...model.text import plain_text, walk_blocks
from ..blocks import render_block
from .cjk import (_CJK_RE as _HAN, _attr, _esc, cjk_punctuation, compress_punctuation,
                  keep_last_two, space_han_latin)
from ..options import TOC_DEPTH, WriteOptions
from ...model.tablegrid import positions
from ..page import BODY_SIZE_PT, _page_css, _theme_css, page_geometry
from ..tablefit import TABLE_EM, fit_on_page, is_short

CSS_DIR = Path(__file__).with_name("css")



# ------------------------------------------------------------------ public API


def render_html(doc: Document, options: WriteOptions, *, for_print: bool = True) -> str:
    """Return `doc` as a complete HTML5 document; resource URLs are relative to
    `options.project_dir`. `for_print` uses paged-media footnotes instead of endnotes."""
    return _Renderer(doc, options, for_print=for_print, base=options.project_dir).document()


def write_html(doc: Document, target: Path, options: WriteOptions) -> None:
    """Write `doc` as a standalone web page to `target`; images are linked by paths
    relative to `target`'s folder and footnotes become per-chapter endnotes."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    text = _Renderer(doc, options, for_print=False, base=target.parent).document()
    target.write_text(text, encoding="utf-8")


# ------------------------------------------------------------------ renderer


@dataclass
class _Run:
    """Text whose spacing depends on its neighbours, escaped only when joined."""

    text: str


class _Atom(str):
    """Markup that interrupts the text flow (a footnote, a line break)."""


class _Renderer:
    """One rendering pass: id allocation, footnote numbering and the HTML pieces."""

    def __init__(self, doc: Document, options: WriteOptions, *, for_print: bool, base: Path):
        self.doc = doc
        self.options = options
        self.for_print = for_print
        self.base = Path(base)
        self.cjk = options.is_cjk
        self.geometry = page_geometry(options.page)
        self.note_count = 0
        self.chapter_notes: list[str] = []
        self.chapter_ids: dict[int, str] = {}
        self.heading_ids: dict[int, str] = {}  # id(Heading) → html id, for the TOC
        self._allocate_ids()

    # ---------------------------------------------------------- ids

    def _unique(self, wanted: str) -> str:
        ident, n = wanted, 1
        while ident in self.used_ids:
            n += 1
            ident = f"{wanted}-{n}"
        self.used_ids.add(ident)
        return ident

    def _allocate_ids(self) -> None:
        """Ids for chapters and for top-level headings without one, unique against the
        ids the model already uses."""
        headings = [(chapter, block) for chapter in self.doc.chapters
                    for block in chapter.blocks if isinstance(block, Heading)]
        self.used_ids = set(self.doc.labels) | {h.id for _, h in headings if h.id}
        for index, chapter in enumerate(self.doc.chapters):
            self.chapter_ids[index] = self._unique(_safe_id(chapter.id) or f"chapter-{index + 1}")
        for _, heading in headings:
            self.heading_ids[id(heading)] = heading.id or self._unique("sec")

    # ---------------------------------------------------------- document

    def document(self) -> str:
        meta, options = self.doc.meta, self.options
        head = [
            '<meta charset="utf-8">',
            f"<title>{_esc(meta.title)}</title>",
            '<meta name="generator" content="authoring">',
        ]
        for author in dict.fromkeys(filter(None, (meta.author, meta.organization))):
            head.append(f'<meta name="author" content="{_attr(author)}">')
        if meta.subject or meta.subtitle:
            description = meta.subject or meta.subtitle
            head.append(f'<meta name="description" content="{_attr(description)}">')
        if meta.keywords:
            head.append(f'<meta name="keywords" content="{_attr(", ".join(meta.keywords))}">')
        stamp = _w3c_date(options.source_date_epoch, options.pdf_variant)
        if stamp:
            head += [f'<meta name="dcterms.created" content="{stamp}">',
                     f'<meta name="dcterms.modified" content="{stamp}">']
        head.append("<style>\n" + (CSS_DIR / "base.css").read_text(encoding="utf-8") + "</style>")
        head.append("<style>\n" + _theme_css(options, self.geometry, meta.title)
                    + _page_css(options, self.geometry) + "</style>")
        for css in options.css_files:
            head.append(f'<link rel="stylesheet" href="{_attr(self._url(css))}">')
        body = [self.cover(), self.front_matter(), "<main>",
                *(self.chapter(i, ch) for i, ch in enumerate(self.doc.chapters)), "</main>"]
        classes = "print" if self.for_print else "screen"
        return (f'<!DOCTYPE html>\n<html lang="{_attr(options.lang)}" class="{classes}">\n<head>\n'
                + "\n".join(head) + "\n</head>\n<body>\n" + "\n".join(filter(None, body))
                + "\n</body>\n</html>\n")

    def _plain(self, text: str) -> str:
        """Escaped text outside the model's inlines (cover, furniture), CJK-spaced."""
        return cjk_punctuation(_esc(space_han_latin(text))) if self.cjk else _esc(text)

    def cover(self) -> str:
        meta = self.doc.meta
        parts = ['<section class="cover">', '<div class="cover-band"></div>',
                 '<div class="cover-band-thin"></div>', '<div class="cover-main">']
        if meta.year and str(meta.year) not in meta.title:
            parts.append(f'<p class="cover-year">{meta.year}</p>')
        parts.append(f'<p class="cover-title">{self._plain(meta.title)}</p>')
        parts.append('<div class="cover-rule"></div>')
        if meta.subtitle:
            parts.append(f'<p class="cover-subtitle">{self._plain(meta.subtitle)}</p>')
        parts.append('</div><div class="cover-panel"></div><div class="cover-base"></div>'
                     '<div class="cover-foot">')
        if meta.organization or meta.author:
            issuer = meta.organization or meta.author
            parts.append(f'<p class="cover-org">{self._plain(issuer)}</p>')
        if meta.organization and meta.author and meta.author != meta.organization:
            parts.append(f'<p class="cover-author">{self._plain(meta.author)}</p>')
        if meta.date:
            parts.append(f'<p class="cover-date">{self._plain(meta.date)}</p>')
        parts.append("</div></section>")
        return "\n".join(parts)

    def front_matter(self) -> str:
        words = self.options.words
        navs = [self._nav("toc", words.contents, self._toc_items())]
        figures = [b for b in self._all_blocks() if isinstance(b, Figure)]
        tables = [b for b in self._all_blocks() if isinstance(b, Table) and b.label]
        if figures:
            navs.append(self._nav("lof", words.figures, [
                ("lof-1", f.id, self._labelled(f.label, f.caption)) for f in figures if f.id]))
        if tables:
            navs.append(self._nav("lot", words.tables, [
                ("lot-1", t.id, self._labelled(t.label, t.caption)) for t in tables if t.id]))
        return '<div class="frontmatter">\n' + "\n".join(navs) + "\n</div>"

    def _nav(self, kind: str, title: str, items) -> str:
        entries = "\n".join(f'<li class="{cls}"><a href="#{_attr(target)}">{inner}</a></li>'
                            for cls, target, inner in items)
        return (f'<nav class="{kind}" aria-labelledby="{kind}-title">\n'
                f'<h2 class="front-title" id="{kind}-title">{self._plain(title)}</h2>\n'
                f"<ul>\n{entries}\n</ul>\n</nav>")

    def _toc_items(self):
        appendix_seen = False
        for chapter in self.doc.chapters:
            for block in chapter.blocks:
                if isinstance(block, Heading) and block.level <= TOC_DEPTH:
                    cls = f"toc-{block.level}"
                    if chapter.kind == "appendix" and not appendix_seen and block.level == 1:
                        cls += " toc-appendix"
                        appendix_seen = True
                    yield cls, self.heading_ids[id(block)], self._heading_inner(block, links=False)

    def _all_blocks(self):
        return walk_blocks(self.doc.chapters)

    # ---------------------------------------------------------- blocks

    def chapter(self, index: int, chapter: Chapter) -> str:
        self.chapter_notes = []
        inner = "\n".join(self.block(b) for b in chapter.blocks)
        if self.chapter_notes:
            inner += ('\n<section class="footnotes"><ol>\n' + "\n".join(self.chapter_notes)
                      + "\n</ol></section>")
        ident = self.chapter_ids[index]
        return (f'<section class="chapter {_attr(chapter.kind)}" id="{_attr(ident)}">\n'
                f"{inner}\n</section>")

    def block(self, block, in_callout: bool = False) -> str:
        return render_block(self, block, in_callout, "HTML")

    def paragraph(self, block: Paragraph) -> str:
        if not self.cjk:
            return f"<p>{self.inlines(block.children)}</p>"
        pieces: list = []
        self._collect(block.children, pieces)
        return f"<p>{self._join(pieces, keep_tail=True)}</p>"

    def callout(self, block: Callout) -> str:
        kind = _safe_id(block.kind) or "box"
        inner = "\n".join(self.block(b, True) for b in block.blocks)
        ident = f' id="{_attr(block.id)}"' if block.id else ""
        return f'<aside class="callout callout-{kind}"{ident}>\n{inner}\n</aside>'

    def page_break(self) -> str:
        return '<div class="page-break"></div>'

    def heading(self, heading: Heading, in_callout: bool) -> str:
        level = min(max(heading.level, 1), 6)
        if in_callout:
            ident = f' id="{_attr(heading.id)}"' if heading.id else ""
            inner = self._heading_inner(heading)
            return f'<h{level} class="callout-title"{ident}>{inner}</h{level}>'
        ident = self.heading_ids.get(id(heading)) or heading.id or self._unique("sec")
        return f'<h{level} id="{_attr(ident)}">{self._heading_inner(heading)}</h{level}>'

    def _heading_inner(self, heading: Heading, links: bool = True) -> str:
        number = f'<span class="secnum">{_esc(heading.number)}</span>' if heading.number else ""
        children = heading.children if links else _unlinked(heading.children)
        return number + self.inlines(children)

    def list_block(self, block: ListBlock, in_callout: bool) -> str:
        tag = "ol" if block.ordered else "ul"
        start = f' start="{block.start}"' if block.ordered and block.start != 1 else ""
        items = []
        for item in block.items:
            if len(item) == 1 and isinstance(item[0], Paragraph):
                items.append(f"<li>{self.inlines(item[0].children)}</li>")
            else:
                items.append("<li>" + "\n".join(self.block(b, in_callout) for b in item) + "</li>")
        return f"<{tag}{start}>\n" + "\n".join(items) + f"\n</{tag}>"

    def table(self, table: Table) -> str:
        fit = fit_on_page(table, self.geometry, BODY_SIZE_PT)
        columns = len(fit.widths)
        numeric = [False] * columns
        for _, c, cell in positions(table.rows):
            numeric[c] = numeric[c] or (cell.numeric and cell.colspan == 1)
        # a reduced table: its size in body ems (tablefit.py chose it, never below 7.5 pt)
        style = f' style="font-size: {fit.size_pt / BODY_SIZE_PT:.4g}em"' \
            if fit.size_pt != BODY_SIZE_PT * TABLE_EM else ""
        # a short table is not continued: it goes to the next page whole (base.css)
        short = ' class="short"' if is_short(table) else ""
        parts = [f'<table id="{_attr(table.id)}"{short}{style}>' if table.id
                 else f"<table{short}{style}>"]
        if table.caption or table.label:
            parts.append(f"<caption>{self._labelled(table.label, table.caption)}</caption>")
        # the widths tablefit.py chose: every number and word fits its column (table-layout: fixed)
        parts.append("<colgroup>" + "".join(f'<col style="width: {w * 100:.3f}%">'
                                            for w in fit.widths) + "</colgroup>")
        # The head repeats on every page the table continues on. Its first row holds the
        # 续表N / "Table N (continued)" line (empty on the table's first page: weasy_continued.py)
        # and carries the top rule; the foot's empty row draws the bottom rule on every page,
        # so a table broken by a page is closed there as at its end.
        continued = self.options.words.continuation(table.label)
        line = f'<div><span class="label">{self._plain(continued)}</span></div>' \
            if continued else ""
        parts.append(f'<thead><tr class="continued"><td colspan="{columns}">{line}</td></tr>')
        parts += self._rows(table.header, "th", numeric)
        parts.append("</thead>")
        parts.append(f'<tfoot><tr class="closing"><td colspan="{columns}"></td></tr></tfoot>')
        parts.append("<tbody>")
        parts += self._rows(table.rows, "td", numeric)
        parts.append("</tbody></table>")
        html = "\n".join(parts)
        # a landscape table sits on pages of its own (the named page in writers/page.py)
        return f'<div class="landscape">\n{html}\n</div>' if fit.landscape else html

    def _rows(self, rows, tag: str, numeric: list[bool]) -> list[str]:
        out: list[list[str]] = [[] for _ in rows]
        for r, j, cell in positions(rows):
            classes = []
            if cell.numeric or (tag == "th" and cell.colspan == 1 and numeric[j]):
                classes.append("num")
            if cell.align in ("left", "right", "center"):
                classes.append(cell.align)
            elif tag == "th" and cell.colspan > 1:
                classes.append("center")  # a spanning head stands over the middle of its columns
            cls = f' class="{" ".join(classes)}"' if classes else ""
            scope = (' scope="colgroup"' if cell.colspan > 1 else ' scope="col"') \
                if tag == "th" else ""
            span = (f' colspan="{cell.colspan}"' if cell.colspan > 1 else "") + \
                (f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else "")
            out[r].append(f"<{tag}{cls}{scope}{span}>{self.inlines(cell.children)}</{tag}>")
        # a row-group title across the table (**制造业** | < | <) stays with its first row
        columns = len(numeric)
        return [('<tr class="group">' if tag == "td" and len(cells) == 1 and columns > 1
                 and f'colspan="{columns}"' in cells[0] else "<tr>") + "".join(cells) + "</tr>"
                for cells in out]

    def _exists(self, path: Path) -> bool:
        """A file that is there, or a chart file that is being drawn (options.pending_files)."""
        return path.is_file() or str(path) in self.options.pending_files

    def figure(self, figure: Figure) -> str:
        source = figure.svg or figure.png
        if not source:
            raise RenderError(f"figure '{figure.id}' has neither an SVG nor a PNG file")
        path = self._resolve(source)
        if not self._exists(path):
            raise RenderError(f"figure '{figure.id}': the chart file {path} does not exist",
                              hint="build the charts first, or check the figure's path")
        # the same chart with its labels as real text (charts/render.py), where drawn
        with_text = text_svg(path)
        if path.suffix == ".svg" and self._exists(with_text):
            path = with_text
        style = f"width: {figure.width_mm:g}mm"
        parts = [f'<figure id="{_attr(figure.id)}">' if figure.id else "<figure>",
                 f'<img src="{_attr(self._url(path))}" alt="{_attr(figure.alt)}" style="{style}">',
                 f"<figcaption>{self._labelled(figure.label, figure.caption)}</figcaption>"]
        if figure.source_note:
            prefix = self.options.words.source
            if plain_text(figure.source_note).strip().startswith(prefix.strip()):
                prefix = ""  # the note already says "Source:"
            parts.append(f'<p class="source-note">{self._plain(prefix)}'
                         f"{self.inlines(figure.source_note)}</p>")
        parts.append("</figure>")
        return "\n".join(parts)

    def _labelled(self, label: str, caption) -> str:
        """"图 1　caption" / "Figure 1 caption": label and caption apart by a space that
        survives copying (an ideographic space in CJK captions)."""
        text = self.inlines(caption)
        if not label:
            return text
        gap = ("\u3000" if self.cjk else " ") if text else ""
        return f'<span class="label">{self._plain(label)}</span>{gap}{text}'

    # ---------------------------------------------------------- inlines

    def inlines(self, nodes) -> str:
        pieces: list = []
        self._collect(nodes, pieces)
        return self._join(pieces)

    def _collect(self, nodes, out: list) -> None:
        for node in nodes:
            if isinstance(node, Text):
                out.append(_Run(node.text))
            elif isinstance(node, (Strong, Emph, Link)):
                out.append(_open_tag(node))
                self._collect(node.children, out)
                out.append(_CLOSE_TAG[type(node)])
            elif isinstance(node, Code):
                out += ["<code>", _Run(node.text), "</code>"]
            elif isinstance(node, CrossRef):
                out += [f'<a href="#{_attr(node.target)}" class="xref">',
                        _Run(node.label or node.target), "</a>"]
            elif isinstance(node, LineBreak):
                out.append(_Atom("<br>"))
            elif isinstance(node, Note):
                out.append(_Atom(self.note(node)))
            else:
                raise RenderError(f"the HTML writer cannot render a {type(node).__name__} inline")

    def _join(self, pieces: list, keep_tail: bool = False) -> str:
        """The pieces as HTML; `keep_tail`: a paragraph, whose last two Han characters stay
        on one line (cjk.keep_last_two), found in its last run with Han text."""
        out, previous = [], ""
        runs = [i for i, piece in enumerate(pieces) if isinstance(piece, _Run)]
        tail = next((i for i in reversed(runs) if _HAN.search(pieces[i].text)), None)
        for index, piece in enumerate(pieces):
            if isinstance(piece, _Run):
                if not self.cjk:
                    out.append(_esc(piece.text))
                    continue
                text = space_han_latin(piece.text, previous)
                if text:
                    previous = text[-1]
                escaped = _esc(text)
                if keep_tail and index == tail:
                    rest = "".join(pieces[i].text for i in runs if i > index)
                    escaped = keep_last_two(escaped, rest)
                out.append(cjk_punctuation(compress_punctuation(escaped)))
            else:
                if isinstance(piece, _Atom):
                    previous = ""
                out.append(piece)
        return "".join(out)

    def note(self, note: Note) -> str:
        blocks = [self.inlines(b.children) if hasattr(b, "children") else _esc(_block_text(b))
                  for b in note.blocks]
        if self.for_print:
            return '<span class="footnote">' + "<br>".join(blocks) + "</span>"
        self.note_count += 1
        n = self.note_count
        self.chapter_notes.append(f'<li id="fn-{n}"><p>{"<br>".join(blocks)} '
                                  f'<a href="#fnref-{n}" class="fn-back">↩</a></p></li>')
        return f'<sup class="fn-ref"><a href="#fn-{n}" id="fnref-{n}">{n}</a></sup>'

    # ---------------------------------------------------------- resources

    def _resolve(self, path) -> Path:
        path = Path(path)
        return path if path.is_absolute() else self.options.project_dir / path

    def _url(self, path) -> str:
        """`path` as a URL relative to the output's folder, so the page works when moved
        together with its project."""
        relative = os.path.relpath(self._resolve(path), self.base)
        return pathname2url(relative)


# ------------------------------------------------------------------ helpers


_CLOSE_TAG = {Strong: "</strong>", Emph: "</em>", Link: "</a>"}


def _open_tag(node) -> str:
    if isinstance(node, Link):
        return f'<a href="{_attr(node.href)}">'
    return "<strong>" if isinstance(node, Strong) else "<em>"


def _safe_id(text: str) -> str:
    return re.sub(r"[^\w\-.:]", "-", text.strip())


def _unlinked(inlines):
    """Inlines without links and notes: a TOC entry is itself a link."""
    out = []
    for node in inlines:
        if isinstance(node, (Link, CrossRef)):
            out.append(Text(plain_text([node])))
        elif isinstance(node, Note):
            continue
        elif isinstance(node, (Strong, Emph)):
            out.append(type(node)(tuple(_unlinked(node.children))))
        else:
            out.append(node)
    return tuple(out)


def _block_text(block) -> str:
    """Text of a non-paragraph block inside a footnote (a list, a table)."""
    return " ".join(plain_text(b.children) for b in walk_blocks([block]) if hasattr(b, "children"))


def _w3c_date(epoch: int, pdf_variant: str | None) -> str:
    """The fixed creation date, or "" when there is none to give.

    Without a date WeasyPrint writes none, which is reproducible too; PDF/X requires
    one and would otherwise stamp the current time.
    """
    if not epoch and not (pdf_variant or "").lower().startswith("pdf/x"):
        return ""
    return datetime.fromtimestamp(epoch, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
