"""Document → bookmark names and contents entries, gathered before anything is written.

The contents, list of figures and cross-references come before the things they point at,
so the names of the bookmarks they target are fixed in this first pass.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from ...model.nodes import Callout, Document, Figure, Heading, ListBlock, Table
from ...model.text import plain_text

MAX_BOOKMARK = 40  # Word silently drops longer bookmark names


@dataclass(frozen=True)
class Entry:
    """One line of a contents list: `text` at `level`, linking to bookmark `anchor`."""

    level: int
    text: str
    anchor: str


@dataclass
class Plan:
    anchors: dict = field(default_factory=dict)  # model id → bookmark name (for REF fields)
    # id(title heading of a numbered box) → the bookmark around its number ("专栏1")
    number_anchors: dict = field(default_factory=dict)
    node_anchors: dict = field(default_factory=dict)  # id(node) → bookmark name
    contents: list = field(default_factory=list)
    figures: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    chapter_titles: list = field(default_factory=list)

    def anchor_of(self, node) -> str:
        return self.node_anchors.get(id(node), "")


def heading_text(heading: Heading, cjk: bool) -> str:
    """The visible heading: its number ("一、") then its text."""
    return number_prefix(heading.number, cjk) + plain_text(heading.children)


def number_prefix(number: str, cjk: bool) -> str:
    if not number:
        return ""
    # "一、标题" and "1.标题" are set solid in Chinese; Latin text wants "1. Title"
    return number if cjk or number.endswith(" ") else number + " "


_LABEL = re.compile(r"^(?P<word>.*?)(?P<chapter>\d+[-.‐–])?(?P<number>\d+)$")


def split_label(label: str) -> tuple[str, str, str]:
    """"图1-2" → ("图", "1-", "2"); "Figure 3" → ("Figure ", "", "3"); no number → (label, "", "")."""
    match = _LABEL.match(label)
    if not match:
        return label, "", ""
    return match.group("word"), match.group("chapter") or "", match.group("number")


def caption_entry_text(label: str, caption) -> str:
    text = plain_text(caption)
    return f"{label} {text}".strip() if label else text


class _Names:
    """Unique, valid bookmark names, stable for a given document."""

    def __init__(self):
        self.used: set[str] = set()
        self.serial = 0

    def for_id(self, ident: str) -> str:
        safe = re.sub(r"[^0-9A-Za-z_]", "_", ident)
        name = "_Ref_" + safe
        if safe != ident or len(name) > MAX_BOOKMARK or name in self.used:
            digest = hashlib.sha1(ident.encode("utf-8")).hexdigest()[:8]
            name = f"{name[:MAX_BOOKMARK - 9]}_{digest}"
        return self._claim(name)

    def serial_name(self, prefix: str) -> str:
        self.serial += 1
        return self._claim(f"{prefix}{self.serial:06d}")

    def _claim(self, name: str) -> str:
        base, n = name, 1
        while name in self.used:
            n += 1
            name = f"{base[:MAX_BOOKMARK - 4]}_{n:03d}"
        self.used.add(name)
        return name


def make_plan(doc: Document, cjk: bool) -> Plan:
    """Walk `doc` once: name a bookmark for every heading, figure and captioned table."""
    plan, names = Plan(), _Names()

    def name_node(node, ident: str, prefix: str) -> str:
        name = names.for_id(ident) if ident else names.serial_name(prefix)
        plan.node_anchors[id(node)] = name
        if ident:
            plan.anchors[ident] = name
        return name

    def visit(blocks, in_callout: bool) -> None:
        for block in blocks:
            if isinstance(block, Heading):
                name = name_node(block, block.id, "_Toc")
                if not in_callout and block.level <= 3:
                    plan.contents.append(Entry(block.level, heading_text(block, cjk), name))
            elif isinstance(block, Figure):
                name = name_node(block, block.id, "_Ref_fig")
                plan.figures.append(Entry(1, caption_entry_text(block.label, block.caption), name))
            elif isinstance(block, Table) and (block.caption or block.label):
                name = name_node(block, block.id, "_Ref_tab")
                plan.tables.append(Entry(1, caption_entry_text(block.label, block.caption), name))
            elif isinstance(block, Callout):
                if block.id and block.blocks and isinstance(block.blocks[0], Heading):
                    # numbering made the box's label its title's number: a REF shows "专栏1"
                    name = names.for_id(block.id)
                    plan.anchors[block.id] = name
                    plan.number_anchors[id(block.blocks[0])] = name
                visit(block.blocks, True)
            elif isinstance(block, ListBlock):
                for item in block.items:
                    visit(item, in_callout)

    for chapter in doc.chapters:
        title = next((heading_text(b, cjk) for b in chapter.blocks
                      if isinstance(b, Heading) and b.level == 1), "")
        plan.chapter_titles.append(title or doc.meta.title)
        visit(chapter.blocks, False)
    return plan
