"""Report config → templates/reference.docx: every report style on a sample page, to restyle in Word.

The owner opens the file in Word, changes styles (Heading 1, Body Text, Caption, …) with
Word's own style editor, saves, and every later build uses those styles.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from ..errors import ConfigError, Location


def sample_document(lang: str, title: str, year: int):
    """A small document that uses every paragraph and table style the DOCX writer emits."""
    from ..model.nodes import (Callout, Cell, Chapter, Document, Heading, ListBlock, Meta, Note,
                               Paragraph, Strong, Table, Text)
    from ..model.numbering import NumberingStyle, number_document
    from ..templating.locale import get_locale

    loc = get_locale(lang)
    zh = loc.code.startswith("zh")
    body = "正文段落样式。" * 12 if zh else "Body text style. " * 12
    blocks = (
        Heading(1, (Text("一级标题" if zh else "Heading 1"),), "h1"),
        Paragraph((Strong((Text("加粗导语。" if zh else "Bold lead-in. "),)), Text(body),
                   Note((Paragraph((Text("脚注样式。" if zh else "Footnote style."),)),)))),
        Heading(2, (Text("二级标题" if zh else "Heading 2"),), "h2"),
        Paragraph((Text(body),)),
        Heading(3, (Text("三级标题" if zh else "Heading 3"),)),
        ListBlock(((Paragraph((Text("列表项" if zh else "List item"),)),),) * 2),
        ListBlock(((Paragraph((Text("编号列表项" if zh else "Numbered item"),)),),) * 2, ordered=True),
        Table(((Cell((Text("指标" if zh else "Indicator"),)), Cell((Text(str(year)),), "right")),),
              ((Cell((Text("示例" if zh else "Example"),)), Cell((Text("1815.3"),), "right", True)),),
              (Text("表格标题样式" if zh else "Table caption style"),), "t1"),
        Callout((Heading(3, (Text("专栏标题" if zh else "Box title"),)), Paragraph((Text(body),)))),
    )
    doc = Document(Meta(title, lang=lang), (Chapter("sample", blocks),))
    return number_document(doc, NumberingStyle(loc.figure, loc.table, loc.label_separator))


@click.command("reference-docx")
@click.option("--project", type=click.Path(file_okay=False, path_type=Path), default=".",
              show_default=True, help="Report project folder (holds report.toml).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write (default: PROJECT/templates/reference.docx).")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def reference_docx(project: Path, output: Path | None, force: bool):
    """Write a reference.docx with the report's Word styles, to restyle in Word."""
    import dataclasses

    from ..writers.configure import write_options
    from ..config import load_config
    from ..writers.docx import write_docx

    config = load_config(project.resolve())
    target = output or config.project_dir / "templates" / "reference.docx"
    if target.exists() and not force:
        raise ConfigError(f"{target} already exists", Location(str(target)),
                          hint="pass --force to overwrite it, or -o to write elsewhere")
    # generated from defaults, never from the existing reference, so --force resets styles
    options = dataclasses.replace(write_options(config), reference_docx=None)
    tmp = target.with_name(f".{target.name}.tmp")
    target.parent.mkdir(parents=True, exist_ok=True)
    title = config.title.replace("{{ year }}", str(config.year))
    write_docx(sample_document(config.lang, title, config.year), tmp, options)
    os.replace(tmp, target)
    click.echo(f"wrote {target}\nrestyle it in Word and save; builds now use its styles")
