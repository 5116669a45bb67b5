"""Chart files still being drawn → WeasyPrint images laid out now and read when drawn.

Why this adapter exists. Written against WeasyPrint 70.0 (see weasy_justify.py for the
pin and the check). In a cold build the charts are drawn in other processes
(charts/pool.py) while the PDF is laid out. WeasyPrint reads an image when it builds the
box tree, but layout needs only the image's intrinsic size, which for our charts follows
from the figure's size (charts/render.py `svg_size`); the drawing is needed only when
the page that shows it is written, about half-way through. So a pending chart is given
to WeasyPrint as an SVG with that size and nothing in it, which, when drawn, waits for
the file and draws the real chart in its place. The layout and the bytes are those of a
build whose charts were there from the start (tests/writers/test_weasy_pending.py).
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from ...errors import RenderError

_PENDING: dict[str, tuple[str, str]] = {}  # resolved path → (width, height) of its SVG root
_LOCK = threading.Lock()
_installed = False


def wait_for(path: Path, parent: int) -> None:
    """Block until `path` exists. A build that failed kills this process; a parent that
    died leaves it an orphan, which gives up."""
    from ..pending import wait_for as wait

    def check():
        if os.getppid() != parent:
            raise RenderError(f"the chart {path.name} was never drawn: the build stopped")

    wait(path, check)


@contextmanager
def pending(sizes: dict[str, tuple[str, str]]):
    """While laying out a document, treat the chart files in `sizes` (path → the width and
    height attributes of their SVG root) as pending."""
    install()
    with _LOCK:  # one document at a time per process, as the PDF worker lays them out
        _PENDING.clear()
        _PENDING.update({str(Path(p).resolve()): size for p, size in sizes.items()})
        try:
            yield
        finally:
            _PENDING.clear()


def install() -> None:
    """Patch the image loader WeasyPrint's documents use (once per process)."""
    global _installed
    if _installed:
        return
    from weasyprint import document as document_module

    from .weasy_justify import check_weasyprint

    check_weasyprint()
    original = document_module.original_get_image_from_uri
    parent = os.getppid()

    def get_image_from_uri(cache, url_fetcher, options, url, forced_mime_type=None,
                           context=None, orientation="from-image"):
        path = _local_path(url)
        size = _PENDING.get(path) if path else None
        if size is None or url in cache or Path(path).exists():
            return original(cache, url_fetcher, options, url, forced_mime_type, context,
                            orientation)
        image = _PendingChart(size, lambda: _load(original, cache, url_fetcher, options, url,
                                                  forced_mime_type, context, orientation,
                                                  Path(path), parent))
        return image

    document_module.original_get_image_from_uri = get_image_from_uri
    _installed = True


def _load(original, cache, url_fetcher, options, url, forced_mime_type, context, orientation,
          path: Path, parent: int):
    wait_for(path, parent)
    cache.pop(url, None)
    return original(cache, url_fetcher, options, url, forced_mime_type, context, orientation)


def _local_path(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
        return None
    return str(Path(url2pathname(parts.path)).resolve())


class _PendingChart:
    """Stands for a chart SVG until it is drawn: the same intrinsic size (WeasyPrint's own
    SVG reading of a root with the same attributes), the real image's drawing."""

    def __init__(self, size: tuple[str, str], load):
        from xml.etree import ElementTree

        from weasyprint.images import SVGImage

        width, height = size
        view = f"0 0 {width.removesuffix('pt')} {height.removesuffix('pt')}"
        root = ElementTree.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" '
                                      f'height="{height}" viewBox="{view}"/>')
        self._shape = SVGImage(root, None, None, None)
        self._load = load
        self._image = None

    def get_intrinsic_size(self, image_resolution, font_size):
        return self._shape.get_intrinsic_size(image_resolution, font_size)

    def draw(self, stream, concrete_width, concrete_height, style):
        if self._image is None:
            self._image = self._load()
        if self._image is not None:  # WeasyPrint logs a file it cannot read, as for any image
            self._image.draw(stream, concrete_width, concrete_height, style)
