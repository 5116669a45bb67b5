"""A reading → its pictures and charts (what each shows, by hash); two readings → the pictures that changed.

A picture is identified by what it shows, not by how the package stores it: the bytes of
the image part its relationship points at (so a re-zip, or a media part renamed, is no
change), and for a DrawingML chart (c:chart, or an Office 2016 cx:chart) its data:
series names, categories and values to 15 significant digits (LibreOffice rewrites a
chart part's markup on every save, and its numbers to 15 digits); for a
SmartArt diagram its data model's text and pictures. Each
picture is placed at the paragraph that holds it, or before the next paragraph with text
when it stands alone (the usual figure paragraph), with its alt text and a caption next
to it. Pictures in headers and footers are not compared (their text is).
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

from .reader import MC, PID, RUNNING, RUNNING_HEADING, Reading
from .revisions import q

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CX = "http://schemas.microsoft.com/office/drawing/2014/chartex"  # Office 2016 charts (waterfall…)
DGM = "http://schemas.openxmlformats.org/drawingml/2006/diagram"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
V = "urn:schemas-microsoft-com:vml"
O = "urn:schemas-microsoft-com:office:office"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_FALLBACK = f"{{{MC}}}Fallback"
_OBJECT = q("object")
_CARRIERS = (q("drawing"), q("pict"), _OBJECT)
_KINDS = {f"{{{C}}}chart": "chart", f"{{{CX}}}chart": "chartex", f"{{{DGM}}}relIds": "diagram"}
_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


@dataclass(frozen=True)
class Picture:
    """One picture or chart of a draft: what it shows (`digest`), and where."""

    kind: str  # picture, chart, diagram (SmartArt)
    digest: str  # sha256 of the image bytes (or of the chart's or diagram's content)
    alt: str  # its alt text (title or description), "" when none
    caption: str  # the caption next to it, "" when none
    location: str  # the section path of the paragraph it is in or before
    index: int  # the block it belongs to (reading.blocks), len(blocks) at the end
    inside: bool  # in that block's paragraph (else it stands before it)

    @property
    def short(self) -> str:
        return self.digest[:10]

    def label(self) -> str:
        """`[picture: alt text, 1a2b3c4d5e]`: how textconv and the reports show it."""
        words = " ".join(self.alt.split())
        return f"[{self.kind}: {words + ', ' if words else ''}{self.short}]"


@dataclass(frozen=True)
class PictureChange:
    kind: str  # changed, inserted, deleted, moved
    old: Picture | None
    new: Picture | None

    @property
    def location(self) -> str:
        return (self.new or self.old).location


def pictures(reading: Reading) -> list:
    """Every picture and chart of the body and the notes, in reading order."""
    if reading.pictures is not None:
        return reading.pictures
    file = reading.file
    places = _places(reading.blocks)
    # the end of the body: where the headers and footers begin (they come last)
    body_end = next((k for k, b in enumerate(reading.blocks) if b.container in RUNNING
                     or b.path[:1] == (RUNNING_HEADING,)), len(reading.blocks))
    digests: dict = {}
    found = []
    for kind in ("", "footnotes", "endnotes"):
        name = file.part(kind) if kind else file.main
        root = reading.trees.get(name or "")
        if root is None:
            continue
        targets = file.targets(name)
        notes = bool(kind)
        for element in root.iter(f"{{{A}}}blip", f"{{{V}}}imagedata", f"{{{C}}}chart",
                                 f"{{{CX}}}chart", f"{{{DGM}}}relIds"):
            if any(a.tag == _FALLBACK or a.tag == _OBJECT for a in element.iterancestors()):
                # Word's VML copy of a DrawingML picture is read once; an embedded OLE
                # object's preview is not a picture (LibreOffice drops some on saving)
                continue
            ident = (element.get(f"{{{R}}}embed") or element.get(f"{{{R}}}link")
                     or element.get(f"{{{R}}}id") or element.get(f"{{{O}}}relid")
                     or element.get(f"{{{R}}}dm") or "")
            target = targets.get(ident)
            if target is None:
                continue  # a picture whose part is missing shows nothing
            what = _KINDS.get(element.tag, "picture")
            if target not in digests:
                digests[target] = _digest(file, target, what)
            what = "chart" if what == "chartex" else what
            p = next(element.iterancestors(q("p")), None)
            if p is None:
                continue
            index, inside = _place(places[notes], int(p.get(PID, "0")), body_end)
            # floating pictures of one paragraph are placed by their offsets, not by their
            # order in the file (LibreOffice re-orders them): ordered by what they show
            order = (1, digests[target]) if _floating(element) else (0, len(found))
            found.append((index, not inside, order, Picture(
                what, digests[target], _alt(element),
                _caption(reading.blocks, index, inside),
                _location(reading.blocks, index, inside), index, inside)))
    found.sort(key=lambda item: item[:3])
    reading.pictures = [item[3] for item in found]
    return reading.pictures


def changed_pictures(old: list, new: list) -> list:
    """Old and new pictures lined up by what they show → what was replaced, added, removed, moved."""
    a = [(p.kind, p.digest) for p in old]
    b = [(p.kind, p.digest) for p in new]
    out: list = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        gone, came = list(old[i1:i2]), list(new[j1:j2])
        pairs = min(len(gone), len(came)) if tag == "replace" else 0
        out += [PictureChange("changed", x, y) for x, y in zip(gone[:pairs], came[:pairs])]
        out += [PictureChange("deleted", x, None) for x in gone[pairs:]]
        out += [PictureChange("inserted", None, y) for y in came[pairs:]]
    # the same picture taken out in one place and put in at another: a move
    deleted = [c for c in out if c.kind == "deleted"]
    for change in [c for c in out if c.kind == "inserted"]:
        twin = next((d for d in deleted if d.old.digest == change.new.digest), None)
        if twin is not None:
            deleted.remove(twin)
            out[out.index(twin)] = None
            out[out.index(change)] = PictureChange("moved", twin.old, change.new)
    return [c for c in out if c is not None]


# ------------------------------------------------------------ where and what


def _places(blocks: list) -> tuple:
    """(body, notes): sorted pids of the blocks with text, and their indexes."""
    body, notes = [], []
    for index, block in enumerate(blocks):
        if block.container in RUNNING or block.path[:1] == (RUNNING_HEADING,):
            continue  # headers and footers follow the body; a picture is never placed there
        (notes if block.container in ("footnote", "endnote") else body).append((block.pid, index))
    return sorted(body), sorted(notes)


def _place(places: list, pid: int, end: int) -> tuple:
    """(block index, inside) for a picture in paragraph `pid`."""
    k = bisect_right(places, (pid, -1))
    if k < len(places) and places[k][0] == pid:
        return places[k][1], True
    return (places[k][1] if k < len(places) else end), False


def _location(blocks: list, index: int, inside: bool) -> str:
    if index < len(blocks) and not inside and index and blocks[index].container in RUNNING:
        return f"after {blocks[index - 1].location}"  # the body's end, before its headers
    if index >= len(blocks):
        return f"after {blocks[-1].location}" if blocks else "(start)"
    return blocks[index].location if inside else f"before {blocks[index].location}"


def _caption(blocks: list, index: int, inside: bool) -> str:
    """A caption in the picture's paragraph, just below it, or just above it."""
    for k in (index, index + 1 if inside else None, index - 1):
        if k is not None and 0 <= k < len(blocks) and blocks[k].kind == "caption":
            return " ".join(blocks[k].text.split())
    return ""


