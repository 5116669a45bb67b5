"""Figure specs + data → rendered files in out/figures/, redrawn only when their content key changes.

The key hashes exactly what is drawn (ChartData: numbers, labels, alt), the theme, the size
and the renderer version, so editing one data value redraws only the charts that show it.
Each chart has up to three files under that key (`OUTPUTS` in render.py); a build draws only
the ones its formats use (`needed_outputs`) and that are not there yet.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .data import ChartData
from .names import text_svg  # noqa: F401 - also this module's name for it
from .render import OUTPUTS, ChartTheme, render_chart_files

# bump when render.py changes what it draws. 2: laid out once (by the SVG's save), RGB PNG
RENDERER_VERSION = "3"  # 3: line labels placed apart, positive axes from 0
PARALLEL_FROM = 4  # process start-up (~0.5 s importing matplotlib) pays off only for several charts


@lru_cache(maxsize=1)
def _matplotlib_version() -> str:
    """From the installed package's metadata: importing matplotlib (~0.5 s) only to compute
    cache keys would cost a build whose charts are all cached. Read once (~8 ms a read)."""
    from importlib.metadata import version

    return version("matplotlib")


@dataclass(frozen=True)
class ChartJob:
    id: str
    data: ChartData
    size_mm: tuple[float, float]

    def key(self, theme: ChartTheme) -> str:
        text = repr((RENDERER_VERSION, _matplotlib_version(), self.data, theme, self.size_mm))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class ChartFiles:
    svg: Path
    png: Path
    redrawn: bool
    drawn: tuple[Path, ...] = ()  # the files this call wrote (a failed build removes them)


# which chart files each output format reads: the DOCX embeds the SVG with text as paths and
# the PNG fallback; the HTML (and WeasyPrint's PDF) shows the SVG with real text, found next
# to the SVG; so does Typst's PDF (writers/typst/markup.py)
FORMAT_OUTPUTS = {"docx": ("svg", "png"), "html": ("svg", "text"), "pdf": ("svg", "text")}
ENGINE_OUTPUTS = {"typst": ("svg", "text")}


def needed_outputs(formats, engine: str | None = None) -> tuple[str, ...]:
    """The chart outputs (render.OUTPUTS) that building `formats` reads; all for an unknown
    format, so that nothing a writer might read is left out."""
    wanted = set()
    for name in formats:
        if name == "pdf" and engine in ENGINE_OUTPUTS:
            wanted.update(ENGINE_OUTPUTS[engine])
        else:
            wanted.update(FORMAT_OUTPUTS.get(name, OUTPUTS))
    return tuple(o for o in OUTPUTS if o in wanted)


def output_phases(formats, engine: str | None = None) -> tuple[tuple, tuple]:
    """(every chart output a build of `formats` reads, those of them only the DOCX reads):
    the latter may be drawn while the PDF is laid out."""
    everything = needed_outputs(formats, engine)
    printed = [name for name in formats if name in ("pdf", "html")]
    if not printed:
        return everything, ()
    first = set(needed_outputs(printed, engine)) | {"svg"}  # the SVG's save lays the chart out
    return everything, tuple(o for o in everything if o not in first)


def _paths(svg: Path, png: Path) -> dict[str, Path]:
    return {"svg": svg, "png": png, "text": text_svg(svg)}


def write_outputs(payloads: dict, svg: Path, png: Path, outputs: tuple[str, ...]) -> None:
    """Write the `outputs` of `payloads` (output name → bytes) to the chart's file names."""
    paths = _paths(svg, png)
    for name in outputs:
        path = paths[name]
        # unique per process: editions built in parallel may draw the same chart at once
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            tmp.unlink(missing_ok=True)  # never write through a link planted under this name
            tmp.write_bytes(payloads[name])
            os.replace(tmp, path)
            _record(path, payloads[name])
        except BaseException as exc:
            tmp.unlink(missing_ok=True)  # a failed build leaves nothing behind in out/figures
            if isinstance(exc, OSError) and exc.filename == str(tmp):
                # name the chart's file, not our temporary one
                raise type(exc)(exc.errno, exc.strerror, str(path)) from None
            raise


