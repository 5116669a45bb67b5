"""The engines alone, each in a fresh process (run by benchmarks.run), timed from the inside:

    python -m benchmarks.engines weasyprint HTML BASE_URL OUT.pdf [--gc-threshold N]
    python -m benchmarks.engines ours HTML PROJECT OUT.pdf
    python -m benchmarks.engines typst IN.typ OUT.pdf ROOT

Each prints one JSON line: import, layout/compile and write seconds, and the page count.
`weasyprint` is plain WeasyPrint on the very HTML our build lays out (default URL fetcher,
no finisher, no variant); `ours` is authoring.writers.weasyprint.pdf.html_to_pdf on the same HTML
(our confined fetcher, fixed document id); `--gc-threshold` raises gen-0 GC threshold first, to show what
tuning the collector would save (see docs/PERFORMANCE.md).
"""

from __future__ import annotations

import argparse
import gc
import json
import time


def weasyprint_pdf(html_path: str, base_url: str, out: str, gc_threshold: int | None) -> dict:
    if gc_threshold:
        gc.set_threshold(gc_threshold, 50, 100)
    t0, c0 = time.perf_counter(), time.process_time()
    import weasyprint

    t1 = time.perf_counter()
    with open(html_path, encoding="utf-8") as f:
        html = f.read()
    document = weasyprint.HTML(string=html, base_url=base_url).render()
    t2 = time.perf_counter()
    data = document.write_pdf()
    t3, c3 = time.perf_counter(), time.process_time()
    with open(out, "wb") as f:
        f.write(data)
    return {"import_s": t1 - t0, "layout_s": t2 - t1, "write_s": t3 - t2, "total_s": t3 - t0,
            "total_cpu_s": c3 - c0,
            "pages": len(document.pages), "bytes": len(data)}


def ours_pdf(html_path: str, project: str, out: str) -> dict:
    """authoring.writers.weasyprint.pdf.html_to_pdf alone: our fetcher, finisher and options."""
    from pathlib import Path

    t0, c0 = time.perf_counter(), time.process_time()
    import weasyprint  # noqa: F401

    from authoring.build import configure
    from authoring.writers.configure import write_options
    from authoring.writers.weasyprint.pdf import html_to_pdf

    t1 = time.perf_counter()
    options = write_options(configure(Path(project)))
    with open(html_path, encoding="utf-8") as f:
        html = f.read()
    charts = sorted((Path(project) / "out" / "figures").glob("*"))
    html_to_pdf(html, Path(out), options, chart_files=charts)
    t2, c2 = time.perf_counter(), time.process_time()
    return {"import_s": t1 - t0, "pdf_s": t2 - t1, "total_s": t2 - t0, "total_cpu_s": c2 - c0}


def typst_pdf(source: str, out: str, root: str) -> dict:
    t0 = time.perf_counter()
    import typst

    t1 = time.perf_counter()
    typst.compile(source, output=out, root=root)
    t2 = time.perf_counter()
    pages = None
    try:
        from pypdf import PdfReader

        pages = len(PdfReader(out).pages)
    except Exception:  # noqa: BLE001 - the page count is informative only
        pass
    return {"import_s": t1 - t0, "compile_s": t2 - t1, "total_s": t2 - t0, "pages": pages}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="engine", required=True)
    w = sub.add_parser("weasyprint")
    w.add_argument("html"), w.add_argument("base_url"), w.add_argument("out")
    w.add_argument("--gc-threshold", type=int)
    o = sub.add_parser("ours")
    o.add_argument("html"), o.add_argument("project"), o.add_argument("out")
    t = sub.add_parser("typst")
    t.add_argument("source"), t.add_argument("out"), t.add_argument("root")
    args = parser.parse_args(argv)
    if args.engine == "weasyprint":
        result = weasyprint_pdf(args.html, args.base_url, args.out, args.gc_threshold)
    elif args.engine == "ours":
        result = ours_pdf(args.html, args.project, args.out)
    else:
        result = typst_pdf(args.source, args.out, args.root)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
