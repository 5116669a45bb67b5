"""Untrusted YAML text → its node tree, refused if aliases would expand it beyond a bound.

PyYAML composes `*alias` as a second reference to the anchored node, so a "billion laughs"
file is small in memory until something walks it: every later walk (our cell reader, `str()`
of a figure's labels) expands it, and nine levels of nine aliases are 9⁹ nodes. The size the
tree has once expanded is counted here, on the shared graph (linear time), before anyone walks it.
"""

from __future__ import annotations

import yaml

from .errors import AuthoringError, DataError, Location

# Aliases may add at most this many nodes to the tree as written: honest uses (one shared
# label block) add dozens; a bomb adds millions.
MAX_ALIAS_NODES = 10_000
# Deeper nesting is refused before anything walks the tree recursively (PyYAML's
# constructor, our readers); honest files nest three or four levels.
MAX_DEPTH = 50


class _Loader(yaml.SafeLoader):
    """SafeLoader that remembers each alias and the node it points to."""

    def __init__(self, stream):
        super().__init__(stream)
        self.aliases: list[tuple[int, object]] = []  # (line, anchored node)

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            self.aliases.append((event.start_mark.line + 1, node))
            return node
        return super().compose_node(parent, index)


def compose(text: str, shown: str, error: type[AuthoringError] = DataError):
    """The root node of `text` (None if empty); `error` at the alias that expands too far.

    YAML syntax errors propagate as yaml.YAMLError, for the caller to locate as before.
    """
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except RecursionError:  # PyYAML composes nested lists and mappings recursively
        raise error(f"the YAML nests lists or mappings more than about {MAX_DEPTH} levels deep",
                    Location(shown), hint="a data or figure file nests a few levels: "
                                          "look for a run of [ or { brackets") from None
    finally:
        loader.dispose()
    if root is not None and _depth(root) > MAX_DEPTH:
        raise error(f"the YAML nests lists or mappings more than {MAX_DEPTH} levels deep",
                    Location(shown), hint="a data or figure file nests a few levels: "
                                          "look for a run of [ or { brackets")
    if root is None or not loader.aliases:
        return root
    written, expanded = _sizes(root, shown, error, loader.aliases)
    if expanded - written > MAX_ALIAS_NODES:
        line, _ = max(loader.aliases, key=lambda alias: alias[1]._expanded)
        raise error(f"the YAML aliases (*name) expand to {_count(expanded)} entries; at most "
                    f"{MAX_ALIAS_NODES:,} more than written are allowed", Location(shown, line),
                    hint="write the entries out instead of repeating them with & and *")
    return root


def _depth(root) -> int:
    """The nesting depth of the tree (iterative: the tree may be deeper than the stack)."""
    deepest, stack, seen = 0, [(root, 1)], set()
    while stack:
        node, depth = stack.pop()
        if id(node) in seen or depth > MAX_DEPTH + 1:
            deepest = max(deepest, depth)
            continue
        seen.add(id(node))
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in _children(node))
    return deepest


def _count(n: int) -> str:
    return f"more than {n:,}" if n > 10**9 else f"{n:,}"


def _children(node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _sizes(root, shown: str, error, aliases) -> tuple[int, int]:
    """(nodes as written, nodes once every alias is expanded); `error` on a cyclic alias."""
    done: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack = [(root, False)]
    written = 0
    while stack:
        node, finished = stack.pop()
        key = id(node)
        if finished:
            open_nodes.discard(key)
            # capped: exact counts of a bomb run to 10^30 and more, which only costs time
            done[key] = min(1 + sum(done[id(c)] for c in _children(node)), 10**12)
            node._expanded = done[key]
            continue
        if key in done:
            continue
        if key in open_nodes:
            line = next((ln for ln, target in aliases if target is node), None)
            raise error("a YAML alias (*name) refers to an entry that contains it (a loop)",
                        Location(shown, line), hint="remove the & anchor and * alias")
        open_nodes.add(key)
        written += 1
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    return written, done[id(root)]
