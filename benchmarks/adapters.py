"""Plain WeasyPrint against WeasyPrint with our typesetting adapters, on the same HTML, in one process:

    python -m benchmarks.adapters HTML BASE_URL [--runs N]

Runs alternate (plain, adapted, plain, …) after a warm-up run, so that load from other
processes hits both alike; prints CPU and wall seconds of layout + PDF writing for each run,
the best of each, and the ratio. The adapters (writers/weasyprint/weasy_justify.py: CJK justification
and hanging spaces; writers/weasyprint/weasy_floats.py: figures that wait for the next page) are
switched on and off by restoring the WeasyPrint functions they wrap.
"""

from __future__ import annotations

import argparse
import json
import time


def _switch(on: bool) -> None:
    from weasyprint.layout import inline, page, preferred
    from weasyprint.text import line_break

    from authoring.writers.weasyprint import weasy_floats, weasy_justify

    weasy_justify.install()
    weasy_floats.install()
    targets = [(inline, "justify_line"), (inline, "trailing_whitespace_size"),
               (preferred, "trailing_whitespace_size"), (inline, "remove_last_whitespace"),
               (line_break.Layout, "set_text"), (page, "remake_page")]
    for owner, name in targets:
        current = getattr(owner, name)
        store = f"_authoring_{name}"
        if not hasattr(owner, store):
            setattr(owner, store, current)  # the adapted function
        setattr(owner, name, getattr(owner, store) if on else getattr(owner, store).__wrapped__)


def _once(html: str, base_url: str) -> tuple[float, float, int]:
    import weasyprint

    c0, t0 = time.process_time(), time.perf_counter()
    document = weasyprint.HTML(string=html, base_url=base_url).render()
    document.write_pdf()
    return time.process_time() - c0, time.perf_counter() - t0, len(document.pages)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("html")
    parser.add_argument("base_url")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with open(args.html, encoding="utf-8") as f:
        html = f.read()
    _switch(False)
    _once(html, args.base_url)  # warm-up: fonts, imports, caches
    runs = {"plain": [], "adapted": []}
    for _ in range(args.runs):
        for name, on in (("plain", False), ("adapted", True)):
            _switch(on)
            runs[name].append(_once(html, args.base_url))
    best = {name: min(r[0] for r in values) for name, values in runs.items()}
    print(json.dumps({"runs": runs, "best_cpu_s": best,
                      "ratio_cpu": best["adapted"] / best["plain"],
                      "ratio_wall": min(r[1] for r in runs["adapted"])
                      / min(r[1] for r in runs["plain"])}, indent=1))


if __name__ == "__main__":
    main()
