"""A chart's kind, caption, categories and series → its alternative text (pure).

What a screen reader says instead of "image": the kind of chart, its caption, and what it
shows: every value when there are few, else each series' first and last value and its
largest. The values are the phrases the labels and the prose print ("€99.8 million").
"""

from __future__ import annotations

from ..templating import locale as L

KIND_WORDS = {
    "zh": {"bar": "柱状图", "grouped_bar": "分组柱状图", "stacked_bar": "堆积柱状图",
           "hbar": "条形图", "line": "折线图", "bar_line": "柱线图", "pie": "饼图",
           "donut": "环形图", "panels": "分组小图"},
    "en": {"bar": "Bar chart", "grouped_bar": "Grouped bar chart",
           "stacked_bar": "Stacked bar chart", "hbar": "Horizontal bar chart",
           "line": "Line chart", "bar_line": "Bar and line chart", "pie": "Pie chart",
           "donut": "Doughnut chart", "panels": "Small bar charts"},
}
LIST_AT_MOST = 40  # values listed one by one; beyond, a summary per series


def describe(loc, kind: str, caption: str, categories, series, by_year: bool) -> str:
    """"堆积柱状图：2019—2023年R&D经费。企业：2019年1200亿元、…；高校：…"."""
    zh = loc is L.ZH
    colon, stop, sep, pair_sep = ("：", "。", "；", "、") if zh else (": ", ". ", "; ", ", ")
    head = f"{KIND_WORDS['zh' if zh else 'en'][kind]}{colon}{caption.strip()}"
    count = sum(len(s.values) for s in series)
    parts = []
    for s in series:
        words = s.phrases or s.labels
        pairs = [_pair(loc, c, w) for c, w in zip(categories, words) if w]
        if count > LIST_AT_MOST and len(pairs) > 3:
            numbered = [(v, c, w) for c, v, w in zip(categories, s.values, words) if w and v is not None]
            top = max(numbered, key=lambda t: t[0])
            summary = ("从" if zh else "from ") + pairs[0] + ("到" if zh else " to ") + pairs[-1]
            summary += ("，最高" if zh else ", highest ") + _pair(loc, top[1], top[2])
            pairs = [summary]
        listing = pair_sep.join(pairs)
        parts.append(f"{s.name}{colon}{listing}" if len(series) > 1 or by_year else listing)
    return head + (stop if not zh else "。") + sep.join(parts)


def _pair(loc, category: str, phrase: str) -> str:
    if loc is L.ZH and not (category[-1:].isdigit() and phrase[:1].isdigit()):
        return f"{category}{phrase}"  # 自然科学奖43项; but 部分01 371亿元 keeps its space
    return f"{category} {phrase}"
