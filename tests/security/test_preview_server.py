"""Threat: local requests that crash or exhaust the preview server (loopback only).

`GET /%00/…` and a 60 KB path printed a traceback; every connection held a thread with no
idle timeout (500 idle sockets, 505 threads). Now: 404s, an idle timeout and a connection cap.
"""

from __future__ import annotations

import http.client
import socket
import threading
import time

import pytest

from authoring.preview import server as preview_server
from authoring.preview.server import MAX_CONNECTIONS, PreviewServer


@pytest.fixture
def server(english_copy):
    running = PreviewServer(english_copy, port=0)
    running.start()
    yield running
    running.stop()


def _get(port: int, path: str) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status


@pytest.mark.parametrize("path", ["/%00/x.png", "/a%00.svg", "/" + "a" * 60_000 + ".png",
                                  "/" + "a/" * 5000 + "x.png", "/" + "b" * 300 + ".css"])
def it_answers_odd_paths_with_404_and_no_traceback(server, capfd, path):
    assert _get(server.port, path) == 404
    assert _get(server.port, "/") == 200  # still serving
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out


def it_caps_the_threads_held_by_idle_connections(server):
    before = threading.active_count()
    sockets = []
    try:
        for _ in range(200):
            sockets.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
        time.sleep(1.0)
        assert threading.active_count() - before <= MAX_CONNECTIONS
    finally:
        for s in sockets:
            s.close()
    deadline = time.monotonic() + 10
    while _get_or_none(server.port) != 200 and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _get(server.port, "/") == 200  # the slots come back when the sockets close


def _get_or_none(port):
    try:
        return _get(port, "/")
    except OSError:
        return None


def it_closes_a_connection_that_stays_silent(english_copy, monkeypatch):
    monkeypatch.setattr(preview_server, "IDLE_TIMEOUT", 1.0)
    running = PreviewServer(english_copy, port=0)
    running.start()
    try:
        idle = socket.create_connection(("127.0.0.1", running.port), timeout=10)
        started = time.monotonic()
        assert idle.recv(1) == b""  # the server hung up
        assert time.monotonic() - started < 8
        idle.close()
    finally:
        running.stop()
