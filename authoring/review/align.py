"""Old and new blocks → the ops that turn one into the other: equal, changed, inserted, deleted, moved (pure).

0. Tables pair by their content, not by their caption: inserting a table renumbers
   the ones after it (表1 → 表2), and they are still the same tables.
1. Blocks with identical text line up, anchored on those that occur once (anchored.py:
   repeated structures such as "each district: …" do not pull the alignment astray).
2. In each stretch between those, old and new blocks are paired by similarity, keeping
   their order (a changed paragraph); table cells pair by their row and column.
3. A deleted block that reappears elsewhere, the same or nearly, is a move: reported
   once where it now is, with the edits made on the way.
"""

from __future__ import annotations

from collections import Counter

from .anchored import matches
from .inline import diff_text, format_changes
from .model import Op
from .reader import RUNNING, RUNNING_HEADING
from .tokens import tokenize

CHANGED = 0.5  # least similarity for two blocks to be one changed block
MOVED = 0.8  # least similarity for a deleted and an inserted block to be one moved block
_SCAN = 60  # beyond this many blocks on a side, a stretch is paired in order, not searched
_FUZZY_PAIRS = 250_000  # most (deleted, inserted) pairs compared when looking for edited moves


def align(old: list, new: list, formats: bool = True) -> list:
    """The ops, in NEW's order; each deleted old block sits where it stood in OLD."""
    tables = _match_tables(old, new)
    pairs: list[tuple] = []  # (old index | None, new index | None), in order
    i0 = j0 = 0
    same = matches([_key(b) for b in old], [_key(b, tables) for b in new])
    for i, j in same + [(len(old), len(new))]:
        if i > i0 or j > j0:
            pairs.extend(_pair_stretch(old, new, list(range(i0, i)), list(range(j0, j)), tables))
        if i < len(old):
            pairs.append((i, j))
        i0, j0 = i + 1, j + 1
    pairs = _same_cells(old, new, pairs)
    moves = _moves(old, new, pairs, tables)
    # a text box is anchored, not placed: LibreOffice re-anchors boxes when it saves, so
    # an unchanged box paragraph found elsewhere is layout, not a move
    anchored = {j: i for j, i in moves.items() if old[i].container == new[j].container == "box"
                and _key(old[i]) == _key(new[j], tables)}
    moves = {j: i for j, i in moves.items() if j not in anchored}
    move_ids = {j: n for n, j in enumerate(sorted(moves), start=1)}
    away = {i: move_ids[j] for j, i in moves.items()}
    quiet = set(anchored.values())
    ops = []
    for i, j in pairs:
        if i is not None and j is not None:
            ops.append(_compare(old[i], new[j], formats))
        elif j is not None and j in anchored:
            ops.append(_compare(old[anchored[j]], new[j], formats))
        elif i is not None and i in quiet:
            continue
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


def _same_cells(old: list, new: list, pairs: list) -> list:
    """The cells left unpaired, paired in order when OLD's and NEW's stand in the same
    columns and most say the same: the same cells under another table's name (a paragraph
    deleted between two tables makes them one table, as Word shows them). Those whose
    text differs are changed cells."""
    gone = [i for i, j in pairs if j is None and old[i].kind == "cell"]
    came = [j for i, j in pairs if i is None and new[j].kind == "cell"]
    if not gone or len(gone) != len(came):
        return pairs

    if [old[i].cell[2] for i in gone] != [new[j].cell[2] for j in came]:
        return pairs
    same = sum("".join(old[i].text.split()) == "".join(new[j].text.split()) for i, j in zip(gone, came))
    if 2 * same <= len(gone):
        return pairs
    twin = dict(zip(came, gone))
    dropped = set(gone)
    return [(twin[j], j) if i is None and j in twin else (i, j) for i, j in pairs
            if not (j is None and i in dropped)]


def _key(block, tables: dict | None = None) -> tuple:
    """What must be equal for two blocks to be the same; a NEW cell names its OLD table."""
    text = "".join(block.text.split())
    if block.kind == "cell":
        return ("cell", _table(block, tables), block.cell[1], block.cell[2], text)
    return (_realm(block), text)


_APART = ("footnote", "endnote", "header", "footer")  # containers that pair only among themselves


def _realm(block) -> str:
    """Where a block can be paired: its notes, the headers and footers (a text box or a
    table in one too: LibreOffice may frame a header's text); "" for the body."""
    if block.path[:1] == (RUNNING_HEADING,) or block.container in RUNNING:
        return "running"
    return block.container if block.container in _APART else ""


def _table(block, tables: dict | None):
    """OLD's number for a cell's table; a NEW table with no OLD counterpart gets its own."""
    if tables is None:
        return block.table
    return tables.get(block.table, -block.table)


