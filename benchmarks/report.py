"""Measured results → ratios, overlap, targets met or missed and the Markdown report."""

from __future__ import annotations

# targets from the issue (docs/PERFORMANCE.md)
EXAMPLE_COLD_S = 3.0
WARM_NOOP_S = 0.5
BIG_COLD_S = 15.0
BIG_PEAK_MB = 1500
PDF_OVER_WEASYPRINT = 1.15
DOCX_OVER_PANDOC = 2.0


# ------------------------------------------------------------------ report


def _pdf_full(det: dict) -> float | None:
    return det.get("timings", det.get("stages", {})).get("pdf")


def ratios(p: dict) -> dict:
    cmp_, det = p.get("compare", {}), p.get("detail", {})
    r = {}
    wp, alone = cmp_.get("weasyprint", {}), cmp_.get("pdf_writer_alone", {})
    if wp and alone:
        r["pdf_writer_over_weasyprint_wall"] = alone["total_s"]["median"] / wp["total_s"]["median"]
        r["pdf_writer_over_weasyprint_cpu"] = alone["total_cpu_s"]["median"] / wp["total_cpu_s"]["median"]
    pdf_cpu = det.get("stages_cpu", {}).get("pdf")
    if wp and pdf_cpu:
        r["pdf_stage_in_build_over_weasyprint_cpu"] = pdf_cpu / wp["total_cpu_s"]["median"]
    pd = cmp_.get("pandoc_docx", {}).get("wall", {}).get("median")
    docx_cold = p["cold"]["stages"].get("docx")
    docx_alone = det.get("stages", {}).get("docx")
    if pd and docx_cold:
        r["docx_stage_over_pandoc"] = docx_cold / pd
    if pd and docx_alone:
        r["docx_stage_alone_over_pandoc"] = docx_alone / pd
    ty = cmp_.get("typst_pdf", {}).get("wall", {}).get("median")
    ts = cmp_.get("pandoc_typst_source", {}).get("wall", {}).get("median")
    pdf = _pdf_full(det)
    if pdf and ty and ts:
        r["pdf_stage_over_pandoc_typst"] = pdf / (ty + ts)
    if pd and ty and ts:
        r["cold_build_over_pandoc_docx_plus_typst"] = p["cold"]["wall"]["median"] / (pd + ty + ts)
    return r


def overlap(p: dict) -> dict | None:
    """What the PDF worker saves against the same build with every stage in turn."""
    seq, cold, det = p.get("cold_sequential"), p["cold"], p.get("detail", {})
    if not seq:
        return None
    st = det.get("stages", {})
    pdf = st.get("pdf") or 0.0
    docx, audit = st.get("docx") or 0.0, st.get("audit") or 0.0
    saved = seq["wall"]["median"] - cold["wall"]["median"]
    # the PDF could run beside DOCX and the audit table, its WeasyPrint import beside the rest
    imp = p.get("compare", {}).get("weasyprint", {}).get("import_s", {}).get("median") or 0.5
    possible = min(pdf, docx + audit) + imp
    return {"sequential_wall": seq["wall"]["median"], "wall": cold["wall"]["median"],
            "saved_s": saved, "overlappable_s": possible, "docx_s": docx, "audit_s": audit,
            "import_s": imp,
            "pdf_s": pdf, "cpu_per_wall": cold["cpu"]["median"] / cold["wall"]["median"]}


