"""A folder of real DOCX files → script-made edits of each kind a reader sees, and whether `diff` reports each (exit 1).

    .venv/bin/python -m benchmarks.review_edits CORPUS [--out edits.json]

CORPUS holds one folder per repository (`owner+name/…/*.docx`). For every file and every
kind of content it holds, one element of that kind is changed in a copy (the first one
the reader reads, or the first in the file for drawn content), and `authoring diff FILE
COPY` must exit 1. Kinds: body, cell, footnote, endnote, box (text boxes), header,
footer (text the reader reads there: a letter or digit changed); checkbox (ticked or
cleared), dropdown (another entry chosen), wordart (v:textpath), canvas (shape text in
a:txBody), ruby (the guide), delimiter (an equation's m:begChr), linebreak (a w:br
deleted), chart (a c:v value), chartex (a cx:pt value). Prints counts per repository and
kind, and the misses, as JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import zipfile
from pathlib import Path

from click.testing import CliRunner
from lxml import etree

from authoring.cli import main as cli
from authoring.review.reader import PID, read_docx
from authoring.review.revisions import q

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
V = "urn:schemas-microsoft-com:vml"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
CX = "http://schemas.microsoft.com/office/drawing/2014/chartex"
BLOCK_KINDS = {"body": "body", "cell": "cell", "footnote": "footnote", "endnote": "endnote",
               "box": "box", "header": "header", "footer": "footer"}


def _other(char: str) -> str:
    if char.isdigit():
        return "7" if char != "7" else "3"
    return "q" if char.lower() != "q" else "z"


def _change_text(element) -> bool:
    """Change the first letter or digit of `element`'s text; False if it has none."""
    text = element.text or ""
    for k, char in enumerate(text):
        if char.isalnum():
            element.text = text[:k] + _other(char) + text[k + 1:]
            return True
    return False


def _block_edits(reading) -> dict:
    """kind → (part name, path of the w:t to change) for the first block of each kind."""
    names = {id(root): name for name, root in reading.raw.items()}
    out = {}
    for block in reading.blocks:
        kind = block.container if block.container in BLOCK_KINDS else None
        if kind is None or kind in out or block.element is None:
            continue
        for piece in block.pieces:
            node = piece.node
            if node is None or node.tag != q("t") or not any(c.isalnum() for c in node.text or ""):
                continue
            if any(s.find(f"{q('sdtPr')}/{q('dataBinding')}") is not None for s in node.iterancestors(q("sdt"))):
                continue  # a bound control's cached runs: Word shows the bound value instead
            root = node.getroottree().getroot()
            name = names.get(id(root))
            if name is not None and "!" not in name:
                out[kind] = (name, node.getroottree().getelementpath(node))
                break
    return out


def _drawn_edits(file) -> dict:
    """kind → (part name, mutator) for the content kinds found by element."""
    out: dict = {}
    for name in file.names():
        if not name.endswith(".xml") or not name.startswith("word/"):
            continue
        try:
            root = file.xml(name)
        except Exception:
            continue
        for kind, tag, change in (
                ("checkbox", q("checkBox"), _toggle_box),
                ("dropdown", q("ddList"), _other_entry),
                ("wordart", f"{{{V}}}textpath", _textpath),
                ("canvas", f"{{{A}}}t", _canvas_text),
                ("ruby", q("rt"), _ruby),
                ("delimiter", f"{{{M}}}d", _delimiter),
                ("linebreak", q("br"), _drop_break),
                ("chart", f"{{{C}}}v", _chart_value),
                ("chartex", f"{{{CX}}}pt", _chart_value)):
            if kind in out:
                continue
            for element in root.iter(tag):
                if kind == "canvas" and next(element.iterancestors(
                        "{http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas}lockedCanvas"), None) is None:
                    continue
                if kind == "linebreak" and (element.get(q("type")) not in (None, "textWrapping")
                                            or name != file.main or not _between_text(element)):
                    continue  # (a break alone in a paragraph makes no line of text)
                path = root.getroottree().getelementpath(element)
                out[kind] = (name, path, change)
                break
    return out


def _between_text(br) -> bool:
    """Whether line break `br` has text before and after it in its paragraph."""
    p = next(br.iterancestors(q("p")), None)
    if p is None:
        return False
    texts = [t for t in p.iter(q("t"), q("br")) if t is br or (t.tag == q("t") and (t.text or "").strip())]
    k = texts.index(br)
    return 0 < k < len(texts) - 1