def _match_tables(old: list, new: list) -> dict:
    """NEW table number → OLD table number, paired by content in order (not by caption)."""
    def texts(blocks) -> dict:
        out: dict = {}
        for block in blocks:
            if block.kind == "cell":
                out.setdefault(block.table, []).append(block.text)
        return out

    old_tables, new_tables = texts(old), texts(new)
    if not old_tables or not new_tables:
        return {}
    olds, news = list(old_tables), list(new_tables)
    # identical tables anchor the pairing; the ones between are paired by shared words
    same = matches([tuple(old_tables[t]) for t in olds], [tuple(new_tables[t]) for t in news])
    out = {news[j]: olds[i] for i, j in same}
    i0 = j0 = 0
    bags: dict = {}
    for i, j in same + [(len(olds), len(news))]:
        x = i0
        for y in range(j0, j):  # in order: each NEW table takes the first OLD one like it
            for candidate in range(x, min(i, x + _SCAN)):
                a = bags.setdefault(("old", olds[candidate]), _text_bag(old_tables[olds[candidate]]))
                b = bags.setdefault(("new", news[y]), _text_bag(new_tables[news[y]]))
                total = sum(a.values()) + sum(b.values())
                if total and 2 * sum((a & b).values()) / total >= CHANGED:
                    out[news[y]] = olds[candidate]
                    x = candidate + 1
                    break
        i0, j0 = i + 1, j + 1
    return out


def _text_bag(texts: list) -> Counter:
    return Counter(t.key for text in texts for t in tokenize(text) if t.kind != "space")


def _compare(a, b, formats: bool) -> Op:
    segments = diff_text(a.text, b.text)
    if a.text == b.text and a.style == b.style and \
            [(p.text, p.fmt) for p in a.pieces] == [(p.text, p.fmt) for p in b.pieces]:
        return Op("equal", a, b, segments)  # the common case, without a character walk
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


def similarity(a, b, bags: dict | None = None, tables: dict | None = None) -> float:
    """0..1: how much of their tokens OLD block `a` and NEW block `b` share (order ignored); cells by position."""
    if a.kind == "cell" or b.kind == "cell":
        if a.kind != b.kind or a.table != _table(b, tables) or a.cell[2] != b.cell[2]:
            return 0.0
        if a.cell[1] == b.cell[1]:
            return 1.0  # same table, row name and column: the same cell, whatever it says
        return 0.9 if a.cell[3] == b.cell[3] else 0.0
    return _block_similarity(a, b, bags)


def _block_similarity(a, b, bags) -> float:
    if _realm(a) != _realm(b):
        return 0.0  # a footnote never pairs with body text, nor with an endnote, nor a header
    bags = bags if bags is not None else {}
    x, y = _cached_bag(a, bags), _cached_bag(b, bags)
    total = sum(x.values()) + sum(y.values())
    return 2 * sum((x & y).values()) / total if total else 1.0


def _pair_stretch(old, new, olds: list, news: list, tables: dict) -> list:
    """Order-keeping pairing of two stretches by similarity (an alignment by DP)."""
    if not olds or not news:
        return [(i, None) for i in olds] + [(None, j) for j in news]
    if len(olds) > _SCAN or len(news) > _SCAN:
        return _pair_in_order(old, new, olds, news, tables)
    bags: dict = {}
    n, m = len(olds), len(news)
    score = [[0.0] * (m + 1) for _ in range(n + 1)]
    for x in range(n - 1, -1, -1):
        for y in range(m - 1, -1, -1):
            s = similarity(old[olds[x]], new[news[y]], bags, tables)
            take = score[x + 1][y + 1] + s if s >= CHANGED else -1.0
            score[x][y] = max(take, score[x + 1][y], score[x][y + 1])
    out, x, y = [], 0, 0
    while x < n and y < m:
        s = similarity(old[olds[x]], new[news[y]], bags, tables)
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


def _pair_in_order(old, new, olds, news, tables) -> list:
    out, y, bags = [], 0, {}
    for i in olds:
        if y < len(news) and similarity(old[i], new[news[y]], bags, tables) >= CHANGED:
            out.append((i, news[y]))
            y += 1
        else:
            out.append((i, None))
    out.extend((None, j) for j in news[y:])
    return out


def _moves(old, new, pairs, tables) -> dict:
    """new index → old index of each block deleted in one place and inserted in another."""
    deleted = [i for i, j in pairs if j is None and old[i].kind != "cell"]
    inserted = [j for i, j in pairs if i is None and new[j].kind != "cell"]
    # a cell cannot move on its own (its row can; not tracked yet)
    moves, used = {}, set()
    by_text: dict = {}
    for i in deleted:
        by_text.setdefault(_key(old[i]), []).append(i)
    for j in inserted:  # the same text elsewhere: a move, found without comparing all pairs
        found = by_text.get(_key(new[j], tables))
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
            s = similarity(old[i], new[j], bags, tables)
            if s >= MOVED:
                candidates.append((-s, j, i))
    for _, j, i in sorted(candidates):
        if j not in moves and i not in used:
            moves[j] = i
            used.add(i)
    return moves
