"""The fonts a report asks for → the files fontconfig resolves them to, exact or substitute.

Fonts are inputs: the same sources must give the same PDF on every machine. fontconfig
answers a request for a missing family with a substitute that depends on what else is
installed (with LibreOffice's Liberation fonts, "Times New Roman" becomes Liberation Serif;
without them, the next family in the CSS list is used), so a PDF built from the same
sources changed its line breaks from one machine to the next. Here each named family is
resolved explicitly with fontconfig (in process; `fc-match` as a fallback); the HTML/PDF font lists keep only families installed
under their own name, a stack with none of them is an error, and the files used are
recorded, with their sha256, in the manifest.
"""

from __future__ import annotations

import dataclasses
import subprocess
from dataclasses import dataclass
from functools import lru_cache

from .errors import Location, RenderError

# [style] keys that name a Latin face, and the Fonts field each sets
LATIN_KEYS = {"body_latin": "body_font_latin", "heading_latin": "heading_font_latin"}
FALLBACK_KEYS = {"body_fallback": "body_fallback", "heading_fallback": "heading_fallback"}
INSTALL_HINT = "apt-get install fonts-noto-cjk (the example's fonts), or name an installed face in [style]"


@dataclass(frozen=True)
class FontMatch:
    requested: str
    weight: str  # "regular" or "bold"
    family: str  # the family fontconfig chose
    file: str
    exact: bool  # the chosen face carries the requested family name


