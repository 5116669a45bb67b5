"""Typst source → PDF bytes from a layout that settled (warnings read, chart decisions pinned).

Why. Typst lays a document out again while what its introspection read (the page a heading
lands on, the room left under a paragraph) keeps changing, and gives up after five attempts
with only a warning: the PDF then carries contents entries one page off (issue 27, a
300-page report). The warnings are read here. When the layout did not settle, the floating
charts' decisions (report.typ `chart`) from the last attempt are pinned and the source is
compiled again: without that loop it settles. If it still does not, the build stops.
"""

from __future__ import annotations

import json

from ...errors import RenderError

# what Typst says when an introspection loop ran out of attempts
UNSETTLED = ("did not converge", "did not stabilize")
PROBE = "<authoring-chart-probe>"
PINNED = "authoring-floats"


def unsettled(warnings) -> list[str]:
    """The layout warnings among Typst's `warnings`, each once, in order."""
    found = []
    for warning in warnings:
        message = " ".join((getattr(warning, "message", "") or str(warning)).split())
        if any(phrase in message for phrase in UNSETTLED) and message not in found:
            found.append(message)
    return found


def compile_settled(compile_once, query) -> bytes:
    """The PDF from `compile_once(sys_inputs) → (bytes, warnings)`, compiled a second time
    with the chart decisions `query(selector) → JSON` read from the first when needed."""
    data, warnings = compile_once({})
    problems = unsettled(warnings)
    if not problems:
        return data
    decisions = json.loads(query(PROBE))
    pins = "".join("1" if value else "0" for value in decisions)
    data, warnings = compile_once({PINNED: pins} if pins else {})
    again = unsettled(warnings)
    if again:
        shown = "; ".join(again[:3]) + (f" (and {len(again) - 3} more)" if len(again) > 3 else "")
        raise RenderError(
            "Typst's layout did not settle, so page numbers in the contents and lists may be "
            f"wrong; no PDF was written. Typst said: {shown}",
            hint="this comes from the report's design (writers/typst/report.typ), not the "
                 "text; build with --engine weasyprint meanwhile and report the case")
    return data
