"""A PDF laid out while its charts are still being drawn → the same bytes as with the charts there."""

from __future__ import annotations

import dataclasses
import threading
import time
from pathlib import Path

import pytest

from authoring.build import make_document
from authoring.errors import RenderError
from authoring.writers.weasyprint.pdf import write_pdf
from authoring.writers.weasyprint.weasy_pending import wait_for


def chart_files(out: Path) -> list[Path]:
    return sorted(p for p in (out / "figures").iterdir() if p.suffix == ".svg")


def it_gives_the_bytes_of_a_build_whose_charts_were_there(example_copy, tmp_path):
    out = tmp_path / "out"
    result = make_document(example_copy, out_dir=out)
    options = dataclasses.replace(result.options, fonts=result.options.fonts)
    write_pdf(result.document, tmp_path / "there.pdf", options)

    charts = chart_files(out)
    assert any(p.name.endswith(".text.svg") for p in charts)
    for path in charts:  # the charts "being drawn": gone now, back in a moment
        path.rename(path.with_name(path.name + ".hold"))
    first_back = []

    def draw_later():
        time.sleep(0.4)
        for path in charts:
            path.with_name(path.name + ".hold").rename(path)
            first_back.append(time.perf_counter())
            time.sleep(0.05)

    started = time.perf_counter()
    drawer = threading.Thread(target=draw_later)
    drawer.start()
    try:
        write_pdf(result.document, tmp_path / "pending.pdf",
                  dataclasses.replace(options, pending_files=frozenset(map(str, charts))))
    finally:
        drawer.join()
    finished = time.perf_counter()
    assert (tmp_path / "pending.pdf").read_bytes() == (tmp_path / "there.pdf").read_bytes()
    # it really waited: the PDF was written after the last chart came back
    assert first_back and finished > first_back[-1] > started


def it_refuses_to_wait_for_a_chart_of_a_build_that_died(tmp_path):
    with pytest.raises(RenderError, match="never drawn"):
        wait_for(tmp_path / "never.svg", parent=-1)


def it_does_not_wait_for_a_file_that_is_there(tmp_path):
    path = tmp_path / "there.svg"
    path.write_text("<svg/>", encoding="utf-8")
    wait_for(path, parent=-1)  # returns at once, whatever the parent
