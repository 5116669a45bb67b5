"""Two DOCX drafts → a Comparison: aligned ops, changed figures, reviewer marks and sources."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .align import align
from .figures import changed_figures
from .model import Comparison
from .pictures import changed_pictures, pictures
from .reader import Reading, read_docx
from .reviewer import comments, revisions
from .sourcemap import Lookup, read_map


def compare(old_path: Path, new_path: Path, ignore_format: bool = False,
            old_shown: str | None = None, new_shown: str | None = None) -> tuple:
    """(Comparison, old Reading, new Reading); the readings are what the redline needs."""
    old = read_docx(Path(old_path), old_shown)
    new = read_docx(Path(new_path), new_shown)
    return compare_readings(old, new, ignore_format), old, new


def compare_readings(old: Reading, new: Reading, ignore_format: bool = False) -> Comparison:
    ops = align(old.blocks, new.blocks, formats=not ignore_format)
    lookup = Lookup(read_map(old.file), read_map(new.file))
    figures = changed_figures(ops, lambda op, side, a, b: lookup.locations(op, side, a, b))
    for op in ops:
        if op.kind in ("changed", "inserted", "deleted", "moved") or \
                (op.formats and not ignore_format):
            op.origin = lookup.origin(op)
    # a comment already in OLD (a copy of a copy) is not news
    old_comments = comments(old)
    seen = {_comment_key(c) for c in old_comments}
    fresh = _edited_comments([c for c in comments(new) if _comment_key(c) not in seen],
                             [c for c in old_comments if _comment_key(c) not in
                              {_comment_key(n) for n in comments(new)}])
    known = {_same(r) for r in revisions(old)}
    return Comparison(old.file.shown, new.file.shown, ops, figures,
                      [r for r in revisions(new) if _same(r) not in known], fresh, ignore_format,
                      changed_pictures(pictures(old), pictures(new)))


def _same(revision) -> tuple:
    """What makes a reviewer's tracked change the same one after a re-save: LibreOffice
    merges the dates of neighbouring changes, writes moves as insertions and deletions,
    and may name a table cell differently."""
    kind = {"moved here": "inserted", "moved away": "deleted"}.get(revision.kind, revision.kind)
    return (kind, revision.author, " ".join(revision.text.split()))


def _edited_comments(fresh: list, gone: list) -> list:
    """NEW's comments not in OLD, each that is OLD's comment with its text edited (same
    author, same anchored text) given that old text."""
    out = []
    for comment in fresh:
        key = (comment.author, " ".join(comment.anchor.split()))
        twin = next((g for g in gone if (g.author, " ".join(g.anchor.split())) == key), None)
        if twin is not None:
            gone.remove(twin)
            comment = replace(comment, old_text=twin.text)
        out.append(comment)
    return out


def _comment_key(comment) -> tuple:
    """A comment is the same after a re-save whatever its line breaks and spacing."""
    return comment.author, " ".join(comment.text.split()), " ".join(comment.anchor.split())
