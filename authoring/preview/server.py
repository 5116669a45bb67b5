"""The preview page and the project's pictures → HTTP on 127.0.0.1, with a reload signal to browsers.

`/` is the latest rendering (or the errors); `/__events` is a Server-Sent Events stream that
sends the page version whenever it changes, and the page reloads itself; any other path is a
picture or stylesheet inside the project (charts in out/figures, templates/style.css). Only
the loopback address is bound, and requests must name it as their Host, so another web page
cannot read the report through the reader's browser (DNS rebinding).
"""

from __future__ import annotations

import mimetypes
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..errors import AuthoringError
from ..paths import read_regular
from .page import error_report, render_report, with_reload

HOST = "127.0.0.1"
STATIC = {".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".css", ".woff", ".woff2", ".ttf",
          ".otf"}
HEARTBEAT = 15.0  # seconds between keep-alive comments on the event stream
IDLE_TIMEOUT = 20.0  # seconds a connection may stay silent (reading a request) before closing
MAX_CONNECTIONS = 32  # open connections at once: each holds a thread (a browser tab needs 2-6)
MAX_PATH = 2048  # longer request paths are refused (no file in a project has such a name)


class PageState:
    """The current page and its version; renders on request from the watcher thread."""

    def __init__(self, project: Path, year: int | None = None, log=None):
        self.project, self.year = project, year
        self.log = log or (lambda text: None)
        self.changed = threading.Condition()
        self.version = 0
        self.page = ""
        self.last_good: str | None = None
        self.closing = False
        self.render_lock = threading.Lock()

    def rebuild(self) -> bool:
        """Render the report again; on any error show the errors instead. True if it built."""
        with self.render_lock:
            start = time.perf_counter()
            try:
                page, ok = render_report(self.project, self.year), True
                self.last_good = page
                self.log(f"updated in {time.perf_counter() - start:.2f} s")
            except Exception as exc:  # noqa: BLE001 - the server must stay up whatever happens
                page, ok = error_report(exc, self.last_good), False
                self.log(f"error: {exc}")
            self.publish(page)
            return ok

    def publish(self, page: str) -> None:
        with self.changed:
            self.version += 1
            self.page = with_reload(page, self.version)
            self.changed.notify_all()

    def wait(self, seen: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != seen or self.closing, timeout)
            return self.version

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()


def make_handler(state: PageState, port_of):
    """The request handler class bound to `state`; `port_of()` is the listening port."""
    project = state.project.resolve()

    class Handler(BaseHTTPRequestHandler):
        server_version = "authoring-preview"
        timeout = IDLE_TIMEOUT  # a socket that sends nothing would otherwise hold its thread forever

        def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
            pass  # a request log would drown the "updated"/"error" lines the editor reads

        def do_GET(self):  # noqa: N802 - the stdlib's name
            if not self._host_ok():
                self.send_error(HTTPStatus.FORBIDDEN, "unexpected Host header")
                return
            path = unquote(urlsplit(self.path).path)
            if path in ("/", "/index.html"):
                self._send(state.page.encode("utf-8"), "text/html; charset=utf-8")
            elif path == "/__events":
                self._events()
            else:
                self._static(path)

        def _host_ok(self) -> bool:
            host = self.headers.get("Host", "")
            return host in (f"{HOST}:{port_of()}", f"localhost:{port_of()}")

        def _send(self, body: bytes, content_type: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def _static(self, path: str) -> None:
            if len(path) > MAX_PATH or "\x00" in path:  # no such file; resolve() would raise
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            try:
                file = (project / path.lstrip("/")).resolve()  # symlinks resolved, ".." gone
                inside = file.is_relative_to(project)
                hidden = inside and any(p.startswith(".") for p in file.relative_to(project).parts)
                found = inside and not hidden and file.suffix.lower() in STATIC and file.is_file()
            except (OSError, ValueError):  # a name too long for the file system, and the like
                found = False
            if not found:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            try:  # the file rule: a regular file, not swapped for a link, not too large
                body = read_regular(file, path, limit="image_bytes")
            except AuthoringError:
                self.send_error(HTTPStatus.NOT_FOUND)
                return
            self._send(body, kind)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while not state.closing:
                    version = state.wait(seen, HEARTBEAT) if seen >= 0 else state.version
                    if state.closing:
                        break
                    message = f"data: {version}\n\n" if version != seen else ": keep-alive\n\n"
                    self.wfile.write(message.encode("ascii"))
                    self.wfile.flush()
                    seen = version
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page was closed or reloaded

    return Handler


class _BoundedServer(ThreadingHTTPServer):
    """ThreadingHTTPServer with at most MAX_CONNECTIONS connections (threads) at once; one
    more is closed at once. Errors in a request are one log line, not a traceback."""

    daemon_threads = True

    def __init__(self, address, handler, log):
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.log = log

    def process_request(self, request, client_address):
        if not self.slots.acquire(blocking=False):
            self.shutdown_request(request)  # too many open connections: refuse this one
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address):
        import sys

        exc = sys.exc_info()[1]
        if not isinstance(exc, (ConnectionError, TimeoutError)):
            self.log(f"request failed: {type(exc).__name__}: {exc}")


class PreviewServer:
    """Serves `project` on 127.0.0.1:`port` (0 = any free port) and rebuilds on every save."""

    def __init__(self, project: Path, port: int = 0, year: int | None = None, log=None):
        self.project = project.resolve()
        self.state = PageState(self.project, year, log)
        self.httpd = _BoundedServer((HOST, port), make_handler(self.state, lambda: self.port),
                                    self.state.log)
        self.stop_event = threading.Event()
        self.threads: list[threading.Thread] = []

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> None:
        """First rendering, then serve and watch in background threads."""
        from .watch import watch

        self.state.rebuild()
        ready = threading.Event()
        self.threads = [
            threading.Thread(target=self.httpd.serve_forever, name="preview-http", daemon=True),
            threading.Thread(target=watch, args=(self.project, self._changed, self.stop_event, ready),
                             name="preview-watch", daemon=True)]
        for thread in self.threads:
            thread.start()
        ready.wait(timeout=10)  # saves from now on are seen

    def _changed(self, paths: list[str]) -> None:
        shown = ", ".join(Path(p).name for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        self.state.log(f"changed: {shown}")
        self.state.rebuild()

    def stop(self) -> None:
        self.stop_event.set()
        self.state.close()  # ends the event streams
        if self.threads:  # shutdown() waits for serve_forever, which must have started
            self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self.threads:
            thread.join(timeout=5)
