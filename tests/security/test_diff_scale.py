"""Hostile sizes for `authoring diff`: long repetitive drafts and one huge paragraph stay near-linear.

A 200k-paragraph draft once took 31 s and 1.4 GB, and one 5 MB paragraph 74 s: difflib's
longest-match search is quadratic on repeated structures. The sizes here are small
enough for a quick test, yet made the old code run for minutes; the watchdog turns a
hang into a failure instead of a stuck test run.
"""

from __future__ import annotations

import signal
import tracemalloc
from contextlib import contextmanager

from authoring.review.align import align
from authoring.review.inline import diff_text
from authoring.review.model import Block, Piece

WATCHDOG = 30  # CPU seconds; each case below takes about one


@contextmanager
def watchdog(seconds: int = WATCHDOG):
    def expired(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: not near-linear")

    # CPU time, not wall time: the machine running the tests may be busy with other work
    previous = signal.signal(signal.SIGPROF, expired)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def block(text: str, kind: str = "paragraph") -> Block:
    return Block(kind, text, (Piece(text),), (), "")


def yearbook(districts: int, edits: dict) -> list:
    """A statistical yearbook: every district has the same 12 sentences, a few edited."""
    out = []
    for d in range(districts):
        out.append(block(f"District {d}", "heading"))
        for k in range(12):
            out.append(block(edits.get((d, k), f"Line {k}: the figures of this district are as listed.")))
    return out


def it_aligns_a_long_repetitive_draft_in_near_linear_time():
    districts = 2000  # 26 000 blocks a side, each of 12 texts repeated 2000 times
    edits = {(d, d % 12): f"Line {d % 12}: the figures were revised in 2021." for d in range(7, districts, 97)}
    old, new = yearbook(districts, {}), yearbook(districts, edits)
    with watchdog():
        ops = align(old, new)
    changed = [op for op in ops if op.kind != "equal"]
    assert len(changed) == len(edits)
    assert all(op.kind == "changed" for op in changed)


def it_bounds_the_character_diff_of_a_huge_paragraph():
    sentence = "The output of the district rose by a small amount this year. "
    old = sentence * 40_000  # 2.4 MB in one paragraph, every word repeated 40 000 times
    at = len(old) // 2
    new = old[:at] + "INSERTED WORDS " + old[at:len(old) - 100] + "changed tail."
    tracemalloc.start()
    try:
        with watchdog():
            segments = diff_text(old, new)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 400 * 2**20
    # the segments still cover both texts, and the edits are found (coarser, not lost)
    assert segments[0].old_start == 0 and segments[-1].old_end == len(old)
    assert segments[-1].new_end == len(new)
    inserted = "".join(new[s.new_start:s.new_end] for s in segments if s.op != "equal")
    assert "INSERTED WORDS" in inserted and "changed tail." in inserted
    equal = sum(s.old_end - s.old_start for s in segments if s.op == "equal")
    assert equal > 0.99 * len(old)


def it_diffs_two_long_paragraphs_with_scattered_edits():
    # 60 000 words: mostly 50 common ones, every tenth a rarer one (a name, a figure)
    words = [f"u{k}" if k % 10 == 0 else f"w{k % 50}" for k in range(60_000)]
    old = " ".join(words)
    edited = list(words)
    for k in range(100, len(edited), 6000):
        edited[k] = "CHANGED"
    new = " ".join(edited)
    with watchdog():
        segments = diff_text(old, new)
    changed = [new[s.new_start:s.new_end] for s in segments if s.op != "equal"]
    assert all("CHANGED" in c for c in changed) and len(changed) == 10
