"""The preview page and server, without a browser: content, errors in the page, what is served."""

from __future__ import annotations

import http.client
import time

import pytest

from authoring.preview.page import error_report, render_report, with_reload
from authoring.preview.server import PreviewServer
from authoring.preview.watch import is_input, watched_folders


def it_renders_the_report_with_its_audit_appendix(english_copy):
    page = render_report(english_copy)
    assert "In 2023 the region awarded 437 research grants, down 3.3% on 2022." in page
    assert '<section class="chapter appendix audit" id="audit">' in page
    assert "grants[2023] / grants[2022] - 1" in page  # the formula of "down 3.3%"
    assert page.index('id="audit"') < page.index("</main>")


def it_shows_errors_with_file_and_line_above_the_last_good_page(english_copy):
    from authoring.build import make_document

    good = render_report(english_copy)
    template = english_copy / "templates" / "summary.md.j2"
    template.write_text(template.read_text().replace("{{ grants }}", "{{ grant }}"), encoding="utf-8")
    with pytest.raises(Exception) as info:
        make_document(english_copy)
    page = error_report(info.value, good)
    assert "<code>templates/summary.md.j2:3</code>" in page and "did you mean grants?" in page
    assert "437 research grants" in page  # the last good rendering stays, dimmed
    assert "preview-stale" in page


def it_adds_the_version_and_reload_script():
    page = with_reload("<html><head></head><body>x</body></html>", 7)
    assert '<meta name="authoring-preview-version" content="7">' in page
    assert "new EventSource(\"/__events\")" in page


def it_watches_only_the_report_inputs(tmp_path):
    for folder in ("data/sub", "templates", "figures", "out/figures", ".venv/lib"):
        (tmp_path / folder).mkdir(parents=True)
    folders = watched_folders(tmp_path)
    assert tmp_path / "data" / "sub" in folders and tmp_path / ".venv" / "lib" not in folders
    assert tmp_path / "out" / "figures" not in folders
    assert is_input(tmp_path, str(tmp_path / "report.toml"))
    assert is_input(tmp_path, str(tmp_path / "data" / "values.csv"))
    assert not is_input(tmp_path, str(tmp_path / "out" / "figures" / "x.svg"))
    assert not is_input(tmp_path, str(tmp_path / "data" / "~$awards.xlsx"))  # Excel's lock file
    assert not is_input(tmp_path, str(tmp_path / "templates" / ".overview.md.j2.swp"))
    assert not is_input(tmp_path, str(tmp_path / "notes.txt"))


def _get(port, path, host=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": host or f"127.0.0.1:{port}"})
    response = connection.getresponse()
    return response.status, response.read()


@pytest.fixture
def server(english_copy):
    running = PreviewServer(english_copy, port=0)
    running.start()
    yield running
    running.stop()


def it_serves_the_page_and_charts_but_nothing_else(server, english_copy):
    status, body = _get(server.port, "/")
    assert status == 200 and b"437 research grants" in body
    # the page shows the SVG with real text (html.py); one glob for both SVGs picked either,
    # by the folder's order
    chart = next((english_copy / "out" / "figures").glob("grants_trend-*.text.svg"))
    assert f'src="out/figures/{chart.name}"'.encode() in body
    assert _get(server.port, f"/out/figures/{chart.name}")[0] == 200
    assert _get(server.port, "/data/values.csv")[0] == 404  # data is not served
    assert _get(server.port, "/report.toml")[0] == 404
    assert _get(server.port, "/../../etc/passwd")[0] == 404
    assert _get(server.port, "/", host="attacker.example")[0] == 403  # DNS rebinding
    assert server.httpd.server_address[0] == "127.0.0.1"


def it_rebuilds_when_a_data_file_is_saved(server, english_copy):
    version = server.state.version
    values = english_copy / "data" / "values.csv"
    values.write_text(values.read_text().replace("410,452,437", "410,452,500"), encoding="utf-8")
    deadline = time.monotonic() + 15
    while server.state.version == version and time.monotonic() < deadline:
        time.sleep(0.05)
    assert b"500 research grants" in _get(server.port, "/")[1]


def it_stays_up_and_shows_a_broken_template_in_the_page(server, english_copy):
    version = server.state.version
    template = english_copy / "templates" / "summary.md.j2"
    template.write_text(template.read_text() + "\n{% if %}\n", encoding="utf-8")
    deadline = time.monotonic() + 15
    while server.state.version == version and time.monotonic() < deadline:
        time.sleep(0.05)
    status, body = _get(server.port, "/")
    assert status == 200 and b"preview-errors" in body
    assert b"templates/summary.md.j2:" in body