def targets(results: dict) -> list[dict]:
    rows = []
    projects = results["projects"]

    def add(name, project, measured, threshold, met, note=""):
        rows.append({"target": name, "project": project, "measured": measured,
                     "threshold": threshold, "met": met, "note": note})

    ex = projects.get("example")
    if ex:
        w = ex["cold"]["wall"]["median"]
        add("example: full cold build", "example", f"{w:.2f} s", f"< {EXAMPLE_COLD_S:g} s", w < EXAMPLE_COLD_S)
    for name, p in projects.items():
        if "warm" not in p:
            continue
        warm = p["warm"]
        w = warm["wall"]["median"]
        rerender = bool(warm["writers_ran"]) or any(warm["charts_drawn"]) or bool(warm["rewritten"])
        add("warm, nothing changed: time", name, f"{w:.2f} s", f"< {WARM_NOOP_S:g} s", w < WARM_NOOP_S)
        add("warm, nothing changed: re-renders nothing", name,
            ("ran " + ", ".join(warm["writers_ran"]) if warm["writers_ran"] else "no writer ran")
            + f"; {len(warm['rewritten'])} files rewritten", "nothing re-rendered", not rerender)
        add("warm, nothing changed: byte-identical outputs", name, str(warm["byte_identical"]),
            "True", warm["byte_identical"])
        drawn = max(p["paragraph_edit"]["charts_drawn"])
        add("one-paragraph edit: no chart redrawn", name, f"{drawn} redrawn", "0", drawn == 0)
    for name, p in projects.items():
        if not name.startswith("synthetic") or results["config"]["quick"]:
            continue
        w = p["cold"]["wall"]["median"]
        mem = p["cold"]["tree_peak_mb"]["median"]
        add(f"{name}: full cold build", name, f"{w:.1f} s ({p['cold'].get('pdf_pages')} pages)",
            f"< {BIG_COLD_S:g} s", w < BIG_COLD_S)
        add(f"{name}: peak memory (process tree)", name, f"{mem:.0f} MB", f"< {BIG_PEAK_MB} MB",
            mem < BIG_PEAK_MB)
    for name, p in projects.items():
        r = p.get("ratios", {})
        if "pdf_writer_over_weasyprint_wall" in r:
            v, c = r["pdf_writer_over_weasyprint_wall"], r["pdf_writer_over_weasyprint_cpu"]
            add("PDF step vs plain WeasyPrint (same HTML)", name, f"{v:.2f}× wall, {c:.2f}× CPU",
                f"≤ {PDF_OVER_WEASYPRINT}×", v <= PDF_OVER_WEASYPRINT)
        if "docx_stage_over_pandoc" in r:
            v = r["docx_stage_over_pandoc"]
            alone = r.get("docx_stage_alone_over_pandoc")
            add("DOCX step vs pandoc DOCX (same content)", name,
                f"{v:.2f}× (in the build)" + (f", {alone:.2f}× (alone)" if alone else ""),
                f"≤ {DOCX_OVER_PANDOC}×", v <= DOCX_OVER_PANDOC)
    for name, p in projects.items():
        o = p.get("overlap")
        if not o:
            continue
        met = o["saved_s"] >= 0.5 * o["overlappable_s"] and o["overlappable_s"] > 0
        add("charts, DOCX and PDF overlap on several cores", name,
            f"PDF worker saves {o['saved_s']:.2f} s of {o['overlappable_s']:.2f} s overlappable "
            f"(sequential {o['sequential_wall']:.2f} s → {o['wall']:.2f} s; CPU/wall {o['cpu_per_wall']:.2f})",
            "saves ≥ half of what can overlap", met)
    return rows


