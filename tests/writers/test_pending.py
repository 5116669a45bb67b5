"""Waiting for a chart file another process draws → returns when it is there, raises when it never comes."""

import threading
import time

import pytest

from authoring.writers.pending import wait_for


def it_returns_once_the_file_is_renamed_into_place(tmp_path):
    path = tmp_path / "c.svg"

    def draw():
        time.sleep(0.2)
        (tmp_path / "c.svg.tmp").write_text("<svg/>", encoding="utf-8")
        (tmp_path / "c.svg.tmp").rename(path)

    drawer = threading.Thread(target=draw)
    started = time.perf_counter()
    drawer.start()
    wait_for(path)
    drawer.join()
    assert path.read_text(encoding="utf-8") == "<svg/>" and time.perf_counter() - started >= 0.2


def it_gives_up_when_the_check_says_the_file_will_never_come(tmp_path):
    calls = []

    def check():
        calls.append(1)
        if len(calls) == 3:
            raise KeyError("the chart failed")

    with pytest.raises(KeyError, match="the chart failed"):
        wait_for(tmp_path / "never.svg", check)
    assert len(calls) == 3
