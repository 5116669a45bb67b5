"""A synthetic report project of a given size: Chinese narrative, data-driven charts and tables.

    python -m benchmarks.synth --pages 300 --out benchmarks/work/synthetic-300p [--seed 2020]

writes a real project folder that `authoring build --project DIR` builds:

    report.toml
    data/indicators.yaml   ~17 indicators and one breakdown per chapter (10 years each)
    data/values.csv        wide table: indicator,2011,…,2020
    templates/chNN.md.j2   one chapter each: sections, paragraphs, figures, tables, box, notes
    templates/appendix.md.j2  one long table over every indicator (spans many pages)
    figures/*.yaml         bar, line, donut, grouped_bar, stacked_bar, hbar, bar_line, pie

The prose is built from a small vocabulary of subjects, verbs, objects and results, so no
two paragraphs are the same; it uses the whole template vocabulary: filters num, change, pct,
pp, ordinal, over/nearly/plus, functions share, streak, cagr, figure, ref. Everything is
deterministic for a given seed. Default size (300 pages): 30 chapters, 60 charts, 40 tables.
"""

from __future__ import annotations

import argparse
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

YEAR = 2020
YEARS = list(range(YEAR - 9, YEAR + 1))  # 2011..2020

# Narrative characters per printed page (A4, 10.5 pt, 43 characters a line), measured on
# this toolkit's PDF with the default style; used only to size the text.
CHARS_PER_PAGE = 1090
PAGES_PER_CHART = 0.33
PAGES_PER_TABLE = 0.45

THEMES = [
    "集成电路", "人工智能", "生物医药", "新能源汽车", "高端装备", "新材料", "航空航天", "海洋工程",
    "量子科技", "脑科学", "基础研究", "科技金融", "技术市场", "知识产权", "科技人才", "国际合作",
    "区域协同", "科学普及", "创新载体", "科技企业", "农业科技", "民生科技", "生态环境", "智慧城市",
    "数字经济", "区块链", "能源技术", "医疗器械", "检验检测", "科研诚信", "工业软件", "精准医学",
    "类脑智能", "卫星互联网", "氢能储能", "合成生物",
]
CHAPTER_TITLES = ["{t}创新发展", "{t}领域加快突破", "{t}能级持续提升", "{t}体系不断完善",
                  "{t}发展态势良好", "{t}支撑作用增强"]
SECTION_TITLES = ["总体情况", "创新能力", "产业发展", "平台建设", "人才队伍", "开放合作",
                  "政策环境", "重点任务", "应用示范", "下一步工作"]
SUBSECTION_TITLES = ["主要进展", "关键技术", "成果转化", "典型案例", "存在问题"]

OPENERS = ["围绕{focus}，", "聚焦{focus}，", "面向{focus}，", "立足{focus}，", "按照{plan}的部署，",
           "为更好服务{focus}，", ""]
FOCUS = ["国家战略需求", "产业链供应链安全", "关键核心技术攻关", "世界科技前沿", "经济社会发展主战场",
         "人民生命健康", "城市数字化转型", "高质量发展", "科技自立自强", "超大城市治理"]
PLANS = ["“十三五”规划", "年度工作要点", "三年行动计划", "科技创新中心建设方案", "专项规划"]
SUBJECTS = ["全市", "各区", "重点企业", "高校和科研院所", "新型研发机构", "龙头企业", "中小企业",
            "功能型平台", "产业联盟", "相关部门", "行业协会", "创新联合体"]
ADVERBS = ["加快", "持续", "深入", "着力", "统筹", "稳步", "全面", "积极"]
VERBS = ["推进", "完善", "布局", "建设", "优化", "培育", "强化", "拓展", "提升", "健全", "打造"]
OBJECTS = ["{t}创新平台", "{t}产业集群", "{t}人才队伍", "{t}公共服务体系", "{t}标准体系",
           "产学研用协同机制", "重大科技基础设施", "新型研发机构", "科技成果转化通道", "应用场景",
           "开放合作网络", "知识产权保护体系", "金融支持政策", "创新创业生态", "共性技术平台",
           "首台（套）应用政策", "数据共享机制"]
RESULTS = ["取得积极进展", "成效明显", "形成一批标志性成果", "整体水平稳步提升", "支撑作用进一步凸显",
           "带动效应持续增强", "发展态势良好", "实现重要突破", "服务能力明显增强"]
