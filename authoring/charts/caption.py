"""A chart's rendered caption + what it draws (ChartData) → the ways they disagree (pure).

A reader trusts the caption: one that says 2019—2023 over a chart of 2023, or 比重 / share
over bars in 亿元, is a wrong figure in print. Literal years and measure words are compared
with the years and the measure drawn; `{{ first_year }}`—`{{ last_year }}` cannot disagree.
"""

from __future__ import annotations

import re

from .data import ChartData

YEAR = r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)"
RANGE = re.compile(YEAR + r"\s*(?:年)?\s*(?:—|–|-|~|～|至|到|to)+\s*" + YEAR)
SHARE_WORDS = re.compile(r"比重|占比|份额|所占|\bshares?\b|\bproportions?\b|\bper ?cent\b|% of",
                         re.IGNORECASE)
GROWTH_WORDS = re.compile(r"增速|增长率|增幅|\bgrowth\b", re.IGNORECASE)


def names(years: list[int]) -> dict:
    """The names a caption may use for the drawn range."""
    return {"first_year": years[0], "last_year": years[-1]}


def disagreements(caption: str, data: ChartData) -> list[str]:
    """What in `caption` contradicts the chart `data` draws; empty when nothing does."""
    problems = []
    drawn = list(data.years)
    if drawn:
        ranges = [(int(a), int(b)) for a, b in RANGE.findall(caption)]
        for first, last in ranges:
            if (first, last) != (drawn[0], drawn[-1]):
                shown = f"{drawn[0]}—{drawn[-1]}" if len(drawn) > 1 else str(drawn[0])
                problems.append(f"the caption says {first}—{last}, the chart draws {shown}")
        alone = RANGE.sub(" ", caption)
        for year in sorted({int(y) for y in re.findall(YEAR, alone)}):
            if year not in drawn:
                problems.append(f"the caption names {year}, which the chart does not draw "
                                f"(it draws {', '.join(str(y) for y in drawn)})")
    if SHARE_WORDS.search(caption) and data.measure != "share":
        word = SHARE_WORDS.search(caption).group(0)
        problems.append(f"the caption says '{word}', the chart draws "
                        f"{'values' if data.measure == 'value' else 'growth rates'}")
    growth_drawn = (data.measure == "growth" or bool(data.growth_labels)
                    or any(s.role == "growth" for s in data.series)
                    or data.kind == "panels" and any(g for s in data.series for g in s.growth))
    if GROWTH_WORDS.search(caption) and not growth_drawn:
        word = GROWTH_WORDS.search(caption).group(0)
        problems.append(f"the caption says '{word}', the chart draws no growth")
    return problems


HINT = "name the drawn range with {{ first_year }}—{{ last_year }}, or change the figure's " \
       "years or measure to what the caption says"