def _floating(element) -> bool:
    """Whether the drawing or VML shape holding `element` floats (is anchored, not inline)."""
    for ancestor in element.iterancestors():
        if ancestor.tag == f"{{{WP}}}anchor":
            return True
        if ancestor.tag in (f"{{{WP}}}inline", *_CARRIERS):
            return False
        if ancestor.tag == f"{{{V}}}shape":
            return "position:absolute" in "".join((ancestor.get("style") or "").split())
    return False


def _alt(element) -> str:
    """The alt text Word or LibreOffice gives the drawing or VML shape holding `element`."""
    for ancestor in element.iterancestors():
        if ancestor.tag in (f"{{{WP}}}inline", f"{{{WP}}}anchor"):
            props = ancestor.find(f"{{{WP}}}docPr")
            if props is not None:
                return (props.get("descr") or props.get("title") or "").strip()
            return ""
        if ancestor.tag == f"{{{V}}}shape":
            return (ancestor.get("alt") or "").strip()
        if ancestor.tag in _CARRIERS:
            return ""
    return ""


def _digest(file, target: str, what: str) -> str:
    if target.startswith("external:"):
        # a linked picture: LibreOffice rewrites "pic.png" as "file:///…/pic.png"
        content = target.removeprefix("external:").rsplit("/", 1)[-1].encode("utf-8")
    elif what == "chart":
        content = _chart_content(file.xml(target)).encode("utf-8")
    elif what == "chartex":
        content = _chartex_content(file.xml(target)).encode("utf-8")
    elif what == "diagram":
        content = _diagram_content(file, target).encode("utf-8")
    else:
        content = file.read(target)
    return hashlib.sha256(content).hexdigest()


