"""`authoring preview` → the report as a web page on http://127.0.0.1:PORT/, updated on every save."""

from __future__ import annotations

import errno
import time
from pathlib import Path

import click

from ..errors import ConfigError


@click.command()
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Report project folder (holds report.toml).")
@click.option("--year", type=int, help="Preview another year than [report] year.")
@click.option("--port", type=int, default=8000, show_default=True,
              help="Port on 127.0.0.1; 0 picks a free one. If 8000 is busy, the next free one is used.")
@click.option("--open/--no-open", "open_browser", default=False,
              help="Open the page in the default web browser.")
def preview(project, year, port, open_browser):
    """Serve the report as a web page that reloads whenever data, templates or figures change."""
    from ..config import load_config
    from ..preview.server import PreviewServer

    project = project.resolve()
    load_config(project, year)  # a missing or broken report.toml is reported before serving

    def log(text):
        click.echo(f"[{time.strftime('%H:%M:%S')}] {text}")

    server = _bind(PreviewServer, project, port, year, log)
    click.echo(f"rendering {project} …")
    server.start()
    click.echo(f"preview: {server.url}  (Ctrl+C to stop)")
    if open_browser:
        import webbrowser
        webbrowser.open(server.url)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        click.echo("stopping")
    finally:
        server.stop()


def _bind(factory, project: Path, port: int, year, log):
    """The server on `port`; for the default port, the next free one if it is taken."""
    tries = range(port, port + 20) if port == 8000 else [port]
    for candidate in tries:
        try:
            return factory(project, candidate, year, log)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
    raise ConfigError(f"port {port} is already in use",
                      hint="choose another with --port, or --port 0 for any free port")
