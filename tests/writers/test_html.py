"""HTML writer: markup, escaping, geometry and CJK spacing, read back from the HTML.

The document builders here are shared with test_pdf.py.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from urllib.parse import unquote

import lxml.html
import pytest

from authoring.errors import RenderError
from authoring.model.nodes import (Callout, Cell, Chapter, CrossRef, Document, Figure, Heading,
                                   ListBlock, Meta, Note, Paragraph, Strong, Table, Text)
from authoring.model.numbering import NumberingStyle, number_document
from authoring.writers.weasyprint.cjk import space_han_latin
from authoring.writers.weasyprint.html import render_html, write_html
from authoring.writers.page import page_geometry
from authoring.writers.options import Page, Words, WriteOptions

ZH_WORDS = Words(contents="目录", figures="图目录", tables="表目录", figure="图", table="表",
                 source="资料来源：", label_separator="")

ZH_PARAGRAPHS = (
    "2020年是规划收官之年，也是新一轮中长期科技创新工作的谋划之年。总体来看，创新体系的基本框架已经形成，"
    "战略科技力量、产业高质量发展的科技支撑、充满活力的创新生态（包括各类孵化器、众创空间等）已基本构建。"
    "据《区域科技创新评价报告2020》显示，本地区综合科技创新水平指数排名第一，连续3年位列榜首；"
    "全社会研究开发（R&D）经费支出相当于地区生产总值的比例预计为4.1%，每万人口发明专利拥有量60.2件。",
    "坚持“四个面向”战略方向，在脑科学、量子、基因与蛋白质、精准医疗等诸多前沿领域涌现多项具有国际影响力的原创成果："
    "科学家在国际顶尖学术期刊发表论文124篇，占全国总数的32.0%；发明专利授权24208件，比上年增长6.5%！"
    "专利合作条约申请受理量3558件，比上年增长29.9%？各类“卡脖子”问题逐步得到解决，“揭榜挂帅”机制成效显著，"
    "一批（重大）项目进入实施阶段。",
    "国家实验室建设取得重大进展，世界级大科学设施集群初具规模，综合性国家科学中心集中度、显示度持续提升。"
    "积极发起“全脑介观神经连接图谱”国际大科学计划，深度参与平方公里阵列射电望远镜（SKA）和国际大洋发现计划"
    "（IODP）等大科学计划，为进一步承接实施国家重大科技任务奠定基础。",
)

EN_PARAGRAPHS = (
    "The year closed the five-year plan. Total spending on research and development (R&D) "
    "reached 4.1% of regional output, and the number of invention patents per ten thousand "
    "people rose to 60.2, the highest level so far recorded in the series.",
    "Research teams published 124 papers in leading journals, 32.0% of the national total; "
    "24,208 invention patents were granted, up 6.5% on the previous year, while applications "
    "under the Patent Cooperation Treaty grew by 29.9%.",
)


def write_chart(folder: Path, name: str = "chart") -> tuple[str, str]:
    """A small bar chart as SVG (text as paths) and PNG; returns project-relative paths."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    matplotlib.rcParams.update({"svg.hashsalt": "test", "svg.fonttype": "path"})
    (folder / "charts").mkdir(parents=True, exist_ok=True)
    fig, ax = plt.subplots(figsize=(5.9, 3.0))
    ax.bar(["2016", "2017", "2018", "2019", "2020"], [3.7, 3.8, 4.0, 4.0, 4.1], color="#1f4e79")
    ax.set_ylabel("%")
    fig.savefig(folder / "charts" / f"{name}.svg", metadata={"Date": None, "Creator": None})
    fig.savefig(folder / "charts" / f"{name}.png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return f"charts/{name}.svg", f"charts/{name}.png"


def zh_document(project: Path, repeat: int = 4) -> Document:
    """A Chinese report of about five pages using every node type."""
    svg, png = write_chart(project)
    body_text = [Paragraph((Text(p),)) for p in ZH_PARAGRAPHS] * repeat
    chapter1 = Chapter("ch-overview", (
        Heading(1, (Text("总体情况"),), id="overview"),
        *body_text[:3],
        Heading(2, (Text("原始创新能力不断增强"),), id="innovation"),
        Paragraph((Strong((Text("重大原创成果持续涌现。"),)), Text("研发投入稳步增长，详见"),
                   CrossRef("fig-rd"), Text("和"), CrossRef("tab-awards"),
                   Text("。比较结果显示 a<b & c 成立"),
                   Note((Paragraph((Text("数据来源于年度统计公报，2020年为快报数。"),)),)),
                   Text("。"))),
        *body_text[3:7],
        Figure("fig-rd", (Text("研究开发经费支出占地区生产总值比例"),), alt="柱状图：研发投入占比",
               svg=svg, png=png, width_mm=150, height_mm=76,
               source_note=(Text("统计局年度统计公报"),)),
        Heading(3, (Text("重点领域自主创新"),), id="key-fields"),
        *body_text[7:],
        ListBlock(((Paragraph((Text("集成电路产业基础能力进一步提升；"),)),),
                   (Paragraph((Text("人工智能创新布局与应用加快实施；"),)),),
                   (Paragraph((Text("生物医药创新成果大量涌现。"),)),))),
    ), template="overview.md.j2")
    chapter2 = Chapter("ch-awards", (
        Heading(1, (Text("科技奖励"),), id="awards"),
        *body_text[:2],
        Callout((
            Heading(3, (Text("2019年度科学技术奖"),)),
            Paragraph((Text("科技功臣奖"), Strong((Text("2"),)), Text("人，获奖项目"),
                       Strong((Text("294"),)), Text("项，其中："))),
            ListBlock(((Paragraph((Text("自然科学奖"), Strong((Text("43"),)), Text("项"))),),
                       (Paragraph((Text("技术发明奖"), Strong((Text("31"),)), Text("项"))),),
                       (Paragraph((Text("科技进步奖"), Strong((Text("205"),)), Text("项"))),))),
        )),
        Heading(2, (Text("获奖项目分布"),), id="distribution"),
        *body_text[2:5],
        Table(header=((Cell((Text("奖项"),)), Cell((Text("项目数"),)), Cell((Text("占比（%）"),))),),
              rows=tuple((Cell((Text(name),)), Cell((Text(n),), numeric=True),
                          Cell((Text(share),), numeric=True))
                         for name, n, share in (("自然科学奖", "43", "14.6"),
                                                ("技术发明奖", "31", "10.5"),
                                                ("科技进步奖", "205", "69.7"),
                                                ("科学技术普及奖", "15", "5.1"))),
              caption=(Text("2019年度科学技术奖获奖项目"),), id="tab-awards"),
        *body_text[5:],
    ), template="awards.md.j2")
    appendix = Chapter("ch-appendix", (
        Heading(1, (Text("附录　指标说明"),), id="appendix"),
        Paragraph((Text("本报告所用指标口径与国家统计制度一致，R&D经费按执行部门统计。"),)),
    ), template="appendix.md.j2", kind="appendix")
    meta = Meta(title="2020年科技创新发展报告", subtitle="年度报告", author="科学技术委员会",
                organization="科学技术委员会", date="2021年6月", lang="zh-CN", year=2020,
                subject="年度科技创新发展情况", keywords=("科技创新", "年度报告"))
    doc = Document(meta, (chapter1, chapter2, appendix))
    return number_document(doc, NumberingStyle(figure_word="图", table_word="表", separator="",
                                               heading_numbers=True))


def zh_options(project: Path, **page) -> WriteOptions:
    return WriteOptions(project_dir=project, lang="zh-CN", words=ZH_WORDS, page=Page(**page),
                        source_date_epoch=1_622_505_600, first_line_indent_chars=2,
                        heading_numbers=True)


def en_document(project: Path) -> Document:
    svg, png = write_chart(project, "chart-en")
    body = [Paragraph((Text(p),)) for p in EN_PARAGRAPHS] * 3
    chapter = Chapter("ch-summary", (
        Heading(1, (Text("Summary"),), id="summary"),
        Paragraph((Strong((Text("Research output grew."),)), Text(" See "), CrossRef("fig-en"),
                   Text(" and "), CrossRef("tab-en"), Text(" for the figures; a<b & c."),
                   Note((Paragraph((Text("Preliminary figures for 2020."),)),)))),
        *body,
        Heading(2, (Text("Patents"),), id="patents"),
        Figure("fig-en", (Text("R&D spending as a share of output"),), alt="Bar chart of R&D share",
               svg=svg, png=png, width_mm=140, source_note=(Text("Statistical bulletin"),)),
        Table(header=((Cell((Text("Award"),)), Cell((Text("Projects"),))),),
              rows=((Cell((Text("Natural science"),)), Cell((Text("43"),), numeric=True)),
                    (Cell((Text("Technology"),)), Cell((Text("205"),), numeric=True))),
              caption=(Text("Awards by kind"),), id="tab-en"),
        Callout((Heading(3, (Text("At a glance"),)),
                 Paragraph((Text("294 projects won awards."),)))),
        *body,
    ))
    meta = Meta(title="Annual Science Report 2020", author="Science Commission", lang="en",
                year=2020, subject="Science and technology in 2020", keywords=("science", "R&D"))
    return number_document(Document(meta, (chapter,)), NumberingStyle())


def en_options(project: Path, **page) -> WriteOptions:
    return WriteOptions(project_dir=project, lang="en", page=Page(**page),
                        source_date_epoch=1_622_505_600)


def parse(html: str):
    return lxml.html.document_fromstring(html)


def find(tree, xpath: str) -> list:
    """`xpath` with `.cls(name)` standing for "has class name"."""
    import re
    xpath = re.sub(r"\.cls\(([\w-]+)\)",
                   r"contains(concat(' ', normalize-space(@class), ' '), ' \1 ')", xpath)
    return tree.xpath(xpath)


@pytest.fixture
def zh(tmp_path):
    return zh_document(tmp_path), zh_options(tmp_path)


# ------------------------------------------------------------------ markup


def test_escapes_text_and_attributes(zh):
    doc, options = zh
    html = render_html(doc, options)
    assert "a&lt;b &amp; c" in html
    assert "a<b" not in html
    assert "（R&amp;D）" in html
    tree = parse(html)
    assert "a<b & c" in tree.text_content()


def test_declares_the_language_and_metadata(zh):
    doc, options = zh
    tree = parse(render_html(doc, options))
    assert tree.get("lang") == "zh-CN"
    assert tree.findtext(".//title") == "2020年科技创新发展报告"
    metas = {m.get("name"): m.get("content") for m in tree.iter("meta") if m.get("name")}
    assert metas["keywords"] == "科技创新, 年度报告"
    assert metas["description"] == "年度科技创新发展情况"
    assert metas["dcterms.created"] == "2021-06-01T00:00:00Z"


def test_builds_cover_contents_and_chapters(zh):
    doc, options = zh
    tree = parse(render_html(doc, options))
    cover = find(tree, "//section[.cls(cover)]")[0]
    assert "2020年科技创新发展报告" in "".join(cover.text_content().split())
    toc_links = [a.get("href") for a in find(tree, "//nav[.cls(toc)]//a")]
    headings = find(tree, "//section[.cls(chapter)]/*[self::h1 or self::h2 or self::h3]")
    assert toc_links == ["#" + h.get("id") for h in headings]
    assert [s.get("id") for s in find(tree, "//section[.cls(chapter)]")] == [
        "ch-overview", "ch-awards", "ch-appendix"]
    assert find(tree, "//nav[.cls(lof)]//a/@href") == ["#fig-rd"]
    assert find(tree, "//nav[.cls(lot)]//a/@href") == ["#tab-awards"]
    assert find(tree, "//*[@id='innovation']/span[.cls(secnum)]/text()") == ["一、"]


def test_renders_figures_tables_callouts_notes_and_refs(zh):
    doc, options = zh
    tree = parse(render_html(doc, options))
    figure = find(tree, "//figure[@id='fig-rd']")[0]
    img = figure.find("img")
    assert img.get("src") == "charts/chart.svg" and img.get("alt") == "柱状图：研发投入占比"
    assert figure.find("figcaption").text_content() == "图\u20051\u3000研究开发经费支出占地区生产总值比例"
    assert find(figure, "p[.cls(source-note)]")[0].text_content() == "资料来源：统计局年度统计公报"
    table = find(tree, "//table[@id='tab-awards']")[0]
    assert table[0].tag == "caption" and table[0].text_content().startswith("表\u20051\u3000")
    # the head's first row holds "续表 1" for the pages the table continues on
    # (weasy_continued.py); the foot's empty row is the bottom rule on every page
    heads = table.xpath("thead/tr")
    assert len(heads) == 2 and heads[0].get("class") == "continued"
    assert "表\u20051" in heads[0].text_content()  # the words of the options, with the label
    assert table.xpath("tfoot/tr[@class='closing']/td")[0].text_content() == ""
    assert [td.text_content() for td in find(table, "tbody//td[.cls(num)]")][:2] == ["43", "14.6"]
    assert table.xpath("thead//th")[1].get("class") == "num"
    # the column widths tablefit.py chose, in a colgroup (table-layout: fixed in base.css)
    widths = [float(c.get("style").split(":")[1].rstrip("%")) for c in table.xpath("colgroup/col")]
    assert len(widths) == 3 and abs(sum(widths) - 100) < 0.01
    callout = find(tree, "//aside[.cls(callout)]")[0]
    assert find(callout, "h3[.cls(callout-title)]") and callout.xpath(".//li")
    assert not callout.xpath("h3[@id]")
    notes = find(tree, "//span[.cls(footnote)]")
    assert [n.text_content() for n in notes] == ["数据来源于年度统计公报，2020\u2005年为快报数。"]
    refs = {a.get("href"): a.text_content() for a in find(tree, "//a[.cls(xref)]")}
    # labels are spaced like any Han–digit boundary, in captions and references alike
    assert refs == {"#fig-rd": "图\u20051", "#tab-awards": "表\u20051"}


def test_spaces_han_and_latin_by_a_quarter_em_across_element_edges(zh):
    q = "\u2005"
    assert space_han_latin("比例为4.1%，每万人口60.2件") == f"比例为{q}4.1%，每万人口{q}60.2{q}件"
    assert space_han_latin("（R&D）经费") == "（R&D）经费"
    assert space_han_latin("2件", before="有") == f"{q}2{q}件"
    doc, options = zh
    html = render_html(doc, options)
    assert f"科技功臣奖<strong>{q}2</strong>{q}人" in html


def test_leaves_latin_text_alone(tmp_path):
    doc, options = en_document(tmp_path), en_options(tmp_path)
    tree = parse(render_html(doc, options))
    assert tree.get("lang") == "en"
    assert find(tree, "//nav[.cls(toc)]/h2/text()") == ["Contents"]
    caption = tree.xpath("//figcaption")[0].text_content()
    assert caption == "Figure 1 R&D spending as a share of output"
    assert "4.1% of regional output" in tree.text_content()


def test_writes_a_standalone_page_with_working_links(tmp_path):
    doc = zh_document(tmp_path)
    target = tmp_path / "out" / "html" / "report.html"
    write_html(doc, target, zh_options(tmp_path))
    tree = parse(target.read_text(encoding="utf-8"))
    for img in tree.iter("img"):
        assert (target.parent / unquote(img.get("src"))).is_file()
    # browsers have no paged-media footnotes: notes become endnotes with links back
    assert not find(tree, "//span[.cls(footnote)]")
    assert find(tree, "//section[.cls(footnotes)]//li[@id='fn-1']//a/@href") == ["#fnref-1"]


def test_links_project_stylesheets_after_the_default_css(tmp_path):
    (tmp_path / "style").mkdir()
    (tmp_path / "style" / "house.css").write_text("h1 { color: red }")
    options = dataclasses.replace(zh_options(tmp_path), css_files=(Path("style/house.css"),))
    html = render_html(zh_document(tmp_path), options)
    assert html.index("--accent") < html.index('href="style/house.css"')


def test_refuses_a_figure_whose_file_is_missing(tmp_path):
    doc = zh_document(tmp_path)
    (tmp_path / "charts" / "chart.svg").unlink()
    with pytest.raises(RenderError, match="fig-rd"):
        render_html(doc, zh_options(tmp_path))


# ------------------------------------------------------------------ page geometry


@pytest.mark.parametrize("page", [
    Page(),
    Page(size="185mm 260mm", margin_inner_mm=25, margin_outer_mm=20, two_sided=True),
    Page(size="B5 landscape"),
])
def test_makes_the_text_measure_a_whole_number_of_characters(page):
    geo = page_geometry(page, 10.5)
    measure_mm = geo.width - geo.inner - geo.outer
    assert measure_mm == pytest.approx(geo.measure_em * 10.5 * 25.4 / 72)
    assert geo.outer >= page.margin_outer_mm
    assert geo.outer - page.margin_outer_mm < 10.5 * 25.4 / 72


def test_mirrors_margins_for_two_sided_printing(tmp_path):
    doc = zh_document(tmp_path)
    options = zh_options(tmp_path, two_sided=True, bleed_mm=3, crop_marks=True)
    html = render_html(doc, options)
    assert "bleed: 3mm" in html and "marks: crop" in html
    assert "@page :left { margin-left: 22" in html and "margin-right: 28mm" in html
    assert "--chapter-break: right" in html
    assert "marks: crop" not in render_html(doc, zh_options(tmp_path, bleed_mm=3))


@pytest.mark.parametrize("size", ["A7", "185 260", "185mm"])
def test_rejects_unknown_page_sizes(size):
    with pytest.raises(RenderError, match="page size"):
        page_geometry(Page(size=size))


def test_says_source_once_when_the_note_already_does(tmp_path):
    doc = zh_document(tmp_path)
    figure = next(b for b in doc.chapters[0].blocks if isinstance(b, Figure))
    noted = dataclasses.replace(figure, source_note=(Text("资料来源：统计局"),))
    doc = dataclasses.replace(doc, chapters=(Chapter("c", (noted,)),))
    tree = parse(render_html(doc, zh_options(tmp_path)))
    assert find(tree, "//p[.cls(source-note)]")[0].text_content() == "资料来源：统计局"
