"""The only way the PDF writer loads resources: files inside the report project.

WeasyPrint's default fetcher opens any `file:` URL and any web address; its docs warn
that a document can then read arbitrary files (file:///etc/passwd) or reach the network.
Report templates and project stylesheets are user input, so every URL goes through
`ProjectFetcher`, which allows `data:` URIs and `file:` URLs that resolve (symlinks
included) inside the project or name one of the document's own chart files, and
refuses everything else with a RenderError.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from .weasy import import_weasyprint

weasyprint = import_weasyprint()  # first, so that the import runs no ldconfig/gcc (weasy.py)
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse  # noqa: E402

from ...errors import RenderError

# WeasyPrint's own data (user-agent CSS, ICC profiles) and our default CSS may load
# through the fetcher in some versions; they are part of the toolkit, not user input.
TOOLKIT_ROOTS = (Path(weasyprint.__file__).resolve().parent,
                 Path(__file__).resolve().parent / "css")


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, with symlinks resolved, lies inside `root`."""
    return Path(path).resolve().is_relative_to(Path(root).resolve())


def refuse(url: str, why: str) -> RenderError:
    return RenderError(
        f"refused to load {url}: {why}; only files inside the report project may be loaded",
        hint="copy the file into the project folder and refer to it by a relative path")


def checked_path(url: str, roots: tuple[Path, ...], files: frozenset[Path] = frozenset()
                 ) -> Path | None:
    """The local file `url` names, if loading it is allowed; None for a data: URI.

    Raises RenderError for any other scheme, a remote host, or a file neither inside
    `roots` nor one of `files` (resolved paths).
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "data":
        return None
    if scheme != "file":
        what = f"{scheme}: URLs are not fetched" if scheme else "not an absolute URL"
        raise refuse(url, what)
    if parts.netloc not in ("", "localhost"):
        raise refuse(url, f"the file is on another host ({parts.netloc})")
    path = Path(url2pathname(parts.path))  # url2pathname also %-decodes
    if path.resolve() not in files and not any(inside(path, root) for root in roots):
        raise refuse(url, "the file is outside the report project")
    return path


class ProjectFetcher(URLFetcher):
    """A WeasyPrint URL fetcher confined to `project_dir` and the exact `files` the
    toolkit itself generated (see the module docstring).

    Refusals are also kept in `refused`, because WeasyPrint swallows errors raised
    while it draws an SVG; the PDF writer re-raises them after rendering.
    """

    def __init__(self, project_dir: Path, files=(), recolour=None):
        # fail_on_errors: a missing chart must stop the build, not leave a hole
        super().__init__(timeout=5, allowed_protocols=("file", "data"),
                         allow_redirects=False, fail_on_errors=True)
        self.roots = (Path(project_dir).resolve(), *TOOLKIT_ROOTS)
        # the document's own chart files, wherever the build put them (--out elsewhere)
        self.files = frozenset(Path(f).resolve() for f in files)
        self.refused: list[RenderError] = []
        # the print edition's colour conversion: (text, suffix) → text, for SVG and CSS files
        self.recolour = recolour

    def fetch(self, url, headers=None):
        try:
            path = checked_path(url, self.roots, self.files)
            if path is not None:
                return self._read(url, path)
        except RenderError as error:
            self.refused.append(error)
            raise
        try:
            response = super().fetch(url, headers)
        except OSError as error:
            raise RenderError(f"could not load {url}: {error}") from error
        suffix = Path(urlsplit(url).path).suffix.lower()
        if self.recolour is None or suffix not in (".svg", ".css"):
            return response
        try:
            text = response.read().decode("utf-8")
        finally:
            response.close()
        return URLFetcherResponse(response.url, self.recolour(text, suffix).encode("utf-8"),
                                  response.headers, response.status)

    def _read(self, url: str, path: Path):
        """A file: URL read by the file rule (paths.read_regular): a FIFO named by a url()
        would block the build for ever, a device never end, a huge file fill the memory."""
        import mimetypes

        from weasyprint.urls import URLFetcherResponse

        from ...paths import read_regular

        resolved = path.resolve()
        try:
            data = read_regular(resolved, resolved.name, RenderError, limit="image_bytes")
        except RenderError as error:
            raise RenderError(f"could not load {url}: {error.message}", hint=error.hint) from None
        suffix = resolved.suffix.lower()
        if self.recolour is not None and suffix in (".svg", ".css"):  # the print edition
            data = self.recolour(data.decode("utf-8"), suffix).encode("utf-8")
        kind = mimetypes.guess_type(resolved.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, data, {"Content-Type": kind})

    def error_for(self, error: FatalURLFetchingError) -> RenderError:
        """The RenderError behind WeasyPrint's fatal fetch error `error`."""
        cause = error.__cause__
        if isinstance(cause, RenderError):
            return cause
        return RenderError(f"{error}: {cause}" if cause else str(error))
