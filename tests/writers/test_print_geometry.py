"""The print edition's sheet in both engines: the cover placed from the trim, crop marks in a
slug beyond the bleed on every page, the boxes a printer reads. Read back from the PDF drawn
at 72 dpi (one pixel a point) and from its page dictionaries."""

from __future__ import annotations

import re
import subprocess

import pypdf
import pytest

from authoring.writers.page import SLUG_MM
from authoring.writers.weasyprint.pdf import write_pdf
from authoring.writers.typst import write_typst_pdf

from .test_html import zh_document, zh_options

PT_PER_MM = 72 / 25.4
BLEED = 3


@pytest.fixture(scope="module", params=["weasyprint", "typst"])
def marked(request, tmp_path_factory):
    """A PDF with 3 mm bleed and crop marks, from each engine."""
    project = tmp_path_factory.mktemp(request.param)
    doc = zh_document(project, repeat=1)
    options = zh_options(project, bleed_mm=BLEED, crop_marks=True)
    target = project / "out" / "x.pdf"
    (write_pdf if request.param == "weasyprint" else write_typst_pdf)(doc, target, options)
    return request.param, target


def grey_page(pdf, page: int):
    """(width, height, pixel(x, y) → 0–255) of `page` (0-based) at 72 dpi over its MediaBox."""
    data = subprocess.run(["pdftoppm", "-r", "72", "-gray", "-f", str(page + 1), "-l",
                           str(page + 1), str(pdf)], capture_output=True, check=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    width, height = int(header[1]), int(header[2])
    pixels = data[header.end():]
    return width, height, lambda x, y: pixels[int(y) * width + int(x)]


def boxes(page) -> dict[str, list[float]]:
    return {name: [float(v) for v in page[f"/{name}"]] for name in ("MediaBox", "BleedBox", "TrimBox")}


def it_has_a_slug_beyond_the_bleed_box_which_is_the_trim_and_the_bleed(marked):
    _engine, pdf = marked
    for page in pypdf.PdfReader(pdf).pages:
        box = boxes(page)
        trim, bleed, media = box["TrimBox"], box["BleedBox"], box["MediaBox"]
        grow = [-1, -1, 1, 1]
        assert bleed == pytest.approx([t + g * BLEED * PT_PER_MM for t, g in zip(trim, grow)], abs=0.05)
        assert media == pytest.approx([t + g * (BLEED + SLUG_MM) * PT_PER_MM
                                       for t, g in zip(trim, grow)], abs=0.05)


def it_draws_crop_marks_beyond_the_bleed_on_every_page_the_cover_too(marked):
    engine, pdf = marked
    edge = (BLEED + SLUG_MM) * PT_PER_MM  # the trim's distance from the sheet's edge
    bleed_starts = edge - BLEED * PT_PER_MM
    for index in range(len(pypdf.PdfReader(pdf).pages)):
        width, height, pixel = grey_page(pdf, index)
        row, column = round(edge), round(width - edge)

        def dark_across(x):  # on the row of the trim's top edge
            return min(pixel(x, row - 1), pixel(x, row)) < 160

        def dark_along(y):  # on the column of the trim's right edge
            return min(pixel(column - 1, y), pixel(column, y)) < 160

        # the top-left mark: dark from the sheet's edge through the outer half of bleed and
        # slug, then paper up to the bleed (where the cover's band begins)
        assert all(dark_across(x) for x in range(1, int(edge / 2) - 1)), (engine, index)
        assert not any(dark_across(x) for x in range(int(edge / 2) + 2, int(bleed_starts) - 1)), \
            (engine, index)
        # the bottom-right mark, the same below the page
        assert all(dark_along(height - 1 - y) for y in range(1, int(edge / 2) - 1)), (engine, index)
        assert not any(dark_along(height - 1 - y)
                       for y in range(int(edge / 2) + 2, int(bleed_starts) - 1)), (engine, index)


def it_places_the_cover_bands_from_the_trim(marked):
    """After trimming, the top band is 16 mm and the bottom band 7 mm (base.css .cover-band),
    and both run on into the bleed, not into the slug."""
    engine, pdf = marked
    width, height, pixel = grey_page(pdf, 0)
    edge = (BLEED + SLUG_MM) * PT_PER_MM
    column = width // 4  # clear of the title and the issuer

    def run_from(y, step):
        """The first dark run met going from row `y` by `step`: (first row, last row)."""
        while pixel(column, y) >= 128:
            y += step
        first = y
        while pixel(column, y + step) < 128:
            y += step
        return first, y

    top, top_end = run_from(0, 1)
    assert (top_end + 1 - edge) / PT_PER_MM == pytest.approx(16, abs=0.5), engine
    assert (edge - top) / PT_PER_MM == pytest.approx(BLEED, abs=0.5), engine
    bottom, bottom_start = run_from(height - 1, -1)
    assert (height - edge - bottom_start) / PT_PER_MM == pytest.approx(7, abs=0.5), engine
    assert (bottom + 1 - (height - edge)) / PT_PER_MM == pytest.approx(BLEED, abs=0.5), engine
