"""The DOCX writer, checked by reading back the written file (python-docx, lxml, zipfile)
and, when LibreOffice is installed, by converting it to PDF."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree

from authoring.errors import RenderError
from authoring.model.nodes import (Callout, Cell, Chapter, Code, CrossRef, Document, Emph,
                                   Figure, Heading, Link, ListBlock, Meta, Note, PageBreak,
                                   Paragraph, Strong, Table, Text)
from authoring.model.numbering import NumberingStyle, number_document
from authoring.writers.docx import write_docx
from authoring.writers.options import Page, WriteOptions, Words

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W,
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "asvg": "http://schemas.microsoft.com/office/drawing/2016/SVG/main",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types"}
EPOCH = 1_700_000_000

ZH_WORDS = Words(contents="目录", figures="图目录", tables="表目录", figure="图", table="表",
                 source="资料来源：", label_separator="")
ZH_PARAGRAPH = "坚持面向世界科技前沿，在基础研究领域涌现多项具有国际影响力的原创成果"
TEXT = {
    "zh-CN": dict(title="年度科技创新报告", subtitle="2020年度", org="科技创新研究中心",
                  date="2021年6月", chapter="综合评价", section="原始创新能力不断增强",
                  lead="重大原创成果持续涌现。", para=ZH_PARAGRAPH + "，详见", box="获奖总体情况",
                  items=("自然科学奖43项", "技术发明奖31项"), steps=("申报", "评审"),
                  caption="年度奖项构成", tcaption="各类奖项数量", head=("奖项", "数量（项）"),
                  rows=(("自然科学奖", "43"), ("技术发明奖", "31")), note="数据截至年末。",
                  alt="柱状图：各类奖项数量", source="统计年鉴"),
    "en": dict(title="Annual Science Report", subtitle="2020", org="Research Office",
               date="June 2021", chapter="Overview", section="Basic research grows stronger",
               lead="Major results keep coming.", para="Research output rose again, see ",
               box="Awards at a glance", items=("43 natural science awards", "31 invention awards"),
               steps=("Apply", "Review"), caption="Awards by category",
               tcaption="Number of awards", head=("Award", "Count (items)"),
               rows=(("Natural science", "43"), ("Invention", "31")), note="Data as of year end.",
               alt="Bar chart: awards by category", source="Statistical yearbook"),
}


def sample(lang: str, png: Path, svg: Path, escape_text: str = "") -> Document:
    """A small report exercising every block and inline kind, numbered like the build does."""
    t = TEXT[lang]
    figure = Figure(id="fig_awards", caption=(Text(t["caption"]),), alt=t["alt"], svg=str(svg),
                    png=str(png), width_mm=200, height_mm=100,
                    source_note=(Text(t["source"]),))
    table = Table(header=(tuple(Cell((Text(h),)) for h in t["head"]),),
                  rows=tuple((Cell((Text(a),)), Cell((Text(b),), align="right", numeric=True))
                             for a, b in t["rows"]),
                  caption=(Text(t["tcaption"]),), id="tab_awards")
    callout = Callout(blocks=(
        Heading(3, (Text(t["box"]),)),
        Paragraph((Text(t["items"][0]),)),
        ListBlock(items=tuple((Paragraph((Text(i),)),) for i in t["items"])),
    ))
    chapter1 = Chapter("ch1", (
        Heading(1, (Text(t["chapter"]),), id="sec_overview"),
        Paragraph((Strong((Text(t["lead"]),)), Text(t["para"]), CrossRef("fig_awards"),
                   Text(" / "), CrossRef("tab_awards"),
                   Note((Paragraph((Text(t["note"]),)),)), Text("."))),
        Heading(2, (Text(t["section"]),), id="sec_basic"),
        callout,
        figure,
        table,
        ListBlock(items=tuple((Paragraph((Emph((Text(s),)),)),) for s in t["steps"]),
                  ordered=True),
        Paragraph((Text(escape_text or "a < b & c > d"),)),
    ))
    chapter2 = Chapter("ch2", (
        Heading(1, (Text(t["section"] + "2"),)),
        Paragraph((Text(t["para"]), CrossRef("sec_basic"), Text(" "),
                   Link("https://example.org/?a=1&b=2", (Text("example.org"),)), Text(" "),
                   Link("#tab_awards", (Code("tab_awards"),)))),
        PageBreak(),
        ListBlock(items=tuple((Paragraph((Text(s),)),) for s in t["steps"]), ordered=True),
    ))
    meta = Meta(title=t["title"], subtitle=t["subtitle"], organization=t["org"], date=t["date"],
                lang=lang, keywords=("report", "2020"))
    zh = lang.startswith("zh")
    style = NumberingStyle(figure_word="图" if zh else "Figure", table_word="表" if zh else "Table",
                           separator="" if zh else " ", heading_numbers=zh)
    return number_document(Document(meta, (chapter1, chapter2)), style)


def options_for(lang: str, project_dir: Path, **extra) -> WriteOptions:
    zh = lang.startswith("zh")
    return WriteOptions(project_dir=project_dir, lang=lang, words=ZH_WORDS if zh else Words(),
                        first_line_indent_chars=2 if zh else 0, source_date_epoch=EPOCH,
                        heading_numbers=zh, **extra)


@pytest.fixture(scope="module")
def assets(tmp_path_factory) -> tuple[Path, Path]:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    folder = tmp_path_factory.mktemp("assets")
    plt.rcParams["svg.hashsalt"] = "test"
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.bar(["a", "b"], [43, 31], color="#1f4e79")
    png, svg = folder / "awards.png", folder / "awards.svg"
    fig.savefig(png, dpi=300, metadata={"Software": None})
    fig.savefig(svg, metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return png, svg


@pytest.fixture(scope="module", params=["zh-CN", "en"])
def built(request, assets, tmp_path_factory):
    """(lang, path) of a written sample report, once per language."""
    lang = request.param
    folder = tmp_path_factory.mktemp(f"docx-{lang}")
    target = folder / "report.docx"
    write_docx(sample(lang, *assets), target, options_for(lang, folder))
    return lang, target


def xml(path: Path, part: str):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read(part))


def parts(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        return z.namelist()


def instructions(root) -> list[str]:
    return [" ".join(t.text.split()) for t in root.iterfind(".//w:instrText", NS)]


def style_ids(path: Path) -> dict[str, str]:
    return {s.get(f"{{{W}}}styleId"): s.find("w:name", NS).get(f"{{{W}}}val")
            for s in xml(path, "word/styles.xml").iterfind("w:style", NS)}


# ---------------------------------------------------------------- styles and fonts


def test_every_paragraph_and_table_names_an_existing_style(built):
    _, path = built
    ids = style_ids(path)
    body = xml(path, "word/document.xml")
    for p in body.iter(f"{{{W}}}p"):
        style = p.find("w:pPr/w:pStyle", NS)
        assert style is not None, etree.tostring(p)[:200]
        assert style.get(f"{{{W}}}val") in ids
    for tbl in body.iter(f"{{{W}}}tbl"):
        assert tbl.find("w:tblPr/w:tblStyle", NS).get(f"{{{W}}}val") in ids
    assert all(p.style is not None for p in docx.Document(str(path)).paragraphs)


def test_no_direct_paragraph_formatting_in_the_body(built):
    _, path = built
    allowed = {"pStyle", "numPr", "sectPr", "rPr"}
    for ppr in xml(path, "word/document.xml").iter(f"{{{W}}}pPr"):
        assert {etree.QName(c).localname for c in ppr} <= allowed


def test_east_asian_fonts_are_explicit_and_theme_fonts_are_gone(built):
    lang, path = built
    with zipfile.ZipFile(path) as z:
        styles_xml = z.read("word/styles.xml").decode()
    assert "eastAsiaTheme" not in styles_xml and "asciiTheme" not in styles_xml
    assert "stylesWithEffects" not in " ".join(parts(path))
    styles = xml(path, "word/styles.xml")
    default = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:rFonts", NS)
    assert default.get(f"{{{W}}}eastAsia") == "SimSun"
    assert default.get(f"{{{W}}}ascii") == "Times New Roman"
    heading = styles.find("w:style[@w:styleId='Heading1']/w:rPr/w:rFonts", NS)
    assert heading.get(f"{{{W}}}eastAsia") == "SimHei"
    table = xml(path, "word/fontTable.xml")
    simsun = table.find("w:font[@w:name='SimSun']", NS)
    assert simsun.find("w:charset", NS).get(f"{{{W}}}val") == "86"


def test_language_tags_follow_the_report_language(built):
    lang, path = built
    word_lang = "zh-CN" if lang == "zh-CN" else "en-US"
    tag = xml(path, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    # the Latin language is English in a Chinese report too (Word's Chinese Normal
    # template): zh-CN there makes LibreOffice break "32.0 | %" and "(R | &D)"
    assert tag.get(f"{{{W}}}val") == "en-US"
    assert tag.get(f"{{{W}}}eastAsia") == "zh-CN"
    theme = xml(path, "word/settings.xml").find("w:themeFontLang", NS)
    assert theme.get(f"{{{W}}}val") == "en-US"
    assert theme.get(f"{{{W}}}eastAsia") == "zh-CN"
    for part in parts(path):
        if part.endswith(".xml"):
            for element in xml(path, part).iter(f"{{{W}}}lang"):
                assert element.get(f"{{{W}}}val") == "en-US", part
    assert docx.Document(str(path)).core_properties.language == word_lang
    assert xml(path, "word/styles.xml").find(".//w:pPrDefault/w:pPr/w:kinsoku", NS) is not None


def test_body_indent_is_two_characters_in_chinese_only(built):
    lang, path = built
    ind = xml(path, "word/styles.xml").find("w:style[@w:styleId='BodyText']/w:pPr/w:ind", NS)
    chars = int(ind.get(f"{{{W}}}firstLineChars")) if ind is not None else 0
    assert chars == (200 if lang == "zh-CN" else 0)
    note = xml(path, "word/styles.xml").find("w:style[@w:styleId='FootnoteText']/w:pPr/w:ind", NS)
    assert note.get(f"{{{W}}}firstLineChars") == "0"  # pandoc#7292


# ---------------------------------------------------------------- structure and fields


def test_contents_lists_and_page_numbers_are_word_fields(built):
    lang, path = built
    codes = instructions(xml(path, "word/document.xml"))
    figure, table = ("图", "表") if lang == "zh-CN" else ("Figure", "Table")
    assert 'TOC \\o "1-3" \\h \\z \\u' in codes
    assert f'TOC \\h \\z \\c "{figure}"' in codes and f'TOC \\h \\z \\c "{table}"' in codes
    assert any(c.startswith(f"SEQ {figure} \\* ARABIC") for c in codes)
    assert any(c.startswith(f"SEQ {table} \\* ARABIC") for c in codes)
    assert sum(c.startswith("REF ") for c in codes) == 3
    footers = [p for p in parts(path) if p.startswith("word/footer")]
    assert any("PAGE" in instructions(xml(path, f)) for f in footers)
    assert xml(path, "word/settings.xml").find("w:updateFields", NS) is not None


def test_contents_are_prefilled_with_heading_texts(built):
    lang, path = built
    document = docx.Document(str(path))
    toc = [p.text.split("\t")[0] for p in document.paragraphs if p.style.name == "toc 1"]
    toc2 = [p.text.split("\t")[0] for p in document.paragraphs if p.style.name == "toc 2"]
    chapter, section = TEXT[lang]["chapter"], TEXT[lang]["section"]
    assert toc == [chapter, section + "2"]
    assert toc2 == [("一、" if lang == "zh-CN" else "") + section]


def test_every_ref_and_toc_link_has_a_unique_bookmark(built):
    _, path = built
    body = xml(path, "word/document.xml")
    names = [b.get(f"{{{W}}}name") for b in body.iterfind(".//w:bookmarkStart", NS)]
    assert len(names) == len(set(names))
    assert all(len(n) <= 40 and re.fullmatch(r"[_A-Za-z][_A-Za-z0-9]*", n) for n in names)
    ids = [b.get(f"{{{W}}}id") for b in body.iterfind(".//w:bookmarkStart", NS)]
    ends = [b.get(f"{{{W}}}id") for b in body.iterfind(".//w:bookmarkEnd", NS)]
    assert sorted(ids) == sorted(ends)
    targets = [c.split()[1] for c in instructions(body) if c.split()[0] in ("REF", "PAGEREF")]
    targets += [h.get(f"{{{W}}}anchor") for h in body.iterfind(".//w:hyperlink[@w:anchor]", NS)]
    assert targets and set(targets) <= set(names)
    assert "_Ref_fig_awards" in names and "_Ref_tab_awards" in names


def test_cross_references_show_the_numbered_label(built):
    lang, path = built
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    if lang == "zh-CN":
        assert "详见图1 / 表1" in text and "图1 年度奖项构成" in text and "表1 各类奖项数量" in text
        assert "一、原始创新能力不断增强" in text  # heading number prefixed
    else:
        assert "see Figure 1 / Table 1" in text and "Figure 1 Awards by category" in text


def test_caption_bookmarks_cover_exactly_the_label(built):
    lang, path = built
    body = xml(path, "word/document.xml")
    for name, label in (("_Ref_fig_awards", "Figure 1"), ("_Ref_tab_awards", "Table 1")):
        start = body.find(f".//w:bookmarkStart[@w:name='{name}']", NS)
        covered = []
        for sibling in start.itersiblings():
            if sibling.tag == f"{{{W}}}bookmarkEnd":
                break
            covered += sibling.findall(".//w:t", NS)
        expected = label if lang == "en" else {"Figure 1": "图1", "Table 1": "表1"}[label]
        assert "".join(t.text for t in covered) == expected


def test_per_chapter_labels_keep_the_chapter_number_outside_the_seq_field(assets, tmp_path):
    png, svg = assets
    doc = sample("zh-CN", png, svg)
    chapter = Chapter("c0", (Heading(1, (Text("前言"),)),
                             Figure("f0", (Text("示意"),), "示意图", str(svg), str(png))))
    numbered = number_document(Document(doc.meta, (chapter, *doc.chapters)),
                               NumberingStyle("图", "表", "", per_chapter=True))
    target = tmp_path / "per-chapter.docx"
    write_docx(numbered, target, options_for("zh-CN", tmp_path))
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "图1-1 示意" in texts and "图2-1 年度奖项构成" in texts
    codes = instructions(xml(target, "word/document.xml"))
    # each chapter's first restarts the sequence: LibreOffice ignores `\\s 1`, honours `\\r`
    assert [c for c in codes if c.startswith("SEQ 图")] == ["SEQ 图 \\* ARABIC \\r 1"] * 2


def test_sections_number_front_matter_in_roman_and_body_from_one(built):
    _, path = built
    body = xml(path, "word/document.xml")
    sections = body.findall(".//w:sectPr", NS)
    assert len(sections) == 4  # cover, front matter, two chapters
    numbering = [s.find("w:pgNumType", NS) for s in sections]
    formats = [(n.get(f"{{{W}}}fmt"), n.get(f"{{{W}}}start")) if n is not None else None
               for n in numbering]
    assert formats == [None, ("lowerRoman", "1"), ("decimal", "1"), ("decimal", None)]
    assert sections[0].find("w:headerReference", NS) is None


def test_two_sided_pages_mirror_margins_and_open_chapters_on_the_right(assets, tmp_path):
    target = tmp_path / "book.docx"
    page = Page(size="170mm 240mm", margin_inner_mm=25, margin_outer_mm=18, two_sided=True)
    write_docx(sample("en", *assets), target, options_for("en", tmp_path, page=page))
    assert xml(target, "word/settings.xml").find("w:mirrorMargins", NS) is not None
    sections = xml(target, "word/document.xml").findall(".//w:sectPr", NS)
    starts = [s.find("w:type", NS).get(f"{{{W}}}val") if s.find("w:type", NS) is not None
              else "nextPage" for s in sections]
    assert starts[2:] == ["oddPage", "oddPage"]
    size = sections[-1].find("w:pgSz", NS)
    assert round(int(size.get(f"{{{W}}}w")) / 1440 * 25.4) == 170
    margins = sections[-1].find("w:pgMar", NS)
    assert round(int(margins.get(f"{{{W}}}left")) / 1440 * 25.4) == 25


def test_each_chapter_header_shows_its_title(built):
    lang, path = built
    document = docx.Document(str(path))
    headers = [s.header.paragraphs[0].text for s in document.sections[2:]]
    assert headers == [TEXT[lang]["chapter"], TEXT[lang]["section"] + "2"]


def test_links_are_word_hyperlinks(built):
    _, path = built
    body = xml(path, "word/document.xml")
    rels = xml(path, "word/_rels/document.xml.rels")
    external = body.find(".//w:hyperlink[@r:id]", NS)
    rel = rels.find(f"rel:Relationship[@Id='{external.get('{%s}id' % NS['r'])}']", NS)
    assert rel.get("Target") == "https://example.org/?a=1&b=2"
    assert rel.get("TargetMode") == "External"
    internal = [h.get(f"{{{W}}}anchor") for h in body.iterfind(".//w:hyperlink", NS)]
    assert "_Ref_tab_awards" in internal


# ---------------------------------------------------------------- notes, pictures, tables


def test_notes_are_real_footnotes(built):
    lang, path = built
    notes = xml(path, "word/footnotes.xml")
    kinds = {n.get(f"{{{W}}}id"): n.get(f"{{{W}}}type") for n in notes.iterfind("w:footnote", NS)}
    assert kinds["-1"] == "separator" and kinds["0"] == "continuationSeparator"
    assert TEXT[lang]["note"] in "".join(notes.itertext())
    ref = xml(path, "word/document.xml").find(".//w:footnoteReference", NS)
    assert ref.get(f"{{{W}}}id") == "1"
    assert ref.getparent().find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "FootnoteReference"
    types = xml(path, "[Content_Types].xml")
    assert types.find("ct:Override[@PartName='/word/footnotes.xml']", NS) is not None


def test_pictures_carry_alt_text_and_the_svg(built):
    lang, path = built
    body = xml(path, "word/document.xml")
    doc_prs = body.findall(".//wp:docPr", NS)
    assert doc_prs and all(d.get("descr") for d in doc_prs)
    assert doc_prs[0].get("descr") == TEXT[lang]["alt"]
    svg = body.find(".//asvg:svgBlip", NS)
    rels = xml(path, "word/_rels/document.xml.rels")
    rel_id = svg.get("{%s}embed" % NS["r"])
    target = rels.find(f"rel:Relationship[@Id='{rel_id}']", NS).get("Target")
    assert target.endswith(".svg")
    types = xml(path, "[Content_Types].xml")
    assert any(o.get("ContentType") == "image/svg+xml" for o in types)
    extent = body.find(".//wp:extent", NS)
    assert int(extent.get("cx")) == pytest.approx(160 * 36000, rel=0.01)  # scaled to text width


def test_tables_repeat_their_head_and_align_numbers(built):
    _, path = built
    body = xml(path, "word/document.xml")
    data = [t for t in body.iter(f"{{{W}}}tbl")
            if t.find("w:tblPr/w:tblStyle", NS).get(f"{{{W}}}val") == "ReportTable"]
    assert len(data) == 1
    rows = data[0].findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr/w:tblHeader", NS) is None
    number = rows[1].findall("w:tc", NS)[1].find("w:p/w:pPr/w:pStyle", NS).get(f"{{{W}}}val")
    assert number == "TableNumber"
    jc = xml(path, "word/styles.xml").find("w:style[@w:styleId='TableNumber']/w:pPr/w:jc", NS)
    assert jc.get(f"{{{W}}}val") == "right"
    # the three-line table of the PDFs: rules above and below, a light one under the head
    borders = xml(path, "word/styles.xml").find(
        "w:style[@w:styleId='ReportTable']/w:tblPr/w:tblBorders", NS)
    sizes = {b.tag.split("}")[1]: int(b.get(f"{{{W}}}sz") or 0) for b in borders}
    assert sizes["top"] == sizes["bottom"] == 12 and sizes["insideH"] == 0
    under_head = rows[0].find("w:tc/w:tcPr/w:tcBorders/w:bottom", NS)
    assert under_head.get(f"{{{W}}}sz") == "6"
    assert rows[1].find("w:tc/w:tcPr/w:tcBorders", NS) is None


def test_callout_is_a_tinted_box_with_a_title_outside_the_outline(built):
    lang, path = built
    body = xml(path, "word/document.xml")
    box = next(t for t in body.iter(f"{{{W}}}tbl")
               if t.find("w:tblPr/w:tblStyle", NS).get(f"{{{W}}}val") == "CalloutBox")
    styles = [p.get(f"{{{W}}}val") for p in box.iterfind(".//w:pStyle", NS)]
    assert styles[0] == "BoxTitle" and "ListBullet" in styles
    assert not any(s.startswith("Heading") for s in styles)
    assert box.find(".//w:numPr", NS) is not None
    style = xml(path, "word/styles.xml").find("w:style[@w:styleId='CalloutBox']", NS)
    assert style.find("w:tcPr/w:shd", NS).get(f"{{{W}}}fill") != "auto"
    assert style.find("w:tblPr/w:tblBorders/w:left", NS).get(f"{{{W}}}val") == "single"
    outline = xml(path, "word/styles.xml").find(
        "w:style[@w:styleId='BoxTitle']/w:pPr/w:outlineLvl", NS)
    assert outline.get(f"{{{W}}}val") == "9"


def test_each_ordered_list_restarts(built):
    _, path = built
    body = xml(path, "word/document.xml")
    numbered = [p for p in body.iter(f"{{{W}}}p")
                if p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "ListNumber"]
    num_ids = [p.find("w:pPr/w:numPr/w:numId", NS).get(f"{{{W}}}val") for p in numbered]
    assert len(num_ids) == 4 and num_ids[0] == num_ids[1] != num_ids[2] == num_ids[3]


# ---------------------------------------------------------------- package


def test_properties_and_timestamps_are_fixed(built):
    _, path = built
    props = docx.Document(str(path)).core_properties
    assert props.title in (TEXT["zh-CN"]["title"], TEXT["en"]["title"])
    assert props.created.timestamp() == EPOCH and props.modified.timestamp() == EPOCH
    assert props.revision == 1 and props.keywords == "report, 2020"
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    assert infos[0].filename == "[Content_Types].xml"
    assert {i.date_time for i in infos} == {(2023, 11, 14, 22, 13, 20)}


@pytest.mark.parametrize("lang", ["zh-CN", "en"])
def test_two_writes_are_byte_identical(lang, assets, tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    write_docx(sample(lang, *assets), first, options_for(lang, tmp_path))
    write_docx(sample(lang, *assets), second, options_for(lang, tmp_path))
    assert first.read_bytes() == second.read_bytes()


def test_markup_characters_survive_and_control_characters_are_dropped(assets, tmp_path):
    target = tmp_path / "escape.docx"
    nasty = "x < y && <w:p> \x01\x0b\x1f]]> end"
    write_docx(sample("en", *assets, escape_text=nasty), target, options_for("en", tmp_path))
    texts = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "x < y && <w:p> ]]> end" in texts


def test_a_reference_docx_lends_its_styles_but_not_its_text(assets, tmp_path):
    reference = docx.Document()
    reference.styles["Body Text"].font.size = docx.shared.Pt(15)
    reference.add_paragraph("template text that must not appear")
    reference.sections[0].header.paragraphs[0].text = "template header"
    reference.save(tmp_path / "reference.docx")
    target = tmp_path / "out.docx"
    write_docx(sample("en", *assets), target,
               options_for("en", tmp_path, reference_docx=tmp_path / "reference.docx"))
    result = docx.Document(str(target))
    assert result.styles["Body Text"].font.size == docx.shared.Pt(15)
    assert "template text" not in "".join(p.text for p in result.paragraphs)
    assert "Table Text" in [s.name for s in result.styles]  # missing styles are added
    with zipfile.ZipFile(target) as z:
        assert not any(b"template header" in z.read(n) for n in z.namelist())
    assert result.sections[0].header.is_linked_to_previous  # the cover has no header


def test_a_missing_picture_is_a_render_error(assets, tmp_path):
    png, svg = assets
    with pytest.raises(RenderError, match="PNG file not found"):
        write_docx(sample("en", tmp_path / "missing.png", svg), tmp_path / "x.docx",
                   options_for("en", tmp_path))


# ---------------------------------------------------------------- LibreOffice


@pytest.fixture(scope="module")
def zh_pdf(assets, tmp_path_factory) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder = tmp_path_factory.mktemp("libreoffice")
    source = folder / "report.docx"
    write_docx(sample("zh-CN", *assets), source, options_for("zh-CN", folder))
    profile = folder / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(folder), str(source)],
                   check=True, capture_output=True, timeout=240)
    return folder / "report.pdf"


def test_libreoffice_embeds_every_font_and_only_noto_cjk_for_chinese(zh_pdf):
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils is not installed")
    lines = subprocess.run(["pdffonts", str(zh_pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert lines and all(" yes " in line for line in lines), lines  # every font embedded
    names = [line.split()[0].split("+")[-1] for line in lines]
    cjk = [n for n in names if "CJK" in n]
    # SimSun → the serif (Song) face, SimHei → the sans (Hei) face
    assert any(n.startswith("NotoSerifCJK") for n in cjk)
    assert any(n.startswith("NotoSansCJK") for n in cjk)
    assert not any(n.startswith("DejaVu") for n in names)


def test_libreoffice_draws_simplified_chinese_glyph_forms(zh_pdf):
    """The check pdffonts cannot make: the Noto CJK collections share one CFF whose name
    says "jp" for every face, so the embedded glyphs are compared with the SC face's."""
    ttc = pytest.importorskip("fontTools.ttLib")
    used = _cjk_glyphs_in(zh_pdf)
    assert used, "no CJK Type 1 font found in the PDF"
    checked = 0
    for (family, weight), glyphs in used.items():
        path = subprocess.run(["fc-match", "-f", "%{file}", f"Noto {family} CJK SC:style={weight}"],
                              capture_output=True, text=True).stdout
        faces = {}
        for face in ttc.TTCollection(path, lazy=True).fonts:
            region = re.search(r"\b(SC|TC|HK|JP|KR)\b", face["name"].getDebugName(4))
            if region:
                faces[region.group(1)] = face.getBestCmap()
        if "SC" not in faces or "JP" not in faces:
            pytest.skip(f"{path} is not the Noto CJK collection")
        for char, glyph in glyphs:
            sc, jp = (_cid(faces[r].get(ord(char), "")) for r in ("SC", "JP"))
            if sc != jp:
                assert _cid(glyph) == sc, (char, family, weight, glyph)
                checked += 1
    assert checked >= 3  # enough characters whose SC and JP forms differ


