"""The figure-definition schema: chart kinds, the keys each takes, and what each key does.

One table read by spec.py (to refuse a key a kind ignores) and by docs/FIGURES.md (its
kinds × keys table is generated from here, and a test checks the two agree).
"""

from __future__ import annotations

from dataclasses import dataclass

# the kinds whose categories are the drawn items (indicators or breakdown parts) in one year,
# those whose categories are years (one series per item), and bar, which may be either
ONE_YEAR = ("hbar", "pie", "donut")
SEVERAL_YEARS = ("grouped_bar", "stacked_bar", "line", "bar_line", "panels")
KINDS = {
    "bar": "vertical bars: the items in one year, or one item over several years",
    "grouped_bar": "bars side by side: each item over several years",
    "stacked_bar": "bars stacked: the items of each year on top of each other",
    "hbar": "horizontal bars: the items in one year (a ranking)",
    "line": "lines: each item over several years",
    "bar_line": "bars with lines on a second axis: other items, or the bars' growth",
    "pie": "slices: the items in one year",
    "donut": "a ring of slices with the total in the middle",
    "panels": "one small bar chart per item over several years, each with its own unit",
}
MEASURES = {"value": "the data values", "share": "each item's share of a total, in %",
            "growth": "each value's change on the year before, in %"}
ALL = tuple(KINDS)
# which measures each kind draws truthfully: stacking or slicing growth rates adds nothing
# up, and a bar_line's line already has its own axis (show_growth)
MEASURE_KINDS = {"value": ALL,
                 "share": ("bar", "grouped_bar", "stacked_bar", "hbar", "line", "pie", "donut"),
                 "growth": ("bar", "grouped_bar", "hbar", "line")}


@dataclass(frozen=True)
class Key:
    name: str
    meaning: str
    kinds: tuple[str, ...] = ALL
    example: str = ""


KEYS = {k.name: k for k in (
    Key("kind", "the chart kind (required)", example="kind: stacked_bar"),
    Key("caption", "the caption (required); may use `{{ year }}`, `{{ first_year }}`, "
        "`{{ last_year }}` and other template names", example="caption: '{{ first_year }}—{{ last_year }}年R&D经费'"),
    Key("source", "a source note under the caption", example="source: 资料来源：统计局。"),
    Key("alt", "the alternative text; written from the definition and the data when left out",
        example="alt: 2019—2023年R&D经费逐年增长"),
    Key("series", "indicator ids to draw (or `breakdown`); an entry may be `id@report-1` or "
        "`{indicator: id, year: report-1, label: 短名}` (own years: one-year charts only)",
        example="series: [rd_basic, rd_applied]"),
    Key("breakdown", "a breakdown id: its parts are the items drawn (or `series`)",
        example="breakdown: rd_by_performer"),
    Key("year", "the one year drawn (default `report`)", ONE_YEAR + ("bar",), "year: report-1"),
    Key("years", "the years drawn, two or more, in order", SEVERAL_YEARS + ("bar",),
        "years: [report-4, report-3, report-2, report-1, report]"),
    Key("measure", "`value` (default), `share` (of a total, in %) or `growth` (on the year "
        "before, in %)", ("bar", "grouped_bar", "stacked_bar", "hbar", "line", "pie", "donut"),
        "measure: share"),
    Key("share_of", "with `measure: share`: the indicator that is the total (default: the sum "
        "of a breakdown's parts, or each indicator's own `total`)",
        ("bar", "grouped_bar", "hbar", "line"), "share_of: rd_total"),
    Key("sort", "`true`: the items largest first (by the last year drawn)",
        ("bar", "grouped_bar", "stacked_bar", "hbar", "pie", "donut"), "sort: true"),
    Key("top", "draw the N largest items and the rest summed as 其他 / Other",
        ("bar", "grouped_bar", "stacked_bar", "hbar", "pie", "donut"), "top: 5"),
    Key("other_label", "with `top`: the label of the rest (default 其他 / Other)",
        ("bar", "grouped_bar", "stacked_bar", "hbar", "pie", "donut"), "other_label: 其余各市"),
    Key("highlight", "the id of one item drawn in the highlight colour",
        ("bar", "hbar", "pie", "donut"), "highlight: city_a"),
    Key("highlight_report_year", "`true` (default): the report year in the highlight colour "
        "(its bar, or its axis label when several items share a year)",
        SEVERAL_YEARS + ("bar",), "highlight_report_year: false"),
    Key("show_growth", "`true`: the change on the year before: labels above the bars (bar), "
        "or a line in % on a second axis (bar_line)", ("bar", "bar_line"), "show_growth: true"),
    Key("secondary", "the items drawn as lines on the right axis", ("bar_line",),
        "secondary: [rd_ratio]"),
    Key("unit", "the unit on the axis and after the labels (not for money, whose labels read "
        "as in the text)", example="unit: 项"),
    Key("decimals", "shown digits of the labels (default: the indicator's; 1 for %)",
        example="decimals: 1"),
    Key("labels", "short names: `{indicator_id: 短名}`; may use `{{ year }}`",
        example="labels: {rd_enterprise: 企业}"),
    Key("members", "`true`: in a report family, one bar per member of the indicator in "
        "`series` (docs/FAMILY.md); `sort` ranks them, this report's member is highlighted",
        ("bar", "hbar"), "members: true"),
    Key("size", "`[width_mm, height_mm]`, each 30–300 (default [150, 85])", example="size: [150, 80]"),
)}

# keys that once existed or that users write by habit → what to write instead
INSTEAD = {
    "title": "the caption is the chart's title: use 'caption'",
    "type": "use 'kind'",
    "indicators": "use 'series'",
    "stacked": "use kind: stacked_bar",
    "percent": "use measure: share",
    "share": "use measure: share",
    "growth": "use measure: growth, or show_growth: true",
}


def accepts(kind: str, key: str) -> bool:
    """True when charts of `kind` take `key`."""
    return key in KEYS and kind in KEYS[key].kinds


def kinds_for(key: str) -> str:
    """The kinds taking `key`, for hints: "bar, hbar, pie or donut"."""
    kinds = KEYS[key].kinds
    return kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]


def kinds_table() -> str:
    """The Markdown table of kinds × keys (docs/FIGURES.md holds a copy; a test compares)."""
    head = "| key | " + " | ".join(f"`{k}`" for k in KINDS) + " |"
    rule = "|---|" + "---|" * len(KINDS)
    def row(name: str, kinds) -> str:
        return f"| {name} | " + " | ".join("✓" if kind in kinds else "—" for kind in KINDS) + " |"

    rows = []
    for key in KEYS.values():
        rows.append(row(f"`{key.name}`", key.kinds))
        if key.name == "measure":
            rows += [row(f"`measure: {m}`", MEASURE_KINDS[m]) for m in MEASURES if m != "value"]
    return "\n".join([head, rule, *rows])


def keys_table() -> str:
    """The Markdown table of what each key means, with an example."""
    rows = [f"| `{k.name}` | {k.meaning} | `{k.example}` |" for k in KEYS.values()]
    return "\n".join(["| key | meaning | example |", "|---|---|---|", *rows])
