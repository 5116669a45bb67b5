"""Reading a DOCX the way a reader sees it: what counts as text, what is noise, where each paragraph is."""

from __future__ import annotations

import zipfile
from pathlib import Path

from authoring.review.reader import read_docx
from authoring.review.revisions import accept_all, reject_all

NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STYLES = f"""<?xml version="1.0"?><w:styles {NS}>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="1"><w:name w:val="标题 1"/></w:style>
<w:style w:type="paragraph" w:styleId="Sub"><w:name w:val="My Section"/><w:basedOn w:val="Out2"/></w:style>
<w:style w:type="paragraph" w:styleId="Out2"><w:name w:val="Outline Two"/>
  <w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/></w:style>
<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:rPr><w:b/></w:rPr></w:style>
</w:styles>"""


def make(path: Path, body: str, notes: str = "") -> Path:
    rels = [("styles", "styles.xml")] + ([("footnotes", "footnotes.xml")] if notes else [])
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", f'<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                   f'2006/relationships"><Relationship Id="r1" Type="{REL}/officeDocument" '
                   f'Target="word/document.xml"/></Relationships>')
        z.writestr("word/_rels/document.xml.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   + "".join(f'<Relationship Id="r{k}" Type="{REL}/{kind}" Target="{target}"/>'
                             for k, (kind, target) in enumerate(rels)) + "</Relationships>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {NS}><w:body>{body}'
                   "</w:body></w:document>")
        z.writestr("word/styles.xml", STYLES)
        if notes:
            z.writestr("word/footnotes.xml", f"<w:footnotes {NS}>{notes}</w:footnotes>")
    return path


