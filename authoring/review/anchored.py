"""Two sequences of hashable keys → the pairs of equal items they share, in order (pure, near-linear).

Anchored ("patience") alignment: the common head and tail first, then the items that
occur exactly once on each side, kept in order (a longest increasing subsequence), then
the same inside each gap between two anchors. Only a gap with no such anchor is diffed
the costly way (Myers, with a bounded edit distance). A greedy longest-match diff
(difflib) pairs repeated structures wrongly: three copies of a chapter with one heading
edited came out as hundreds of changes, and it grows quadratically on long repetitive
drafts; this stays near-linear.
"""

from __future__ import annotations

from bisect import bisect_left
from difflib import SequenceMatcher

_MYERS_WORK = 2_000_000  # most steps a gap without anchors may take (~1 s of Python)
_SMALL_GAP = 40_000
_MAX_D = 1000  # bounds Myers' memory (its trace is ~D² numbers)  # a gap of at most this many pairs of items is still worth difflib


def matches(a: list, b: list) -> list:
    """Sorted (i, j) with a[i] == b[j], each index used once, increasing on both sides."""
    out: list = []
    work = [(0, len(a), 0, len(b))]
    while work:
        alo, ahi, blo, bhi = work.pop()
        while alo < ahi and blo < bhi and a[alo] == b[blo]:
            out.append((alo, blo))
            alo, blo = alo + 1, blo + 1
        while alo < ahi and blo < bhi and a[ahi - 1] == b[bhi - 1]:
            ahi, bhi = ahi - 1, bhi - 1
            out.append((ahi, bhi))
        if alo == ahi or blo == bhi:
            continue
        anchors = _unique_in_order(a, b, alo, ahi, blo, bhi)
        if anchors:
            previous = (alo - 1, blo - 1)
            for i, j in anchors + [(ahi, bhi)]:
                if i - previous[0] > 1 and j - previous[1] > 1:
                    work.append((previous[0] + 1, i, previous[1] + 1, j))
                if i < ahi:
                    out.append((i, j))
                previous = (i, j)
        else:
            out.extend(_gap(a, b, alo, ahi, blo, bhi))
    out.sort()
    return out


def _unique_in_order(a, b, alo, ahi, blo, bhi) -> list:
    """Keys found once in a[alo:ahi] and once in b[blo:bhi]: the longest run kept in order."""
    seen_a: dict = {}
    for i in range(alo, ahi):
        key = a[i]
        seen_a[key] = -1 if key in seen_a else i
    seen_b: dict = {}
    for j in range(blo, bhi):
        key = b[j]
        if key in seen_a:
            seen_b[key] = -1 if key in seen_b else j
    pairs = sorted((seen_a[k], j) for k, j in seen_b.items() if j >= 0 and seen_a[k] >= 0)
    return _increasing(pairs)


def _increasing(pairs: list) -> list:
    """The longest subsequence of `pairs` (sorted by i) whose j increase too (patience sorting)."""
    tails: list = []  # tails[k]: the smallest j ending an increasing run of length k + 1
    tail_index: list = []
    back = [-1] * len(pairs)
    for n, (_, j) in enumerate(pairs):
        k = bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_index.append(n)
        else:
            tails[k], tail_index[k] = j, n
        back[n] = tail_index[k - 1] if k else -1
    out = []
    n = tail_index[-1] if tail_index else -1
    while n >= 0:
        out.append(pairs[n])
        n = back[n]
    out.reverse()
    return out


def _gap(a, b, alo, ahi, blo, bhi) -> list:
    """Pairs inside a gap where nothing is unique: the fewest edits when affordable."""
    n, m = ahi - alo, bhi - blo
    found = _myers(a[alo:ahi], b[blo:bhi], min(n + m, _MAX_D))
    if found is not None:
        return [(alo + i, blo + j) for i, j in found]
    if n * m <= _SMALL_GAP:
        matcher = SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
        return [(alo + block.a + k, blo + block.b + k)
                for block in matcher.get_matching_blocks() for k in range(block.size)]
    return []  # too different to align item by item: the caller pairs by similarity


def _myers(a, b, max_d: int):
    """Myers' O(ND) shortest edit script → matched pairs; None when it needs more than max_d edits."""
    n, m = len(a), len(b)
    offset = max_d + 1
    work = 0  # diagonal steps taken: the real cost, small when the two are alike
    v = [0] * (2 * max_d + 3)
    trace = []  # trace[d]: v for k in [-d-1, d+1] before step d (memory ~ D², not N·D)
    for d in range(max_d + 1):
        trace.append(v[offset - d - 1:offset + d + 2])
        for k in range(-d, d + 1, 2):
            if k == -d or (k != d and v[offset + k - 1] < v[offset + k + 1]):
                x = v[offset + k + 1]
            else:
                x = v[offset + k - 1] + 1
            y = x - k
            start = x
            while x < n and y < m and a[x] == b[y]:
                x, y = x + 1, y + 1
            work += x - start + 1
            v[offset + k] = x
            if x >= n and y >= m:
                return _backtrack(trace, n, m)
        if work > _MYERS_WORK:
            return None
    return None


def _backtrack(trace, x, y) -> list:
    pairs = []
    for d in range(len(trace) - 1, -1, -1):
        v, base = trace[d], d + 1  # v[base + k] is the furthest x on diagonal k
        k = x - y
        if k == -d or (k != d and v[base + k - 1] < v[base + k + 1]):
            previous_k = k + 1
        else:
            previous_k = k - 1
        previous_x = v[base + previous_k]
        previous_y = previous_x - previous_k
        while x > previous_x and y > previous_y:
            x, y = x - 1, y - 1
            pairs.append((x, y))
        if d > 0:
            x, y = previous_x, previous_y
    pairs.reverse()
    return pairs
