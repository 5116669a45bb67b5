"""docs/FIGURES.md's example definitions + docs/figures/demo.yaml → docs/figures/<name>.png.

Run from the repository root: .venv/bin/python docs/figures/draw_examples.py
"""

from __future__ import annotations

import io
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPORT_YEAR = 2023
DPI = 110  # the docs' pictures: enough to read, small in the repository


def examples(markdown: str) -> list[tuple[str, str]]:
    """(name, YAML text) of every ```yaml block that starts with "# figures/<name>.yaml"."""
    blocks = re.findall(r"```yaml\n# figures/([a-z0-9_]+)\.yaml\n(.*?)```", markdown, re.S)
    return [(name, text) for name, text in blocks]


def chart(name: str, text: str, dataset):
    """The example's ChartData and size, its caption rendered as a build would."""
    import jinja2

    from authoring.charts.caption import names
    from authoring.charts.data import chart_data, drawn_years
    from authoring.charts.spec import load_spec

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        spec = load_spec(path, f"figures/{name}.yaml")
    context = {"year": REPORT_YEAR, **names(drawn_years(spec, REPORT_YEAR))}
    caption = jinja2.Template(spec.caption).render(context)
    return chart_data(spec, dataset, REPORT_YEAR, "zh-CN", caption), spec.size_mm, caption


def demo_dataset():
    from authoring.data import load_dataset

    return load_dataset([HERE / "demo.yaml"], HERE)


def main() -> int:
    from PIL import Image

    from authoring.charts.render import ChartTheme, render_chart

    theme = ChartTheme(palette=("#1f4e79", "#c55a11", "#548235", "#7f6000", "#5b9bd5", "#a5a5a5"))
    dataset = demo_dataset()
    for name, text in examples((HERE.parent / "FIGURES.md").read_text(encoding="utf-8")):
        data, size, _ = chart(name, text, dataset)
        _, png = render_chart(data, theme, size)
        image = Image.open(io.BytesIO(png))
        scale = DPI / 300
        image = image.resize((round(image.width * scale), round(image.height * scale)), Image.LANCZOS)
        image.save(HERE / f"{name}.png", optimize=True)
        print(f"docs/figures/{name}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
