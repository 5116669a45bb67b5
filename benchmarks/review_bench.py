"""Two 300-page DOCX drafts with 50 scattered edits → whole-process times of `authoring diff` and `docx2text`.

Targets (issue 14): diff under 3 s, docx2text under 1 s, on an idle machine.

    .venv/bin/python -m benchmarks.review_bench            # 300 pages, 3 runs each
    .venv/bin/python -m benchmarks.review_bench --pages 30 --runs 1

The drafts are written with python-docx (headings, Chinese body text with figures, a
table every few pages, the repeated per-district structure of a statistical yearbook);
the second draft changes 50 paragraphs and table cells spread over the whole document.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

from .measure import med, run

PARAGRAPHS_PER_PAGE = 7
TABLE_EVERY = 5  # pages
DISTRICTS = ["浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区",
             "闵行区", "宝山区", "嘉定区", "金山区", "松江区", "青浦区", "奉贤区", "崇明区"]
PHRASES = ["全社会研发经费支出", "规模以上工业企业", "高新技术企业数量", "每万人口发明专利拥有量",
           "技术合同成交额", "战略性新兴产业", "科技小巨人企业", "国家级孵化器", "外资研发中心"]


def draft_text(pages: int, seed: int) -> list:
    """The draft as a list of ("heading"|"paragraph", text) and ("table", rows)."""
    rng = random.Random(seed)
    out: list = []
    for page in range(pages):
        if page % 3 == 0:
            district = DISTRICTS[(page // 3) % len(DISTRICTS)]
            out.append(("heading", f"{page // 3 + 1}. {district}科技创新发展情况"))
        for k in range(PARAGRAPHS_PER_PAGE):
            phrase = rng.choice(PHRASES)
            value = rng.randint(100, 99999)
            growth = rng.randint(1, 300) / 10
            out.append(("paragraph",
                        f"{phrase}达到{value}，比上年增长{growth}%。" * 2 +
                        "坚持创新在现代化建设全局中的核心地位，持续优化创新生态，"
                        "推动科技成果转化和产业化，各项指标保持平稳增长。"))
        if page % TABLE_EVERY == 0:
            rows = [["指标", "2019", "2020", "增长"]] + [
                [phrase, str(rng.randint(10, 9999)), str(rng.randint(10, 9999)),
                 f"{rng.randint(1, 300) / 10}%"] for phrase in PHRASES]
            out.append(("table", rows))
    return out


def edited(blocks: list, edits: int, seed: int) -> list:
    """`edits` changes spread evenly: a figure in a paragraph or a table cell."""
    rng = random.Random(seed + 1)
    out = [(kind, [list(r) for r in value] if kind == "table" else value) for kind, value in blocks]
    step = max(1, len(out) // edits)
    for n in range(edits):
        index = min(len(out) - 1, n * step + rng.randrange(step))
        kind, value = out[index]
        if kind == "table":
            value[1 + rng.randrange(len(value) - 1)][2] = str(rng.randint(10, 9999))
        else:
            out[index] = (kind, value.replace("增长", "提高", 1) if kind == "paragraph"
                          else value + "（修订）")
    return out


def write_docx(blocks: list, path: Path) -> Path:
    import docx

    document = docx.Document()
    for kind, value in blocks:
        if kind == "heading":
            document.add_heading(value, level=1)
        elif kind == "paragraph":
            document.add_paragraph(value)
        else:
            table = document.add_table(rows=len(value), cols=len(value[0]))
            for r, row in enumerate(value):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
            document.add_paragraph(f"表{sum(1 for k, _ in blocks if k == 'table')} 主要指标")
    document.save(str(path))
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=300)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args(argv)
    exe = str(Path(sys.executable).with_name("authoring"))
    with tempfile.TemporaryDirectory(prefix="review-bench-") as folder:
        base = draft_text(args.pages, args.seed)
        old = write_docx(base, Path(folder) / "old.docx")
        new = write_docx(edited(base, args.edits, args.seed), Path(folder) / "new.docx")
        commands = {
            "diff": ([exe, "diff", "-q", str(old), str(new)], 1, 3.0),
            "diff --redline": ([exe, "diff", "-q", str(old), str(new), "--redline",
                                str(Path(folder) / "red.docx")], 1, None),
            "diff (same file)": ([exe, "diff", "-q", str(old), str(old)], 0, None),
            "docx2text": ([exe, "docx2text", str(new)], 0, 1.0),
        }
        paragraphs = sum(1 for kind, _ in base if kind != "table")
        cells = sum(len(rows) * len(rows[0]) for kind, rows in base if kind == "table")
        print(f"# authoring diff / docx2text: {args.pages} pages ({paragraphs} paragraphs, "
              f"{cells} table cells), {args.edits} edits, {args.runs} runs each\n")
        print("| command | wall (median) | CPU (median) | peak RSS | target | exit |")
        print("|---|---|---|---|---|---|")
        for name, (cmd, expected, target) in commands.items():
            procs = [run(cmd) for _ in range(args.runs)]
            codes = {p.returncode for p in procs}
            wall, cpu = med([p.wall for p in procs]), med([p.cpu for p in procs])
            rss = max(p.maxrss_mb for p in procs)
            verdict = "" if target is None else (f"< {target:g} s " +
                                                 ("met" if wall < target else "MISSED"))
            ok = "ok" if codes == {expected} else f"UNEXPECTED {sorted(codes)}"
            print(f"| `{name}` | {wall:.2f} s | {cpu:.2f} s | {rss:.0f} MB | {verdict} | {ok} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
