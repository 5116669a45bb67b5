"""HTML bytes (an untrusted w:altChunk part) → the text of its paragraphs, one string each.

Word turns an embedded HTML chunk into paragraphs when it opens the file; this gives the
same text without rendering it. lxml's HTML parser never loads a DTD, an external entity
or anything from the network; scripts, styles and the head are not text a reader sees.
"""

from __future__ import annotations

from lxml import etree

# elements that start a paragraph of their own (Word's HTML import does the same)
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "td", "th", "tr",
           "pre", "blockquote", "caption", "address", "table", "ul", "ol", "dl", "section",
           "article", "header", "footer", "figure", "figcaption", "body", "center"}
_SKIP = {"head", "script", "style", "title", "template", "noscript"}


def html_text(data: bytes) -> list | None:
    """None when the parser gave up part of the way (nesting deeper than 256, a text over
    10 MB, memory): what it kept is not all Word shows, so the caller names the chunk unread."""
    parser = etree.HTMLParser(no_network=True, remove_comments=True, remove_pis=True,
                              huge_tree=False)  # its own error log, for this chunk only
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError):
        return []
    if any(entry.level_name == "FATAL" for entry in parser.error_log):
        return None
    if root is None:
        return []
    lines: list = []
    current: list = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    def walk(element) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in _SKIP:
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if tag == "br":
            flush()
        current.append(element.text or "") if tag else None
        for child in element:
            walk(child)
            current.append(child.tail or "")
        if block:
            flush()

    walk(root)
    flush()
    return lines
