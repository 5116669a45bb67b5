"""Minimal Word files written the way Word writes them: text boxes, endnotes, content controls, math, strict."""

from __future__ import annotations

import zipfile
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NAMESPACES = {
    "w": W,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "v": "urn:schemas-microsoft-com:vml",
}
DECLARE = " ".join(f'xmlns:{k}="{v}"' for k, v in NAMESPACES.items())
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006"
STYLES = f"""<w:styles {DECLARE}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
  <w:pPr><w:outlineLvl w:val="0"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/></w:style>
<w:style w:type="table" w:styleId="Grid"><w:name w:val="Grid Table 4"/>
  <w:tblStylePr w:type="firstRow"><w:rPr><w:b/></w:rPr></w:tblStylePr></w:style>
</w:styles>"""
_TYPES = {"document": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
          "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
          "footnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
          "endnotes": "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
          "comments": "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"}


def run(text: str, props: str = "") -> str:
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(text: str = "", style: str = "", inner: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{run(text) if text else ''}{inner}</w:p>"


def text_box(*paragraphs: str) -> str:
    """A run holding a text box as Word 2010+ writes it: DrawingML choice, VML fallback."""
    content = "<w:txbxContent>" + "".join(paragraphs) + "</w:txbxContent>"
    return ("<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wp:anchor>"
            "<a:graphic><a:graphicData><wps:wsp><wps:txbx>" + content +
            "</wps:txbx></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
            "<mc:Fallback><w:pict><v:shape><v:textbox>" + content +
            "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>")


def table(rows: list, style: str = "", look: str = "", wrap_rows: bool = False,
          wrap_cells: bool = False, header_props: str = "") -> str:
    """A table; rows and cells optionally inside content controls (w:sdt)."""
    tblpr = ""
    if style or look:
        tblpr = "<w:tblPr>" + (f'<w:tblStyle w:val="{style}"/>' if style else "") + look + "</w:tblPr>"
    out = [f"<w:tbl>{tblpr}"]
    for r, row in enumerate(rows):
        cells = []
        for value in row:
            cell = f"<w:tc><w:p>{run(value, header_props if r == 0 else '')}</w:p></w:tc>"
            if wrap_cells:
                cell = f"<w:sdt><w:sdtPr/><w:sdtContent>{cell}</w:sdtContent></w:sdt>"
            cells.append(cell)
        tr = "<w:tr>" + "".join(cells) + "</w:tr>"
        if wrap_rows:
            tr = f"<w:sdt><w:sdtPr><w:alias w:val=\"row\"/></w:sdtPr><w:sdtContent>{tr}</w:sdtContent></w:sdt>"
        out.append(tr)
    out.append("</w:tbl>")
    return "".join(out)


def math(text: str) -> str:
    return f"<m:oMath><m:r><m:t>{text}</m:t></m:r></m:oMath>"


def notes(kind: str, texts: list) -> str:
    """footnotes.xml / endnotes.xml with Word's two separators and one note per text (ids 1…)."""
    tag = kind[:-1]
    body = "".join(f'<w:{tag} w:type="{t}" w:id="{k}"><w:p/></w:{tag}>'
                   for k, t in ((-1, "separator"), (0, "continuationSeparator")))
    body += "".join(f'<w:{tag} w:id="{k}">{para(text)}</w:{tag}>' for k, text in enumerate(texts, 1))
    return f"<w:{kind} {DECLARE}>{body}</w:{kind}>"


def reference(kind: str, ident: int) -> str:
    return f'<w:r><w:{kind}Reference w:id="{ident}"/></w:r>'


def picture(rid: str, alt: str = "") -> str:
    """A run holding an inline DrawingML picture whose image is relationship `rid`."""
    return (f'<w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="{alt}"/>'
            '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            f'<pic:blipFill><a:blip r:embed="{rid}"/></pic:blipFill></pic:pic>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def chart(rid: str) -> str:
    """A run holding an inline DrawingML chart whose part is relationship `rid`."""
    return ('<w:r><w:drawing><wp:inline><wp:docPr id="2" name="Chart 1"/><a:graphic>'
            '<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
            f'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="{rid}"/>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def chart_part(title: str, values: list) -> str:
    """A bar chart part: one series, the given values, its markup as `layout` varies it."""
    points = "".join(f'<c:pt idx="{k}"><c:v>{v}</c:v></c:pt>' for k, v in enumerate(values))
    return ('<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
            'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart>'
            f'<c:title><c:tx><c:rich><a:p><a:r><a:t>{title}</a:t></a:r></a:p></c:rich></c:tx></c:title>'
            '<c:plotArea><c:barChart><c:ser><c:val><c:numRef><c:numCache>'
            f'{points}</c:numCache></c:numRef></c:val></c:ser></c:barChart></c:plotArea>'
            '</c:chart></c:chartSpace>')


def write(path: Path, body: str, styles: str = STYLES, endnotes: list | None = None,
          footnotes: list | None = None, strict: bool = False, chunks: dict | None = None,
          comments: str | None = None, media: dict | None = None, related: dict | None = None,
          sect: str = "", files: dict | None = None) -> Path:
    """A .docx with `body` as its w:body content, and the parts asked for.

    chunks: relationship id → (content type, bytes) of w:altChunk parts (word/chunkN.dat).
    media: relationship id → (part name under word/, bytes or text); a name ending in
    .xml is a chart part, any other an image.
    related: relationship id → (relationship type, part name under word/, content type, text):
    headers, footers, settings, Office 2016 charts….
    sect: the content of the body's w:sectPr (header references, w:titlePg).
    files: any other package entries, name → text (customXml items and their rels).
    """
    parts = {"word/document.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                                  f"<w:document {DECLARE}><w:body>{body}<w:sectPr>{sect}</w:sectPr></w:body></w:document>",
             "word/styles.xml": styles}
    rels = [("styles", "styles.xml")]
    chunk_types, chunk_rels = "", ""
    for k, (ident, (kind, data)) in enumerate((chunks or {}).items()):
        parts[f"word/chunk{k}.dat"] = data
        chunk_types += f'<Override PartName="/word/chunk{k}.dat" ContentType="{kind}"/>'
        chunk_rels += f'<Relationship Id="{ident}" Type="{REL}/aFChunk" Target="chunk{k}.dat"/>'
    if endnotes is not None:
        parts["word/endnotes.xml"] = notes("endnotes", endnotes)
        rels.append(("endnotes", "endnotes.xml"))
    if footnotes is not None:
        parts["word/footnotes.xml"] = notes("footnotes", footnotes)
        rels.append(("footnotes", "footnotes.xml"))
    if comments is not None:  # the w:comment elements
        parts["word/comments.xml"] = f"<w:comments {DECLARE}>{comments}</w:comments>"
        rels.append(("comments", "comments.xml"))
    media = media or {}
    for name, data in media.values():
        parts["word/" + name] = data
    extra_types = extra_rels = ""
    for rid, (kind, name, content_type, data) in (related or {}).items():
        parts["word/" + name] = data
        extra_types += f'<Override PartName="/word/{name}" ContentType="{content_type}"/>'
        extra_rels += f'<Relationship Id="{rid}" Type="{kind}" Target="{name}"/>'
    parts.update(files or {})
    types = "".join(f'<Override PartName="/word/{name}.xml" ContentType="{_TYPES[name]}"/>'
                    for name in ["document"] + [k for k, _ in rels])
    parts["[Content_Types].xml"] = (
        f'<Types xmlns="{PKG}/content-types"><Default Extension="rels" '
        f'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        f'<Default Extension="xml" ContentType="application/xml"/>'
        f'<Default Extension="png" ContentType="image/png"/>{types}{chunk_types}{extra_types}</Types>')
    parts["_rels/.rels"] = (f'<Relationships xmlns="{PKG}/relationships"><Relationship Id="rId1" '
                            f'Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>')
    parts["word/_rels/document.xml.rels"] = (
        f'<Relationships xmlns="{PKG}/relationships">'
        + "".join(f'<Relationship Id="rId{k}" Type="{REL}/{kind}" Target="{target}"/>'
                  for k, (kind, target) in enumerate(rels, 10)) + chunk_rels + extra_rels
        + "".join(f'<Relationship Id="{rid}" Type="{REL}/{"chart" if name.endswith(".xml") else "image"}" '
                  f'Target="{name}"/>' for rid, (name, _) in media.items()) + "</Relationships>")
    if strict:
        parts = {name: to_strict(data) for name, data in parts.items()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def to_strict(data) -> bytes:
    """Transitional namespace URIs → Word's Strict Open XML ones (as Word's "Strict" save writes)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    for family in ("wordprocessingml", "officeDocument", "drawingml"):
        data = data.replace(f"http://schemas.openxmlformats.org/{family}/2006/".encode(),
                            f"http://purl.oclc.org/ooxml/{family}/".encode())
    return data


def strict_copy(source: Path, target: Path) -> Path:
    """A real transitional .docx rewritten with strict namespaces (every XML part)."""
    with zipfile.ZipFile(source) as z_in, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z_out:
        for info in z_in.infolist():
            data = z_in.read(info)
            if info.filename.endswith((".xml", ".rels")):
                data = to_strict(data)
            z_out.writestr(info.filename, data)
    return target