def _toggle_box(box) -> bool:
    state = box.find(q("checked"))
    if state is None:
        state = etree.SubElement(box, q("checked"))
        default = box.find(q("default"))
        on = default is not None and default.get(q("val"), "1") not in ("0", "false")
        state.set(q("val"), "0" if on else "1")
    else:
        state.set(q("val"), "0" if state.get(q("val"), "1") not in ("0", "false") else "1")
    return True


def _other_entry(listing) -> bool:
    entries = [e.get(q("val"), "") for e in listing.findall(q("listEntry"))]
    result = listing.find(q("result"))
    current = int(result.get(q("val"), "0")) if result is not None else 0
    choice = next((k for k, e in enumerate(entries) if k != current and e != entries[current]), None) \
        if current < len(entries) else None
    if choice is None:
        return False
    if result is None:
        result = etree.SubElement(listing, q("result"))
    result.set(q("val"), str(choice))
    return True


def _textpath(element) -> bool:
    if not (element.get("string") or "").strip():
        return False
    element.set("string", element.get("string") + " X")
    return True


def _canvas_text(element) -> bool:
    return _change_text(element)


def _ruby(rt) -> bool:
    return any(_change_text(t) for t in rt.iter(q("t")))


def _delimiter(d) -> bool:
    pr = d.find(f"{{{M}}}dPr")
    if pr is None:
        pr = etree.Element(f"{{{M}}}dPr")
        d.insert(0, pr)
    begin = pr.find(f"{{{M}}}begChr")
    if begin is None:
        begin = etree.SubElement(pr, f"{{{M}}}begChr")
    begin.set(f"{{{M}}}val", "[" if begin.get(f"{{{M}}}val") != "[" else "{")
    return True


def _drop_break(br) -> bool:
    br.getparent().remove(br)
    return True


def _chart_value(element) -> bool:
    text = (element.text or "").strip()
    try:
        element.text = repr(float(text) + 1)
    except ValueError:
        return _change_text(element)
    return True


def _edited_copy(source: Path, name: str, root, target: Path) -> None:
    etree.strip_attributes(root, PID)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    with zipfile.ZipFile(source) as z_in, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z_out:
        for info in z_in.infolist():
            z_out.writestr(info, data if info.filename == name else z_in.read(info))


def edits_of(path: Path, folder: Path) -> list:
    """[(kind, edited copy)] for `path`: one per kind of content it holds."""
    from authoring.review.docxfile import DocxFile

    out = []
    try:
        reading = read_docx(path)
    except Exception:
        return out
    for kind, (name, xpath) in _block_edits(reading).items():
        root = etree.fromstring(etree.tostring(reading.raw[name]))
        found = root.find(xpath)
        if found is not None and _change_text(found):
            target = folder / f"{kind}.docx"
            _edited_copy(path, name, root, target)
            out.append((kind, target))
    file = DocxFile(path)
    for kind, (name, xpath, change) in _drawn_edits(file).items():
        root = etree.fromstring(etree.tostring(file.xml(name)))
        found = root.find(xpath) if xpath != "." else root
        if found is not None and change(found):
            target = folder / f"{kind}.docx"
            _edited_copy(path, name, root, target)
            out.append((kind, target))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path)
    args = parser.parse_args(argv)
    runner = CliRunner()
    counts: dict = {}
    missed = []
    for path in sorted(args.corpus.rglob("*.docx")):
        repo = path.relative_to(args.corpus).parts[0]
        with tempfile.TemporaryDirectory() as tmp:
            try:
                edited = edits_of(path, Path(tmp))
            except (zipfile.BadZipFile, OSError, ValueError):
                edited = []  # a damaged file (diff refuses it; see review_corpus)
            for kind, copy in edited:
                result = runner.invoke(cli, ["diff", "-q", str(path), str(copy)], catch_exceptions=True)
                tally = counts.setdefault(repo, {}).setdefault(kind, [0, 0])
                tally[0] += 1
                tally[1] += result.exit_code == 1
                if result.exit_code != 1:
                    missed.append([kind, str(path.relative_to(args.corpus)), result.exit_code])
    print(json.dumps({"counts (edits, exit 1)": counts, "missed": missed}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
