"""The rendered Markdown of every chapter → refused (a TemplateError naming the template)
when it is beyond what the engines can lay out: total size, emphasis marks in one paragraph.

The budgets of one rendering (budget.py) let each chapter write 20 million characters; a
report of that size keeps WeasyPrint busy for minutes and takes Typst over 3 GB. And
markdown-it's emphasis matching uses memory quadratic in the marks of one paragraph:
200 KB of `**` then `_` took 2.5 GB. Both are counted here, before any parsing.
"""

from __future__ import annotations

import re

from .. import limits
from ..errors import Location, TemplateError

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def check_markdown(markdown: dict[str, str]) -> None:
    """`markdown`: chapter template name → its rendered Markdown."""
    total, allowed = 0, limits.value("document_chars")
    for template, text in markdown.items():
        total += len(text)
        if total > allowed:
            raise limits.over("document_chars", f"the chapters up to templates/{template} "
                              f"render {total:,} characters", Location(f"templates/{template}"),
                              TemplateError)
    marks = limits.value("markdown_delimiters")
    for template, text in markdown.items():
        if text.count("*") + text.count("_") <= marks:
            continue  # the usual case: no paragraph can be over
        offset = 0
        for paragraph in _PARAGRAPH_BREAK.split(text):
            count = paragraph.count("*") + paragraph.count("_")
            if count > marks:
                line = text.count("\n", 0, text.find(paragraph, offset)) + 1
                raise limits.over("markdown_delimiters", f"a paragraph of templates/{template} "
                                  f"(rendered line {line:,}) holds {count:,} * and _ marks",
                                  Location(f"templates/{template}"), TemplateError)
            offset += len(paragraph)
