"""Two versions of a paragraph → the stretches that differ, in text and in formatting (pure).

Token by token (tokens.py), so Chinese is compared per character and Latin text per word.
Differences in white space alone are not changes: Word and LibreOffice rewrite it freely.
The cost is bounded: the common head and tail are split off first, a long middle is
aligned by anchors (anchored.py) instead of difflib, and a huge paragraph (a pasted
data dump) is compared sentence by sentence instead of word by word.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .anchored import matches
from .model import FormatChange, Segment
from .tokens import CN_DIGITS, Token, is_cjk, tokenize

# a short common stretch between two edits ("的", "，") makes a rewritten phrase look like
# confetti; it is folded into the edits when it is this short and no longer than either
# of them (the rule of diff-match-patch's semantic cleanup)
_GLUE_TOKENS = 2
# LibreOffice gives every paragraph of a text box it saves this style: noise, not an edit
_FRAME_STYLES = {"framecontents", "textframecontents"}
_DIFFLIB_TOKENS = 2000  # beyond this many differing tokens on a side, anchors instead of difflib
_COARSE_CHARS = 1_000_000  # a paragraph (middle) this long is compared sentence by sentence
_FOLD_OPS = 2000  # the confetti clean-up is quadratic in the number of edits
_TRIM_CHARS = 4000  # longer paragraphs have their common head and tail split off first
_NUMBER_MARKS = set(".,，%'’+-−第")  # characters a number or word token can hold besides letters
_SENTENCE = re.compile(r"[^。！？；.!?;\n]*[。！？；.!?;\n]*\s*", re.DOTALL)


def diff_text(old: str, new: str) -> tuple:
    """Segments covering both texts completely, in order."""
    if old == new:
        return (Segment("equal", 0, len(old), 0, len(new)),)
    if len(old) + len(new) <= _TRIM_CHARS:
        return _diff(old, new)
    # a long paragraph: its common head and tail are found by comparing strings (in C),
    # cut where no token spans the cut, and only the middle is tokenized and diffed
    head = _safe(old, _common_head(old, new), -1)
    tail = _common_tail(old, new, head)
    tail = len(old) - _safe(old, len(old) - tail, +1)
    middle = _diff(old[head:len(old) - tail], new[head:len(new) - tail])
    out = [Segment("equal", 0, head, 0, head)] if head else []
    for seg in middle:
        out.append(Segment(seg.op, seg.old_start + head, seg.old_end + head,
                           seg.new_start + head, seg.new_end + head))
    if tail:
        out.append(Segment("equal", len(old) - tail, len(old), len(new) - tail, len(new)))
    merged: list = []
    for seg in out:
        if merged and merged[-1].op == seg.op == "equal":
            last = merged.pop()
            seg = Segment("equal", last.old_start, seg.old_end, last.new_start, seg.new_end)
        if seg.old_end > seg.old_start or seg.new_end > seg.new_start:
            merged.append(seg)
    return tuple(merged)


def _common_head(a: str, b: str) -> int:
    lo, hi = 0, min(len(a), len(b))
    while lo < hi:  # binary search: slices compare in C
        mid = (lo + hi + 1) // 2
        if a[:mid] == b[:mid]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _common_tail(a: str, b: str, head: int) -> int:
    lo, hi = 0, min(len(a), len(b)) - head
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if a[len(a) - mid:] == b[len(b) - mid:]:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _safe(text: str, at: int, step: int) -> int:
    """`at` moved back (step -1) or on (+1) until no word or number straddles it."""
    while 0 < at < len(text) and _glued(text[at - 1]) and _glued(text[at]):
        at += step
    return at


def _glued(char: str) -> bool:
    """Whether a token can continue across this character (a letter, digit, 第九, 6.5%)."""
    return (char.isalnum() and not is_cjk(char)) or char in _NUMBER_MARKS or char in CN_DIGITS


def _diff(old: str, new: str) -> tuple:
    coarse = len(old) + len(new) > _COARSE_CHARS
    a, b = (_sentences(old), _sentences(new)) if coarse else (tokenize(old), tokenize(new))
    raw = []
    for op, i1, i2, j1, j2 in _opcodes([t.key for t in a], [t.key for t in b]):
        if op != "equal" and all(t.kind == "space" for t in (*a[i1:i2], *b[j1:j2])):
            op = "equal"  # white space only
        raw.append([op, i1, i2, j1, j2])
    merged = _merge(raw)
    if len(merged) <= _FOLD_OPS:
        merged = _fold(merged)
    return tuple(Segment(op, _off(a, i1, len(old)), _off(a, i2, len(old)),
                         _off(b, j1, len(new)), _off(b, j2, len(new)))
                 for op, i1, i2, j1, j2 in merged)


def _sentences(text: str) -> list:
    """A huge text as tokens of one sentence (or line) each: a coarser, cheaper diff."""
    out = []
    for match in _SENTENCE.finditer(text):
        if match.end() > match.start():
            chunk = match.group()
            out.append(Token(chunk, match.start(), match.end(),
                             "space" if chunk.isspace() else "other"))
    return out


def _opcodes(a: list, b: list) -> list:
    """difflib-style opcodes; anchored alignment when the differing middle is long."""
    head = 0
    while head < len(a) and head < len(b) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < len(a) - head and tail < len(b) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    a_mid, b_mid = a[head:len(a) - tail], b[head:len(b) - tail]
    if len(a_mid) <= _DIFFLIB_TOKENS and len(b_mid) <= _DIFFLIB_TOKENS:
        pairs = [(block.a + k, block.b + k) for block in
                 SequenceMatcher(None, a_mid, b_mid, autojunk=False).get_matching_blocks()
                 for k in range(block.size)]
    else:
        pairs = matches(a_mid, b_mid)
    pairs = [(i + head, j + head) for i, j in pairs]
    pairs = [(k, k) for k in range(head)] + pairs + \
        [(len(a) - tail + k, len(b) - tail + k) for k in range(tail)]
    out, i0, j0 = [], 0, 0
    for i, j in pairs + [(len(a), len(b))]:
        if i > i0 or j > j0:
            out.append(["replace", i0, i, j0, j])
        if i < len(a):
            if out and out[-1][0] == "equal" and out[-1][2] == i and out[-1][4] == j:
                out[-1][2], out[-1][4] = i + 1, j + 1
            else:
                out.append(["equal", i, i + 1, j, j + 1])
        i0, j0 = i + 1, j + 1
    return [tuple(op) for op in out]


def _off(tokens, index: int, length: int) -> int:
    return tokens[index].start if index < len(tokens) else length


def _merge(ops: list) -> list:
    """Adjacent edits become one; an edit with both sides is a replace."""
    out: list = []
    for op in ops:
        if out and (out[-1][0] == "equal") == (op[0] == "equal"):
            out[-1][2], out[-1][4] = op[2], op[4]
            if op[0] != "equal":
                out[-1][0] = "replace"
        else:
            out.append(list(op))
    for op in out:
        if op[0] != "equal":
            op[0] = "replace" if op[1] < op[2] and op[3] < op[4] else \
                ("delete" if op[1] < op[2] else "insert")
    return out


def _fold(ops: list) -> list:
    changed = True
    while changed:
        changed = False
        for k in range(1, len(ops) - 1):
            op = ops[k]
            if op[0] != "equal" or ops[k - 1][0] == "equal" or ops[k + 1][0] == "equal":
                continue
            size = op[2] - op[1]
            left = max(ops[k - 1][2] - ops[k - 1][1], ops[k - 1][4] - ops[k - 1][3])
            right = max(ops[k + 1][2] - ops[k + 1][1], ops[k + 1][4] - ops[k + 1][3])
            if size <= _GLUE_TOKENS and left >= size and right >= size:
                ops[k - 1:k + 2] = [["replace", ops[k - 1][1], ops[k + 1][2],
                                     ops[k - 1][3], ops[k + 1][4]]]
                ops = _merge(ops)
                changed = True
                break
    return ops


def char_formats(pieces) -> list:
    return [piece.fmt for piece in pieces for _ in piece.text]


def format_changes(old_block, new_block, segments) -> tuple:
    """Stretches whose text is unchanged but whose formatting is not; a restyled paragraph."""
    out = []
    if _style_key(old_block.style) != _style_key(new_block.style) and \
            old_block.kind == new_block.kind == "paragraph" and \
            not (_style_key(new_block.style) in _FRAME_STYLES and new_block.container == "box"):
        out.append(FormatChange("", frozenset(), frozenset(), (old_block.style, new_block.style)))
    old_fmt, new_fmt = char_formats(old_block.pieces), char_formats(new_block.pieces)
    for seg in segments:
        if seg.op != "equal" or seg.old_end - seg.old_start != seg.new_end - seg.new_start:
            continue
        start = None
        for k in range(seg.new_end - seg.new_start + 1):
            differs = k < seg.new_end - seg.new_start and \
                old_fmt[seg.old_start + k] != new_fmt[seg.new_start + k] and \
                not new_block.text[seg.new_start + k].isspace()
            if differs and start is None:
                start = k
            elif not differs and start is not None:
                text = new_block.text[seg.new_start + start:seg.new_start + k]
                out.append(FormatChange(text, old_fmt[seg.old_start + start],
                                        new_fmt[seg.new_start + start]))
                start = None
    return tuple(out)


def _style_key(name: str) -> str:
    key = "".join(name.split()).casefold()
    # LibreOffice renames a file's own style that clashes with a built-in name: Google
    # Docs' "normal" is saved back as "LO-normal"
    key = key.removeprefix("lo-")
    return _RENAMED_STYLES.get(key, key)


# LibreOffice's own names that it renames on a later save (its "Text Body" became "Body Text")
_RENAMED_STYLES = {"textbody": "bodytext"}
