"""The live preview in a real headless browser: load it, change a value, see the new figure.

Debian's chromium driven by Playwright (never a downloaded browser); skipped when either is
missing. The preview runs as a user starts it, `python -m authoring preview`.
"""

from __future__ import annotations

import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--no-first-run"]

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed")


@pytest.fixture
def preview_url(english_copy):
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "authoring", "preview", "--project", str(english_copy),
         "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield _wait_for_url(process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def _wait_for_url(process, seconds: float = 30) -> str:
    deadline, seen = time.monotonic() + seconds, []
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            line = process.stdout.readline()
            seen.append(line)
            match = re.search(r"preview: (http://127\.0\.0\.1:\d+/)", line)
            if match:
                return match.group(1)
        if process.poll() is not None:
            break
    raise AssertionError("the preview did not start:\n" + "".join(seen))


@pytest.fixture
def page():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()


def _chart(page) -> dict:
    return page.eval_on_selector("#grants_trend img", "i => ({src: i.getAttribute('src'), "
                                 "loaded: i.complete && i.naturalWidth > 0})")


def it_shows_a_changed_value_and_its_new_chart_without_a_manual_reload(page, preview_url, english_copy):
    page.goto(preview_url)
    assert "In 2023 the region awarded 437 research grants" in page.inner_text("body")
    before = _chart(page)
    assert before["loaded"]
    values = english_copy / "data" / "values.csv"
    values.write_text(values.read_text().replace("grants,410,452,437", "grants,410,452,500"),
                      encoding="utf-8")
    page.wait_for_function("document.body.innerText.includes('awarded 500 research grants')",
                           timeout=15000)
    page.wait_for_load_state("load")
    after = _chart(page)
    assert after["src"] != before["src"] and after["loaded"]  # the chart was redrawn and shows
    assert "up 10.6% on 2022" in page.inner_text("body")  # 500 / 452 - 1


def it_shows_an_error_in_the_page_and_recovers(page, preview_url, english_copy):
    page.goto(preview_url)
    template = english_copy / "templates" / "summary.md.j2"
    good = template.read_text(encoding="utf-8")
    template.write_text(good.replace("{{ grants }}", "{{ grant }}"), encoding="utf-8")
    page.wait_for_selector(".preview-errors", timeout=15000)
    text = page.inner_text(".preview-errors")
    assert "templates/summary.md.j2:3" in text and "did you mean grants?" in text
    template.write_text(good, encoding="utf-8")
    page.wait_for_function("!document.querySelector('.preview-errors')", timeout=15000)
    assert "437 research grants" in page.inner_text("body")
