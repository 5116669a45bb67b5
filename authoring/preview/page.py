"""A report project → the preview page: the report as HTML, its audit appendix, or its errors.

The content is the PDF's: the same `make_document` the build uses and the HTML writer
(`render_html`) the PDF is laid out from, with footnotes as endnotes as in the HTML output.
"""

from __future__ import annotations

import html
import traceback
from pathlib import Path

from ..errors import AuthoringError, ErrorList

PREVIEW_CSS = """
<style id="authoring-preview">
html.screen body { max-width: 48em; margin: 2em auto; padding: 0 1em; }
.preview-errors { position: sticky; top: 0; z-index: 10; background: #fff4f4; color: #700;
  border: 2px solid #c00; padding: 0.8em 1.2em; margin: 0 0 1.5em; font: 14px/1.5 sans-serif; }
.preview-errors h2 { margin: 0 0 0.4em; font-size: 16px; }
.preview-errors li { margin: 0.3em 0; }
.preview-errors code { font-weight: bold; }
.preview-errors .hint { color: #555; }
.preview-stale { opacity: 0.45; }
section.audit { font-size: 12px; }
.audit-table { border-collapse: collapse; width: 100%; }
.audit-table td, .audit-table th { border: 1px solid #ccc; padding: 3px 5px; vertical-align: top; }
.audit-table small { color: #555; }
</style>
"""


def render_report(project_dir: Path, year: int | None = None) -> str:
    """The report as one HTML page with the audit table as a last appendix (no reload script)."""
    from ..records.audit import audit_rows, to_html, value_notes
    from ..build import make_document
    from ..writers.weasyprint.html import render_html

    result = make_document(project_dir, year=year)
    page = render_html(result.document, result.options, for_print=False)
    rows = audit_rows(result.document, value_notes(result.dataset))
    appendix = to_html(rows, result.config.lang)
    at = page.rfind("</main>")
    page = page[:at] + appendix + "\n" + page[at:] if at >= 0 else page + appendix
    return _inject_head(page, PREVIEW_CSS)


def error_report(exc: BaseException, last_good: str | None) -> str:
    """A page listing the errors (file, line, message, hint) above the last good rendering,
    dimmed, so the editor keeps their place; the whole page when there is none yet."""
    panel = error_panel(exc)
    if last_good:
        body_at = last_good.find("<body>")
        if body_at >= 0:
            body_at += len("<body>")
            return (last_good[:body_at] + panel + '<div class="preview-stale">'
                    + last_good[body_at:].replace("</body>", "</div></body>", 1))
    return ('<!DOCTYPE html>\n<html class="screen"><head><meta charset="utf-8">'
            f"<title>authoring preview: errors</title>{PREVIEW_CSS}</head><body>{panel}</body></html>\n")


def error_panel(exc: BaseException) -> str:
    errors = exc.errors if isinstance(exc, ErrorList) else [exc]
    items = []
    for error in errors:
        if isinstance(error, AuthoringError):
            where = f"<code>{html.escape(str(error.location))}</code>: " if error.location else ""
            hint = f'<br><span class="hint">hint: {html.escape(error.hint)}</span>' if error.hint else ""
            items.append(f"<li>{where}{html.escape(error.kind)}: {html.escape(error.message)}{hint}</li>")
        else:  # a bug in the toolkit: say so, and keep serving
            last = traceback.extract_tb(error.__traceback__)[-1:] or [None]
            place = f" ({last[0].filename}:{last[0].lineno})" if last[0] else ""
            items.append(f"<li>internal error: {html.escape(type(error).__name__)}: "
                         f"{html.escape(str(error))}{html.escape(place)}<br><span class=\"hint\">"
                         "hint: run authoring build --debug for the full traceback</span></li>")
    count = f"{len(errors)} problems" if len(errors) > 1 else "1 problem"
    return (f'<div class="preview-errors" role="alert"><h2>The report cannot be built: {count}</h2>'
            f"<ul>{''.join(items)}</ul>"
            "<p>Fix the file and save it: this page updates by itself.</p></div>")


def with_reload(page: str, version: int) -> str:
    """`page` plus the script that reloads it when the server has a newer version (and puts
    the reader back where they were)."""
    script = RELOAD_SCRIPT.replace("__VERSION__", str(version))
    meta = f'<meta name="authoring-preview-version" content="{version}">'
    return _inject_head(page, meta + script)


def _inject_head(page: str, text: str) -> str:
    at = page.find("</head>")
    return page[:at] + text + page[at:] if at >= 0 else text + page


RELOAD_SCRIPT = """
<script>
(function () {
  var version = __VERSION__;
  var key = "authoring-preview-scroll";
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    window.addEventListener("load", function () { window.scrollTo(0, Number(saved)); });
  }
  var source = new EventSource("/__events");
  source.onmessage = function (event) {
    if (Number(event.data) !== version) {
      source.close();
      sessionStorage.setItem(key, String(window.scrollY));
      location.reload();
    }
  };
})();
</script>
"""
