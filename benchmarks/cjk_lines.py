"""A PDF → how many paragraphs end with one Han character alone on their last line (孤字).

    python -m benchmarks.cjk_lines out/report.pdf [more.pdf …]

Reads poppler's lines (`pdftotext -bbox-layout`): a line whose text is one Han character,
with at most closing punctuation after it, right under a full line
(a line that reaches the right margin: the paragraph it ends).
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

ORPHAN = re.compile(r"^[\u4e00-\u9fff][，。、：；！？）》」』”’]*$")


def orphans(pdf: Path) -> list[tuple[int, str, str]]:
    """(page, the line before, the lone line) of each paragraph ending in one character."""
    from lxml import etree

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "b.html"
        subprocess.run(["pdftotext", "-bbox-layout", "-enc", "UTF-8", str(pdf), str(out)],
                       check=True)
        tree = etree.parse(str(out), etree.HTMLParser(encoding="utf-8"))
    found = []
    for number, page in enumerate(tree.iter("page"), 1):
        # poppler makes a block of each line of widely spaced Chinese: read lines in order
        lines = [("".join(w.text or "" for w in line.iter("word")), float(line.get("xmax")))
                 for line in page.iter("line")]
        right = max((x for _t, x in lines), default=0)
        for (before, end), (line, _x) in zip(lines, lines[1:]):
            # a full line (justified to the measure) and then the lone character
            if ORPHAN.match(line) and len(before) >= 10 and end > right - 3:
                found.append((number, before, line))
    return found


def main(argv=None) -> None:
    for name in argv or sys.argv[1:]:
        lone = orphans(Path(name))
        print(f"{name}: {len(lone)} paragraphs end with one character alone")
        for page, before, line in lone[:10]:
            print(f"  p{page}: …{before[-12:]} / {line}")


if __name__ == "__main__":
    main()
