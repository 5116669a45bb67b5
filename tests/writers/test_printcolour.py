"""The print edition's colour: greys in K only, colours in the printing condition's CMYK, a CMYK
output intent; the screen edition stays sRGB. Every check reads the written PDF back."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pypdf
import pytest
from pypdf.generic import ContentStream, NameObject

from authoring.build import build
from authoring.errors import ConfigError
from authoring.writers.configure import DEFAULT_PROFILE
from authoring.writers.options import PrintColour
from authoring.writers.printcolour import (cmyk, profile_description, read_profile, recolour_css,
                                           recolour_svg)

from ..conftest import EXAMPLE, copy_project

SWOP = PrintColour(Path(DEFAULT_PROFILE), "CGATS TR 001", "Artifex CMYK SWOP Profile")


def it_sets_greys_in_black_ink_alone_and_colours_through_the_profile():
    assert cmyk("#1a1a1a", SWOP) == (0, 0, 0, 0.898)
    assert cmyk("#000000", SWOP) == (0, 0, 0, 1) and cmyk("#ffffff", SWOP) == (0, 0, 0, 0)
    c, m, y, k = cmyk("#1f4e79", SWOP)  # the example's blue: mostly cyan, some magenta
    assert c > 0.8 and 0.5 < m < c and y < m and k < 0.4


def it_rewrites_the_colours_of_declarations_and_leaves_selectors():
    css = recolour_css("#cab { color: #333; border-bottom: 1px solid black }\n"
                       "@page { @bottom-center { color: rgb(26, 26, 26) } }\n"
                       ":root { --accent: #1f4e79 } p { font-family: white }", SWOP)
    css = " ".join(css.split())
    assert "#cab {color: device-cmyk(0 0 0 0.8);" in css
    assert "solid device-cmyk(0 0 0 1)" in css and "color: device-cmyk(0 0 0 0.898)" in css
    assert "--accent: device-cmyk(1 " in css and "font-family: white" in css


def it_rewrites_svg_colours_and_gives_unfilled_text_black_ink():
    svg = recolour_svg('<svg xmlns="http://www.w3.org/2000/svg"><path style="fill: #1f4e79"/>'
                       '<text>#333 stays</text><line stroke="#000000"/></svg>', SWOP)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" fill="device-cmyk(0 0 0 1)">')
    assert "fill: device-cmyk(1 " in svg and 'stroke="device-cmyk(0 0 0 1)"' in svg
    assert "#333 stays" in svg


def it_refuses_a_profile_that_is_not_cmyk(tmp_path):
    rgb = tmp_path / "rgb.icc"
    rgb.write_bytes(read_profile(SWOP.profile).replace(b"CMYK", b"RGB ", 1))
    with pytest.raises(ConfigError, match="not a CMYK ICC profile"):
        read_profile(rgb)
    with pytest.raises(ConfigError, match="cannot be read"):
        read_profile(tmp_path / "missing.icc")
    assert profile_description(read_profile(SWOP.profile)) == "Artifex CMYK SWOP Profile"


# ------------------------------------------------------------------ the example, both engines


def text_fills(pdf: Path) -> list[tuple[str, tuple[float, ...]]]:
    """(colour space, components) of the fill of every text-showing operator, forms included."""
    reader = pypdf.PdfReader(pdf)
    shown = []

    def space_of(name, resources):
        spaces = (resources or {}).get("/ColorSpace") or {}
        real = spaces.get_object().get(name) if spaces else None
        if real is None:
            return str(name).lstrip("/")
        real = real.get_object()
        return f"ICC{real[1].get_object()['/N']}" if str(real[0]) == "/ICCBased" else str(real[0])

    def walk(contents, resources, depth=0):
        state, stack = ("DeviceGray", (0.0,)), []
        for operands, op in ContentStream(contents, reader).operations:
            op = op.decode() if isinstance(op, bytes) else op
            if op == "q":
                stack.append(state)
            elif op == "Q" and stack:
                state = stack.pop()
            elif op in ("g", "rg", "k"):
                state = ({"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}[op],
                         tuple(float(v) for v in operands))
            elif op == "cs":
                state = (space_of(operands[0], resources), state[1])
            elif op in ("sc", "scn"):
                state = (state[0], tuple(float(v) for v in operands if not isinstance(v, NameObject)))
            elif op in ("Tj", "TJ", "'", '"'):
                shown.append(state)
            elif op == "Do" and depth < 8:
                form = resources["/XObject"].get_object()[operands[0]].get_object()
                if form.get("/Subtype") == "/Form":
                    walk(form, form.get("/Resources", resources), depth + 1)

    for page in reader.pages:
        walk(page.get_contents(), page.get("/Resources").get_object())
    return shown


def output_intent_profile(pdf: Path):
    intents = pypdf.PdfReader(pdf).trailer["/Root"].get("/OutputIntents")
    return [intent.get_object() for intent in intents or []]


@pytest.fixture(scope="module", params=["weasyprint", "typst"])
def print_edition(request, tmp_path_factory):
    project = copy_project(EXAMPLE, tmp_path_factory.mktemp("print") / "example")
    result = build(project, formats=["pdf"], edition="print", engine=request.param)
    return request.param, result.outputs["pdf"]


def it_shows_black_and_grey_text_in_black_ink_only(print_edition):
    engine, pdf = print_edition
    fills = text_fills(pdf)
    assert len(fills) > 500
    rgb = [f for f in fills if f[0] in ("DeviceRGB", "ICC3")]
    assert rgb == [], engine
    greys = [c for space, c in fills if space == "DeviceCMYK" and c[:3] == (0, 0, 0)]
    assert len(greys) > 0.8 * len(fills)  # body text, headers, folios, captions


def it_names_a_cmyk_printing_condition_with_its_profile(print_edition):
    _engine, pdf = print_edition
    (intent,) = output_intent_profile(pdf)
    assert intent["/OutputConditionIdentifier"] == "CGATS TR 001"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4 and profile.get_data()[16:20] == b"CMYK"
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


def it_leaves_the_screen_edition_in_srgb(built_example):
    pdf = built_example.outputs["pdf"]
    assert output_intent_profile(pdf) == []
    assert {space for space, _c in text_fills(pdf)} <= {"DeviceRGB", "DeviceGray", "ICC3"}
