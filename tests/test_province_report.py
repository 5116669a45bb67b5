"""The province fixture (six chapters, 55 indicators, 16 cities) built in Chinese and English:
its phrases, qualifiers and aggregates read back from the DOCX and the PDF, with the figures
computed here again from the data, and an audit row with its formula for every count,
streak, rank and top list the text prints."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from tests.readback import docx_paragraphs, normalize, pdf_body_text

FIXTURES = Path(__file__).parent / "fixtures"
CITIES = range(1, 17)


def values() -> dict[str, dict[int, Decimal]]:
    """The shared data, read here without the toolkit: id → year → exact value."""
    rows = list(csv.reader((FIXTURES / "province_data" / "values.csv").open(encoding="utf-8")))
    years = [int(y) for y in rows[0][1:]]
    return {row[0]: {y: Decimal(v) for y, v in zip(years, row[1:]) if v != "-"} for row in rows[1:]}


def labels(lang: str) -> dict[str, str]:
    text = (FIXTURES / f"province_{lang}" / "data" / "indicators.yaml").read_text(encoding="utf-8")
    return dict(re.findall(r'id: (\w+), label: "([^"]+)"', text))


@pytest.fixture(scope="module", params=["zh", "en"])
def built(request, tmp_path_factory):
    """One build (DOCX and PDF) per language: (lang, docx text, pdf text, audit rows)."""
    from authoring.build import build

    lang = request.param
    root = tmp_path_factory.mktemp(f"province-{lang}")
    for part in (f"province_{lang}", "province_data"):
        shutil.copytree(FIXTURES / part, root / part, ignore=shutil.ignore_patterns("out"))
    check = subprocess.run([sys.executable, "-m", "authoring", "check", "--strict", "--project",
                            str(root / f"province_{lang}")], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr  # before building: nothing to find
    build(root / f"province_{lang}", formats=["docx", "pdf"])
    out = root / f"province_{lang}" / "out"
    stem = "province-sti-2023" if lang == "zh" else "province-sti-en-2023"
    docx = normalize("".join(docx_paragraphs(out / f"{stem}.docx")))
    pdf = normalize(pdf_body_text(out / f"{stem}.pdf"))
    audit = list(csv.DictReader(io.StringIO((out / f"{stem}-audit.csv").read_text(encoding="utf-8-sig"))))
    return lang, docx, pdf, audit


def expected(lang: str) -> list[str]:
    """Sentences whose figures are computed here from the data, in the build's language."""
    data, names = values(), labels(lang)
    y = 2023
    rd = {f"rd_{c:02d}": data[f"rd_{c:02d}"] for c in CITIES}
    above = sum(v[y] > data["rd_intensity"][y] for v in rd.values())
    above_nat = sum(v[y] > data["national_rd_intensity"][y] for v in rd.values())
    hte = {f"hte_{c:02d}": data[f"hte_{c:02d}"] for c in CITIES}
    grew = sum(v[y] > v[y - 1] for v in hte.values())
    top3 = [names[k] for k, _ in sorted(hte.items(), key=lambda kv: -kv[1][y])[:3]]
    fastest = sorted(hte, key=lambda k: -(hte[k][y] / hte[k][y - 1]))[0]
    if lang == "zh":
        return [f"16个市中有{above}个市R&D经费投入强度高于全省平均水平（3.23%），{above_nat}个市高于全国平均水平",
                f"全省16个市中，{grew}个市高新技术企业数比上年增长",
                f"高新技术企业数居前三位的是{top3[0]}（", f"增速居前三位的是{names[fastest]}（增长",
                "有效期内高新技术企业近5万家", "R&D人员超过67.3万人", "技术合同成交额近2200亿元",
                "每万人口高价值发明专利拥有量45.2件，与上年持平",  # "What was seen" 4
                "安平市高新技术企业3525家，与上年持平", "金溪市与全省平均水平持平",
                "R&D经费投入强度由3.09%上升至3.23%，高于全国平均水平0.58个百分点，已连续5年高于全国平均水平",
                "区域创新能力排名全国第三，比上年上升1位，连续4年位居全国前五",
                "PCT国际专利申请量4633件，比上年增长12.1%，连续3年保持增长"]
    return [f"Of the 16 cities, {above} had an R&D intensity above the province's (3.23%), "
            f"{above_nat} were above the national average",
            f"Of the 16 cities, {grew} had more high-tech firms than a year before",
            f"The most high-tech firms were in {top3[0]} (", f"the fastest growth was in {names[fastest]} (up",
            "It has nearly 50\u00a0thousand firms certified high-tech", "more than 673\u00a0thousand people in R&D",
            "45.2 high-value patents per 10,000 people, unchanged on the year before",
            "Anping had 3,525, unchanged on the year before", "Jinxi was level with the province",
            "R&D intensity rose from 3.09% to 3.23%, 0.58 percentage points above the national "
            "average, and has been above it for 5 years in a row",
            "ranked third in the national innovation ranking, up 1 place on the year before"]


