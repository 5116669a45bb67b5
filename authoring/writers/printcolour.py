"""sRGB colours in CSS, SVG and the design → the print edition's CMYK (greys in K only, colours
through the printing condition's ICC profile), and that profile as the PDF's output intent.

Why. A press prints an RGB grey with four inks: small Song-style text goes fuzzy at the
slightest misregistration. So every neutral colour becomes 0/0/0/K (its darkness in black
ink alone), and every other colour is converted once, here, with littlecms (Pillow's
ImageCms) from sRGB to the CMYK profile of the printing condition, relative colorimetric.
The PDF then names that condition in an output intent, with the profile embedded.
The screen edition is never converted: it stays sRGB.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from ..errors import ConfigError
from .options import PrintColour

# neutral when the channels differ by at most this (of 255): matplotlib and the stylesheet
# write exact greys; a colour picked by eye may be one step off
NEUTRAL = 2
# SVG colour properties, as attributes (fill="…") or in a style (fill: …)
_SVG_COLOUR = re.compile(
    r"(?P<head>\b(?:fill|stroke|stop-color|flood-color|lighting-color|color)"
    r"(?:\s*:\s*|=\s*[\"']))(?P<colour>#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|rgb\([^)]*\)|black\b|white\b)")
_SVG_ROOT = re.compile(r"(<svg\b(?![^>]*\bfill=)[^>]*?)(?=\s*/?>)")
# CSS properties whose bare names (black, grey) are colours; elsewhere an identifier is left
_COLOUR_PROPERTIES = ("color", "background", "border", "outline", "fill", "stroke",
                      "box-shadow", "text-shadow", "text-decoration", "column-rule")


def read_profile(path: Path) -> bytes:
    """The ICC profile at `path`, refused unless it is a CMYK output profile."""
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise ConfigError(f"the print colour profile {path} cannot be read: {error.strerror}",
                          hint="`make setup` installs the default (Debian's libgs-common); "
                               "or set [pdf] print_profile to a CMYK .icc file "
                               "(docs/PDF.md \"Print colour\")") from None
    if len(data) < 128 or data[36:40] != b"acsp" or data[16:20] != b"CMYK":
        raise ConfigError(f"{path} is not a CMYK ICC profile",
                          hint="a printing condition's profile converts to CMYK (its header "
                               "says 'CMYK'); an RGB or grey profile cannot be an output intent")
    return data


def profile_description(data: bytes) -> str:
    """The profile's own name (its 'desc' tag), or "" when it has none we can read."""
    count = int.from_bytes(data[128:132], "big")
    for i in range(count):
        entry = data[132 + 12 * i: 144 + 12 * i]
        if entry[:4] != b"desc":
            continue
        offset, size = int.from_bytes(entry[4:8], "big"), int.from_bytes(entry[8:12], "big")
        tag = data[offset:offset + size]
        if tag[:4] == b"desc":  # ICC v2 textDescriptionType: ASCII with its length
            length = int.from_bytes(tag[8:12], "big")
            return tag[12:12 + length].rstrip(b"\0").decode("ascii", "replace")
        if tag[:4] == b"mluc":  # ICC v4: the first record, UTF-16BE
            rec_size, rec_offset = (int.from_bytes(tag[20:24], "big"),
                                    int.from_bytes(tag[24:28], "big"))
            return tag[rec_offset:rec_offset + rec_size].decode("utf-16-be", "replace")
    return ""


def cmyk(colour: str, profile: PrintColour) -> tuple[float, float, float, float]:
    """The CMYK (0–1 each, four decimals) the press prints for the sRGB `colour` (#rrggbb)."""
    return _convert(_rgb(colour), str(profile.profile))


def css_cmyk(colour: str, profile: PrintColour) -> str:
    """`colour` as a CSS `device-cmyk()` value."""
    return "device-cmyk(" + " ".join(_figure(v) for v in cmyk(colour, profile)) + ")"


