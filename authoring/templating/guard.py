"""Filters, functions and Python exceptions → TemplateErrors in the report's words.

A template author never sees Python: not an exception class, not `<locals>`, not an
internal type such as IndicatorView or Quantity (`--debug` shows the traceback). Each
filter and function is wrapped so that wrong arguments name the filter and how to call
it; an exception from Jinja's own filters is reworded by `plain_message`.
"""

from __future__ import annotations

import functools
import inspect
import re

from ..errors import AuthoringError, TemplateError

# internal type names → words (a Phrase is a figure already printed as text)
TYPE_WORDS = {
    "IndicatorView": "an indicator", "Quantity": "a figure", "BreakdownView": "a breakdown",
    "Phrase": "printed text", "Phrases": "printed text", "Markdown": "text", "str": "text",
    "int": "a number", "float": "a number", "Decimal": "a number", "bool": "true or false",
    "list": "a list", "tuple": "a list", "dict": "a mapping", "NoneType": "none",
    "Undefined": "an undefined value", "StrictUndefined": "an undefined value",
    "Namespace": "a namespace", "LoopContext": "loop", "Macro": "a macro",
    "generator": "a sequence", "function": "a function", "method": "a function",
    "RankedList": "a ranking", "Group": "a set of indicators", "Ranked": "an item of a ranking",
}
DOCS = "see the filters and functions in docs/TEMPLATES.md"
_ERRORS = (TypeError, ValueError, ArithmeticError, LookupError, AttributeError)


def guarded(name: str, function, is_filter: bool):
    """`function` registered as filter or function `name`: wrong arguments → a TemplateError
    with its usage; any Python error inside → reworded, never shown as Python."""
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return function

    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            signature.bind(*args, **kwargs)
        except TypeError as exc:
            raise TemplateError(f"{_called(name, is_filter)}: {_binding(str(exc), is_filter)}",
                                hint=f"write {usage(name, signature, is_filter)}") from None
        try:
            return function(*args, **kwargs)
        except AuthoringError as exc:
            if not hasattr(exc, "called_by"):  # the innermost: the one the template wrote
                exc.called_by = name
            raise
        except _ERRORS as exc:
            given = ", ".join([shown(a) for a in args] + [f"{k}={shown(v)}" for k, v in kwargs.items()])
            why = reworded(exc)  # Python's own words would only confuse here
            raise TemplateError(f"{_called(name, is_filter)} cannot use {given}"
                                + (f": {why}" if why else ": an argument is not of the kind it takes"),
                                hint=f"write {usage(name, signature, is_filter)}") from exc

    return call


def _called(name: str, is_filter: bool) -> str:
    return f"the filter '{name}'" if is_filter else f"the function {name}()"


def _binding(message: str, is_filter: bool) -> str:
    """inspect's binding message → words ("missing a required argument: 'part'")."""
    found = re.search(r"unexpected keyword argument '(\w+)'", message)
    if found:
        return f"it has no argument '{found.group(1)}'"
    found = re.search(r"missing a required argument: '(\w+)'", message)
    if found:
        return f"the argument '{found.group(1)}' is missing"
    found = re.search(r"multiple values for argument '(\w+)'", message)
    if found:
        return f"the argument '{found.group(1)}' is given twice"
    if "too many positional arguments" in message:
        return "it was given too many arguments"
    return plain_text(message)


def usage(name: str, signature: inspect.Signature, is_filter: bool) -> str:
    """How to call it, in template syntax: "x | pct(decimals=1)", "share(part, total=none)"."""
    params = list(signature.parameters.values())
    if is_filter and params:
        params = params[1:]
    parts = []
    for p in params:
        if p.kind is p.VAR_KEYWORD:
            parts.append("condition=…")
        elif p.kind is p.VAR_POSITIONAL:
            parts.append("…")
        elif p.default is p.empty:
            parts.append(p.name)
        else:
            parts.append(f"{p.name}={_literal(p.default)}")
    called = f"{name}({', '.join(parts)})" if parts or not is_filter else name
    return f"x | {called}" if is_filter else called


def _literal(value) -> str:
    if value is None:
        return "none"
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def shown(value) -> str:
    """A template value as the author wrote it: an indicator's id, a figure's formula."""
    from .quantity import IndicatorView, Quantity

    if isinstance(value, IndicatorView):
        return value.id
    if isinstance(value, Quantity):
        return value.formula or format(value.value, "f")
    if isinstance(value, str):
        return repr(str(value)) if len(value) < 40 else repr(str(value)[:37] + "…")
    if isinstance(value, (int, float)) or value is None:
        return _literal(value)
    return type_words(type(value).__name__)


def type_words(name: str) -> str:
    return TYPE_WORDS.get(name, "a value")


