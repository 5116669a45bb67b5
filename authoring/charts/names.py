"""A chart's SVG path → the names of its other files (PNG, SVG with real text), by output kind.

Pure and import-light: the writers (also in the PDF worker) and the chart processes name the
files the same way without loading the chart code.
"""

from __future__ import annotations

from pathlib import Path

SUFFIXES = {"svg": ".svg", "png": ".png", "text": ".text.svg"}  # file name ends, per output


def text_svg(svg: Path) -> Path:
    """The chart's SVG with real text (for the PDF) next to its SVG with text as paths."""
    return Path(svg).with_name(Path(svg).stem + SUFFIXES["text"])
