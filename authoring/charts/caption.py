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
SHARE_WORDS = re.compile(r"比重|占比|比例|份额|所占|占(?!领|据|用|地)|\bshares?\b|\bproportions?\b|"
                         r"\bpercentages?\b|\bper ?cent\b|% of", re.IGNORECASE)
NUMBERS = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
           "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10}
# "近五年", "过去5年", "五年来", "last five years": a number of years the chart must draw
SPAN = re.compile(r"(?:近|过去|最近)(两|二|三|四|五|六|七|八|九|十|\d{1,2})个?年|"
                  r"(两|二|三|四|五|六|七|八|九|十|\d{1,2})年(?:来|间|以来)|"
                  r"\b(?:last|past)\s+(two|three|four|five|six|seven|eight|nine|ten|\d{1,2})\s+years\b",
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
        for match in SPAN.finditer(RANGE.sub(" ", caption)):
            word = next(g for g in match.groups() if g)
            count = int(word) if word.isdigit() else NUMBERS[word.lower()]
            if count != len(drawn):
                problems.append(f"the caption says '{match.group(0)}', the chart draws "
                                f"{len(drawn)} year{'s' if len(drawn) != 1 else ''}")
    percent = bool(data.series) and all(s.unit == "%" for s in data.series) \
        or data.unit == "%"  # an indicator in % (占GDP比重) is a share already
    if SHARE_WORDS.search(caption) and data.measure != "share" and not percent:
        found = SHARE_WORDS.findall(caption)
        word = next((w for w in found if w != "占"), found[0])  # 比重 rather than its 占
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
