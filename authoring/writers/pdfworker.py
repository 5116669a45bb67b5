"""Document model → PDF in a separate process, so WeasyPrint's work overlaps the rest of a build.

On a machine with several cores the build starts this worker first: it imports WeasyPrint
(about 0.5 s) while the main process loads data and draws charts, then lays out the PDF
while the main process writes the DOCX and the audit table. The worker is spawned, not
forked, because the main process may run threads (the progress display).

When chart processes are starting too, the build holds the import back (`eager=False`)
until it waits for the charts (`warm`): on two cores, four processes importing at once
would slow the data loading and the charts, which the PDF waits for, to save an import
that is not yet needed.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from ..errors import RenderError


def worth_it(formats) -> bool:
    """A worker pays off only with a PDF to write and a second core to write it on."""
    return "pdf" in formats and (os.cpu_count() or 1) > 1 and os.environ.get("AUTHORING_NO_WORKER") != "1"


class PdfWorker:
    def __init__(self, engine: str = "weasyprint", eager: bool = True):
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child, engine), daemon=True,
                                 name="authoring-pdf")
        self._proc.start()
        child.close()
        self._submitted = self._warmed = False
        if eager:
            self.warm()

    def warm(self) -> None:
        """Let the worker import its engine now (once)."""
        if not self._warmed:
            self._warmed = True
            self._conn.send("import")

    def submit(self, document, target: Path, options) -> None:
        self._conn.send((document, str(target), options))
        self._submitted = True

    def wait(self) -> None:
        """Block until the PDF is written; re-raise the worker's error as a RenderError."""
        try:
            outcome = self._conn.recv()
        except EOFError:
            raise RenderError("the PDF worker process stopped unexpectedly") from None
        if outcome is not None:
            message, hint = outcome
            raise RenderError(message, hint=hint)

    def close(self) -> None:
        """Reap the worker; stop it if it is still waiting (a build that failed before the PDF)."""
        self._proc.join(timeout=0.5 if self._submitted else 0)
        if self._proc.is_alive():
            if not self._submitted:
                try:
                    self._conn.send(None)
                except OSError:
                    pass
            self._proc.join(timeout=2)
            if self._proc.is_alive():
                self._proc.terminate()
        self._conn.close()


def _serve(conn, engine: str = "weasyprint") -> None:
    import gc

    # WeasyPrint allocates millions of small objects; the default collector thresholds spent
    # several seconds per 300 pages in collections that free nothing (docs/PERFORMANCE.md)
    gc.set_threshold(50_000, 50, 100)
    try:
        _work(conn, engine)
    finally:
        conn.close()
        # skip interpreter teardown (~0.3 s of freeing objects the OS reclaims anyway);
        # the parent is waiting on the result, not on this process's exit
        os._exit(0)


def _work(conn, engine: str) -> None:
    job = conn.recv()  # "import" (warm), the job itself, or None (the build failed)
    if job is None:
        return
    # the engine is imported now, while the parent is busy: the point of the worker
    if engine == "typst":
        from .typst import fonts

        fonts()  # Typst's scan of the system fonts, likewise ahead of time
    else:
        from .weasyprint.weasy import import_weasyprint

        import_weasyprint()

    from ..errors import AuthoringError
    from . import PDF_ENGINES

    if job == "import":
        job = conn.recv()
    if job is None:
        return
    document, target, options = job
    try:
        PDF_ENGINES[options.pdf_engine](document, Path(target), options)
    except AuthoringError as exc:
        conn.send((str(exc) if exc.location else exc.message, exc.hint))
        return
    except Exception as exc:  # noqa: BLE001 - reported to the parent as a RenderError
        conn.send((f"writing pdf failed: {type(exc).__name__}: {exc}", None))
        return
    conn.send(None)