def _cid(glyph_name: str) -> int | None:
    return int(glyph_name[3:]) if glyph_name.startswith("cid") else None


def _cjk_glyphs_in(pdf: Path) -> dict:
    """(family, weight) → {(character, glyph name)} of the Noto CJK Type 1 fonts in `pdf`."""
    from pypdf import PdfReader

    found: dict = {}
    for page in PdfReader(str(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            match = re.search(r"Noto(Serif|Sans)CJK\w*-(\w+?)-", str(font["/BaseFont"]))
            program = font["/FontDescriptor"].get_object().get("/FontFile")
            if not match or program is None or "/ToUnicode" not in font:
                continue
            clear = program.get_object().get_data().split(b"eexec")[0].decode("latin-1")
            names = {int(code): name for code, name in re.findall(r"dup (\d+) /(\S+) put", clear)}
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for code, uni in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>", cmap):
                if int(code, 16) in names:
                    found.setdefault(match.groups(), set()).add(
                        (chr(int(uni, 16)), names[int(code, 16)]))
    return found


def test_libreoffice_renders_the_chinese_text(zh_pdf):
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    text = subprocess.run(["pdftotext", str(zh_pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert re.sub(r"\s+", "", ZH_PARAGRAPH) in flat
    assert "目录" in flat and "图1年度奖项构成" in flat


# ---------------------------------------------------------------- as reviewers' clients show it


def test_compatibility_mode_is_word_2013_and_tables_are_not_indented(built):
    _, path = built
    settings = xml(path, "word/settings.xml")
    modes = [s.get(f"{{{W}}}val") for s in settings.iterfind("w:compat/w:compatSetting", NS)
             if s.get(f"{{{W}}}name") == "compatibilityMode"]
    assert modes == ["15"]
    # mode 15 puts a table's edge on the margin; the mode-14 indent would push it in
    styles = xml(path, "word/styles.xml")
    for ind in styles.iterfind(".//w:tblInd", NS):
        assert ind.get(f"{{{W}}}w") == "0"


def test_a_reference_docx_in_chinese_keeps_latin_text_english(assets, tmp_path):
    reference = docx.Document()
    rPr = reference.styles["Body Text"].element.get_or_add_rPr()
    rPr.append(etree.fromstring(f'<w:lang xmlns:w="{W}" w:val="zh-CN" w:eastAsia="zh-CN"/>'))
    reference.save(tmp_path / "reference.docx")
    target = tmp_path / "out.docx"
    write_docx(sample("zh-CN", *assets), target,
               options_for("zh-CN", tmp_path, reference_docx=tmp_path / "reference.docx"))
    tags = [(t.get(f"{{{W}}}val"), t.get(f"{{{W}}}eastAsia"))
            for t in xml(target, "word/styles.xml").iter(f"{{{W}}}lang")]
    assert len(tags) >= 2 and all(val == "en-US" for val, _ in tags)
    assert ("en-US", "zh-CN") in tags


def test_chapter_openers_have_no_running_head_but_keep_the_folio(built):
    lang, path = built
    document = docx.Document(str(path))
    chapters = document.sections[2:]
    assert all(s.different_first_page_header_footer for s in chapters)
    assert not document.sections[1].different_first_page_header_footer  # the front matter
    first = chapters[0]
    assert not first.first_page_header.is_linked_to_previous
    assert first.first_page_header.paragraphs[0].text == ""
    folio = first.first_page_footer._element
    assert any("PAGE" in (t.text or "") for t in folio.iter(f"{{{W}}}instrText"))
    # the later chapters inherit the same opener (no header part of their own)
    assert chapters[1].first_page_header.is_linked_to_previous
    assert chapters[0].header.paragraphs[0].text == TEXT[lang]["chapter"]


def test_a_box_is_not_kept_with_what_follows_it(built):
    """A keep-with-next on the first paragraph of a box makes LibreOffice move the whole
    box to the next page; the box's other headings may keep with their text."""
    _, path = built
    styles = xml(path, "word/styles.xml")
    title = styles.find("w:style[@w:styleId='BoxTitle']/w:pPr", NS)
    assert title.find("w:keepNext", NS) is None and title.find("w:keepLines", NS) is not None
    body = xml(path, "word/document.xml")
    for table in body.iter(f"{{{W}}}tbl"):
        first = table.find(".//w:p/w:pPr", NS)
        assert first.find("w:keepNext", NS) is None
    # the title is kept with the first paragraph by an opening row that cannot split;
    # the rest of the box may break across pages
    box = next(t for t in body.iter(f"{{{W}}}tbl")
               if t.find("w:tblPr/w:tblStyle", NS).get(f"{{{W}}}val") == "CalloutBox")
    opening, rest = box.findall("w:tr", NS)
    assert opening.find("w:trPr/w:cantSplit", NS) is not None
    assert rest.find("w:trPr/w:cantSplit", NS) is None
    assert [p.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val")
            for p in opening.iterfind(".//w:p", NS)] == ["BoxTitle", "BoxText"]
    assert rest.find(".//w:numPr", NS) is not None  # the list follows in the second row


def test_no_section_break_rides_on_a_paragraph_with_fields_or_targets(built):
    """LibreOffice misplaces the bookmark and field of a paragraph that ends a section, and
    a REF to it then shows "Figure " without the number."""
    _, path = built
    body = xml(path, "word/document.xml")
    carriers = [p for p in body.iter(f"{{{W}}}p") if p.find("w:pPr/w:sectPr", NS) is not None]
    assert len(carriers) == 3
    for p in carriers:
        assert p.find(".//w:fldChar", NS) is None
        names = [b.get(f"{{{W}}}name") for b in p.iter(f"{{{W}}}bookmarkStart")]
        assert all(n.startswith("_Src") for n in names)


def test_every_contents_entry_has_a_cached_page_number(built):
    _, path = built
    body = xml(path, "word/document.xml")
    entries = [p for p in body.iter(f"{{{W}}}p")
               if any(" PAGEREF " in (t.text or "") for t in p.iter(f"{{{W}}}instrText"))]
    assert len(entries) >= 5
    for p in entries:
        runs = list(p.iter(f"{{{W}}}r"))
        texts = [r.findtext("w:t", None, NS) for r in runs]
        assert re.fullmatch(r"\d+", [t for t in texts if t is not None][-1])


def test_measured_page_numbers_replace_the_estimate(assets, tmp_path):
    from authoring.writers.docx import clientpages
    from authoring.writers.docx.contents import set_page_numbers

    assert clientpages.destination_name("_Ref_fig_1") == "5FRef5Ffig5F1"
    one, two = etree.Element("t"), etree.Element("t")
    one.text, two.text = "3", "5"
    results = {"_Ref_a": [one], "_Ref_b": [two]}
    assert set_page_numbers(results, {"_Ref_a": 4, "_Ref_b": 5, "_Ref_c": 9}) == 1
    assert (one.text, two.text) == ("4", "5")


def test_page_numbers_option_is_checked_and_falls_back_without_libreoffice(tmp_path,
                                                                          monkeypatch):
    from authoring.build import build
    from authoring.errors import ConfigError
    from authoring.writers.docx import clientpages

    from ..conftest import ENGLISH, copy_project

    project = copy_project(ENGLISH, tmp_path / "english")
    toml = project / "report.toml"
    original = toml.read_text(encoding="utf-8")
    toml.write_text(original + '\n[docx]\npage_numbers = "word"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="page_numbers"):
        build(project, formats=["docx"])
    toml.write_text(original + '\n[docx]\npage_numbers = "libreoffice"\n', encoding="utf-8")
    monkeypatch.setattr(clientpages, "soffice", lambda: None)
    result = build(project, formats=["docx"])
    assert any("soffice" in w for w in result.warnings)
    body = xml(result.outputs["docx"], "word/document.xml")
    assert any(" PAGEREF " in (t.text or "") for t in body.iter(f"{{{W}}}instrText"))


def test_the_estimate_wraps_latin_text_with_the_faces_own_widths():
    from authoring.writers.docx.estimate import count_lines
    from authoring.writers.docx.widths import latin_width

    # Liberation Serif (= Times New Roman metrics): "a" is 909/2048 em, a space 512/2048
    assert latin_width("a a", "Times New Roman") == pytest.approx((909 * 2 + 512) / 2048)
    assert latin_width("aa", "Arial", bold=True) > latin_width("aa", "Times New Roman")
    words = " ".join(["word"] * 60)  # 60 × (4 letters + space)
    width_pt = latin_width("word ", "Times New Roman") * 11 * 20.5  # room for 20 words
    assert count_lines(words, 11, width_pt, 0, "Times New Roman", False, False) == 3
    # a number is never broken: 5 five-digit numbers on lines that hold two of them
    numbers = " ".join(["12345"] * 5)
    room = latin_width("12345 12345", "Times New Roman") * 11 + 1
    assert count_lines(numbers, 11, room, 0, "Times New Roman", False, False) == 3
    # East Asian characters are one em each and break anywhere: 30 of them on 12 em lines
    assert count_lines("汉" * 30, 12, 12 * 12, 0, "Times New Roman", False, True) == 3
    assert count_lines("汉" * 30, 12, 12 * 12, 24, "Times New Roman", False, True) == 3
    assert count_lines("汉" * 35, 12, 12 * 12, 24, "Times New Roman", False, True) == 4


@pytest.mark.parametrize("text", ["plain", " lead", "trail ", "a\tb", "line\nbreak", "cr\r\nlf",
                                  "\t\tx\n", "全角，中文 text  ", "\n", "a\x07b"])
def test_run_text_is_written_as_python_docx_writes_it(text):
    # ooxml.run appends w:t/w:tab/w:br itself (the Run.text setter was a hot spot): same XML
    from docx.oxml import OxmlElement

    from authoring.writers.docx import ooxml

    reference = OxmlElement("w:r")
    reference.text = ooxml.clean_text(text)
    assert etree.tostring(ooxml.run(text)) == etree.tostring(reference)


def test_each_picture_of_the_report_has_its_own_drawing_id(built_example):
    # the writer counts drawing ids itself instead of python-docx scanning them per picture
    body = xml(built_example.outputs["docx"], "word/document.xml")
    ids = [int(d.get("id")) for d in body.findall(".//wp:docPr", NS)]
    assert len(ids) == 3 and ids == sorted(set(ids))
    every = [a for a in body.xpath("//@id") if a.isdigit() and a.getparent().tag != qn_pic_nv()]
    assert sorted(map(int, every)) == ids


def qn_pic_nv() -> str:
    return "{http://schemas.openxmlformats.org/drawingml/2006/picture}cNvPr"