CONNECTORS = ["同时，", "此外，", "与此同时，", "在此基础上，", "总体来看，", "从结构看，", "另一方面，"]
AREAS = ["基础研究", "应用研究", "技术攻关", "成果转化", "产业化应用", "标准制定", "人才培养",
         "国际合作", "平台建设", "场景示范", "检验检测", "知识产权运营"]
LEADS = ["创新能力持续增强", "产业规模稳步扩大", "发展环境不断优化", "关键技术加快突破",
         "开放合作不断深化", "支撑作用日益凸显", "体制机制改革深入推进", "创新主体活力迸发"]
PROJECT_PARTS = [("basic", "基础研究类"), ("applied", "应用研究类"), ("dev", "试验发展类"),
                 ("demo", "示范推广类")]
KIND_CYCLE = ["bar", "line", "donut", "grouped_bar", "stacked_bar", "hbar", "bar_line", "pie"]


def J(expr: str) -> str:
    """A Jinja placeholder."""
    return "{{ " + expr + " }}"


@dataclass
class Chapter:
    index: int
    prefix: str
    theme: str
    charts: list = field(default_factory=list)  # (id, kind)
    tables: list = field(default_factory=list)  # (id, type)


@dataclass
class Plan:
    pages: int
    chapters: int
    charts: int
    tables: int
    narrative_chars: int
    seed: int


def plan_for(pages: int, charts: int | None = None, tables: int | None = None,
             chapters: int | None = None, seed: int = 2020) -> Plan:
    charts = round(60 * pages / 300) if charts is None else charts
    tables = max(1, round(40 * pages / 300)) if tables is None else tables
    chapters = max(1, round(pages / 10)) if chapters is None else chapters
    n_indicators_rows = chapters * 9  # appendix rows (amounts + percents)
    appendix_pages = n_indicators_rows / 38
    front = 2 + chapters * 6 / 40 + (charts + tables) / 40  # cover, TOC, lists
    text_pages = max(1.0, pages - charts * PAGES_PER_CHART - max(0, tables - 1) * PAGES_PER_TABLE
                     - appendix_pages - front - chapters * 0.5)  # chapter starts on a new page
    return Plan(pages, chapters, charts, tables, int(text_pages * CHARS_PER_PAGE), seed)


# ------------------------------------------------------------------ data


def _indicators(ch: Chapter) -> list[dict]:
    p, t = ch.prefix, ch.theme
    return [
        {"id": f"{p}_output", "label": f"{t}产业规模", "unit": "亿元", "decimals": 1,
         "total": f"{p}_output_nat", "source": "合成数据（基准测试）"},
        {"id": f"{p}_output_nat", "label": f"全国{t}产业规模", "unit": "亿元", "decimals": 1},
        {"id": f"{p}_invest", "label": f"{t}研发经费投入", "unit": "亿元", "decimals": 1},
        {"id": f"{p}_fund", "label": f"{t}财政科技投入", "unit": "亿元", "decimals": 1},
        {"id": f"{p}_trade", "label": f"{t}技术合同成交额", "unit": "亿元", "decimals": 1},
        {"id": f"{p}_firms", "label": f"{t}领域高新技术企业", "unit": "家",
         "total": f"{p}_firms_nat"},
        {"id": f"{p}_firms_nat", "label": f"全国{t}领域高新技术企业", "unit": "家"},
        {"id": f"{p}_patents", "label": f"{t}发明专利授权量", "unit": "件"},
        {"id": f"{p}_staff", "label": f"{t}从业人员", "unit": "人", "scale": "万", "decimals": 1},
        {"id": f"{p}_intensity", "label": f"{t}研发投入强度", "unit": "%", "decimals": 1},
        {"id": f"{p}_conversion", "label": f"{t}科技成果转化率", "unit": "%", "decimals": 1},
        {"id": f"{p}_rank", "label": f"{t}综合实力全国排名", "kind": "rank"},
        {"id": f"{p}_proj", "label": f"{t}立项项目", "unit": "项"},
        *[{"id": f"{p}_proj_{k}", "label": f"{t}{name}项目", "unit": "项"} for k, name in PROJECT_PARTS],
    ]


def _series(rng: random.Random, base: float, lo: float, hi: float, digits: int) -> list:
    out, value = [], base
    for _ in YEARS:
        out.append(round(value, digits) if digits else int(round(value)))
        value *= 1 + rng.uniform(lo, hi)
    return out


