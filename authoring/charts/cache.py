"""Figure specs + data → rendered files in out/figures/, redrawn only when their content key changes.

The key hashes exactly what is drawn (ChartData: numbers, labels, alt), the theme, the size
and the renderer version, so editing one data value redraws only the charts that show it.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .data import ChartData
from .render import ChartTheme, render_chart_files

RENDERER_VERSION = "1"  # bump when render.py changes what it draws
PARALLEL_FROM = 4  # process start-up (~0.5 s importing matplotlib) pays off only for several charts


@dataclass(frozen=True)
class ChartJob:
    id: str
    data: ChartData
    size_mm: tuple[float, float]

    def key(self, theme: ChartTheme) -> str:
        import matplotlib

        text = repr((RENDERER_VERSION, matplotlib.__version__, self.data, theme, self.size_mm))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ChartFiles:
    svg: Path
    png: Path
    redrawn: bool


def text_svg(svg: Path) -> Path:
    """The chart's SVG with real text (for the PDF) next to its SVG with text as paths."""
    return svg.with_name(svg.stem + ".text.svg")


def _render_to(job: ChartJob, theme: ChartTheme, svg: Path, png: Path) -> None:
    svg_bytes, png_bytes, text_bytes = render_chart_files(job.data, theme, job.size_mm)
    for path, payload in ((svg, svg_bytes), (png, png_bytes), (text_svg(svg), text_bytes)):
        # unique per process: editions built in parallel may draw the same chart at once
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(payload)
        os.replace(tmp, path)


def render_all(jobs: list[ChartJob], theme: ChartTheme, folder: Path) -> dict[str, ChartFiles]:
    """Render every job whose files are missing; return id → files (and whether redrawn)."""
    folder.mkdir(parents=True, exist_ok=True)
    result, todo = {}, []
    for job in jobs:
        key = job.key(theme)
        svg, png = folder / f"{job.id}-{key}.svg", folder / f"{job.id}-{key}.png"
        hit = svg.is_file() and png.is_file() and text_svg(svg).is_file()
        result[job.id] = ChartFiles(svg, png, not hit)
        if not hit:
            todo.append((job, svg, png))
    workers = min(len(todo), os.cpu_count() or 1)
    try:
        if len(todo) >= PARALLEL_FROM and workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as pool:
                for future in [pool.submit(_render_to, job, theme, svg, png)
                               for job, svg, png in todo]:
                    future.result()
        else:
            for job, svg, png in todo:
                _render_to(job, theme, svg, png)
    except BaseException:
        for _, svg, png in todo:  # the charts drawn before the failure are this build's too
            svg.unlink(missing_ok=True)
            png.unlink(missing_ok=True)
            text_svg(svg).unlink(missing_ok=True)
        raise
    return result


def prune(folder: Path, current: dict[str, tuple]) -> None:
    """Remove renderings of these figures (id → their current files) under older keys, so
    out/ does not grow forever. The build calls it only after it succeeded: until then the
    previous outputs use the old renderings."""
    keep = {Path(p).name for files in current.values() for p in files if p}
    keep |= {text_svg(Path(p)).name for files in current.values() for p in files
             if p and str(p).endswith(".svg")}
    if not folder.is_dir():
        return
    for path in folder.iterdir():
        stem = path.stem.rsplit("-", 1)[0]
        if stem in current and path.name not in keep and not path.name.endswith(".tmp"):
            path.unlink(missing_ok=True)