def recolour_svg(text: str, profile: PrintColour) -> str:
    """An SVG's text with each colour property in `device-cmyk()` (WeasyPrint draws it so),
    and black in K as the root's fill: what has no fill of its own (matplotlib's text) is
    black by default, which WeasyPrint would paint as RGB."""
    text = _SVG_COLOUR.sub(
        lambda m: m["head"] + (_css_colour(m["colour"], profile) or m["colour"]), text)
    return _SVG_ROOT.sub(lambda m: m[1] + ' fill="device-cmyk(0 0 0 1)"', text, count=1)


def recolour_css(text: str, profile: PrintColour) -> str:
    """A stylesheet's text with every colour of its declarations in `device-cmyk()`."""
    import tinycss2

    rules = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
    return _rules(rules, profile)


# ------------------------------------------------------------------ internals


@lru_cache(maxsize=None)
def _transform(path: str):
    from PIL import ImageCms

    srgb = ImageCms.createProfile("sRGB")
    press = ImageCms.getOpenProfile(path)
    return ImageCms.buildTransform(srgb, press, "RGB", "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)


@lru_cache(maxsize=4096)
def _convert(rgb: tuple[int, int, int], path: str) -> tuple[float, float, float, float]:
    if max(rgb) - min(rgb) <= NEUTRAL:
        # K only: the grey's darkness (its mean channel) in black ink
        return (0.0, 0.0, 0.0, round(1 - sum(rgb) / 3 / 255, 4))
    from PIL import Image

    pixel = Image.new("RGB", (1, 1), rgb)
    from PIL import ImageCms

    c, m, y, k = ImageCms.applyTransform(pixel, _transform(path)).getpixel((0, 0))
    return tuple(round(v / 255, 4) for v in (c, m, y, k))


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.strip().lstrip("#")
    if len(colour) == 3:
        colour = "".join(ch * 2 for ch in colour)
    return tuple(int(colour[i:i + 2], 16) for i in (0, 2, 4))


def _figure(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") or "0"


def _css_colour(text: str, profile: PrintColour) -> str | None:
    """A CSS colour's text → its device-cmyk() text; None to leave it (transparent, alpha)."""
    import tinycss2.color3

    parsed = tinycss2.color3.parse_color(text)
    if parsed is None or isinstance(parsed, str) or parsed.alpha < 1:
        return None
    rgb = "#" + "".join(f"{round(v * 255):02x}" for v in (parsed.red, parsed.green, parsed.blue))
    return css_cmyk(rgb, profile)


def _rules(nodes, profile: PrintColour) -> str:
    import tinycss2

    out = []
    for node in nodes:
        if node.type == "declaration":
            value = _values(node.value, node.lower_name, profile)
            important = " !important" if node.important else ""
            out.append(f"{node.name}:{value}{important};")
        elif node.type in ("qualified-rule", "at-rule") and node.content is not None:
            head = ("@" + node.at_keyword if node.type == "at-rule" else "")
            inner = tinycss2.parse_blocks_contents(node.content, skip_comments=True,
                                                   skip_whitespace=True)
            out.append(head + tinycss2.serialize(node.prelude) + "{" + _rules(inner, profile) + "}")
        elif node.type not in ("whitespace", "comment", "error"):
            out.append(tinycss2.serialize([node]))
    return "\n".join(out)


def _values(tokens, name: str, profile: PrintColour) -> str:
    import tinycss2

    names_are_colours = any(key in name for key in _COLOUR_PROPERTIES)
    out = []
    for token in tokens:
        text = tinycss2.serialize([token])
        kind = token.type
        if kind == "hash" or (kind == "function" and token.lower_name in ("rgb", "rgba")) \
                or (kind == "ident" and names_are_colours):
            out.append(_css_colour(text, profile) or text)
        elif kind == "function":  # a gradient or var() fallback: its arguments
            out.append(f"{token.name}({_values(token.arguments, name, profile)})")
        else:
            out.append(text)
    return "".join(out)