def _values(rng: random.Random, ch: Chapter) -> dict[str, list]:
    p = ch.prefix
    v: dict[str, list] = {}
    v[f"{p}_output"] = _series(rng, rng.uniform(80, 2500), -0.04, 0.2, 2)
    v[f"{p}_output_nat"] = [round(x / rng.uniform(0.08, 0.3), 2) for x in v[f"{p}_output"]]
    v[f"{p}_invest"] = _series(rng, rng.uniform(10, 300), -0.03, 0.18, 2)
    v[f"{p}_fund"] = _series(rng, rng.uniform(5, 120), -0.05, 0.15, 2)
    v[f"{p}_trade"] = _series(rng, rng.uniform(20, 600), -0.05, 0.25, 2)
    v[f"{p}_firms"] = _series(rng, rng.uniform(200, 6000), -0.02, 0.16, 0)
    v[f"{p}_firms_nat"] = [int(x / rng.uniform(0.06, 0.25)) for x in v[f"{p}_firms"]]
    v[f"{p}_patents"] = _series(rng, rng.uniform(300, 20000), -0.03, 0.2, 0)
    v[f"{p}_staff"] = _series(rng, rng.uniform(30000, 900000), -0.02, 0.1, 0)
    intensity, conversion = rng.uniform(1.5, 5.5), rng.uniform(18, 55)
    v[f"{p}_intensity"], v[f"{p}_conversion"] = [], []
    for _ in YEARS:
        v[f"{p}_intensity"].append(round(intensity, 2))
        v[f"{p}_conversion"].append(round(conversion, 2))
        intensity = max(0.5, intensity + rng.uniform(-0.15, 0.3))
        conversion = min(95.0, max(5.0, conversion + rng.uniform(-1.5, 3.0)))
    # top three for the last six years, outside it before, so streak(le=3) is closed
    v[f"{p}_rank"] = [rng.randint(4, 9) for _ in YEARS[:4]] + [rng.randint(1, 3) for _ in YEARS[4:]]
    parts = {k: _series(rng, rng.uniform(15, 300), -0.05, 0.2, 0) for k, _ in PROJECT_PARTS}
    for k, series in parts.items():
        v[f"{p}_proj_{k}"] = series
    v[f"{p}_proj"] = [sum(parts[k][i] for k, _ in PROJECT_PARTS) for i in range(len(YEARS))]
    return v


def _yaml_scalar(value) -> str:
    if isinstance(value, (int, float)):
        return str(value)
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _write_data(root: Path, chapters: list[Chapter], rng: random.Random) -> int:
    lines = ["# Synthetic indicators for the benchmark report (generated by benchmarks/synth.py).",
             "indicators:"]
    rows = ["indicator," + ",".join(str(y) for y in YEARS)]
    count = 0
    for ch in chapters:
        for ind in _indicators(ch):
            lines.append("  - {" + ", ".join(f"{k}: {_yaml_scalar(v)}" for k, v in ind.items()) + "}")
            count += 1
        for ident, series in _values(rng, ch).items():
            rows.append(ident + "," + ",".join(str(x) for x in series))
    lines.append("breakdowns:")
    for ch in chapters:
        p = ch.prefix
        parts = ", ".join(f"{p}_proj_{k}" for k, _ in PROJECT_PARTS)
        lines.append(f"  - {{id: {p}_proj_by_type, label: {_yaml_scalar(ch.theme + '立项项目')}, "
                     f"total: {p}_proj, parts: [{parts}]}}")
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "data" / "indicators.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "data" / "values.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return count


# ------------------------------------------------------------------ figures


