"""Every filter and function called wrongly → a TemplateError at the template line, with no
Python in it (no exception class, no `<locals>`, no internal type name)."""

import pytest

from authoring.errors import TemplateError
from authoring.templating import locale as L
from authoring.templating.guard import expression_on, plain_message
from authoring.templating.vocabulary import make_vocabulary

from .test_kinds import PYTHON, project, render

FILTERS, FUNCTIONS = make_vocabulary(L.ZH, 2023)
WRONG = ["1, 2, 3, 4, 5, 6, 7", "bogus=1", "'text'", "[1, 2]", "none", "hte_city, 'x'"]


@pytest.mark.parametrize("name", sorted(FILTERS))
@pytest.mark.parametrize("arguments", WRONG)
@pytest.mark.parametrize("value", ["hte_city", "'text'", "[]", "none", "regional_rank[2023]"])
def it_stops_a_filter_with_wrong_arguments_in_words(tmp_path, name, arguments, value):
    try:
        render(tmp_path, f"{{{{ {value} | {name}({arguments}) }}}}")
    except TemplateError as exc:
        assert str(exc.location) == "templates/t.md.j2:1"
        assert not PYTHON.search(str(exc)), str(exc)


@pytest.mark.parametrize("name", sorted(FUNCTIONS) + ["figure", "ref"])
@pytest.mark.parametrize("arguments", ["", *WRONG, "hte_city, hte_city, hte_city, hte_city"])
def it_stops_a_function_with_wrong_arguments_in_words(tmp_path, name, arguments):
    try:
        render(tmp_path, f"{{{{ {name}({arguments}) }}}}")
    except TemplateError as exc:
        assert str(exc.location) == "templates/t.md.j2:1"
        assert not PYTHON.search(str(exc)), str(exc)


def it_names_the_filter_and_how_to_call_it(tmp_path):
    with pytest.raises(TemplateError) as caught:
        render(tmp_path, "{{ hte_city | ordinal(words=true, foo=1) }}")
    assert caught.value.message == ("the filter 'ordinal': it has no argument 'foo' "
                                    "(in {{ hte_city | ordinal(words=true, foo=1) }})")
    assert caught.value.hint == "write x | ordinal(words=false)"
    with pytest.raises(TemplateError) as caught:
        render(tmp_path, "{{ share() }}")
    assert "the argument 'part' is missing" in caught.value.message
    assert caught.value.hint == "write share(part, total=none, at=none)"


@pytest.mark.parametrize("exc, words", [
    (TypeError("object of type 'IndicatorView' has no len()"), "an indicator has no length"),
    (TypeError("unsupported operand type(s) for -: 'IndicatorView' and 'str'"),
     "'-' cannot combine an indicator and text"),
    (ValueError("invalid literal for int() with base 10: 'yoy'"), "'yoy' is not a whole number"),
    (TypeError("make_vocabulary.<locals>._qualified.<locals>.qualifier() got an unexpected "
               "keyword argument 'scale'"), "'qualifier' has no argument 'scale'"),
    (TypeError("'<' not supported between instances of 'Quantity' and 'str'"),
     "cannot compare a figure with text using <"),
])
def it_rewords_python_messages(exc, words):
    assert plain_message(exc) == words


def it_finds_the_expression_an_error_is_about():
    line = "{{ a }} and {{ b | pct }} then {% if c %}"
    assert expression_on(line, "pct expects a ratio (b)") == "{{ b | pct }}"
    assert expression_on("text {{ x * 100 }}", "anything") == "{{ x * 100 }}"
    assert expression_on("{{ a }} {{ a }}", "a") is None  # not clear: named nowhere


def it_keeps_the_project_helper_in_use(tmp_path):
    assert (project(tmp_path, "x") / "report.toml").exists()
