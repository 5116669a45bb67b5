"""The WeasyPrint engine: model → HTML5 with print CSS (html.py, css/base.css) → PDF
(pdf.py), with the adapters over WeasyPrint's internals (weasy_*.py) and the
project-only fetcher (fetch.py)."""
