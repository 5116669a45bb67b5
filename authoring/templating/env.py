"""Templates + dataset → Markdown text, in a sandboxed Jinja environment with strict names.

This is the one place the Jinja environment is built (as mkdocs does in theme.get_env).
Errors from anywhere inside a template are mapped to the template file and line.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import FileSystemLoader

from ..data.schema import Dataset
from ..errors import AuthoringError, Location, TemplateError
from ..suggest import nearest
from . import locale as L
from .guard import DOCS, expression_on, guarded, plain_message, reworded
from .lines import KeepLineEnds, finish
from .marks import mark
from .quantity import BreakdownView, IndicatorView, Quantity
from .vocabulary import Markdown, Phrase, Phrases, make_vocabulary

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


@dataclass
class Printed:
    """One figure printed into the report text (collected for the audit trail)."""

    text: str
    quantity: Quantity
    template: str = ""
    line: int = 0


@dataclass
class RenderState:
    figures_used: list[str] = field(default_factory=list)
    printed: list[Printed] = field(default_factory=list)


def escape_markdown(text: str) -> str:
    """Data text (labels, notes) must never turn into Markdown syntax."""
    return _MD_SPECIAL.sub(r"\\\1", text)


class _ProjectLoader(FileSystemLoader):
    """FileSystemLoader that reads templates by the file rule (paths.read_input): checked
    against the project, not templates/ (which may itself be a link out), a regular file,
    no link followed, size-checked before it is read. Jinja refuses '..' in names but
    follows links, and a link to a secret would be printed."""

    def __init__(self, searchpath: str, project: Path):
        super().__init__(searchpath)
        self.project = project

    def get_source(self, environment, template):
        import os

        from jinja2.loaders import split_template_path

        from ..paths import decode_text, read_input

        filename = os.path.join(self.searchpath[0], *split_template_path(template))
        shown = f"templates/{template}"
        if not os.path.lexists(filename):
            return super().get_source(environment, template)  # Jinja's TemplateNotFound
        source = decode_text(read_input(Path(filename), self.project, shown, error=TemplateError),
                             shown, TemplateError)
        mtime = os.path.getmtime(filename)

        def uptodate() -> bool:
            try:
                return os.path.getmtime(filename) == mtime
            except OSError:
                return False

        return source, os.path.normpath(filename), uptodate


class TemplateRenderer:
    """Holds the sandboxed environment and the context for one report year."""

    def __init__(self, project_dir: Path, dataset: Dataset, year: int, lang: str,
                 extra: dict | None = None):
        from jinja2 import StrictUndefined

        from .budget import BudgetedEnvironment
        from .compiled import bytecode_cache

        self.project_dir = project_dir
        self.template_dir = project_dir / "templates"
        self._template_root = str(self.template_dir.resolve())
        self._lines: dict[tuple[str, int], tuple[str, int]] = {}  # (code file, line) → template line
        self._debug_info: dict[str, tuple[list, list]] = {}  # code file → code lines, template lines
        self.locale = L.get_locale(lang)
        self.state = RenderState()
        self.env = BudgetedEnvironment(
            loader=_ProjectLoader(str(self.template_dir), project_dir), undefined=StrictUndefined,
            finalize=self._finalize, autoescape=False, keep_trailing_newline=True,
            trim_blocks=True, lstrip_blocks=True, bytecode_cache=bytecode_cache(),
            extensions=[KeepLineEnds])  # the whitespace rule: lines.py
        filters, functions = make_vocabulary(self.locale, year)
        # wrong arguments name the filter and how to call it, never Python (guard.py)
        self.env.filters.update({n: guarded(n, f, True) for n, f in filters.items()})
        views = {ident: IndicatorView(ind, year, dataset) for ident, ind in dataset.indicators.items()}
        breakdowns = {ident: BreakdownView(b, views, year) for ident, b in dataset.breakdowns.items()}
        self.context = {
            "year": year, "lang": lang,
            "indicators": list(views.values()), "breakdowns": list(breakdowns.values()),
            **{n: guarded(n, f, False) for n, f in functions.items()},
            "figure": guarded("figure", self._figure, False),
            "ref": guarded("ref", self._ref, False),
            "stat_table": guarded("stat_table", self._stat_table, False),
        }
        clash = (set(views) | set(breakdowns)) & set(self.context)
        if clash:
            name = sorted(clash)[0]
            raise TemplateError(f"the data id '{name}' clashes with a built-in template name",
                                dataset.indicators[name].location if name in dataset.indicators
                                else None, hint="rename the indicator")
        self.context.update(views)
        self.context.update(breakdowns)
        if extra:
            self.context.update(extra)

    # ------------------------------------------------------------ output hooks

    def _finalize(self, value):
        if isinstance(value, Markdown):
            return value
        if isinstance(value, Phrases):  # a list or "rose to 2.6%": one audit row per figure
            return "".join(self._finalize(part) for part in value.parts)
        if isinstance(value, (Quantity, IndicatorView)):
            value = self.env.filters["num"](value)
        if isinstance(value, Phrase):
            if value.quantity is None:
                return str(value)
            template, line = self._caller_line()
            index = len(self.state.printed)
            self.state.printed.append(Printed(str(value), value.quantity, template, line))
            # marked so the Markdown → model step knows which block the figure landed in
            return mark(index, str(value))
        if isinstance(value, BreakdownView):
            return escape_markdown(value.label)
        if isinstance(value, str):
            return escape_markdown(value)
        return value

    def _stat_table(self, ident, caption, rows, **options) -> Markdown:
        """A statistical table from data (templating/stattable.py), its figures audited."""
        from .stattable import OPTIONS, stat_table

        for name in options:
            if name not in OPTIONS:
                raise TemplateError(f"stat_table has no option '{name}'",
                                    hint=f"options: {', '.join(OPTIONS)}")
        return Markdown(stat_table(self.locale, self.context["year"], self._finalize,
                                   escape_markdown, str(ident), str(caption), rows, **options))

    def _caller_line(self) -> tuple[str, int]:
        """The template file and line whose `{{ … }}` is being printed right now."""
        import sys

        frame = sys._getframe(2)
        while frame is not None:
            filename = frame.f_code.co_filename
            if filename.startswith(self._template_root):
                # memoized: resolving the folder, get_template's up-to-date check and parsing
                # the debug info again for each of 6,000 figures was a quarter of the stage
                key = (filename, frame.f_lineno)
                found = self._lines.get(key)
                if found is None:
                    found = self._lines[key] = self._template_line(filename, frame.f_lineno)
                return found
            frame = frame.f_back
        return "", 0

    def _template_line(self, filename: str, lineno: int) -> tuple[str, int]:
        name = Path(filename).relative_to(self._template_root).as_posix()
        try:
            lines = self._debug_info.get(filename)
            if lines is None:
                # Template.get_corresponding_lineno parses the whole debug info string on
                # every call: quadratic in a long template's printed figures
                info = self.env.get_template(name).debug_info  # (template line, code line)
                lines = self._debug_info[filename] = ([code for _, code in info],
                                                      [line for line, _ in info])
            codes, template_lines = lines
            # the last entry whose code line is at or before `lineno` (the entries are in
            # code order), as get_corresponding_lineno finds it; 1 before the first
            at = bisect.bisect_right(codes, lineno)
            return name, template_lines[at - 1] if at else 1
        except Exception:  # noqa: BLE001 - a source map is a convenience, never fatal
            return name, 0

    def _figure(self, ident: str) -> Markdown:
        """Place the figure defined in figures/<ident>.yaml here."""
        self.state.figures_used.append(str(ident))
        return Markdown(f"\n::: figure {ident}\n:::\n")

    def _ref(self, ident: str) -> Markdown:
        """A cross-reference to a figure, table or heading id ("图1", "Table 2")."""
        return Markdown(f"[](#{ident})")

    # ------------------------------------------------------------ rendering

    def render_string(self, source: str, name: str = "<string>", extra: dict | None = None) -> str:
        """Render a short template string (titles, captions) with the same context, plus
        `extra` names (a chart caption's first_year and last_year)."""
        try:
            context = {**self.context, **extra} if extra else self.context
            return finish(self.env.render_budgeted(self.env.from_string(source), context))
        except Exception as exc:  # noqa: BLE001 - mapped to a located TemplateError
            raise self._locate(exc, name, None) from None

    def render(self, template_name: str) -> str:
        """Render templates/`template_name` to Markdown."""
        from jinja2 import TemplateNotFound

        try:
            template = self.env.get_template(template_name)
            return finish(self.env.render_budgeted(template, self.context))
        except TemplateNotFound as exc:
            # an {% include %} that failed: its line is in the including template's frame
            file, line = self._template_frame(exc)
            raise TemplateError(f"template '{exc.name}' not found in templates/",
                                Location(f"templates/{file or template_name}", line),
                                hint="include only files inside templates/, named relative "
                                     "to it") from None
        except Exception as exc:  # noqa: BLE001 - mapped to a located TemplateError
            raise self._locate(exc, template_name, template_name) from None

    def _locate(self, exc: Exception, name: str, template_name: str | None) -> AuthoringError:
        from jinja2 import TemplateSyntaxError, UndefinedError

        if isinstance(exc, TemplateSyntaxError):
            shown = f"templates/{template_name}" if template_name else name
            return TemplateError(f"syntax error: {exc.message}", Location(shown, exc.lineno))
        file, line = self._template_frame(exc)
        shown = f"templates/{file}" if file else name
        location = Location(shown, line)
        if isinstance(exc, UndefinedError):
            words = reworded(exc) or exc.message or str(exc)  # no Python class names
            return TemplateError(words, location, hint=self._undefined_hint(str(exc)))
        if isinstance(exc, AuthoringError):
            exc.location = exc.location or location
            self._name_expression(exc)
            return exc
        # a Python error from Jinja's own filters or operators: in words, no Python names
        error = TemplateError(plain_message(exc), location,
                              hint=f"{DOCS} (`--debug` shows the Python details)")
        self._name_expression(error)
        return error

    def _name_expression(self, exc: AuthoringError) -> None:
        """Add the `{{ … }}` the error is about to its message, read from the template line."""
        where = exc.location
        if getattr(exc, "expression_named", False) or where is None or not where.line \
                or not where.file.startswith("templates/") or hasattr(exc, "errors"):
            return
        try:
            source = self.env.loader.get_source(self.env, where.file[len("templates/"):])[0]
            line = source.splitlines()[where.line - 1]
        except Exception:  # noqa: BLE001 - naming the expression is a convenience
            return
        expression = expression_on(line, exc.message, getattr(exc, "called_by", None))
        if expression:
            exc.message = f"{exc.message} (in {expression})"
        exc.expression_named = True

    def _template_frame(self, exc: Exception) -> tuple[str | None, int | None]:
        """The innermost traceback frame that belongs to a template file."""
        root = str(self.template_dir.resolve())
        found = (None, None)
        tb = exc.__traceback__
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.startswith(root):
                found = (Path(filename).relative_to(root).as_posix(), tb.tb_lineno)
            elif filename == "<template>":
                found = (None, tb.tb_lineno)
            tb = tb.tb_next
        return found

    def _undefined_hint(self, message: str) -> str | None:
        match = re.search(r"'([^']+)' is undefined", message)
        if match:
            close = nearest(match.group(1), [k for k in self.context if not k.startswith("_")])
            return f"did you mean {', '.join(close)}?" if close else \
                "check the indicator ids in data/ and the names in docs/TEMPLATES.md"
        match = re.search(r"has no attribute '([^']+)'", message)
        if match:
            return "indicator attributes: value, prev, yoy, change, pp, label, unit, source"
        return None