@lru_cache(maxsize=64)
def resolve(family: str, weight: str = "regular") -> FontMatch | None:
    """What fontconfig gives for `family`, or None when fontconfig is missing."""
    pattern = family + (":weight=bold" if weight == "bold" else "")
    found = _match_in_process(pattern)
    if found is None:
        try:
            out = subprocess.run(["fc-match", "-f", "%{family}\t%{file}", pattern],
                                 capture_output=True, text=True, timeout=30, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        names, _, path = out.partition("\t")
        found = ([n.strip() for n in names.split(",") if n.strip()], path.strip())
    families, path = found
    exact = family.strip().lower() in {n.lower() for n in families}
    return FontMatch(family, weight, families[0] if families else "", path, exact)


@lru_cache(maxsize=1)
def _fontconfig():
    """libfontconfig through ctypes, or None. In process, because a build asks ~9 times and
    a `fc-match` process each time cost ~0.1 s and showed up as programs the build starts."""
    import ctypes

    try:
        lib = ctypes.CDLL("libfontconfig.so.1")  # Pango's own fontconfig: the same answers
    except OSError:
        return None
    p, s = ctypes.c_void_p, ctypes.c_char_p
    lib.FcNameParse.argtypes, lib.FcNameParse.restype = [s], p
    lib.FcConfigSubstitute.argtypes, lib.FcConfigSubstitute.restype = [p, p, ctypes.c_int], ctypes.c_int
    lib.FcDefaultSubstitute.argtypes, lib.FcDefaultSubstitute.restype = [p], None
    lib.FcFontMatch.argtypes = [p, p, ctypes.POINTER(ctypes.c_int)]
    lib.FcFontMatch.restype = p
    lib.FcPatternGetString.argtypes = [p, s, ctypes.c_int, ctypes.POINTER(s)]
    lib.FcPatternGetString.restype = ctypes.c_int
    lib.FcPatternDestroy.argtypes, lib.FcPatternDestroy.restype = [p], None
    return lib


def _match_in_process(pattern: str) -> tuple[list[str], str] | None:
    """(family names, file) of fontconfig's best match for `pattern`, as `fc-match` gives."""
    import ctypes

    lib = _fontconfig()
    if lib is None:
        return None
    query = lib.FcNameParse(pattern.encode("utf-8"))
    if not query:
        return None
    try:
        lib.FcConfigSubstitute(None, query, 0)  # FcMatchPattern
        lib.FcDefaultSubstitute(query)
        result = ctypes.c_int(0)
        match = lib.FcFontMatch(None, query, ctypes.byref(result))
    finally:
        lib.FcPatternDestroy(query)
    if not match:
        return [], ""
    try:
        def values(key: bytes) -> list[str]:
            found, value = [], ctypes.c_char_p()
            while lib.FcPatternGetString(match, key, len(found), ctypes.byref(value)) == 0:
                found.append(value.value.decode("utf-8", "replace"))
            return found
        files = values(b"file")
        return values(b"family"), files[0] if files else ""
    finally:
        lib.FcPatternDestroy(match)


def pin(fonts, style: dict, cjk: bool = True) -> tuple[object, list[str]]:
    """`fonts` (writers.options.Fonts) for HTML and PDF: every Latin name that is not
    installed under its own name is dropped, so that the fallback, not a machine-dependent
    substitute, sets the text. Returns the pinned Fonts and warnings for the names the
    report set itself in [style]. A fallback that is not installed raises RenderError in a
    Chinese, Japanese or Korean report (its text would be set in whatever the machine has,
    or as boxes) and is a warning in others."""
    changes, warnings = {}, []
    for field, key in LATIN_KEYS.items():
        name = getattr(fonts, field)
        match = resolve(name) if name else None
        if match is None:
            if name and resolve("serif") is None:
                return fonts, ["fontconfig (fc-match) is not installed, so fonts cannot be pinned: "
                               "the PDF depends on this machine's fonts"]
            continue
        if not match.exact:
            changes[field] = ""
            if key in style:
                warnings.append(f"font '{name}' ([style] {key}) is not installed; fontconfig would "
                                f"substitute {match.family}, so the PDF uses "
                                f"{getattr(fonts, field.replace('latin', 'fallback'))} instead")
    for field, key in FALLBACK_KEYS.items():
        name = getattr(fonts, field)
        match = resolve(name) if name else None
        if match is not None and not match.exact:
            why = (f"font '{name}' ([style] {key}) is not installed: fontconfig would "
                   f"substitute {match.family or 'another face'} ({match.file}), and the PDF "
                   "would differ from machine to machine")
            if cjk:
                raise RenderError(why, Location("report.toml"), hint=INSTALL_HINT)
            warnings.append(f"{why} ({INSTALL_HINT})")
    return dataclasses.replace(fonts, **changes), warnings


def used(fonts, chart_fonts: tuple[str, ...] = ()) -> dict[str, dict]:
    """role → {family, file, sha256} of the font files the pinned `fonts` and the charts use,
    for the manifest (the first family of each list that is installed)."""
    roles = {"body": (fonts.body_latin, fonts.body_fallback),
             "heading": (fonts.heading_latin, fonts.heading_fallback),
             "charts": tuple(chart_fonts)}
    found = {}
    for role, names in roles.items():
        for weight in (("regular", "bold") if role != "charts" else ("regular",)):
            match = next((m for m in (resolve(n, weight) for n in names if n)
                          if m is not None and m.exact), None)
            if match is None or not match.file:
                continue
            found[f"{role}-{weight}"] = {"family": match.family, "file": match.file,
                                         "sha256": _file_hash(match.file)}
    return found


@lru_cache(maxsize=64)
def _file_hash(path: str) -> str:
    """sha256 of a font file; remembered in the user's cache folder by path, size and
    modification time, because the CJK faces are ~90 MB to read on every build."""
    import json
    import os
    from pathlib import Path

    from .records.manifest import sha256

    try:
        stat = os.stat(path)
    except OSError:
        return ""
    key = f"{path}:{stat.st_size}:{stat.st_mtime_ns}"
    from .paths import user_cache

    cache = user_cache() / "font-sha256.json"
    try:
        known = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        known = {}
    if isinstance(known, dict) and isinstance(known.get(key), str):
        return known[key]
    digest = sha256(Path(path))
    try:  # a cache that cannot be written only costs time
        cache.parent.mkdir(parents=True, exist_ok=True)
        known = known if isinstance(known, dict) else {}
        known[key] = digest
        tmp = cache.with_name(f"{cache.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(known, sort_keys=True), encoding="utf-8")
        os.replace(tmp, cache)
    except OSError:
        pass
    return digest
