"""Rendered Markdown → the footnotes it defines but never cites (a `check` warning)."""

from __future__ import annotations

from .markdown import _parser


def uncited_footnotes(text: str) -> list[str]:
    """Labels of `[^label]: …` definitions in `text` that no `[^label]` cites, in order."""
    env: dict = {}
    _parser().parse(text, env)
    refs = env.get("footnotes", {}).get("refs", {})
    # the footnote plugin marks a definition -1 until a citation gives it a number
    return [key[1:] for key, value in refs.items() if value == -1]
