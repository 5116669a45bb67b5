"""Read built artefacts back for assertions: DOCX via lxml, PDF via poppler's pdftotext."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GOLDEN = Path(__file__).parent / "golden"


def docx_xml(path: Path, part: str = "word/document.xml"):
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def docx_paragraphs(path: Path) -> list[str]:
    """Text of every body paragraph in document order (tables included, field codes not)."""
    body = docx_xml(path).find(f"{{{W}}}body")
    out = []
    for p in body.iter(f"{{{W}}}p"):
        out.append("".join(t.text or "" for t in p.iter(f"{{{W}}}t")))
    return out


def pdf_body_text(path: Path, top_pt: float = 60, bottom_pt: float = 60) -> str:
    """pdftotext of the page bodies only: running headers and folios are cropped away."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    chunks = []
    for page in range(1, pages + 1):
        chunks.append(subprocess.run(
            ["pdftotext", "-f", str(page), "-l", str(page), "-x", "0", "-y", str(int(top_pt)),
             "-W", str(int(width)), "-H", str(int(height - top_pt - bottom_pt)), str(path), "-"],
            capture_output=True, text=True, check=True).stdout)
    return "\n".join(chunks)


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")


# the seed's half-width punctuation in Chinese text, which the example's editors set full
# width (authoring check's text check, issue 27), and the heading symbol they removed
_EDITED = str.maketrans({",": "，", ";": "；", "(": "（", ")": "）", "▶": None})


def normalize(text: str) -> str:
    """Drop whitespace and Markdown markers so only the words and figures are compared."""
    text = re.sub(r"\s+", "", text).translate(_EDITED)
    return text.replace("**", "").replace("#", "").replace("•", "")


def seed_paragraphs(name: str = "overview_seed.txt") -> list[str]:
    text = (GOLDEN / name).read_text(encoding="utf-8")
    return [n for n in (normalize(p) for p in re.split(r"\n\s*\n", text)) if n]


def missing_in_order(output: str, paragraphs: list[str]) -> list[str]:
    """Paragraphs not found, in order, as contiguous text in `output` (normalized)."""
    haystack = normalize(output)
    pos, missing = 0, []
    for para in paragraphs:
        found = haystack.find(para, pos)
        if found < 0:
            missing.append(para)
        else:
            pos = found + len(para)
    return missing


def heavy_rules(pdf: Path, page: int, x0: float, x1: float, points: float = 1.2) -> list[float]:
    """The heights (pt from the top) of the horizontal rules at least `points` thick drawn
    across [x0, x1] (pt) on `page` (0-based), found on the page rendered at 150 dpi: the
    heavy rules of a three-line table (1.5 pt), not its light one (0.75 pt)."""
    import tempfile

    from PIL import Image

    dpi = 150
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page + 1), "-l",
                        str(page + 1), "-singlefile", "-png", str(pdf), f"{folder}/page"],
                       capture_output=True, check=True)
        image = Image.open(f"{folder}/page.png").convert("L")
        image.load()
    scale = dpi / 72
    left, right = int(x0 * scale) + 2, int(x1 * scale) - 2
    pixels = image.load()
    dark = [all(pixels[x, y] < 128 for x in range(left, right, 3)) for y in range(image.height)]
    rules, run = [], 0
    for y, is_dark in enumerate(dark + [False]):
        if is_dark:
            run += 1
            continue
        if run >= points * scale:
            rules.append((y - run / 2) / scale)
        run = 0
    return rules


def libreoffice_pdf(soffice: str, docx: Path, folder: Path) -> Path:
    """`docx` as LibreOffice lays it out (the Word stand-in), written as a PDF in `folder`."""
    subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                   capture_output=True, check=True, timeout=300)
    return folder / (docx.stem + ".pdf")