def _figure_yaml(ch: Chapter, ident: str, kind: str, chapters: list[Chapter]) -> str:
    p, t = ch.prefix, ch.theme
    src = "source: 资料来源：合成数据（基准测试）。\n"
    if kind == "bar":
        return (f"kind: bar\nseries: [{p}_output]\nyears: [report-4, report-3, report-2, report-1, report]\n"
                f'caption: "{{{{ year - 4 }}}}—{{{{ year }}}}年{t}产业规模"\n{src}show_growth: true\n'
                "size: [150, 80]\n")
    if kind == "line":
        years = ", ".join([f"report-{i}" for i in range(9, 0, -1)] + ["report"])
        return (f"kind: line\nseries: [{p}_intensity, {p}_conversion]\nyears: [{years}]\n"
                f"caption: {t}研发投入强度与科技成果转化率\nlabels: {{{p}_intensity: 研发投入强度, "
                f"{p}_conversion: 成果转化率}}\n{src}size: [150, 85]\n")
    if kind in ("donut", "pie"):
        year = "report" if kind == "donut" else "report-1"
        label = "{{ year }}" if kind == "donut" else "{{ year - 1 }}"
        return (f"kind: {kind}\nbreakdown: {p}_proj_by_type\nyear: {year}\n"
                f'caption: "{label}年{t}立项项目构成"\n{src}unit: 项\nsize: [150, 80]\n')
    if kind == "grouped_bar":
        return (f"kind: grouped_bar\nseries: [{p}_invest, {p}_fund]\nyears: [report-2, report-1, report]\n"
                f"caption: {t}研发经费与财政科技投入\nlabels: {{{p}_invest: 研发经费投入, {p}_fund: 财政科技投入}}\n"
                f"{src}size: [150, 80]\n")
    if kind == "stacked_bar":
        series = ", ".join(f"{p}_proj_{k}" for k, _ in PROJECT_PARTS)
        labels = ", ".join(f"{p}_proj_{k}: {name}" for k, name in PROJECT_PARTS)
        return (f"kind: stacked_bar\nseries: [{series}]\nyears: [report-3, report-2, report-1, report]\n"
                f"caption: {t}各类立项项目\nlabels: {{{labels}}}\n{src}size: [150, 85]\n")
    if kind == "hbar":
        others = [c for c in chapters if c is not ch][:5]
        group = [ch] + others
        series = ", ".join(f"{c.prefix}_output" for c in group)
        labels = ", ".join(f"{c.prefix}_output: {c.theme}" for c in group)
        return (f"kind: hbar\nseries: [{series}]\nyear: report\nsort: true\n"
                f'caption: "{{{{ year }}}}年部分领域产业规模比较"\nlabels: {{{labels}}}\n{src}size: [150, 90]\n')
    if kind == "bar_line":
        return (f"kind: bar_line\nseries: [{p}_trade, {p}_conversion]\nsecondary: [{p}_conversion]\n"
                f"years: [report-4, report-3, report-2, report-1, report]\n"
                f"caption: {t}技术合同成交额与科技成果转化率\n{src}size: [150, 85]\n")
    raise ValueError(kind)


# ------------------------------------------------------------------ prose


