"""A Typst layout that does not settle is compiled again with its charts pinned, or stops."""

from __future__ import annotations

import pytest
import typst

from authoring.errors import RenderError
from authoring.writers.typst import fonts
from authoring.writers.typst.converge import PINNED, compile_settled, unsettled

# One page asks for a second when the document has one page, and for none when it has two:
# no layout satisfies it, so Typst gives up after five attempts.
NEVER_SETTLES = b"""#set page(width: 80mm, height: 60mm)
Text
#context if counter(page).final().first() < 2 { pagebreak(); [More] }
"""
SETTLES = b"#set page(width: 80mm, height: 60mm)\nText #context counter(page).final().first()\n"


def compiler(source: bytes, seen: list):
    def compile_once(inputs):
        seen.append(dict(inputs))
        return typst.compile_with_warnings(source, font_paths=fonts(), format="pdf",
                                           sys_inputs=inputs)

    def query(selector):
        return typst.query(source, selector, field="value", font_paths=fonts())
    return compile_once, query


def it_reads_typsts_layout_warnings():
    _data, warnings = typst.compile_with_warnings(NEVER_SETTLES, font_paths=fonts(), format="pdf")
    assert any("did not converge" in message for message in unsettled(warnings))


def it_stops_with_a_clear_error_when_the_layout_never_settles():
    seen = []
    with pytest.raises(RenderError) as caught:
        compile_settled(*compiler(NEVER_SETTLES, seen))
    assert "did not settle" in str(caught.value) and "no PDF was written" in str(caught.value)
    assert "did not converge" in str(caught.value)  # Typst's own words are passed on
    assert len(seen) == 2  # compiled again before giving up


def it_compiles_a_settled_layout_once():
    seen = []
    data = compile_settled(*compiler(SETTLES, seen))
    assert data.startswith(b"%PDF") and seen == [{}]


def it_pins_the_chart_decisions_of_the_first_attempt_on_the_second():
    source = (b"#let pinned = sys.inputs.at(\"" + PINNED.encode() + b"\", default: none)\n"
              b"#[#metadata(true) <authoring-chart-probe>]#[#metadata(false) <authoring-chart-probe>]\n"
              + NEVER_SETTLES.replace(b"#context if", b"#context if pinned == none and"))
    seen = []
    compile_settled(*compiler(source, seen))
    assert seen == [{}, {PINNED: "10"}]
