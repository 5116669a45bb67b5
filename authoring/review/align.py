"""Old and new blocks → the ops that turn one into the other: equal, changed, inserted, deleted, moved (pure).

1. Blocks with identical text line up as the longest common subsequence.
2. In each stretch between those, old and new blocks are paired by similarity, keeping
   their order (a changed paragraph); table cells pair by their row and column.
3. A deleted block that reappears elsewhere, the same or nearly, is a move: reported
   once where it now is, with the edits made on the way.
"""

from __future__ import annotations

from collections import Counter
from difflib import SequenceMatcher

from .inline import diff_text, format_changes
from .model import Op
from .tokens import tokenize

CHANGED = 0.5  # least similarity for two blocks to be one changed block
MOVED = 0.8  # least similarity for a deleted and an inserted block to be one moved block
_SCAN = 60  # beyond this many blocks on a side, a stretch is paired in order, not searched
_FUZZY_PAIRS = 250_000  # most (deleted, inserted) pairs compared when looking for edited moves


def align(old: list, new: list, formats: bool = True) -> list:
    """The ops, in NEW's order; each deleted old block sits where it stood in OLD."""
    matcher = SequenceMatcher(None, [_key(b) for b in old], [_key(b) for b in new], autojunk=False)
    pairs: list[tuple] = []  # (old index | None, new index | None), in order
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
        else:
            pairs.extend(_pair_stretch(old, new, list(range(i1, i2)), list(range(j1, j2))))
    moves = _moves(old, new, pairs)
    move_ids = {j: n for n, j in enumerate(sorted(moves), start=1)}
    away = {i: move_ids[j] for j, i in moves.items()}
    ops = []
    for i, j in pairs:
        if i is not None and j is not None:
            ops.append(_compare(old[i], new[j], formats))
        elif j is not None and j in moves:
            op = _compare(old[moves[j]], new[j], formats)
            op.kind, op.move = "moved", move_ids[j]
            ops.append(op)
        elif j is not None:
            ops.append(Op("inserted", new=new[j]))
        elif i in away:
            ops.append(Op("moved_away", old=old[i], move=away[i]))
        else:
            ops.append(Op("deleted", old=old[i]))
    return ops


def _key(block) -> tuple:
    text = "".join(block.text.split())
    if block.kind == "cell":
        return ("cell", block.cell[0], block.cell[1], block.cell[2], text)
    return (block.kind == "footnote", text)


def _compare(a, b, formats: bool) -> Op:
    segments = diff_text(a.text, b.text)
    changes = format_changes(a, b, segments) if formats else ()
    kind = "changed" if any(s.op != "equal" for s in segments) else "equal"
    return Op(kind, a, b, segments, changes)


def _bag(block) -> Counter:
    return Counter(t.key for t in tokenize(block.text) if t.kind != "space")


def _cached_bag(block, bags: dict) -> Counter:
    found = bags.get(id(block))
    if found is None:
        found = bags[id(block)] = _bag(block)
    return found


def similarity(a, b, bags: dict | None = None) -> float:
    """0..1: how much of their tokens two blocks share (order ignored); cells by position."""
    if a.kind == "cell" or b.kind == "cell":
        if a.kind != b.kind or a.cell[0] != b.cell[0] or a.cell[2] != b.cell[2]:
            return 0.0
        if a.cell[1] == b.cell[1]:
            return 1.0  # same table, row name and column: the same cell, whatever it says
        return 0.9 if a.cell[3] == b.cell[3] else 0.0
    if (a.kind == "footnote") != (b.kind == "footnote"):
        return 0.0
    bags = bags if bags is not None else {}
    x, y = _cached_bag(a, bags), _cached_bag(b, bags)
    total = sum(x.values()) + sum(y.values())
    return 2 * sum((x & y).values()) / total if total else 1.0


def _pair_stretch(old, new, olds: list, news: list) -> list:
    """Order-keeping pairing of two stretches by similarity (an alignment by DP)."""
    if not olds or not news:
        return [(i, None) for i in olds] + [(None, j) for j in news]
    if len(olds) > _SCAN or len(news) > _SCAN:
        return _pair_in_order(old, new, olds, news)
    bags: dict = {}
    n, m = len(olds), len(news)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for x in range(n - 1, -1, -1):
        for y in range(m - 1, -1, -1):
            s = similarity(old[olds[x]], new[news[y]], bags)
            take = score[x + 1][y + 1] + s if s >= CHANGED else -1.0
            score[x][y] = max(take, score[x + 1][y], score[x][y + 1])
    out, x, y = [], 0, 0
    while x < n and y < m:
        s = similarity(old[olds[x]], new[news[y]], bags)
        if s >= CHANGED and score[x][y] == score[x + 1][y + 1] + s:
            out.append((olds[x], news[y]))
            x, y = x + 1, y + 1
        elif score[x][y] == score[x + 1][y]:
            out.append((olds[x], None))
            x += 1
        else:
            out.append((None, news[y]))
            y += 1
    out.extend((i, None) for i in olds[x:])
    out.extend((None, j) for j in news[y:])
    return out


def _pair_in_order(old, new, olds, news) -> list:
    out, y = [], 0
    for i in olds:
        if y < len(news) and similarity(old[i], new[news[y]]) >= CHANGED:
            out.append((i, news[y]))
            y += 1
        else:
            out.append((i, None))
    out.extend((None, j) for j in news[y:])
    return out


def _moves(old, new, pairs) -> dict:
    """new index → old index of each block deleted in one place and inserted in another."""
    deleted = [i for i, j in pairs if j is None and old[i].kind != "cell"]
    inserted = [j for i, j in pairs if i is None and new[j].kind != "cell"]
    # a cell cannot move on its own (its row can; not tracked yet)
    moves, used = {}, set()
    by_text: dict = {}
    for i in deleted:
        by_text.setdefault(_key(old[i]), []).append(i)
    for j in inserted:  # the same text elsewhere: a move, found without comparing all pairs
        found = by_text.get(_key(new[j]))
        if found:
            moves[j] = found.pop(0)
            used.add(moves[j])
    deleted = [i for i in deleted if i not in used]
    inserted = [j for j in inserted if j not in moves]
    if len(deleted) * len(inserted) > _FUZZY_PAIRS:
        return moves  # too many to compare: moved and edited blocks show as deleted + inserted
    candidates, bags = [], {}
    for j in inserted:
        size = len(new[j].text)
        for i in deleted:
            other = len(old[i].text)
            # two texts this different in length cannot be MOVED-similar
            if min(size, other) < MOVED / (2 - MOVED) * max(size, other):
                continue
            s = similarity(old[i], new[j], bags)
            if s >= MOVED:
                candidates.append((-s, j, i))
    for _, j, i in sorted(candidates):
        if j not in moves and i not in used:
            moves[j] = i
            used.add(i)
    return moves
