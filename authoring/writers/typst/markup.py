"""Document model → Typst source (one string: settings, the design in report.typ, the body).

Pure: no file is read except report.typ, nothing is compiled. The same book as the HTML/PDF
writer: cover, contents and lists of figures and tables with the pages their entries land
on, chapters opening on a new (in two-sided books, right-hand) page, running headers, roman
then arabic folios, footnotes, cross-references as internal links, charts as SVG.
Every piece of text from the model goes through escape.py.
"""

from __future__ import annotations

import itertools
import re
import mimetypes
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ...charts.names import text_svg
from ...errors import RenderError
from ...model.nodes import (Callout, Chapter, Code, CrossRef, Document, Emph, Figure, Heading,
                            LineBreak, Link, ListBlock, Note, Paragraph, Strong, Table,
                            Text)
from ...model.text import plain_text, walk_blocks
from ..blocks import render_block
from ..hanlatin import space_han_latin
from ..options import TOC_DEPTH, WriteOptions
from ...model.tablegrid import positions
from ..page import BODY_SIZE_PT, _mix_with_white, page_geometry, slug_mm
from ..printcolour import cmyk
from ..tablefit import fit_on_page, is_short
from ..typography import line_height
from .escape import string, text

DESIGN = Path(__file__).with_name("report.typ")
_PAINTED = re.compile(r'paint\("(#[0-9a-fA-F]{6})"\)')  # the design's own colours
_MIME = {".yaml": "application/yaml", ".yml": "application/yaml", ".csv": "text/csv"}

# Typst does no fontconfig substitution: a family that is not installed is skipped. These
# are the metric-compatible faces fontconfig gives WeasyPrint for the usual Word names, so
# both engines set Latin text in the same face.
METRIC_ALIASES = {
    "times new roman": ("Liberation Serif", "Tinos"),
    "arial": ("Liberation Sans", "Arimo"),
    "helvetica": ("Liberation Sans", "Arimo"),
    "courier new": ("Liberation Mono", "Cousine"),
}


@dataclass
class TypstSource:
    """The source to compile with the project folder as root, and what it needs."""

    source: str
    root: Path
    attachments: tuple[Path, ...] = ()
    embedded_charts: list[Path] = field(default_factory=list)  # charts outside the root


def render_typst(doc: Document, options: WriteOptions, families: set[str] | None = None,
                 attachments=()) -> TypstSource:
    """`doc` as a Typst source; `families` are the installed font families (lower case),
    used to drop names Typst would not find; `attachments` are project files to embed."""
    return _Writer(doc, options, families).document(tuple(attachments))


# ------------------------------------------------------------------ settings


def _length(mm: float) -> str:
    return f"{mm:.4f}mm"


def _font_list(names, families: set[str] | None, latin_in_cjk: bool) -> str:
    wanted: list[str] = []
    for name in names:
        for candidate in (name, *METRIC_ALIASES.get(name.lower(), ())):
            if candidate and candidate.lower() not in {w.lower() for w in wanted}:
                wanted.append(candidate)
    found = [w for w in wanted if families is None or w.lower() in families] or wanted
    entries = []
    for i, name in enumerate(found):
        # the Latin face must not take the quotes and dashes Chinese shares with Latin
        # (“”—…): with `covers` they come from the CJK face, as in the HTML writer's .cjk spans
        if latin_in_cjk and i < len(found) - 1 and "cjk" not in name.lower():
            entries.append(f"(name: {string(name)}, covers: \"latin-in-cjk\")")
        else:
            entries.append(string(name))
    return "(" + ", ".join(entries) + ",)"


def _date(epoch: int) -> str:
    if not epoch:
        return "none"
    d = datetime.fromtimestamp(epoch, tz=timezone.utc)
    return (f"datetime(year: {d.year}, month: {d.month}, day: {d.day}, hour: {d.hour}, "
            f"minute: {d.minute}, second: {d.second})")


