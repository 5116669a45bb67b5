"""Rendered templates and the config → the document model's parts: Markdown blocks located
to their template lines, the cover's Meta, the printed figures, the numbering style."""

from __future__ import annotations

from pathlib import Path

from .config import ReportConfig
from .errors import ConfigError, Location


def printed_figures(renderer) -> tuple:
    """The renderer's printed figures as format-neutral model records."""
    from .model.nodes import DataInput, PrintedFigure

    # figures that share one tuple of cells (a ranked table's ranks) keep sharing one: the
    # audit lists such a tuple once (records/audit.py)
    converted: dict[int, tuple] = {}

    def cells(inputs: tuple) -> tuple:
        if id(inputs) not in converted:
            converted[id(inputs)] = tuple(DataInput(i.indicator, i.year, str(i.value),
                                                    str(i.location), i.source) for i in inputs)
        return converted[id(inputs)]

    return tuple(PrintedFigure(p.text, p.quantity.formula, cells(p.quantity.inputs), p.template,
                               p.line) for p in renderer.state.printed)


def located_blocks(markdown: str, template: str, make_figure, project_dir: Path) -> tuple:
    """Markdown → blocks; an error in the Markdown is located to its template line."""
    from .errors import TemplateError
    from .templating.markdown import locate_in, markdown_to_blocks

    try:
        return markdown_to_blocks(markdown, template, make_figure)
    except TemplateError as exc:
        raise locate_in(exc, f"templates/{template}", template_lines(project_dir, template)) from None


def template_lines(project_dir: Path, name: str) -> list[str]:
    from .errors import TemplateError
    from .paths import project_text

    return project_text(project_dir, f"templates/{name}", TemplateError).splitlines()


def known(what: str, names) -> str:
    return f"known {what}: {', '.join(sorted(names)) or 'none'}"


def report_meta(config: ReportConfig, renderer):
    from .model.nodes import Meta

    from .templating.marks import strip_marks

    def render(text: str, name: str) -> str:
        if "{" not in text:
            return text
        return strip_marks(renderer.render_string(text, f"report.toml [report] {name}"))[0]

    return Meta(title=render(config.title, "title"), subtitle=render(config.subtitle, "subtitle"),
                author=config.author, organization=config.organization,
                date=render(config.date, "date"), lang=config.lang, year=config.year,
                subject=render(config.subject, "subject"), keywords=config.keywords)


def numbering_style(config: ReportConfig, options):
    from .model.numbering import NumberingStyle
    from .templating.locale import get_locale

    loc = get_locale(options.lang)
    scheme = config.style.get("appendix_numbering", "through")
    if scheme not in ("through", "lettered"):
        raise ConfigError(f"[style] appendix_numbering must be 'through' (附表1) or 'lettered' "
                          f"(附表A-1), got '{scheme}'", Location("report.toml"))
    return NumberingStyle(figure_word=options.words.figure, table_word=options.words.table,
                          separator=options.words.label_separator,
                          per_chapter=bool(config.style.get("per_chapter_numbering", False)),
                          heading_numbers=options.heading_numbers, box_word=loc.box,
                          appendix_word=loc.appendix_word,
                          appendix_letters=scheme == "lettered")