def it_is_a_large_report(built):
    lang = built[0]
    meta = (FIXTURES / f"province_{lang}" / "data" / "indicators.yaml").read_text(encoding="utf-8")
    assert meta.count("  - {id:") >= 40
    assert len(re.search(r"parts: \[([^\]]*)\]", meta).group(1).split(",")) == 16
    assert len(re.findall(r"\[\[chapters\]\]", (FIXTURES / f"province_{lang}" / "report.toml").read_text())) >= 5


def it_prints_the_sentences_in_the_docx_and_the_pdf(built):
    lang, docx, pdf, _ = built
    for sentence in expected(lang):
        assert normalize(sentence) in docx, sentence
        assert normalize(sentence) in pdf, sentence


def it_never_writes_a_comparison_with_nothing_changed(built):
    lang, docx, pdf, _ = built
    for text in (docx, pdf):
        assert "比上年持平" not in text and "同比持平" not in text  # "What was seen" 4
        assert "unchangedon" in text or lang == "zh"


AGGREGATES = ("count(", "streak(", "rank of ", "top(", "largest(", "smallest(", "sort_by(")


def it_has_an_audit_formula_for_every_count_streak_rank_and_top_list(built):
    lang, _, _, audit = built
    rows = {}
    for row in audit:  # one row per input: keep the first of each printed figure
        rows.setdefault(row["figure"], row)
    assert all(row["formula"] for row in rows.values()), "a printed figure without a formula"
    found = [row for row in rows.values() if row["formula"].startswith(AGGREGATES)]
    kinds = {prefix: [r for r in found if r["formula"].startswith(prefix)] for prefix in AGGREGATES}
    # 5 count_where and 2 "16个市" printed with | length
    assert len(kinds["count("]) == 7 and len(kinds["streak("]) == 3
    assert len(kinds["rank of "]) == 2 and len(kinds["top("]) == 9
    for row in kinds["count("]:  # the count printed is the count the formula names
        assert re.search(rf"\) = {row['printed']}(:|$)", row["formula"]), row
        assert row["formula"].count(", ") >= 15  # names all sixteen cities
    names = labels(lang)
    for row in kinds["top("] + kinds["largest("] + kinds["sort_by("]:
        place, ident = re.search(r": #(\d+) (\w+) = ", row["formula"]).groups()
        assert row["printed"] in (names[ident], place), row  # the name, or its place (r.rank)
    for row in kinds["streak("] + kinds["rank of "]:
        assert row["printed"] in row["sentence"] or row["printed"] in "一二三四五六七八九十"
    # each ranking row lists every data cell it was decided on: 16 cities, × 2 years for growth
    # (a ranking decided on the same cells as an earlier figure names that figure instead:
    # the cells are listed once per report, records/audit.py)
    for row in kinds["top("]:
        cells = sum(1 for r in audit if r["figure"] == row["figure"])
        same = re.fullmatch(r"the same (\d+) data cells as figure (\d+)", row["cell"])
        if same:
            assert cells == 1
            cells = sum(1 for r in audit if r["figure"] == same.group(2) and r["cell"])
            assert cells == int(same.group(1))
        assert cells == (32 if " by yoy " in row["formula"] else 16), row