def _lang(tag: str) -> tuple[str, str]:
    parts = tag.replace("_", "-").split("-")
    region = next((p for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    return parts[0].lower(), region.lower()


# ------------------------------------------------------------------ writer


class _Writer:
    def __init__(self, doc: Document, options: WriteOptions, families: set[str] | None):
        self.doc, self.options, self.families = doc, options, families
        self.cjk = options.is_cjk
        self.root = Path(options.project_dir).resolve()
        self.geometry = page_geometry(options.page)
        self.labels: dict[str, str] = {}  # model id → Typst label (ours, always plain ASCII)
        self.heading_labels: dict[int, str] = {}  # id(Heading) → label, for the contents
        self.embedded: list[Path] = []
        self.floating_charts = 0
        self._label_numbers = itertools.count(1)
        self._allocate_labels()

    def _new_label(self, prefix: str) -> str:
        return f"{prefix}-{next(self._label_numbers)}"

    def _allocate_labels(self) -> None:
        """A label of our own for every heading, figure and table: model ids come from
        templates and may hold anything, so they never appear in the source."""
        for chapter in self.doc.chapters:
            for block in chapter.blocks:
                if isinstance(block, Heading):
                    name = self._new_label("h")
                    self.heading_labels[id(block)] = name
                    if block.id and block.id not in self.labels:
                        self.labels[block.id] = name
        for block in walk_blocks(self.doc.chapters):
            ident = getattr(block, "id", "")
            if ident and ident not in self.labels and \
                    isinstance(block, (Heading, Figure, Table, Callout)):
                self.labels[ident] = self._new_label("x")

    # ---------------------------------------------------------- document

    def settings(self) -> str:
        o, geo, meta, fonts = self.options, self.geometry, self.doc.meta, self.options.fonts
        palette = o.palette or ("#1f4e79",)
        accent = palette[0].lower()
        accent_2 = palette[1].lower() if len(palette) > 1 else accent
        lang, region = _lang(o.lang)
        bleed = o.page.bleed_mm
        if o.page.two_sided:
            margin = (f"(top: {_length(geo.top)}, bottom: {_length(geo.bottom)}, "
                      f"inside: {_length(geo.inner)}, outside: {_length(geo.outer)})")
        else:
            margin = (f"(top: {_length(geo.top)}, bottom: {_length(geo.bottom)}, "
                      f"left: {_length(geo.inner)}, right: {_length(geo.outer)})")
        authors = list(dict.fromkeys(filter(None, (meta.author, meta.organization))))
        document = [f"title: {string(meta.title)}",
                    f"author: ({''.join(string(a) + ', ' for a in authors)})",
                    f"keywords: ({''.join(string(k) + ', ' for k in meta.keywords)})",
                    f"date: {_date(o.source_date_epoch)}"]
        if meta.subject or meta.subtitle:
            document.append(f"description: {string(meta.subject or meta.subtitle)}")
        indent = o.first_line_indent_chars
        entries = {
            "accent": string(accent), "accent-2": string(accent_2),
            "tint": string(_mix_with_white(accent, 0.07)),
            "rule": string(_mix_with_white(accent, 0.35)),
            "lang": string(lang), "region": string(region) if region else "none",
            "cjk": "true" if self.cjk else "false",
            "body-font": _font_list((fonts.body_latin, fonts.body_fallback), self.families, self.cjk),
            "heading-font": _font_list((fonts.heading_latin, fonts.heading_fallback),
                                       self.families, self.cjk),
            "body-size": f"{BODY_SIZE_PT}pt",
            "line-height": str(line_height(self.cjk)),
            "indent": f"{indent}em", "para-gap": "0em" if indent else "0.7em",
            "two-sided": "true" if o.page.two_sided else "false",
            "crop-marks": "true" if o.page.crop_marks and bleed else "false",
            "page": (f"(width: {_length(geo.width)}, height: {_length(geo.height)}, "
                     f"bleed: {_length(bleed)}, slug: {_length(slug_mm(o.page))}, "
                     f"margin: {margin})"),
            "text-width": _length(geo.width - geo.inner - geo.outer),
            "document": "(" + ", ".join(document) + ")",
            "title": f"[{text(meta.title)}]",
            "cmyk": self._print_colours((accent, accent_2, _mix_with_white(accent, 0.07),
                                         _mix_with_white(accent, 0.35))),
        }
        return "#let cfg = (\n" + "".join(f"  {k}: {v},\n" for k, v in entries.items()) + ")\n"

    def _print_colours(self, palette: tuple[str, ...]) -> str:
        """`none` on screen; in the print edition, each colour the design paints (report.typ
        `paint`) → its CMYK, as a Typst dictionary keyed by the sRGB value."""
        colour = self.options.print_colour
        if colour is None:
            return "none"
        wanted = dict.fromkeys(c.lower() for c in (*palette, *_PAINTED.findall(DESIGN.read_text(
            encoding="utf-8"))))
        pairs = []
        for hex_value in wanted:
            c, m, y, k = (f"{v * 100:.2f}%" for v in cmyk(hex_value, colour))
            pairs.append(f"{string(hex_value)}: cmyk({c}, {m}, {y}, {k})")
        return "(" + ", ".join(pairs) + ",)"

    def document(self, attachments: tuple) -> TypstSource:
        parts = ["// Generated by authoring from the document model; see writers/typst/.",
                 self.settings(), DESIGN.read_text(encoding="utf-8"),
                 *self.attach(attachments), self.cover(), self.front_matter()]
        for index, chapter in enumerate(self.doc.chapters):
            parts.append(self.chapter(index, chapter))
        return TypstSource("\n".join(parts) + "\n", self.root, attachments, self.embedded)

    def attach(self, paths: tuple) -> list[str]:
        out = []
        for path in paths:
            path = Path(path)
            path = path if path.is_absolute() else self.root / path
            # PDF/A-3 wants every embedded file's media type
            mime = mimetypes.guess_type(path.name)[0] or _MIME.get(path.suffix.lower(),
                                                                     "application/octet-stream")
            # named by the file name alone, as WeasyPrint names them
            out.append(f"#pdf.attach({string(path.name)}, "
                       f"read({string(self._root_path(path, 'attachment'))}, encoding: none), "
                       f"relationship: \"data\", mime-type: {string(mime)}, "
                       f"description: {string(path.name)})")
        return out

    def cover(self) -> str:
        meta = self.doc.meta
        args = []
        if meta.year and str(meta.year) not in meta.title:
            args.append(f"year: [{text(str(meta.year))}]")
        args.append(f"title: [{text(meta.title)}]")
        if meta.subtitle:
            args.append(f"subtitle: [{text(meta.subtitle)}]")
        if meta.organization or meta.author:
            args.append(f"issuer: [{text(meta.organization or meta.author)}]")
        if meta.organization and meta.author and meta.author != meta.organization:
            args.append(f"author: [{text(meta.author)}]")
        if meta.date:
            args.append(f"date: [{text(meta.date)}]")
        return "#cover(" + ", ".join(args) + ")"

    def front_matter(self) -> str:
        words = self.options.words
        # the numbering is set after the break, on the page it starts: Typst labels a PDF
        # page with the counter as the page begins, so an update after a blank verso left
        # by the break would label the page before it (issue 27)
        out = ["#chapter-break()", "#set page(numbering: \"i\")", "#counter(page).update(1)"]
        out += self._front("contents", words.contents, self._toc_entries())
        blocks = list(walk_blocks(self.doc.chapters))
        figures = [b for b in blocks if isinstance(b, Figure) and b.id]
        tables = [b for b in blocks if isinstance(b, Table) and b.label and b.id]
        if figures:
            out += self._front("figures", words.figures, [
                f"#entry(<{self.labels[f.id]}>, [{self._labelled(f.label, f.caption, True)}], "
                f"level: 0, gap: 0.35em)" for f in figures])
        if tables:
            out += self._front("tables", words.tables, [
                f"#entry(<{self.labels[t.id]}>, [{self._labelled(t.label, t.caption, True)}], "
                f"level: 0, gap: 0.35em)" for t in tables])
        return "\n".join(out)

    def _front(self, kind: str, title: str, entries: list[str]) -> list[str]:
        # the lists of figures and tables follow the contents on its page when there is
        # room (base.css: nav + nav), their title kept with the first entry
        following = "true" if kind != "contents" else "false"
        return [f"#section-start(\"front\", [])",
                f"#front-title(following: {following})[{text(title)}]", *entries,
                "#section-end"]

    def _toc_entries(self) -> list[str]:
        out = []
        appendix_seen = False
        for chapter in self.doc.chapters:
            for block in chapter.blocks:
                if isinstance(block, Heading) and block.level <= TOC_DEPTH:
                    extra = ""
                    if not out:
                        extra = ", first: true"
                    elif chapter.kind == "appendix" and not appendix_seen and block.level == 1:
                        extra = ", gap: 1.4em"
                    if chapter.kind == "appendix" and block.level == 1:
                        appendix_seen = True
                    body = self._heading_inner(block, plain=True)
                    out.append(f"#entry(<{self.heading_labels[id(block)]}>, [{body}], "
                               f"level: {block.level}{extra})")
        return out

    # ---------------------------------------------------------- blocks

    def chapter(self, index: int, chapter: Chapter) -> str:
        first = next((b for b in chapter.blocks if isinstance(b, Heading)), None)
        title = self._heading_inner(first, plain=True) if first else ""
        out = ["#chapter-break()"]
        if index == 0:  # as in front_matter: numbering set after the break
            out += ["#set page(numbering: \"1\")", "#counter(page).update(1)"]
        out.append(f"#section-start(\"{'appendix' if chapter.kind == 'appendix' else 'body'}\", "
                   f"[{title}])")
        flushes = _flush_points(chapter.blocks)
        for position, block in enumerate(chapter.blocks):
            if position in flushes:
                out.append("#place.flush()")
            out.append(self.figure(block, floating=True) if isinstance(block, Figure)
                       else self.block(block))
        out += ["#place.flush()", "#section-end"]
        return "\n\n".join(out)

    def block(self, block, in_callout: bool = False) -> str:
        return render_block(self, block, in_callout, "Typst")

    def paragraph(self, block: Paragraph) -> str:
        return self.inlines(block.children) or "#[]"

    def callout(self, block: Callout) -> str:
        inner = "\n\n".join(self.block(b, True) for b in block.blocks)
        label = self.labels.get(block.id) if block.id else None
        return f"#callout[\n{inner}\n]" + (f" <{label}>" if label else "")

    def page_break(self) -> str:
        return "#pagebreak(weak: true)"

    def heading(self, heading: Heading, in_callout: bool) -> str:
        level = min(max(heading.level, 1), 6)
        inner = self._heading_inner(heading)
        label = self.labels.get(heading.id) if heading.id else None
        if in_callout:
            # a box title, not a section: not in the contents or the outline (as in the HTML)
            suffix = f" <{label}>" if label and label.startswith("x-") else ""
            return f"#callout-title({level}, [{inner}]){suffix}"
        label = self.heading_labels.get(id(heading)) or label
        listed = "true" if level <= TOC_DEPTH else "false"
        suffix = f" <{label}>" if label else ""
        return (f"#heading(level: {level}, outlined: {listed}, bookmarked: {listed})"
                f"[{inner}]{suffix}")

    def _heading_inner(self, heading: Heading, plain: bool = False) -> str:
        """The heading's number and text; `plain` drops links and footnotes (contents
        entries and running headers)."""
        number = f"#secnum({string(heading.number)})" if heading.number else ""
        children = _unlinked(heading.children) if plain else heading.children
        return number + self.inlines(children)

    def list_block(self, block: ListBlock, in_callout: bool) -> str:
        items = []
        for item in block.items:
            body = "\n\n".join(self.block(b, in_callout) for b in item)
            items.append(f"[{body}]")
        if block.ordered:
            return f"#enum(start: {int(block.start)}, " + ", ".join(items) + ")"
        return "#list(" + ", ".join(items) + ")"

    def table(self, table: Table) -> str:
        fit = fit_on_page(table, self.geometry, BODY_SIZE_PT)
        columns = len(fit.widths)
        if not columns:
            return ""
        numeric = [False] * columns
        for _, c, cell in positions(table.rows):
            numeric[c] = numeric[c] or (cell.numeric and cell.colspan == 1)
        caption = (f"[{self._labelled(table.label, table.caption)}]"
                   if table.caption or table.label else "none")
        aligns = {"left": "left", "right": "right", "center": "center"}
        header = []
        for _, j, cell in positions(table.header):
            align = aligns.get(cell.align, "center" if cell.colspan > 1 else "none")
            header.append(f"({j}, [{self.inlines(cell.children)}], {align}, "
                          f"{cell.colspan}, {cell.rowspan})")
        rows = []
        for _, _, cell in positions(table.rows):
            body = self.inlines(cell.children)
            if cell.numeric:
                body = f"#box[{body}]"  # numbers never wrap
            spans = (f", colspan: {cell.colspan}" if cell.colspan > 1 else "") + \
                (f", rowspan: {cell.rowspan}" if cell.rowspan > 1 else "")
            align = aligns.get(cell.align)
            out = (f"table.cell(align: {align} + top{spans})[{body}]" if align else
                   f"table.cell({spans[2:]})[{body}]" if spans else f"[{body}]")
            if cell.colspan == columns > 1:
                # a row group's title across the table: a header of the second level, not
                # repeated, which Typst never leaves alone at a page foot
                out = f"table.header(level: 2, repeat: false, {out})"
            rows.append(out)
        numeric_list = "(" + "".join("true, " if n else "false, " for n in numeric) + ")"
        # the widths and size tablefit.py chose: no column is squeezed below its numbers
        widths = "(" + "".join(f"{w * 100:.3f}%, " for w in fit.widths) + ")"
        size = f"{fit.size_pt / BODY_SIZE_PT:.4g}em"
        label = self.labels.get(table.id) if table.id else None
        suffix = f" <{label}>" if label else ""
        continued = self.options.words.continuation(table.label)
        continued = string(continued) if continued else "none"
        # a short table is not continued: it goes to the next page whole
        unbroken = "breakable: false, " if is_short(table) else ""
        out = (f"#block({unbroken}data-table({widths}, {size}, {numeric_list}, {caption}, "
               f"({''.join(h + ', ' for h in header)}), ({''.join(r + ', ' for r in rows)}), "
               f"continued: {continued}))"
               f"{suffix}")
        # a wide table: pages of its own, turned, with the running head and folio (report.typ)
        return f"#landscape-pages[\n{out}\n]" if fit.landscape else out

    def figure(self, figure: Figure, floating: bool = False) -> str:
        source = figure.svg or figure.png
        if not source:
            raise RenderError(f"figure '{figure.id}' has neither an SVG nor a PNG file")
        path = Path(source)
        path = path if path.is_absolute() else self.root / path
        if not path.is_file():
            raise RenderError(f"figure '{figure.id}': the chart file {path} does not exist",
                              hint="build the charts first, or check the figure's path")
        # the same chart with its labels as <text> (charts/render.py), where drawn: Typst
        # sets SVG text as PDF text in the report's fonts, so the labels can be found
        # — except in the print edition: Typst's SVG renderer knows no CMYK, and the labels
        # as outlines stay K only where text would be painted sRGB (docs/PDF.md)
        with_text = text_svg(path)
        if path.suffix == ".svg" and with_text.is_file() and self.options.print_colour is None:
            path = with_text
        image = self._image(path, figure.id)
        caption = f"[{self._labelled(figure.label, figure.caption)}]"
        note = "none"
        if figure.source_note:
            prefix = self.options.words.source
            if plain_text(figure.source_note).strip().startswith(prefix.strip()):
                prefix = ""  # the note already says "Source:"
            note = f"[{text(prefix)}{self.inlines(figure.source_note)}]"
        label = self.labels.get(figure.id) if figure.id else None
        # the label sits inside the chart, so that it goes where a floating chart lands
        anchor = f", anchor: [#metadata(\"figure\") <{label}>]" if label else ""
        floats = ""
        if floating:  # numbered in source order, for pinned decisions (report.typ `chart`)
            floats = f", floating: true, index: {self.floating_charts}"
            self.floating_charts += 1
        return (f"#chart({image}, {string(figure.alt)}, {figure.width_mm:g}mm, {caption}, "
                f"{note}{anchor}{floats})")

    def _image(self, path: Path, ident: str) -> str:
        """The chart by its path inside the project root; a chart the build drew into an
        output folder elsewhere is passed as its SVG text (Typst reads nothing outside)."""
        if _inside(path, self.root):
            return string(self._root_path(path, "chart"))
        if path.suffix.lower() != ".svg":
            raise RenderError(f"figure '{ident}': {path} is outside the report project",
                              hint="the Typst engine reads only files inside the project folder; "
                              "build into the project's out/ folder")
        self.embedded.append(path)
        return f"bytes({string(path.read_text(encoding='utf-8'))})"

    def _root_path(self, path: Path, what: str) -> str:
        resolved = path.resolve()
        if not _inside(resolved, self.root):
            raise RenderError(f"refused to load {path}: only files inside the report project "
                              f"may be loaded ({what})")
        return "/" + resolved.relative_to(self.root).as_posix()

    def _labelled(self, label: str, caption, listing: bool = False) -> str:
        """"图1　caption" / "Figure 1 caption", as the HTML writer gives them."""
        body = self.inlines(_unlinked(caption) if listing else caption)
        if not label:
            return body
        gap = ("\u3000" if self.cjk else " ") if body else ""
        shown = f"#entry-label({string(label)})" if listing else f"#caption-label({string(label)})"
        return shown + (text(gap) if not listing else "") + body

    # ---------------------------------------------------------- inlines

    def inlines(self, nodes, nested: bool = False) -> str:
        if not nested:
            self._previous = ""  # the character before, across inline edges ("奖" + **1**)
        out = []
        for node in nodes:
            if isinstance(node, Text):
                out.append(text(self._spaced(node.text.replace("\n", " "))))
            elif isinstance(node, Strong):
                out.append(f"#strong[{self.inlines(node.children, True)}]")
            elif isinstance(node, Emph):
                out.append(f"#emph[{self.inlines(node.children, True)}]")
            elif isinstance(node, Link):
                out.append(f"#link({string(node.href)})[{self.inlines(node.children, True)}]")
            elif isinstance(node, Code):
                out.append(f"#raw({string(node.text)})")
            elif isinstance(node, CrossRef):
                shown = text(node.label or node.target)
                label = self.labels.get(node.target)
                out.append(f"#xref(<{label}>)[{shown}]" if label else shown)
            elif isinstance(node, LineBreak):
                out.append("#linebreak()")
            elif isinstance(node, Note):
                previous = self._previous  # the note's text is its own
                body = "#linebreak()".join(
                    self.inlines(b.children) if hasattr(b, "children") else text(_block_text(b))
                    for b in node.blocks)
                self._previous = previous
                out.append(f"#footnote[{body}]")
            else:
                raise RenderError(f"the Typst writer cannot render a {type(node).__name__} inline")
        return "".join(out)

    def _spaced(self, value: str) -> str:
        """Chinese text with the fixed quarter-em Han–Latin space WeasyPrint sets (cjk.py):
        Typst's own space shrinks to an eighth of an em in a tight line ("技术发明奖1项"), and
        is not added where a space already stands."""
        if not self.cjk or not value:
            return value
        value = space_han_latin(value, self._previous)
        self._previous = value[-1]
        return value


# ------------------------------------------------------------------ helpers

FLOAT_MOVES = 4  # blocks a waiting chart lets pass (weasy_floats.MOVES)


def _flush_points(blocks) -> set[int]:
    """Positions in a chapter's `blocks` before which a chart waiting for the next page must
    be placed: the rule of weasy_floats.py. A chart lets pass at most FLOAT_MOVES paragraphs
    or lists (a section heading goes with the paragraph under it), never a figure, table,
    box, chapter heading or other block, so that figures keep their order."""
    points = set()
    for start, block in enumerate(blocks):
        if not isinstance(block, Figure):
            continue
        position, moves = start + 1, 0
        while position < len(blocks) and moves < FLOAT_MOVES:
            here = blocks[position]
            if isinstance(here, (Paragraph, ListBlock)):
                position += 1
            elif (isinstance(here, Heading) and here.level >= 2 and position + 1 < len(blocks)
                  and isinstance(blocks[position + 1], (Paragraph, ListBlock))):
                position += 2
            else:
                break
            moves += 1
        points.add(position)
    return points



def _inside(path: Path, root: Path) -> bool:
    try:
        resolved = path.resolve()
    except OSError:
        return False
    return resolved == root or root in resolved.parents


def _unlinked(inlines, notes: bool = False):
    """Inlines without links (an entry of the contents is itself a link) and footnotes."""
    out = []
    for node in inlines:
        if isinstance(node, (Link, CrossRef)):
            out.append(Text(plain_text([node])))
        elif isinstance(node, Note):
            if notes:
                out.append(node)
        elif isinstance(node, (Strong, Emph)):
            out.append(type(node)(tuple(_unlinked(node.children, notes))))
        else:
            out.append(node)
    return tuple(out)


def _block_text(block) -> str:
    return " ".join(plain_text(b.children) for b in walk_blocks([block]) if hasattr(b, "children"))

