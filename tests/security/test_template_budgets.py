"""Threat: a template that runs away (loops, repetition, huge sizes) hangs the build or eats
memory, and freezes the preview for good.

Each rendering has a budget (iterations, output, value size, time); an overrun is a
TemplateError at the template's line, and the preview shows it and recovers once fixed.
"""

from __future__ import annotations

import time

import pytest

from authoring.config import load_config
from authoring.data import load_dataset
from authoring.errors import TemplateError
from authoring.templating import budget
from authoring.templating.env import TemplateRenderer

RUNAWAY = {
    "nested ranges": "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}",
    "lipsum": "{{ lipsum(10**6) }}",
    "repetition": '{{ "a" * 10**9 }}',
    "doubling with ~": '{% set ns = namespace(s="ab") %}{% for i in range(40) %}'
                       '{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}',
    "center filter": '{{ "x" | center(10**9) }}',
    "ljust method": '{{ "x".ljust(10**9) }}',
    "% width": '{{ "%0999999999d" % 1 }}',
    "format width": '{{ "{:>999999999}".format(1) }}',
    "power": "{{ 7 ** 9999999 }}",
    "output": '{% for i in range(99999) %}{{ "x" * 1000 }}{% endfor %}',
    "replace": '{{ ("a" * 100000) | replace("a", "b" * 1000) }}',
    "list repetition": "{{ ([1] * 10**8) | length }}",
}


@pytest.fixture(scope="module")
def renderer_for(tmp_path_factory):
    from tests.conftest import ENGLISH, copy_project

    project = copy_project(ENGLISH, tmp_path_factory.mktemp("budget") / "p")
    config = load_config(project)
    dataset = load_dataset(config.data_paths(), project)

    def make(source: str) -> TemplateRenderer:
        (project / "templates" / "t.md.j2").write_text(f"# Title\n\n{source}\n", encoding="utf-8")
        return TemplateRenderer(project, dataset, config.year, config.lang)

    return make


@pytest.mark.parametrize("name", RUNAWAY)
def it_stops_a_runaway_template_at_its_line(renderer_for, name):
    renderer = renderer_for(RUNAWAY[name])
    started = time.monotonic()
    with pytest.raises(TemplateError) as info:
        renderer.render("t.md.j2")
    assert str(info.value.location) == "templates/t.md.j2:3"
    assert time.monotonic() - started < 30  # unbounded, these run for minutes or exhaust memory


def it_stops_at_the_time_budget(renderer_for, monkeypatch):
    monkeypatch.setattr(budget, "MAX_SECONDS", 0.5)
    renderer = renderer_for("{% for i in range(500) %}{{ range(99999) | sum }}\n{% endfor %}")
    with pytest.raises(TemplateError, match="ran for more than 0.5 seconds") as info:
        renderer.render("t.md.j2")
    assert info.value.location.line == 3


def it_leaves_ordinary_templates_alone(renderer_for):
    text = renderer_for('{{ "-" * 80 }} {{ "%5.1f" | format(3.14159) }} {{ "ab" ~ "cd" }} '
                        '{% for i in range(3) %}{{ loop.index }}/{{ loop.length }}{% endfor %} '
                        '{{ 2 ** 10 }} {{ "x" | center(5) }}|').render("t.md.j2")
    assert "-" * 80 + "   3.1 abcd 1/32/33/3 1024   x  |" in text


def it_lets_the_preview_recover_once_the_template_is_fixed(english_copy):
    from authoring.preview.server import PreviewServer

    template = english_copy / "templates" / "summary.md.j2"
    good = template.read_text(encoding="utf-8")
    template.write_text(good + "\n" + RUNAWAY["nested ranges"] + "\n", encoding="utf-8")
    server = PreviewServer(english_copy, port=0)
    try:
        server.start()
        assert 'class="preview-errors"' in server.state.page and "more than 1,000,000 times" in server.state.page
        version = server.state.version
        template.write_text(good, encoding="utf-8")
        deadline = time.monotonic() + 30
        while (server.state.version == version or 'class="preview-errors"' in server.state.page) \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "437 research grants" in server.state.page
        assert 'class="preview-errors"' not in server.state.page
    finally:
        server.stop()
