"""A PDF → its visual text lines (poppler's `pdftotext -bbox-layout`) and a typesetter's checks.

`paragraph_lines` finds the lines of body paragraphs that are not a paragraph's last: lines
followed, one line pitch below, by a line that starts at the text block's left edge (a new
paragraph starts indented, or after a gap). `short_lines` measures how far each of them
ends from the right edge of the measure.
"""

from __future__ import annotations

import collections
import dataclasses
import re
import subprocess
from pathlib import Path

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@dataclasses.dataclass(frozen=True)
class Line:
    page: int  # 1-based
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


def pdf_lines(pdf: Path) -> list[list[Line]]:
    """Every page's visual lines, top to bottom: pdftotext's lines merged when they share a
    baseline (it splits a line where a justified gap looks like a column gutter)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = []
    for number, page in enumerate(re.findall(r"<page .*?</page>", xml, re.S), 1):
        raw = []
        for attrs, inner in re.findall(r"<line (.*?)>(.*?)</line>", page, re.S):
            x0, y0, x1, y1 = (float(v) for v in re.findall(r'="([-\d.]+)"', attrs))
            words = re.findall(r'<word xMin="([-\d.]+)"[^>]*>([^<]*)</word>', inner)
            raw.append((x0, y0, x1, y1, words))
        merged: list[list] = []
        for x0, y0, x1, y1, words in sorted(raw, key=lambda r: (round(r[3], 0), r[0])):
            same = next((m for m in merged if abs(m[3] - y1) < 0.6), None)
            if same:
                same[0], same[2] = min(same[0], x0), max(same[2], x1)
                same[4] += words
            else:
                merged.append([x0, y0, x1, y1, list(words)])
        lines = [Line(number, x0, y0, x1, y1,
                      "".join(w for _, w in sorted(words, key=lambda w: float(w[0]))))
                 for x0, y0, x1, y1, words in merged]
        pages.append(sorted(lines, key=lambda line: (line.y1, line.x0)))
    return pages


def _mode(values) -> float:
    return collections.Counter(round(v * 2) / 2 for v in values).most_common(1)[0][0]


def paragraph_lines(pdf: Path, *, min_chars: int = 12, chinese: bool = True,
                    edge_chars: int = 12) -> list[tuple[Line, float]]:
    """(line, right edge of the measure) for each non-final line of a body paragraph with
    at least `min_chars` characters (Han characters if `chinese`). The text block's edges
    and line pitch are the commonest among lines of at least `edge_chars` characters."""
    def count(line):
        return len(CJK.findall(line.text)) if chinese else len(line.text)

    out = []
    pages = pdf_lines(pdf)
    # body text's type size (a line's height) over the whole document: a table's rows and
    # a caption are set smaller, and a page may hold more of them than of paragraphs
    size = _mode(line.y1 - line.y0 for lines in pages for line in lines
                 if count(line) >= edge_chars)
    for lines in pages:
        lines = [line for line in lines if abs(line.y1 - line.y0 - size) <= 0.6]
        body = [line for line in lines if count(line) >= edge_chars]
        if len(body) < 3:
            continue
        left = _mode(line.x0 for line in body)
        # the right edge from lines starting on the left edge (not table rows, callouts)
        right = _mode(line.x1 for line in body if abs(line.x0 - left) < 0.5)
        steps = [round(b.y1 - a.y1, 1) for a, b in zip(body, body[1:])]
        pitch = max(set(steps), key=steps.count)
        for line, following in zip(lines, lines[1:]):
            if count(line) < min_chars or line.x0 < left - 0.5:
                continue
            if abs(following.y1 - line.y1 - pitch) > 0.3 or abs(following.x0 - left) > 0.5:
                continue  # a paragraph's last line: the next line is indented or further down
            out.append((line, right))
    return out


def short_lines(pdf: Path, tolerance: float, **kwargs) -> tuple[int, list[str]]:
    """(number of non-final paragraph lines, descriptions of those ending more than
    `tolerance` points away from the right edge, either side)."""
    measured = paragraph_lines(pdf, **kwargs)
    bad = [f"page {line.page}: {right - line.x1:+.1f} pt …{line.text[-14:]}"
           for line, right in measured if abs(right - line.x1) > tolerance]
    return len(measured), bad


def check_contents_pages(rendered) -> None:
    """Assert that each entry of the contents of `rendered` (test_pdf.Rendered, either engine)
    names a heading of the outline and gives the folio of the page it lands on. The entries
    end where a list of figures or tables follows on the same page."""
    def squash(text: str) -> str:
        return re.sub(r"\s+", "", text)

    toc_page = rendered.page_of(rendered.options.words.contents)
    toc = rendered.text(toc_page, "body", layout=True)
    lines = []
    for line in toc.splitlines()[1:]:
        if re.fullmatch(r"\s*[图表]\s*目\s*录\s*|\s*List of (Figures|Tables)\s*", line):
            break
        lines.append(line)
    entries = [re.fullmatch(r"\s*(.*?)[\s.]+(\d+)\s*", line) for line in lines if line.strip()]
    headings = rendered.outline()
    assert len(entries) == len(headings)
    for match, (_, title, index) in zip(entries, headings):
        assert squash(match[1]) == squash(title)
        assert squash(title) in squash(rendered.text(index, "body"))
        assert rendered.folio(index) == match[2], title


def check_outline(rendered, headings: list[tuple[int, str]]) -> None:
    """Assert that the PDF outline of `rendered` lists `headings` ((level, text)) in order."""
    outline = [(level, re.sub(r"\s+", "", title)) for level, title, _ in rendered.outline()]
    assert outline == [(level, re.sub(r"\s+", "", text)) for level, text in headings]


def check_metadata(rendered, lang: str) -> None:
    """Assert that the document information of `rendered` carries the report's title,
    author, subject, keywords, language and the fixed date (SOURCE_DATE_EPOCH 2021)."""
    reader, meta = rendered.reader, rendered.doc.meta
    assert reader.metadata.title == meta.title
    assert meta.author in reader.metadata.author
    assert reader.metadata.subject == meta.subject
    assert reader.metadata.get("/Keywords") == ", ".join(meta.keywords)
    assert str(reader.trailer["/Root"]["/Lang"]).lower() == lang.lower()
    assert reader.metadata.creation_date.year == 2021


def check_deterministic(write, doc, options, folder: Path) -> None:
    """Assert that `write(doc, path, options)` gives the same bytes twice, and other bytes
    a day later by SOURCE_DATE_EPOCH (the date is in the file, so the check can fail)."""
    write(doc, folder / "a.pdf", options)
    write(doc, folder / "b.pdf", options)
    assert (folder / "a.pdf").read_bytes() == (folder / "b.pdf").read_bytes()
    later = dataclasses.replace(options, source_date_epoch=options.source_date_epoch + 86400)
    write(doc, folder / "c.pdf", later)
    assert (folder / "a.pdf").read_bytes() != (folder / "c.pdf").read_bytes()


def outline_titles(pdf: Path) -> list[str]:
    """A PDF → the titles of its outline (bookmarks), depth first, nesting flattened."""
    from pypdf import PdfReader

    def titles(items):
        for item in items:
            if isinstance(item, list):
                yield from titles(item)
            else:
                yield item.title

    return list(titles(PdfReader(str(pdf)).outline))
