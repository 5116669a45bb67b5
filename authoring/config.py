"""`report.toml` → a typed, validated ReportConfig (unknown keys are errors, not ignored)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from . import limits
from .errors import ConfigError, Location
from .suggest import nearest

CONFIG_NAME = "report.toml"
PDF_ENGINES = ("weasyprint", "typst")  # writers/__init__.py PDF_ENGINES lays out with each

_SCHEMA = {
    "report": {"id", "title", "subtitle", "author", "organization", "date", "year", "lang",
               "subject", "keywords"},
    "data": {"files", "shared_folders"},
    "chapters": {"template", "kind", "id", "for"},
    "style": {"body_font", "heading_font", "body_font_latin", "heading_font_latin",
              "body_fallback", "heading_fallback", "first_line_indent", "heading_numbers",
              "per_chapter_numbering", "appendix_numbering", "palette", "css",
              "reference_docx"},
    "page": {"size", "margin_top", "margin_bottom", "margin_inner", "margin_outer",
             "two_sided", "bleed", "crop_marks"},
    "pdf": {"variant", "edition", "attach_data", "engine", "print_profile", "print_condition"},
    "docx": {"page_numbers"},
    "build": {"formats", "source_date_epoch"},
    "family": {"members", "data"},  # a report family: one report per member (family/)
}


@dataclass(frozen=True)
class ChapterSpec:
    template: str
    kind: str = "body"
    id: str = ""
    only: str = ""  # `for`, in a report family: "parent" or "members" ("" = every report)


@dataclass(frozen=True)
class ReportConfig:
    project_dir: Path
    id: str
    title: str
    year: int
    lang: str = "en"
    subtitle: str = ""
    author: str = ""
    organization: str = ""
    date: str = ""
    subject: str = ""
    keywords: tuple[str, ...] = ()
    data_files: tuple[str, ...] = ()
    shared_folders: tuple[Path, ...] = ()  # [data] shared_folders: trusted data outside
    chapters: tuple[ChapterSpec, ...] = ()
    style: dict = field(default_factory=dict)
    page: dict = field(default_factory=dict)
    pdf: dict = field(default_factory=dict)
    docx: dict = field(default_factory=dict)
    formats: tuple[str, ...] = ("docx", "pdf")
    source_date_epoch: int | None = None
    family: dict = field(default_factory=dict)  # [family]: members table and member data
    member: str = ""  # the member this report is about ("" = the parent report)

    @property
    def path(self) -> Path:
        return self.project_dir / CONFIG_NAME

    def data_paths(self) -> list[Path]:
        """The configured data files, or every data file in data/ (sorted) by default."""
        from .paths import input_path, shown_path

        if self.data_files:
            import glob

            paths = []
            for pattern in self.data_files:
                # glob.glob, not Path.glob: an absolute pattern is refused below with its
                # name, not by a NotImplementedError
                found = sorted(Path(p) for p in glob.glob(str(self.project_dir / pattern),
                                                               recursive=True))
                if not found:
                    raise ConfigError(f"data file '{pattern}' not found", Location(CONFIG_NAME),
                                      hint="paths in [data] files are relative to the project folder")
                paths.extend(found)
        else:
            folder = self.project_dir / "data"
            paths = sorted(p for p in folder.glob("*")
                           if p.suffix.lower() in {".csv", ".xlsx", ".yaml", ".yml"}
                           and not p.name.startswith(("~$", ".")))
        return [input_path(p, self.project_dir, shown_path(p, self.project_dir), self.shared_folders)
                for p in paths]

    def family_paths(self) -> list[Path]:
        """[family] members and data files (none for a project that is not a family)."""
        if not self.family:
            return []
        from .family.members import family_files

        return family_files(self)


def load_config(project_dir: Path, year: int | None = None) -> ReportConfig:
    """Read `project_dir/report.toml`; `year` overrides the configured report year."""
    path = project_dir / CONFIG_NAME
    if not path.is_file():
        raise ConfigError(f"no {CONFIG_NAME} in {project_dir}", Location(str(path)),
                          hint="run authoring in a report project folder, or pass --project DIR")
    from .paths import decode_text, read_input

    text = decode_text(read_input(path, project_dir, CONFIG_NAME), CONFIG_NAME)
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = _toml_line(str(exc))
        raise ConfigError(f"TOML syntax error: {exc}", Location(CONFIG_NAME, line)) from None
    except RecursionError:  # tomllib parses nested arrays and tables recursively
        raise ConfigError("report.toml nests brackets too deeply to be read",
                          Location(CONFIG_NAME), hint="a report.toml nests a few levels") from None
    _check_shapes(raw)
    _check_keys(raw)
    check_engine(raw.get("pdf", {}).get("engine", PDF_ENGINES[0]))
    report = raw.get("report", {})
    for required in ("id", "title", "year"):
        if required not in report:
            raise ConfigError(f"[report] needs '{required}'", Location(CONFIG_NAME))
    listed = raw.get("chapters", [])
    if len(listed) > limits.value("chapters"):
        # each is rendered, mapped and typeset: 20,000 of them (a 1 MB report.toml) ran
        # `check` for minutes and `build` out of memory
        raise limits.over("chapters", f"report.toml lists {len(listed):,} chapters",
                          Location(CONFIG_NAME), ConfigError, len(listed))
    chapters = tuple(_chapter(c, i) for i, c in enumerate(listed))
    if not chapters:
        raise ConfigError("no chapters configured", Location(CONFIG_NAME),
                          hint='add [[chapters]] entries with template = "file.md.j2"')
    for spec in chapters:
        if not (project_dir / "templates" / spec.template).is_file():
            raise ConfigError(f"chapter template '{spec.template}' not found in templates/",
                              Location(CONFIG_NAME))
    build = raw.get("build", {})
    formats = tuple(build.get("formats", ("docx", "pdf")))
    data = raw.get("data", {})
    files = data.get("files", ())
    if isinstance(files, str):
        files = (files,)
    from .paths import check_id

    check_id(str(report["id"]), "[report] id", Location(CONFIG_NAME))
    shared = data.get("shared_folders", ())
    if isinstance(shared, str):
        shared = (shared,)
    report_year = check_year(year, "--year") if year is not None else \
        check_year(report["year"], "[report] year")
    sde = build.get("source_date_epoch")
    return ReportConfig(
        project_dir=project_dir, id=str(report["id"]), title=str(report["title"]),
        year=report_year, lang=str(report.get("lang", "en")),
        subtitle=str(report.get("subtitle", "")), author=str(report.get("author", "")),
        organization=str(report.get("organization", "")), date=str(report.get("date", "")),
        subject=str(report.get("subject", "")),
        keywords=tuple(str(k) for k in report.get("keywords", ())),
        data_files=tuple(files),
        shared_folders=tuple((project_dir / str(f)).resolve() for f in shared),
        chapters=chapters, style=dict(raw.get("style", {})),
        page=dict(raw.get("page", {})), pdf=dict(raw.get("pdf", {})), formats=formats,
        docx=dict(raw.get("docx", {})), family=dict(raw.get("family", {})),
        source_date_epoch=None if sde is None else _int(sde, "build.source_date_epoch"))


def check_engine(engine) -> None:
    """A ConfigError unless `engine` names a PDF engine."""
    if engine not in PDF_ENGINES:
        raise ConfigError(f"[pdf] engine must be {' or '.join(map(repr, PDF_ENGINES))}, "
                          f"got {engine!r}", Location(CONFIG_NAME))


def check_year(value, name: str) -> int:
    """`value` as a report year: a whole number in the years data may hold (data/numbers.py),
    so that the year after it, the default SOURCE_DATE_EPOCH, exists too; 2023.5 or "2023"
    in report.toml is refused, not read as 2023."""
    from .data.numbers import YEAR_RANGE

    if isinstance(value, bool) or not isinstance(value, int):
        raise ConfigError(f"{name} must be a whole number such as 2023, got {value!r}",
                          Location(CONFIG_NAME), hint="write the year without quotes or decimals")
    if not YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        raise ConfigError(f"{name} {value} is outside {YEAR_RANGE[0]}–{YEAR_RANGE[1]}",
                          Location(CONFIG_NAME), hint="a report year is four digits, such as 2023")
    return value


def _int(value, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ConfigError(f"'{name}' must be a whole number, got {value!r}",
                          Location(CONFIG_NAME)) from None


def _chapter(entry, index: int) -> ChapterSpec:
    if not isinstance(entry, dict) or "template" not in entry:
        raise ConfigError(f"chapter {index + 1} needs a 'template'", Location(CONFIG_NAME))
    kind = entry.get("kind", "body")
    if kind not in ("body", "appendix", "front"):
        raise ConfigError(f"chapter {index + 1}: kind must be body, appendix or front, got '{kind}'",
                          Location(CONFIG_NAME))
    template = str(entry["template"])
    ident = entry.get("id") or template.split(".")[0]
    only = entry.get("for", "")
    if only not in ("", "parent", "members"):
        raise ConfigError(f"chapter {index + 1}: 'for' must be parent or members, got '{only}'",
                          Location(CONFIG_NAME))
    return ChapterSpec(template, kind, ident, only)


def _check_keys(raw: dict) -> None:
    for section, value in raw.items():
        if section not in _SCHEMA:
            close = nearest(section, _SCHEMA)
            raise ConfigError(f"unknown section [{section}]", Location(CONFIG_NAME),
                              hint=f"did you mean [{close[0]}]?" if close else
                              f"sections are: {', '.join(_SCHEMA)}")
        entries = value if isinstance(value, list) else [value]
        for entry in entries:
            if not isinstance(entry, dict):
                continue
            for key in entry:
                if key not in _SCHEMA[section]:
                    close = nearest(key, _SCHEMA[section])
                    raise ConfigError(f"unknown key '{key}' in [{section}]", Location(CONFIG_NAME),
                                      hint=f"did you mean '{close[0]}'?" if close else
                                      f"keys are: {', '.join(sorted(_SCHEMA[section]))}")


# keys whose value is a list of texts (one text is accepted too); every other key of these
# sections holds one value
_TEXT_LISTS = {("report", "keywords"), ("data", "files"), ("data", "shared_folders"),
               ("style", "palette"), ("style", "css"), ("build", "formats"), ("family", "data")}


def _check_shapes(raw: dict) -> None:
    """A ConfigError naming the key whose value has the wrong shape (a table where one value
    belongs, a list of lists), before anything uses it and fails with a TypeError."""
    for section, value in raw.items():
        entries = value if section == "chapters" and isinstance(value, list) else [value]
        if section in _SCHEMA and not all(isinstance(e, dict) for e in entries):
            what = "[[chapters]] tables" if section == "chapters" else f"a [{section}] table"
            raise ConfigError(f"'{section}' must be {what}", Location(CONFIG_NAME))
        for entry in entries if section in _SCHEMA else []:
            for key, item in entry.items():
                if (section, key) in _TEXT_LISTS:
                    items = item if isinstance(item, list) else [item]
                    if not all(isinstance(i, str) for i in items):
                        raise ConfigError(f"[{section}] {key} must be a list of texts",
                                          Location(CONFIG_NAME), hint=f'{key} = ["…", "…"]')
                elif isinstance(item, (list, dict)):
                    raise ConfigError(f"[{section}] {key} must be one value, not a list or table",
                                      Location(CONFIG_NAME))


def _toml_line(message: str) -> int | None:
    import re

    match = re.search(r"line (\d+)", message)
    return int(match.group(1)) if match else None