def _record_name(path: Path, digest: str) -> Path | None:
    """Where the record of chart file `path` with contents of sha256 `digest` is kept: in the
    user's cache folder, which a project cannot ship (out/ can come with it)."""
    from ..paths import user_cache

    key = hashlib.sha256(f"{RENDERER_VERSION}:{path.name}:{digest}".encode()).hexdigest()
    return user_cache() / "charts" / key[:2] / key[2:]


def _record(path: Path, data: bytes) -> None:
    """Note that this toolkit wrote `data` as chart file `path`, so a later build may reuse
    it; an unwritable cache folder only means the chart is drawn again next time."""
    record = _record_name(path, hashlib.sha256(data).hexdigest())
    try:
        record.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        record.touch()
    except OSError:
        pass


def reusable(path: Path) -> bool:
    """Whether the chart file `path` can be reused: a regular file (not a link, FIFO or
    device), within the size limit, whose contents this toolkit recorded writing under this
    name. A file name alone proves nothing: the keys are deterministic, so a shared project
    can ship out/figures/<id>-<key>.svg as a link to any file, or as a doctored chart."""
    from ..errors import AuthoringError
    from ..paths import open_regular

    if path.is_symlink() or not path.is_file():
        return False
    digest = hashlib.sha256()
    try:
        with open_regular(path, path.name, limit="image_bytes") as (fd, _):
            while chunk := os.read(fd, 1 << 20):
                digest.update(chunk)
    except (AuthoringError, OSError):
        return False
    return _record_name(path, digest.hexdigest()).is_file()


def _render_to(job: ChartJob, theme: ChartTheme, svg: Path, png: Path,
               outputs: tuple[str, ...]) -> None:
    payloads = dict(zip(OUTPUTS, render_chart_files(job.data, theme, job.size_mm, outputs)))
    write_outputs(payloads, svg, png, outputs)


def render_all(jobs: list[ChartJob], theme: ChartTheme, folder: Path,
               outputs: tuple[str, ...] = OUTPUTS, pool=None, later: tuple[str, ...] = (),
               on_done=None, wait: bool = True) -> dict[str, ChartFiles]:
    """Render the `outputs` of every job that are missing; return id → files (whether
    redrawn, and which files were written). With a warm `pool` (pool.py) the processes
    draw them, and the outputs in `later` may still be being written on return
    (`pool.wait_later()`), and all of them unless `wait`; `on_done(id)` is told of each
    chart drawn."""
    folder.mkdir(parents=True, exist_ok=True)
    result, todo = {}, []
    for job in jobs:
        key = job.key(theme)
        svg, png = folder / f"{job.id}-{key}.svg", folder / f"{job.id}-{key}.png"
        paths = _paths(svg, png)
        missing = tuple(name for name in outputs if not reusable(paths[name]))
        result[job.id] = ChartFiles(svg, png, bool(missing), tuple(paths[n] for n in missing))
        if missing:
            todo.append((job, svg, png, missing))
    workers = min(len(todo), os.cpu_count() or 1)
    try:
        if pool is not None and todo:
            pool.draw(todo, theme, later, on_done, wait)
        elif len(todo) >= PARALLEL_FROM and workers > 1:
            with ProcessPoolExecutor(max_workers=workers) as executor:
                for job, future in [(job, executor.submit(_render_to, job, theme, svg, png, missing))
                                    for job, svg, png, missing in todo]:
                    future.result()
                    if on_done is not None:
                        on_done(job.id)
        else:
            for job, svg, png, missing in todo:
                _render_to(job, theme, svg, png, missing)
                if on_done is not None:
                    on_done(job.id)
    except BaseException:
        if pool is not None:
            pool.close()  # nothing may still be writing while this build's charts are removed
        for job, svg, png, missing in todo:  # the charts drawn before the failure are this build's too
            for name in missing:
                take_back(_paths(svg, png)[name])
        raise
    return result


def take_back(path: Path) -> None:
    """Remove a file a failed build may have written: never anything else found under its
    name (a folder there is why the build failed), and never an error that would hide the
    build's own."""
    try:
        if path.is_file() or path.is_symlink():
            path.unlink()
    except OSError:
        pass


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