class Prose:
    """Varied Chinese sentences from a small vocabulary, some carrying data placeholders."""

    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, items):
        return self.rng.choice(items)

    def action(self, t: str) -> str:
        return self.pick(ADVERBS) + self.pick(VERBS) + self.pick(OBJECTS).format(t=t)

    def plain(self, t: str) -> str:
        r = self.rng.randrange(6)
        opener = self.pick(OPENERS).format(focus=self.pick(FOCUS), plan=self.pick(PLANS))
        if r == 0:
            return f"{opener}{self.pick(SUBJECTS)}{self.action(t)}，{self.pick(RESULTS)}。"
        if r == 1:
            return f"{self.pick(CONNECTORS)}{self.pick(SUBJECTS)}{self.action(t)}，{self.action(t)}，{self.pick(RESULTS)}。"
        if r == 2:
            areas = "、".join(self.rng.sample(AREAS, self.rng.randint(2, 4)))
            return f"{self.pick(SUBJECTS)}在{areas}等方面{self.pick(RESULTS)}。"
        if r == 3:
            return (f"{opener}{self.action(t)}，推动{t}与{self.pick(THEMES)}融合发展，"
                    f"{self.pick(RESULTS)}。")
        if r == 4:
            n = self.rng.randint(2, 40)
            return (f"全年新建{t}相关{self.pick(['重点实验室', '工程技术研究中心', '示范项目', '公共服务平台'])}"
                    f"{n}个，{self.action(t)}，{self.pick(RESULTS)}。")
        return (f"{self.pick(CONNECTORS)}{self.action(t)}，进一步{self.pick(VERBS)}"
                f"{self.pick(OBJECTS).format(t=t)}，为{self.pick(FOCUS)}提供有力支撑。")

    def data(self, ch: Chapter) -> str:
        p, t = ch.prefix, ch.theme
        r = self.rng.randrange(12)
        if r == 0:
            return f"{t}产业规模达到{J(p + '_output | num')}亿元，比上年{J(p + '_output | change')}，占全国的{J('share(' + p + '_output) | pct')}。"
        if r == 1:
            return (f"{J(p + '_invest.label')}由{J('year - 5')}年的{J(p + '_invest[year - 5] | num')}亿元增至"
                    f"{J(p + '_invest | num(unit=True)')}，年均增长{J('cagr(' + p + '_invest, year - 5) | pct')}。")
        if r == 2:
            return f"全年{t}财政科技投入{J(p + '_fund | num')}亿元，同比{J(p + '_fund | change')}，{self.action(t)}。"
        if r == 3:
            words = J(p + '_trade | change(up="增加", down="减少")')
            return f"{t}技术合同成交额{J(p + '_trade | num')}亿元，比上年{words}。"
        if r == 4:
            return (f"有效期内{t}领域高新技术企业{J(p + '_firms | over')}家，比上年{J(p + '_firms | change')}，"
                    f"占全国总数的{J('share(' + p + '_firms) | pct')}。")
        if r == 5:
            return f"{t}发明专利授权量{J(p + '_patents | num')}件，比上年{J(p + '_patents | change')}。"
        if r == 6:
            return f"{t}从业人员{J(p + '_staff | plus')}人，{self.pick(SUBJECTS)}{self.action(t)}。"
        if r == 7:
            return f"{t}研发投入强度为{J(p + '_intensity')}，比上年{J(p + '_intensity | pp')}。"
        if r == 8:
            return f"{t}科技成果转化率达到{J(p + '_conversion | num')}，比上年{J(p + '_conversion | pp')}，{self.pick(RESULTS)}。"
        if r == 9:
            return (f"{t}综合实力位居全国{J(p + '_rank | ordinal')}，连续{J('streak(' + p + '_rank, le=3)')}年"
                    f"保持全国前三。")
        if r == 10:
            part_k, part_name = self.pick(PROJECT_PARTS)
            return (f"全年{t}立项项目{J(p + '_proj_by_type.total')}项，其中{part_name}{J(p + '_proj_' + part_k)}项，"
                    f"占{J('share(' + p + '_proj_' + part_k + ', ' + p + '_proj) | pct')}。")
        return f"{t}产业规模{J(p + '_output | nearly')}亿元，相当于{J('year - 5')}年的{J('multiple(' + p + '_output, year - 5) | times')}。"

    def paragraph(self, ch: Chapter, lead: bool) -> str:
        sentences = [self.plain(ch.theme) for _ in range(self.rng.randint(3, 6))]
        for _ in range(self.rng.randint(1, 2)):
            sentences.insert(self.rng.randrange(len(sentences) + 1), self.data(ch))
        text = "".join(sentences)
        if lead:
            text = f"**{ch.theme}{self.pick(LEADS)}。**" + text
        return text


def _visible_len(text: str) -> int:
    """Rough printed length of a template paragraph: placeholders count as ~5 characters."""
    import re

    return len(re.sub(r"\{\{.*?\}\}", "xxxxx", text))


# ------------------------------------------------------------------ tables


def _table(ch: Chapter, ident: str, kind: str) -> str:
    p, t = ch.prefix, ch.theme
    if kind == "main":
        rows = []
        for key in ("output", "invest", "fund", "trade", "firms", "patents", "staff"):
            x = f"{p}_{key}"
            rows.append(f"| {J(x + '.label')} | {J(x + '.unit')} | {J(x + '[year - 2] | num')} | "
                        f"{J(x + '[year - 1] | num')} | {J(x + ' | num')} | {J(x + ' | change')} |")
        for key in ("intensity", "conversion"):
            x = f"{p}_{key}"
            rows.append(f"| {J(x + '.label')} | % | {J(x + '[year - 2] | num')} | "
                        f"{J(x + '[year - 1] | num')} | {J(x + ' | num')} | {J(x + ' | pp')} |")
        head = (f"::: table {ident} {t}主要指标\n| 指标 | 单位 | {J('year - 2')}年 | {J('year - 1')}年 | "
                f"{J('year')}年 | 比上年增减 |\n|:--|:--|--:|--:|--:|--:|\n")
        return head + "\n".join(rows) + "\n:::\n"
    # breakdown table: parts, values and shares
    head = (f"::: table {ident} {J('year')}年{t}立项项目构成\n| 类别 | {J('year - 1')}年（项） | "
            f"{J('year')}年（项） | 占比 |\n|:--|--:|--:|--:|\n")
    body = (f"{{% for part in {p}_proj_by_type.parts %}}\n"
            f"| {J('part.label')} | {J('part[year - 1]')} | {J('part')} | "
            f"{J('share(part, ' + p + '_proj) | pct')} |\n{{% endfor %}}\n"
            f"| 合计 | {J(p + '_proj[year - 1]')} | {J(p + '_proj')} | 100.0% |\n")
    return head + body + ":::\n"


