"""Templates, figures and the data → findings: syntax, misspelt names and filters, missing years,
broken cross-references, figure definitions; all at once, located to file and line."""

from __future__ import annotations

import re

from ..errors import AuthoringError, Location, TemplateError
from . import Finding, from_error

# names Jinja itself provides inside templates
JINJA_NAMES = {"loop", "super", "self", "varargs", "kwargs", "caller", "true", "false", "none",
               "True", "False", "None"}


def check_templates(config, dataset, extra: dict | None = None) -> list[Finding]:
    """Syntax and names statically; then, with data, a recording render of every chapter and
    figure; then the document model (figure blocks, cross-references). `extra`: more template
    names (a report family's, family/check.py)."""
    from ..data.schema import Dataset
    from ..templating.env import TemplateRenderer

    renderer = TemplateRenderer(config.project_dir, dataset or Dataset({}, {}), config.year,
                                config.lang, extra)
    findings, aliases = _static(config, renderer, known_data=dataset is not None)
    if dataset is None:
        return findings + check_figure_files(config, None)
    from ..newyear.needs import record

    # render on past each reported typo as if it were the nearest name, to find what follows
    recording = record(config, dataset, aliases=aliases, extra=extra)
    reported = {(str(f.location), f.message) for f in findings}
    typos = set(aliases["name"]) | set(aliases["filter"])
    for exc in recording.errors:
        match = re.search(r"'([^']+)' is undefined|named '([^']+)'", exc.message)
        if match and (match.group(1) or match.group(2)) in typos:
            continue  # already reported, on every line it occurs
        if (str(exc.location), exc.message) not in reported:
            findings += from_error(exc)
    for (indicator, year), places in sorted(recording.missing.items()):
        findings += _missing_value(dataset, indicator, year, places)
    findings += _check_captions(recording)
    complete = len(recording.markdown) == len(config.chapters)
    if complete:
        findings += _check_model(config, recording)
    # which figures are placed is only known when every chapter rendered to the end
    return findings + check_figure_files(config, set(recording.placed) if complete else None)


def _check_captions(recording) -> list[Finding]:
    """A caption whose years or measure words contradict what its chart draws."""
    from ..charts.caption import HINT, disagreements

    return [Finding("warning", problem, spec.loc("caption"), HINT, exit_code=6)
            for spec, caption, data in recording.charts.values()
            for problem in disagreements(caption, data)]


def _static(config, renderer, known_data: bool) -> tuple[list[Finding], dict]:
    """Syntax errors, unknown filters and undefined names in each chapter template, every line
    at once; and the aliases (typo → nearest name) to render on with."""
    from jinja2 import TemplateSyntaxError, nodes

    from ..suggest import nearest

    findings, aliases = [], {"name": {}, "filter": {}}
    names = [k for k in renderer.context if not k.startswith("_")]
    known = set(names) | set(renderer.env.globals) | JINJA_NAMES
    for spec in config.chapters:
        shown = f"templates/{spec.template}"
        path = config.project_dir / "templates" / spec.template
        try:
            from ..paths import project_text

            ast = renderer.env.parse(project_text(config.project_dir, shown, TemplateError),
                                     spec.template, str(path))
        except AuthoringError as exc:  # a link out, a FIFO, not UTF-8: the build's message
            findings.extend(from_error(exc))
            continue
        except TemplateSyntaxError as exc:
            findings.append(Finding("error", f"syntax error: {exc.message}", Location(shown, exc.lineno),
                                    exit_code=5))
            continue
        for node in ast.find_all(nodes.Filter):
            if node.name not in renderer.env.filters:
                close = nearest(node.name, renderer.env.filters)
                aliases["filter"][node.name] = close[0] if close else ""
                findings.append(Finding(
                    "error", f"no filter named '{node.name}'", Location(shown, node.lineno),
                    f"did you mean {', '.join(close)}?" if close else
                    "see the filters in docs/TEMPLATES.md", node.name, 5))
        if not known_data:
            continue  # the data did not load: indicator names cannot be told from typos
        for name, line in undefined_names(ast):
            if name in known:
                continue
            close = nearest(name, names)
            if close:
                aliases["name"][name] = close[0]
            findings.append(Finding(
                "error", f"'{name}' is undefined", Location(shown, line),
                f"did you mean {', '.join(close)}?" if close else
                "check the indicator ids in data/ and the names in docs/TEMPLATES.md", name, 5))
    return findings, aliases


