"""`authoring build --engine typst` end to end: the example and the English report, read back.

The same questions as test_build.py and test_example_outputs.py ask of the WeasyPrint PDF:
the seed text, the outline, the contents' page numbers, embedded fonts, identical bytes.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from pypdf import PdfReader

from authoring.build import build
from authoring.errors import ConfigError

from .conftest import EXAMPLE, copy_project
from .pdflines import outline_titles
from .readback import missing_in_order, pdf_body_text


def cli(*args):
    return subprocess.run([sys.executable, "-m", "authoring", *args], capture_output=True, text=True)


@pytest.fixture(scope="session")
def typst_example(built_example_typst):
    """The example built by the command line with --engine typst (conftest.py)."""
    return built_example_typst


def pages_text(pdf) -> list[str]:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout.split("\f")


def it_builds_the_example_with_typst(typst_example):
    assert b"Typst" in PdfReader(str(typst_example)).metadata.get("/Creator", "").encode()
    assert (typst_example.parent / "sti-progress-2020.docx").is_file()
    manifest = (typst_example.parent / "sti-progress-2020-manifest.json").read_text(encoding="utf-8")
    assert '"engine": "typst"' in manifest


def it_mirrors_chapters_and_sections_in_the_typst_outline(typst_example):
    reader = PdfReader(str(typst_example))
    outline = outline_titles(typst_example)
    assert outline == ["综述", "原始创新能力不断增强", "高质量发展支撑有力", "多元创新网络深入拓展",
                       "创新创业环境持续优化", "附录 主要统计指标"]
    assert reader.metadata.title == "2020上海科技进步报告"
    assert str(reader.trailer["/Root"]["/Lang"]).lower() == "zh-cn"


def it_prints_the_page_each_heading_lands_on_in_the_typst_contents(typst_example):
    pages = pages_text(typst_example)
    contents = re.split(r"^\s*图\s*目\s*录\s*$", pages[1], flags=re.M)[0]  # the lists follow
    entries = re.findall(r"^\s*(\S.*?)\s*(?:\.\s*){3,}(\d+)\s*$", contents, re.M)
    assert len(entries) == 6
    for title, number in entries:
        title = title.replace(" ", "")
        # the page whose folio is `number` (after the front matter) holds the heading
        landing = [i for i, page in enumerate(pages[2:], 2)
                   if re.search(rf"^\s*{re.escape(number)}\s*$", page, re.M)]
        assert len(landing) == 1, (title, number)
        assert title in pages[landing[0]].replace(" ", ""), (title, number)


def it_embeds_every_typst_font_and_uses_the_sc_faces(typst_example):
    out = subprocess.run(["pdffonts", str(typst_example)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    assert out and all(re.search(r"\byes\s+yes\s+yes\b", line) for line in out)
    assert any("CJKsc" in line or "CJK-SC" in line for line in out)
    assert not any(re.search("CJK-?jp", line, re.I) for line in out)


def it_builds_the_english_report_with_typst_twice_to_the_same_bytes(tmp_path):
    from .conftest import ENGLISH

    project = copy_project(ENGLISH, tmp_path / "english")
    assert cli("build", "--project", str(project), "--engine", "typst").returncode == 0
    pdf = project / "out" / "innovation-review-2023.pdf"
    first = pdf.read_bytes()
    assert missing_in_order(pdf_body_text(pdf), [re.sub(r"\s+", "", "Regional Innovation Review")]) == []
    assert cli("build", "--project", str(project), "--engine", "typst", "--force").returncode == 0
    assert pdf.read_bytes() == first


def it_takes_the_engine_from_report_toml_and_refuses_an_unknown_one(tmp_path):
    project = copy_project(EXAMPLE, tmp_path / "example")
    toml = project / "report.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        '[pdf]\nedition = "screen"', '[pdf]\nedition = "screen"\nengine = "typst"'), encoding="utf-8")
    result = build(project, formats=["pdf"], edition="print")
    reader = PdfReader(str(result.outputs["pdf"]))
    assert "Typst" in reader.metadata["/Creator"]
    box = subprocess.run(["pdfinfo", "-box", str(result.outputs["pdf"])], capture_output=True,
                         text=True, check=True).stdout
    trim = re.search(r"TrimBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", box).groups()
    media = re.search(r"MediaBox:\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)", box).groups()
    assert [round(float(v), 1) for v in trim] == [8.5, 8.5, 603.8, 850.4]  # A4 inside 3 mm bleed
    assert [round(float(v), 1) for v in media] == [0, 0, 612.3, 858.9]
    toml.write_text(toml.read_text(encoding="utf-8").replace('engine = "typst"', 'engine = "tpyst"'),
                    encoding="utf-8")
    with pytest.raises(ConfigError, match="engine must be 'weasyprint' or 'typst', got 'tpyst'"):
        build(project, formats=["pdf"])
    result = cli("build", "--project", str(project), "--engine", "latex")
    assert result.returncode == 2 and "latex" in result.stderr


def it_tags_the_typst_pdf_ua_variant_and_attaches_data_to_pdf_a3b(tmp_path):
    project = copy_project(EXAMPLE, tmp_path / "example")
    result = build(project, formats=["pdf"], variant="pdf/ua-1", engine="typst")
    info = subprocess.run(["pdfinfo", str(result.outputs["pdf"])], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Tagged:\s+yes", info)
    toml = project / "report.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace(
        '[pdf]\nedition = "screen"', '[pdf]\nedition = "screen"\nattach_data = true'), encoding="utf-8")
    result = build(project, formats=["pdf"], variant="pdf/a-3b", engine="typst")
    reader = PdfReader(str(result.outputs["pdf"]))
    assert set(reader.attachments) == {"indicators.yaml", "values.csv", "awards.xlsx"}
    assert reader.attachments["values.csv"][0] == (project / "data" / "values.csv").read_bytes()
    check = subprocess.run(["qpdf", "--check", str(result.outputs["pdf"])], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def it_rebuilds_when_the_engine_changes_and_records_the_engine(tmp_path):
    """Both engines write out/<id>-<year>.pdf: the up-to-date check must see the engine,
    and the manifest says which engine made the PDF, by name even for the default."""
    import json

    from .conftest import ENGLISH

    project = copy_project(ENGLISH, tmp_path / "english")

    def run(engine=None):
        result = build(project, formats=["pdf"], engine=engine)
        manifest = json.loads(result.outputs["manifest"].read_text(encoding="utf-8"))
        creator = PdfReader(str(result.outputs["pdf"])).metadata.get("/Creator", "")
        return result.up_to_date, manifest, creator

    skipped, manifest, creator = run()
    assert not skipped and "Typst" not in creator
    assert manifest["build"]["pdf"]["engine"] == "weasyprint"
    skipped, manifest, creator = run("typst")
    assert not skipped and "Typst" in creator
    assert manifest["build"]["pdf"]["engine"] == "typst" and "typst" in manifest["versions"]
    assert run("typst")[0]
    skipped, manifest, creator = run()
    assert not skipped and "Typst" not in creator
    assert run("weasyprint")[0]  # naming the default engine changes nothing


def it_warns_once_that_typst_ignores_the_project_stylesheet(tmp_path):
    from .conftest import ENGLISH

    project = copy_project(ENGLISH, tmp_path / "english")
    (project / "templates" / "style.css").write_text("h1 { color: red }", encoding="utf-8")
    result = build(project, formats=["pdf"], engine="typst")
    said = [w for w in result.warnings if "style.css" in w]
    assert len(said) == 1 and "ignores the project stylesheet" in said[0]
    assert "page size, margins" in said[0]