def fmt(v, digits=2) -> str:
    if v is None or (isinstance(v, float) and v != v):
        return "–"
    return f"{v:.{digits}f}"


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [f"# authoring benchmark — {results['date']}", "",
             f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']} GB; Python {m['python']}; "
             + ", ".join(f"{k} {v}" for k, v in m["versions"].items() if v)
             + f"; HarfBuzz subsetting: {'yes' if m['harfbuzz_subset'] else 'NO'}; commit "
             f"{m['git_commit']}{' + uncommitted authoring/ changes' if m['authoring_dirty'] else ''}.",
             f"Command: `{results['config']['command']}`. Runs per scenario: {results['config']['runs']} "
             f"(median; range in brackets). Load average at start {m['loadavg_start'][0]:.2f}, "
             f"end {results['loadavg_end'][0]:.2f}.", ""]
    for name, p in results["projects"].items():
        size = p.get("size", {})
        det = p.get("detail", {})
        counts = det.get("counts", {})
        lines += [f"## {name}", "",
                  f"{p['cold'].get('pdf_pages')} PDF pages, {counts.get('paragraphs')} paragraphs, "
                  f"{counts.get('text_chars')} characters of text, {counts.get('figures')} charts, "
                  f"{counts.get('tables')} tables ({counts.get('table_rows')} rows), "
                  f"{counts.get('printed_figures')} computed figures in the text."
                  + (f" Generated: {size.get('chapters')} chapters, seed {size.get('seed')}." if size.get("seed") else ""),
                  "",
                  "| scenario | wall s | CPU s | peak RSS MB (largest / tree) | charts drawn | outputs |",
                  "|---|--:|--:|--:|--:|---|"]
        for key, label in (("cold", "cold full build (no out/)"),
                           ("cold_sequential", "cold, PDF worker off (AUTHORING_NO_WORKER=1)"),
                           ("warm", "warm, nothing changed"),
                           ("paragraph_edit", "warm, one paragraph edited"),
                           ("data_edit", "warm, one data value changed")):
            s = p.get(key)
            if not s:
                continue
            outputs = ""
            if key == "warm":
                outputs = (("up to date; " if all(s["up_to_date"]) else "")
                           + ("byte-identical" if s["byte_identical"] else "CHANGED")
                           + f"; {len(s['rewritten'])} files rewritten")
            elif key in ("paragraph_edit", "data_edit"):
                outputs = s.get("edited", "")
            rng = f" ({fmt(s['wall']['min'])}–{fmt(s['wall']['max'])})" if s["runs"] > 1 else ""
            lines.append(f"| {label} | {fmt(s['wall']['median'])}{rng} | {fmt(s['cpu']['median'])} | "
                         f"{fmt(s['maxrss_mb']['median'], 0)} / {fmt(s['tree_peak_mb']['median'], 0)} | "
                         f"{max(s['charts_drawn'])} of {max(s['charts_drawn']) + max(s['charts_cached'])} | {outputs} |")
        st = det.get("stages", {})
        cpu = det.get("stages_cpu", {})
        gc_pause = det.get("gc_pause_s", {})
        html_s, html_cpu = det.get("html_s"), det.get("html_cpu_s")
        seq = p.get("cold_sequential") or p["cold"]

        def less(a, b):
            return a - b if a is not None and b is not None else a

        lines += ["", "Per stage, each alone: one cold in-process build with the PDF written in the "
                  "same process (benchmarks/stages.py --no-worker); compute and HTML are parts of "
                  "other stages. Start-up, imports, exit: wall of the cold builds with the PDF worker off, minus "
                  "their stages.", "",
                  "| | start-up, imports, exit | load | compute | template | charts | model | DOCX | "
                  "HTML | PDF (WeasyPrint) | audit + manifest |",
                  "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
                  f"| wall s | {fmt(seq['outside_stages'])} | {fmt(st.get('load'))} | {fmt(det.get('compute_s'), 3)} | "
                  f"{fmt(st.get('template'))} | {fmt(st.get('charts'))} | {fmt(st.get('model'))} | "
                  f"{fmt(st.get('docx'))} | {fmt(html_s)} | {fmt(less(st.get('pdf'), html_s))} | {fmt(st.get('audit'))} |",
                  f"| CPU s (main process) | | {fmt(cpu.get('load'))} | | {fmt(cpu.get('template'))} | "
                  f"{fmt(cpu.get('charts'))} (+ pool) | {fmt(cpu.get('model'))} | {fmt(cpu.get('docx'))} | "
                  f"{fmt(html_cpu)} | {fmt(less(cpu.get('pdf'), html_cpu))} | {fmt(cpu.get('audit'))} |",
                  f"| of which GC pauses s | | {fmt(gc_pause.get('load'))} | | {fmt(gc_pause.get('template'))} | "
                  f"{fmt(gc_pause.get('charts'))} | {fmt(gc_pause.get('model'))} | {fmt(gc_pause.get('docx'))} | "
                  f"{fmt(gc_pause.get('html'))} | {fmt(gc_pause.get('pdf'))} | {fmt(gc_pause.get('audit'))} |", ""]
        cs = p["cold"]["stages"]
        if cs:
            lines += ["In the cold builds as `authoring build` reports them (sequential segments; with "
                      "the PDF worker, `pdf` is the wait for it after the DOCX): "
                      + ", ".join(f"{k} {v:.2f} s" for k, v in cs.items())
                      + f"; start-up and the rest {fmt(p['cold']['outside_stages'])} s.", ""]
        o = p.get("overlap")
        if o:
            lines += [f"Overlap: the PDF worker saves {o['saved_s']:.2f} s (sequential "
                      f"{o['sequential_wall']:.2f} s → {o['wall']:.2f} s); it could save up to "
                      f"{o['overlappable_s']:.2f} s (PDF beside DOCX {o['docx_s']:.2f} s + audit "
                      f"{o['audit_s']:.2f} s, WeasyPrint's import {o['import_s']:.2f} s beside the "
                      f"rest). CPU/wall {o['cpu_per_wall']:.2f} on "
                      f"{m['nproc']} cores.", ""]
        w = p.get("whatif")
        if w:
            base = w["baseline"]["wall"]["median"]
            lines += ["What-ifs: cold builds with proposed fixes applied from outside "
                      "(benchmarks/whatif.py; interleaved with plain cold builds):", "",
                      "| fix | wall s | saved s | CPU s | runs |", "|---|--:|--:|--:|--:|"]
            names = {"baseline": "none (plain `authoring build`)", "exit": "`exit`: os._exit when done (worker, CLI)",
                     "gc": "`gc`: gc.set_threshold(50000, 50, 100)", "csv": "`csv`: CSV without pandas",
                     "all": "all three"}
            for case, s in w.items():
                lines.append(f"| {names.get(case, case)} | {fmt(s['wall']['median'])} | "
                             f"{fmt(base - s['wall']['median']) if case != 'baseline' else ''} | "
                             f"{fmt(s['cpu']['median'])} | {s['runs']} |")
            lines.append("")
        c = p.get("compare", {})
        if c:
            lines += ["Side by side, same content (runs interleaved):", "",
                      "| tool | wall s (whole process) | inside the process |", "|---|--:|---|"]
            wp = c.get("weasyprint")
            pdf_full = _pdf_full(det)
            lines.append(f"| **our PDF stage** in the build (HTML + WeasyPrint, one in-process run) | "
                         f"{fmt(pdf_full)} | CPU {fmt(cpu.get('pdf'))} s, GC pauses {fmt(gc_pause.get('pdf'))} s |")
            o = c.get("pdf_writer_alone")
            if o:
                lines.append(f"| **our PDF writer** on the same HTML (`html_to_pdf`, fresh process, as in "
                             f"the PDF worker) | {fmt(o['wall']['median'])} | import {fmt(o['import_s']['median'])}"
                             f" + html_to_pdf {fmt(o['pdf_s']['median'])} = {fmt(o['total_s']['median'])} s, "
                             f"CPU {fmt(o['total_cpu_s']['median'])} s |")
            if wp:
                lines.append(f"| plain WeasyPrint on our HTML | {fmt(wp['wall']['median'])} | import "
                             f"{fmt(wp['import_s']['median'])} + layout {fmt(wp['layout_s']['median'])} + "
                             f"write {fmt(wp['write_s']['median'])} = {fmt(wp['total_s']['median'])} s, "
                             f"CPU {fmt(wp['total_cpu_s']['median'])} s, {fmt(wp['pages']['median'], 0)} pages |")
            g = c.get("weasyprint_gc_tuned")
            if g:
                lines.append(f"| plain WeasyPrint, `gc.set_threshold(50000, 50, 100)` first (what-if) | "
                             f"{fmt(g['wall']['median'])} | layout {fmt(g['layout_s']['median'])} + write "
                             f"{fmt(g['write_s']['median'])} = {fmt(g['total_s']['median'])} s, "
                             f"CPU {fmt(g['total_cpu_s']['median'])} s |")
            lines.append(f"| **our DOCX stage** (cold builds; alone) | {fmt(cs.get('docx'))}; {fmt(st.get('docx'))} | |")
            if c.get("pandoc_docx"):
                lines.append(f"| pandoc → DOCX (PNG charts) | {fmt(c['pandoc_docx']['wall']['median'])} | |")
            if c.get("pandoc_typst_source"):
                ty = c.get("typst_pdf")
                lines.append(f"| pandoc → Typst source | {fmt(c['pandoc_typst_source']['wall']['median'])} | |")
                if ty:
                    lines.append(f"| Typst → PDF (typst wheel) | {fmt(ty['wall']['median'])} | compile "
                                 f"{fmt(ty['compile_s']['median'])} s, {fmt(ty['pages']['median'], 0)} pages |")
            r = p.get("ratios", {})
            if r:
                lines += ["", "Ratios: " + "; ".join(f"{k.replace('_', ' ')} {v:.2f}" for k, v in r.items()) + "."]
            lines.append("")
    if results.get("imports"):
        lines += ["## Import costs (fresh interpreter, median)", "",
                  ", ".join(f"{k} {v:.2f} s" for k, v in results["imports"].items()) + ".", ""]
    lines += ["## Targets", "", "| target | project | measured | target | met |", "|---|---|---|---|---|"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {t['project']} | {t['measured']} | {t['threshold']} | "
                     f"{'yes' if t['met'] else '**no**'} |")
    width = results["width"]
    lines += ["", "## Scale in width (several builds in one command)", "", width["note"], ""]
    if width.get("rows"):
        lines += ["| case | builds | wall s | per build s | CPU s | peak RSS tree MB |", "|---|--:|--:|--:|--:|--:|"]
        for row in width["rows"]:
            lines.append(f"| {row['case']} | {row['builds']} | {fmt(row['wall']['median'])} | "
                         f"{fmt(row['per_build_s'])} | {fmt(row['cpu']['median'])} | "
                         f"{fmt(row['tree_peak_mb']['median'], 0)} |")
        lines.append("")
    return "\n".join(lines)