def p(text: str, style: str = "", extra: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f"<w:p>{ppr}{extra}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def blocks(path: Path) -> list:
    return [(b.kind, b.text, b.location) for b in read_docx(path).blocks]


def it_builds_section_paths_from_outline_levels_and_heading_names(tmp_path):
    doc = make(tmp_path / "a.docx", p("第一章", "1") + p("引言。") + p("小节", "Sub") + p("正文一。")
               + p("正文二。") + p("第二章", "1") + p("结语。"))
    assert blocks(doc) == [
        ("heading", "第一章", "第一章 › heading"), ("paragraph", "引言。", "第一章 › ¶1"),
        ("heading", "小节", "第一章 › 小节 › heading"), ("paragraph", "正文一。", "第一章 › 小节 › ¶1"),
        ("paragraph", "正文二。", "第一章 › 小节 › ¶2"), ("heading", "第二章", "第二章 › heading"),
        ("paragraph", "结语。", "第二章 › ¶1")]


def it_skips_contents_lists_page_numbers_and_hidden_text(tmp_path):
    toc = ('<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
           '<w:r><w:instrText> TOC \\o "1-3" </w:instrText></w:r><w:r><w:fldChar w:fldCharType='
           '"separate"/></w:r><w:r><w:t>第一章 ........ 1</w:t></w:r></w:p>'
           '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:t>第二章 ........ 5</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    page = ('<w:p><w:r><w:t xml:space="preserve">见第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/>'
            '</w:r><w:r><w:instrText> PAGEREF _Ref1 </w:instrText></w:r><w:r><w:fldChar '
            'w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar '
            'w:fldCharType="end"/></w:r><w:r><w:t>页。</w:t></w:r>'
            '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r></w:p>')
    doc = make(tmp_path / "a.docx", toc + page)
    assert [b[1] for b in blocks(doc)] == ["见第页。"]


def it_does_not_let_a_broken_field_hide_the_rest(tmp_path):
    broken = ('<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr><w:r><w:fldChar w:fldCharType="begin"/>'
              '</w:r><w:r><w:instrText> TOC </w:instrText></w:r><w:r><w:fldChar '
              'w:fldCharType="separate"/></w:r><w:r><w:t>目录条目</w:t></w:r></w:p>')
    doc = make(tmp_path / "a.docx", broken + p("正文还在。"))
    assert [b[1] for b in blocks(doc)] == ["正文还在。"]


def it_reads_tracked_changes_as_accepted(tmp_path):
    revision = 'w:id="{}" w:author="甲" w:date="2021-01-01T00:00:00Z"'
    body = (f'<w:p><w:r><w:t>保留</w:t></w:r><w:del {revision.format(1)}><w:r><w:delText>删去</w:delText>'
            f'</w:r></w:del><w:ins {revision.format(2)}><w:r><w:t>新增</w:t></w:r></w:ins></w:p>'
            f'<w:p><w:pPr><w:rPr><w:del {revision.format(3)}/></w:rPr></w:pPr><w:r><w:t>并入</w:t></w:r>'
            "</w:p>" + p("下一段。"))
    doc = make(tmp_path / "a.docx", body)
    assert [b[1] for b in blocks(doc)] == ["保留新增", "并入下一段。"]
    from lxml import etree

    root = etree.fromstring(f"<w:body {NS}>{body}</w:body>".encode())
    reject_all(root)
    text = ["".join(t.text for t in x.iter("{*}t")) for x in root.iter("{*}p")]
    assert text == ["保留删去", "并入", "下一段。"]
    root = etree.fromstring(f"<w:body {NS}>{body}</w:body>".encode())
    accept_all(root)
    assert ["".join(t.text for t in x.iter("{*}t")) for x in root.iter("{*}p")] == \
        ["保留新增", "并入下一段。"]


def it_reads_symbols_tabs_breaks_and_content_controls(tmp_path):
    body = ('<w:sdt><w:sdtContent><w:p><w:r><w:t>甲</w:t><w:tab/><w:t>乙</w:t><w:br/>'
            '<w:sym w:font="Symbol" w:char="00B1"/><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'
            '<w:sdt><w:sdtContent><w:r><w:t>丙</w:t></w:r></w:sdtContent></w:sdt></w:p>'
            "</w:sdtContent></w:sdt>")
    # a symbol-font character is text (a changed symbol is a change), spelled U+F0xx
    assert [b[1] for b in blocks(make(tmp_path / "a.docx", body))] == ["甲\t乙\n\uf0b1\uf0fc丙"]


def it_puts_footnotes_after_the_paragraph_citing_them(tmp_path):
    body = ('<w:p><w:r><w:t>正文</w:t></w:r><w:r><w:footnoteReference w:id="2"/></w:r></w:p>'
            + p("下一段。"))
    notes = ('<w:footnote w:id="2"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t>注释。</w:t></w:r>'
             "</w:p></w:footnote>")
    assert blocks(make(tmp_path / "a.docx", body, notes)) == [
        ("paragraph", "正文", "¶1"), ("footnote", "注释。", "note 1"), ("paragraph", "下一段。", "¶2")]


def it_reads_formatting_by_effect_not_by_markup(tmp_path):
    body = ('<w:p><w:r><w:rPr><w:rStyle w:val="Strong"/></w:rPr><w:t>粗</w:t></w:r>'
            '<w:r><w:rPr><w:b/></w:rPr><w:t>粗</w:t></w:r><w:r><w:rPr><w:b w:val="0"/>'
            '<w:rStyle w:val="Strong"/></w:rPr><w:t>细</w:t></w:r></w:p>')
    [block] = read_docx(make(tmp_path / "a.docx", body)).blocks
    assert [(piece.text, sorted(piece.fmt)) for piece in block.pieces] == \
        [("粗", ["bold"]), ("粗", ["bold"]), ("细", [])]


def it_names_table_cells_by_caption_row_and_column(tmp_path):
    def row(*cells):
        return "<w:tr>" + "".join(f"<w:tc>{p(c)}</w:tc>" for c in cells) + "</w:tr>"

    body = (p("表2 主要指标", "Caption") + "<w:tbl>" + row("指标", "2020年") + row("专利", "24208")
            + "</w:tbl>")
    found = blocks(make(tmp_path / "a.docx", body))
    assert found[-1] == ("cell", "24208", "表2 › 专利 × 2020年")
    assert found[0][0] == "caption"
