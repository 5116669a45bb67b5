"""Benchmarks for `authoring`: a synthetic report generator, whole-process timings, and the
engines underneath (WeasyPrint) and the tools users would pick instead (pandoc, Typst),
measured side by side in one run. Entry point: `python -m benchmarks.run` (see README.md)."""