def _diagram_content(file, target: str) -> str:
    """What a SmartArt diagram shows: the text of its data model and the pictures in it."""
    root = file.xml(target)
    targets = file.targets(target)
    out = [t.text or "" for t in root.iter(f"{{{A}}}t")]
    for blip in root.iter(f"{{{A}}}blip"):
        name = targets.get(blip.get(f"{{{R}}}embed") or blip.get(f"{{{R}}}link") or "")
        if name:
            out.append(_digest(file, name, "picture"))
    return "\n".join(out)


def _chart_content(root) -> str:
    """What a chart shows, as text: each series' name, categories and values, in order
    (numbers as numbers: 3, 3.0 and 3.00 are one value).

    Not its type, titles or axis titles: LibreOffice writes out the titles Word generates
    ("Series 1", "Axis Title") on every save, and turns the chart types it cannot draw
    (surface charts) into others."""
    out = []
    for series in root.iter(f"{{{C}}}ser"):
        out.append("<series>")
        for element in series.iter(f"{{{C}}}v", f"{{{A}}}t"):
            text = (element.text or "").strip()
            if _NUMBER.match(text):
                text = _number(text)
            out.append(text)
    return "\n".join(out)


def _chartex_content(root) -> str:
    """What an Office 2016 chart (cx:chartSpace: waterfall, treemap, sunburst, funnel,
    box and whisker, histogram) shows: each data set's dimensions and points, then the
    series names, numbers as numbers."""
    out = []
    for data in root.iter(f"{{{CX}}}data"):
        out.append(f"<data {data.get('id', '')}>")
        for dim in data:
            if not isinstance(dim.tag, str):
                continue
            out.append(f"<{dim.tag.rsplit('}', 1)[-1]} {dim.get('type', '')}>")
            for point in dim.iter(f"{{{CX}}}pt"):
                text = (point.text or "").strip()
                out.append(f"{point.get('idx', '')}={_number(text) if _NUMBER.match(text) else text}")
    for series in root.iter(f"{{{CX}}}series"):
        out.append("<series>")
        out.extend((v.text or "").strip() for v in series.iter(f"{{{CX}}}v"))
    return "\n".join(out)


def _number(text: str) -> str:
    """A cached chart value as a reader sees it: to 15 significant digits (Excel's precision;
    LibreOffice writes 0.30000000000000004 as 0.3), 3 and 3.0 alike."""
    return f"{float(text):.15g}"
