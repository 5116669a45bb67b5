"""A template rendering → stopped with a TemplateError at its line when it runs over budget:
loop iterations, output size, size of any one value, and time.

Jinja's sandbox stops a template from reaching Python, not from running forever: two nested
`range(99999)` loops, `lipsum(10**6)` or `"a" * 10**9` ran for minutes or ate gigabytes (and
froze the preview for good). The environment below counts every loop iteration (each `for`
is rewritten to iterate through `budget_loop`), intercepts `*`, `**`, `+` and `~`, refuses
size arguments that only a runaway template uses, and checks the clock at each of these
points; the renderer drives the output generator and counts what it yields.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass, field

from jinja2 import nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateError

# CPU seconds of the rendering thread (time.thread_time), not wall time: a loaded CI machine
# must not fail a large honest report; a 300-page report renders in a few seconds
MAX_SECONDS = 120.0  # one template (or title, caption) rendering
MAX_ITERATIONS = 1_000_000  # loop iterations in one rendering; a 300-page report uses ~10⁴
MAX_OUTPUT_CHARS = 20_000_000  # Markdown of one rendering; a 300-page report is ~10⁶
MAX_VALUE_CHARS = MAX_OUTPUT_CHARS  # any one string or list the template builds
MAX_SIZE_ARGUMENT = 10_000  # widths and counts: center(n), indent(n), lipsum(n), "x".ljust(n)
MAX_POWER_BITS = 4096  # a ** b: results up to ~1200 decimal digits

# str methods whose integer argument sets the size of the result
_SIZED_METHODS = {"ljust", "rjust", "center", "zfill", "expandtabs"}
# a width of five or more digits in a %-format or a {…:…} format spec
_HUGE_WIDTH = re.compile(r"%[^a-zA-Z%]*\d{5,}|\{[^{}]*:[^{}]*\d{5,}[^{}]*\}")


@dataclass
class Budget:
    """What one rendering has used so far."""

    started: float = field(default_factory=time.thread_time)
    iterations: int = 0
    output: int = 0

    def check_time(self) -> None:
        if time.thread_time() - self.started > MAX_SECONDS:
            raise over_budget(f"the template ran for more than {MAX_SECONDS:g} seconds "
                              "(of processor time)")

    def add_output(self, chars: int) -> None:
        self.output += chars
        if self.output > MAX_OUTPUT_CHARS:
            raise over_budget(f"the template wrote more than {MAX_OUTPUT_CHARS:,} characters")
        self.check_time()


def over_budget(message: str) -> TemplateError:
    return TemplateError(message, None,
                         hint="a loop or a repetition runs away: check the loops and sizes on "
                              "this line (limits are in docs/SECURITY.md)")


def check_size(value, what: str = "a value") -> None:
    """Refuse a string or list longer than MAX_VALUE_CHARS."""
    if isinstance(value, (str, list, tuple)) and len(value) > MAX_VALUE_CHARS:
        raise over_budget(f"{what} would be longer than {MAX_VALUE_CHARS:,}")


def check_argument(value, what: str) -> None:
    if isinstance(value, int) and not isinstance(value, bool) and value > MAX_SIZE_ARGUMENT:
        raise over_budget(f"{what} {value:,} is larger than {MAX_SIZE_ARGUMENT:,}")


def check_format(text: str) -> None:
    if _HUGE_WIDTH.search(text):
        raise over_budget("a format width is larger than 9,999")


def check_replace(text: str, old, new) -> None:
    """Refuse a replacement whose result (computed exactly, without making it) is too long."""
    old, new = str(old), str(new)
    count = text.count(old) if old else len(text) + 1
    if len(text) + count * (len(new) - len(old)) > MAX_VALUE_CHARS:
        raise over_budget(f"a replaced text would be longer than {MAX_VALUE_CHARS:,}")


class _BudgetCodeGenerator(CodeGenerator):
    """Writes `~` (string concatenation) as a checked call, so doubling a string in a loop
    stops before the allocation, not after."""

    def visit_Concat(self, node, frame):  # noqa: N802 - Jinja's visitor name
        self.write("environment.budget_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BudgetedEnvironment(SandboxedEnvironment):
    """The sandbox with rendering budgets; `start_budget()` before each rendering."""

    code_generator_class = _BudgetCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.budget = Budget()
        # characters (and list items) every rendering of this build has built: each value is
        # bounded alone, and 200 of them were 2.5 GB
        self.built = 0
        self._sized_filters()
        lipsum = self.globals["lipsum"]

        def bounded_lipsum(n=5, html=True, min=20, max=100):  # noqa: A002 - Jinja's names
            for name, value in (("lipsum n", n), ("lipsum min", min), ("lipsum max", max)):
                check_argument(value, name)
            return lipsum(n, html, min, max)

        self.globals["lipsum"] = bounded_lipsum

    def start_budget(self) -> Budget:
        self.budget = Budget()
        return self.budget

    def render_budgeted(self, template, context: dict) -> str:
        """`template` rendered with a fresh budget. The output is counted as it is yielded; an
        overrun is thrown into the template's generator, so its traceback (and the error's
        location) is the template line being run."""
        budget = self.start_budget()
        parts = []
        chunks = template.generate(context)
        for chunk in chunks:
            parts.append(chunk)
            try:
                budget.add_output(len(chunk))
            except TemplateError as exc:
                chunks.throw(exc)
        return "".join(parts)

    # ------------------------------------------------------------ hooks in compiled code

    def _generate(self, source, name, filename, defer_init=False):
        for loop in source.find_all(nodes.For):
            loop.iter = nodes.Call(nodes.EnvironmentAttribute("budget_loop"), [loop.iter], [],
                                   None, None, lineno=loop.lineno)
        return super()._generate(source, name, filename, defer_init)

    def wrap_str_format(self, value):
        # str.format reaches the template through this wrapper (not through call())
        wrapped = super().wrap_str_format(value)
        if wrapped is None:
            return None
        check_format(value.__self__)
        return wrapped

    def budget_loop(self, iterable):
        budget = self.budget
        for item in iterable:
            budget.iterations += 1
            if budget.iterations > MAX_ITERATIONS:
                raise over_budget(f"the loops ran more than {MAX_ITERATIONS:,} times")
            if not budget.iterations & 0x3FF:
                budget.check_time()
            yield item

    def count_built(self, value):
        """Add `value`'s size to what the build's templates have built; a TemplateError
        beyond the template_chars limit (limits.py)."""
        if isinstance(value, (str, list, tuple)):
            self.built += len(value)
            from .. import limits

            if self.built > limits.value("template_chars"):
                raise limits.over("template_chars", "the templates built more text and lists "
                                  "than the build allows", None, TemplateError)
        return value

    def budget_concat(self, parts):
        texts = [str(p) for p in parts]
        if sum(map(len, texts)) > MAX_VALUE_CHARS:
            raise over_budget(f"a text joined with ~ would be longer than {MAX_VALUE_CHARS:,}")
        return self.count_built("".join(texts))

    def call_binop(self, context, operator, left, right):
        self.budget.check_time()
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(times, int) \
                        and len(seq) * times > MAX_VALUE_CHARS:
                    raise over_budget(f"a repetition (*) would be longer than {MAX_VALUE_CHARS:,}")
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 \
                    and right * math.log2(abs(left)) > MAX_POWER_BITS:
                raise over_budget(f"{left} ** {right} is too large a number")
        elif operator == "%":
            if isinstance(left, str):
                check_format(left)
        elif operator == "+":
            if isinstance(left, (str, list, tuple)) and isinstance(right, (str, list, tuple)) \
                    and len(left) + len(right) > MAX_VALUE_CHARS:
                raise over_budget(f"a text joined with + would be longer than {MAX_VALUE_CHARS:,}")
        return self.count_built(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's signature
        __self.budget.check_time()
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str):
            if name in _SIZED_METHODS:
                for value in (*args, *kwargs.values()):
                    check_argument(value, f"the width in .{name}()")
            elif name == "replace" and len(args) >= 2:
                check_replace(owner, *args[:2])
        result = super().call(__context, __obj, *args, **kwargs)
        check_size(result, "a value")
        return __self.count_built(result)

    def _sized_filters(self) -> None:
        """Wrap the built-in filters whose arguments set the size of their result."""
        filters = self.filters
        checks = {
            "center": lambda value, width=80: check_argument(width, "the width in center"),
            "indent": lambda value, width=4, *a, **k: check_argument(width, "the width in indent"),
            "wordwrap": lambda value, width=79, *a, **k: check_argument(width,
                                                                         "the width in wordwrap"),
            "format": lambda value, *a, **k: check_format(str(value)),
            "replace": lambda value, old, new, count=None: check_replace(str(value), old, new),
        }
        for name, check in checks.items():
            filters[name] = _checked(filters[name], check)


def _checked(function, check):
    import functools

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        check(*(args[1:] if getattr(function, "jinja_pass_arg", None) else args), **kwargs)
        result = function(*args, **kwargs)
        check_size(result, "a value")
        return result

    return wrapper