# ------------------------------------------------------------------ chapters


def _chapter_text(ch: Chapter, prose: Prose, budget: int, rng: random.Random) -> str:
    p, t = ch.prefix, ch.theme
    title = CHAPTER_TITLES[ch.index % len(CHAPTER_TITLES)].format(t=t)
    out = [f"{{#- Chapter {ch.index + 1}: {t} (generated by benchmarks/synth.py, seed-deterministic). -#}}",
           f"# {title} {{id=ch-{p}}}", ""]
    paragraphs: list[str] = []
    used = 0
    while used < budget or len(paragraphs) < 3:
        para = prose.paragraph(ch, lead=rng.random() < 0.45)
        paragraphs.append(para)
        used += _visible_len(para)
    n_sections = max(1, min(len(SECTION_TITLES), len(paragraphs) // 4))
    # where figures, tables and the box go: after evenly spread paragraphs
    inserts: dict[int, list[str]] = {}
    objects = [("figure", c) for c in ch.charts] + [("table", tb) for tb in ch.tables]
    if ch.index % 3 == 0:
        objects.append(("box", None))
    objects.sort(key=lambda o: rng.random())
    for i, obj in enumerate(objects):
        at = min(len(paragraphs) - 1, (i + 1) * len(paragraphs) // (len(objects) + 1))
        inserts.setdefault(at, []).append(obj)
    section_starts = {round(s * len(paragraphs) / n_sections): s for s in range(n_sections)}
    footnote = False
    for i, para in enumerate(paragraphs):
        if i in section_starts and i > 0:
            s = section_starts[i]
            out += [f"## {SECTION_TITLES[s]} {{id=sec-{p}-{s}}}", ""]
        elif i in section_starts:
            pass  # the chapter's opening paragraphs come before the first section
        elif rng.random() < 0.08:
            out += [f"### {prose.pick(SUBSECTION_TITLES)}", ""]
        if not footnote and "{{" in para and i > 0:
            para = para[:-1] + f"[^{p}-src]。" if para.endswith("。") else para + f"[^{p}-src]"
            footnote = True
        out += [para, ""]
        for kind, obj in inserts.get(i, []):
            if kind == "figure":
                ident, _ = obj
                ref = J('ref("' + ident + '")')
                out += [f"如{ref}所示，{t}相关指标{prose.pick(RESULTS)}。", "",
                        J(f'figure("{ident}")'), ""]
            elif kind == "table":
                ident, ttype = obj
                out += [f"{t}主要数据详见[](#{ident})。", "", _table(ch, ident, ttype)]
            else:
                out += ["::: box", f"### {J('year')}年{t}立项情况", "",
                        f"全年立项项目**{J(p + '_proj_by_type.total')}**项，其中：", "",
                        f"{{% for part in {p}_proj_by_type.parts %}}",
                        f"- {J('part.label')}**{J('part')}**项", "{% endfor %}", ":::", ""]
    if footnote:
        out += [f"[^{p}-src]: 资料来源：合成数据（基准测试），按四舍五入保留所示位数。", ""]
    return "\n".join(out)


APPENDIX = """{#- Statistical appendix: every indicator with its values and year-on-year change. -#}
{% set prev = year - 1 %}
# 附录 主要统计指标 {id=appendix}

本附录列出正文引用的全部统计指标及其比上年变化，见[](#tab-appendix)。增长率与占比均由基础数据计算得出，按四舍五入保留所示位数。

::: table tab-appendix 主要统计指标及比上年变化
| 指标 | 单位 | {{ prev }}年 | {{ year }}年 | 比上年增减 |
|:--|:--|--:|--:|--:|
{% for x in indicators if x.kind in ("amount", "percent") %}
| {{ x.label }} | {{ x.unit }} | {% if x.has(prev) %}{{ x[prev] | num(x.decimals) }}{% else %}—{% endif %} | {% if x.has(year) %}{{ x[year] | num(x.decimals) }}{% else %}—{% endif %} | {% if x.has(prev) and x.has(year) %}{% if x.kind == "percent" %}{{ x.pp | pp }}{% else %}{{ x.yoy | pct }}{% endif %}{% else %}—{% endif %} |
{% endfor %}
:::
"""


def generate(out: Path, pages: int = 300, charts: int | None = None, tables: int | None = None,
             chapters: int | None = None, seed: int = 2020) -> dict:
    """Write the project into `out` (replaced if it exists); return a summary."""
    plan = plan_for(pages, charts, tables, chapters, seed)
    rng = random.Random(seed)
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    (out / "templates").mkdir(parents=True)
    (out / "figures").mkdir()

    chs = []
    for i in range(plan.chapters):
        theme = THEMES[i % len(THEMES)] + ("" if i < len(THEMES) else f"（{i // len(THEMES) + 1}）")
        chs.append(Chapter(i, f"c{i + 1:02d}", theme))
    # charts and tables round-robin over chapters; the first chart is chapter 1's bar chart
    for j in range(plan.charts):
        ch = chs[j % plan.chapters]
        kind = KIND_CYCLE[j % len(KIND_CYCLE)]
        ch.charts.append((f"{ch.prefix}_{kind}_{len(ch.charts) + 1}", kind))
    for j in range(plan.tables - 1):  # the last table is the appendix
        ch = chs[j % plan.chapters]
        ch.tables.append((f"tab-{ch.prefix}-{len(ch.tables) + 1}", "main" if j < plan.chapters else "parts"))

    n_indicators = _write_data(out, chs, rng)
    for ch in chs:
        for ident, kind in ch.charts:
            (out / "figures" / f"{ident}.yaml").write_text(
                f"# generated by benchmarks/synth.py\n{_figure_yaml(ch, ident, kind, chs)}", encoding="utf-8")

    prose = Prose(rng)
    budget = plan.narrative_chars // plan.chapters
    for ch in chs:
        (out / "templates" / f"{ch.prefix}.md.j2").write_text(
            _chapter_text(ch, prose, budget, rng), encoding="utf-8")
    (out / "templates" / "appendix.md.j2").write_text(APPENDIX, encoding="utf-8")

    chapters_toml = "".join(f'\n[[chapters]]\ntemplate = "{ch.prefix}.md.j2"\nid = "{ch.prefix}"\n'
                            for ch in chs)
    (out / "report.toml").write_text(f"""# Synthetic benchmark report: {pages} pages (target), seed {seed}.
# Generated by `python -m benchmarks.synth`; regenerate rather than edit.

[report]
id = "synthetic"
title = "{{{{ year }}}}年度科技创新发展报告"
subtitle = "基准测试合成报告"
organization = "基准测试"
author = "benchmarks/synth.py"
date = "{{{{ year + 1 }}}}年"
year = {YEAR}
lang = "zh-CN"
subject = "合成的年度报告，用于性能基准测试"
keywords = ["基准测试", "合成数据"]

[data]
files = ["data/indicators.yaml", "data/values.csv"]
{chapters_toml}
[[chapters]]
template = "appendix.md.j2"
id = "appendix"
kind = "appendix"

[style]
body_font = "SimSun"
heading_font = "SimHei"
first_line_indent = 2
heading_numbers = true

[page]
size = "A4"

[pdf]
edition = "screen"

[build]
formats = ["docx", "pdf"]
""", encoding="utf-8")
    return {"path": str(out), "pages_target": pages, "chapters": plan.chapters, "charts": plan.charts,
            "tables": plan.tables, "indicators": n_indicators, "seed": seed,
            "narrative_chars": plan.narrative_chars,
            "kinds": sorted({k for ch in chs for _, k in ch.charts})}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--charts", type=int)
    parser.add_argument("--tables", type=int)
    parser.add_argument("--chapters", type=int)
    parser.add_argument("--seed", type=int, default=2020)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    summary = generate(args.out, args.pages, args.charts, args.tables, args.chapters, args.seed)
    print(summary)


if __name__ == "__main__":
    main()