# Python's messages → the report's words; the first pattern that matches wins
_REWORDINGS = [
    (r"object of type '(\w+)' has no len\(\)", lambda m: f"{type_words(m[1])} has no length"),
    (r"unsupported operand type\(s\) for ([^:]+): '(\w+)' and '(\w+)'",
     lambda m: f"'{m[1]}' cannot combine {type_words(m[2])} and {type_words(m[3])}"),
    (r"bad operand type for (\w+)\(\): '(\w+)'", lambda m: f"{m[1]} cannot be used on "
                                                           f"{type_words(m[2])}"),
    (r"'(\w+)' object is not iterable", lambda m: f"{type_words(m[1])} cannot be looped over"),
    (r"'(\w+)' object is not callable", lambda m: f"{type_words(m[1])} cannot be called"),
    (r"'(\w+)' object is not subscriptable", lambda m: f"{type_words(m[1])} cannot be indexed"),
    (r"'(.+)' not supported between instances of '(\w+)' and '(\w+)'",
     lambda m: f"cannot compare {type_words(m[2])} with {type_words(m[3])} using {m[1]}"),
    (r"can only concatenate (\w+) \(not \"(\w+)\"\) to \w+",
     lambda m: f"{type_words(m[1])} can only be joined with {type_words(m[1])}, not with "
               f"{type_words(m[2])}"),
    (r"can't multiply sequence by non-int of type '(\w+)'",
     lambda m: f"a text or list can only be repeated a whole number of times, not "
               f"{type_words(m[1])}"),
    (r"(?:int|float)\(\) argument must be .*, not '(\w+)'",
     lambda m: f"a number was expected, not {type_words(m[1])}"),
    (r"invalid literal for int\(\) with base \d+: (.+)", lambda m: f"{m[1]} is not a whole number"),
    (r"could not convert string to float: (.+)", lambda m: f"{m[1]} is not a number"),
    (r"\[<class 'decimal\.\w+'>\]", lambda m: "the value is not a number"),
    (r"(?:integer |float )?division (?:or modulo )?by zero", lambda m: "division by zero"),
    (r"list index out of range", lambda m: "the list has no item at that position"),
    # Jinja's undefined values: "authoring.….RankedList object has no element 20"
    (r"'?(?:[\w.]+\.)?(\w+) object'? has no element (.+)",
     lambda m: f"{type_words(m[1])} has no item {m[2]} (it has fewer items)"),
    (r"'(?:[\w.]+\.)?(\w+) object' has no attribute '(\w+)'",
     lambda m: f"{type_words(m[1])} has no attribute '{m[2]}'"),
    (r"(?:[\w.<>]+\.)?(\w+)\(\) got an unexpected keyword argument '(\w+)'",
     lambda m: f"'{m[1]}' has no argument '{m[2]}'"),
    (r"(?:[\w.<>]+\.)?(\w+)\(\) missing \d+ required positional arguments?: (.+)",
     lambda m: f"'{m[1]}' needs the argument {m[2]}"),
    (r"(?:[\w.<>]+\.)?(\w+)\(\) takes .* but \d+ (?:was|were) given",
     lambda m: f"'{m[1]}' was given too many arguments"),
]


def reworded(exc: BaseException) -> str | None:
    """A Python exception whose message is known → in words; None otherwise."""
    text = str(exc)
    for pattern, words in _REWORDINGS:
        match = re.search(pattern, text)
        if match:
            return words(match)
    return None


def plain_message(exc: BaseException) -> str:
    """A Python exception → its message in words, with no Python names in it."""
    text = reworded(exc)
    if text is not None:
        return text
    if isinstance(exc, KeyError):
        return f"there is no {exc}"
    return plain_text(str(exc)) or "the expression cannot be computed"


def plain_text(text: str) -> str:
    """Internal names in a message → words (a fallback for messages not reworded above)."""
    text = re.sub(r"[\w.]*<locals>\.(\w+)", r"\1", text)
    text = re.sub(r"<class '[\w.]*?(\w+)'>", lambda m: type_words(m[1]), text)
    for name, words in TYPE_WORDS.items():
        if name[0].isupper():
            text = re.sub(rf"'{name}'|\b{name}\b", words, text)
    return text


_EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}")


def expression_on(line: str, message: str, called: str | None = None) -> str | None:
    """The `{{ … }}` or `{% … %}` on a template line that an error is about: the only one,
    the only one that calls the filter or function `called` the error came from, or the one
    sharing the most names with the message (None when that is not clear)."""
    found = _EXPRESSION.findall(line)
    if len(found) <= 1:
        return found[0] if found else None
    if called:
        calling = [e for e in found if re.search(rf"(\|\s*{re.escape(called)}\b|\b{re.escape(called)}\s*\()", e)]
        if len(calling) == 1:
            return calling[0]
        found = calling or found
    words = set(re.findall(r"[A-Za-z_]\w+", message))
    scores = [len(words & set(re.findall(r"[A-Za-z_]\w+", e))) for e in found]
    best = max(scores)
    return found[scores.index(best)] if best and scores.count(best) == 1 else None
