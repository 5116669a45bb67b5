"""The whitespace rule: a line of only tags disappears; every other line stays a line."""

import pytest

from authoring.templating.lines import KEEP, finish, keep_line_ends

from .test_kinds import render


@pytest.mark.parametrize("template, expected", [
    # a loop inside a paragraph, then a new paragraph: not glued (seen 9)
    ("Cities: {% for x in [1, 2] %}{{ x }}, {% endfor %}\n\nNext", "Cities: 1, 2, \n\nNext"),
    # {% if %} at a line end keeps the line end; a false one leaves no empty line behind
    ("A {% if year > 2000 %}yes{% endif %}\nB", "A yes\nB"),
    ("A\n{% if year < 2000 %}never{% endif %}\nB", "A\nB"),
    ("A\n{% if year < 2000 %}never{% endif %}\n\nB", "A\n\nB"),
    # a loop writing table rows, {% endfor %} at the end of the row line: one row a line
    ("| a |\n|--|\n{% for x in [1, 2, 3] %}\n{% if x != 2 %}| {{ x }} |{% endif %}{% endfor %}\n:::",
     "| a |\n|--|\n| 1 |\n| 3 |\n:::"),
    # tag-only lines vanish, as with trim_blocks
    ("| a |\n{% for x in [1, 2] %}\n| {{ x }} |\n{% endfor %}\nend", "| a |\n| 1 |\n| 2 |\nend"),
    ("- a {% for x in [1, 2] %}{{ x }}{% endfor %}\n- b", "- a 12\n- b"),
    # explicit -%} and +%} are left to the author
    ("A {% if true -%}\n\n  B{% endif %}", "A B"),
    ("{% if true +%}\nA{% endif %}", "\nA"),
])
def it_renders_lines_as_written(tmp_path, template, expected):
    assert render(tmp_path, template, "en") == expected


def it_leaves_strings_comments_and_raw_alone():
    source = "x {{ '%}' }} {% if a %}{# c %} #}\n{% raw %}{% if %}\n{% endraw %}\n"
    assert keep_line_ends(source) == source  # no tag ends a line: nothing to keep
    source = "x {{ '%}\n' }} {% if a %}\ny {% endif %}\n"
    kept = keep_line_ends(source)
    assert kept == source.replace("%}\ny", f"%}}{KEEP}\ny").replace("endif %}", f"endif %}}{KEEP}")
    assert source.count("\n") == kept.count("\n")  # template line numbers stay right


def it_removes_lines_emptied_by_their_tags():
    assert finish(f"a\n  {KEEP}\n{KEEP}\nb{KEEP}\n") == "a\nb\n"