def undefined_names(ast) -> list[tuple[str, int]]:
    """(name, line) of every name a template reads but never sets itself (set, for, macro,
    import, with), in order, once per line."""
    from jinja2 import nodes

    local = {n.name for n in ast.find_all(nodes.Name) if n.ctx in ("store", "param")}
    local |= {n.name for n in ast.find_all(nodes.Macro)}
    local |= {n.target for n in ast.find_all(nodes.Import)}
    for node in ast.find_all(nodes.FromImport):
        local |= {n if isinstance(n, str) else n[-1] for n in node.names}
    seen, out = set(), []
    for node in ast.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in local and (node.name, node.lineno) not in seen:
            seen.add((node.name, node.lineno))
            out.append((node.name, node.lineno))
    return sorted(out, key=lambda item: item[1])


def _missing_value(dataset, indicator: str, year: int, places: list) -> list[Finding]:
    ind = dataset.indicators[indicator]
    have = ", ".join(str(y) for y in ind.years()) or "no years"
    home = ind.values[max(ind.values)].location.file if ind.values else "a data file"
    hint = f"add the {year} value of {indicator} to {home}, or run `authoring new-year` " \
           "to add blanks for a new year"
    return [Finding("error", f"'{indicator}' has no value for {year} (data has {have})",
                    place, hint, indicator, 5 if place.file.startswith("templates/") else 6)
            for place in (places or [None])]


def _check_model(config, recording) -> list[Finding]:
    """Markdown → model → numbering, as the build does, with stand-in figures (no drawing)."""
    from ..compose import located_blocks, numbering_style
    from ..writers.configure import write_options
    from ..model.nodes import Chapter, Document, Figure, Meta
    from ..model.numbering import number_document

    def make_figure(ident, source):
        return Figure(ident, (), "", source=source)

    try:
        chapters = tuple(Chapter(spec.id, located_blocks(recording.markdown[spec.template],
                                                         spec.template, make_figure,
                                                         config.project_dir),
                                 spec.template, "appendix" if spec.kind == "appendix" else "body")
                         for spec in config.chapters)
        options = write_options(config)
        number_document(Document(Meta(config.title), chapters), numbering_style(config, options))
    except AuthoringError as exc:
        return [_locate_in_template(config, f) for f in from_error(exc)]
    return _uncited_notes(config, recording)


def _uncited_notes(config, recording) -> list[Finding]:
    """A footnote defined but never cited is left out of every output: say so."""
    from ..templating.footnotes import uncited_footnotes

    findings = []
    for spec in config.chapters:
        for label in uncited_footnotes(recording.markdown[spec.template]):
            path = config.project_dir / "templates" / spec.template
            lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
            line = next((n for n, text in enumerate(lines, start=1)
                         if text.lstrip().startswith(f"[^{label}]:")), None)
            findings.append(Finding("warning", f"footnote [^{label}] is defined but never cited, "
                                    "so no output shows it",
                                    Location(f"templates/{spec.template}", line),
                                    f"cite it with [^{label}] in the text, or delete it"))
    return findings


def _locate_in_template(config, finding: Finding) -> Finding:
    """Numbering names the template but not the line: find the id's line in that template."""
    match = re.search(r"id '([^']+)' \(in ([^)]+)\)", finding.message)
    if finding.location is not None or not match:
        return finding
    ident, template = match.groups()
    from ..paths import project_text

    try:
        lines = project_text(config.project_dir, f"templates/{template}").splitlines()
    except AuthoringError:
        return finding
    line = next((n for n, text in enumerate(lines, start=1) if ident in text), None)
    return Finding(finding.severity, finding.message, Location(f"templates/{template}", line),
                   finding.hint, ident, finding.exit_code)


def check_figure_files(config, placed: set | None) -> list[Finding]:
    """Every figures/*.yaml must load; one no template places is probably forgotten
    (`placed` is None when that is not known: a chapter stopped before its end)."""
    from ..charts.spec import load_spec

    findings = []
    folder = config.project_dir / "figures"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        shown = f"figures/{path.name}"
        try:
            load_spec(path, shown)
        except AuthoringError as exc:
            if placed is None or path.stem not in placed:  # placed ones: reported by the render
                findings += from_error(exc)
            continue
        if placed is not None and path.stem not in placed:
            findings.append(Finding("warning", f"figure '{path.stem}' is defined but no template "
                                    "places it", Location(shown, 1),
                                    f'place it with {{{{ figure("{path.stem}") }}}} or delete the file'))
    return findings
