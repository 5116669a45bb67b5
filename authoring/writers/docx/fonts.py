"""WriteOptions fonts and language → Word language tags and font-table entries."""

from __future__ import annotations

from dataclasses import dataclass

from ..options import WriteOptions

# Word wants a region ("en-US"); a bare language tag is not matched against its proofing
# tools and, for Chinese, does not choose the simplified faces.
_DEFAULT_REGION = {"zh": "zh-CN", "en": "en-US", "ja": "ja-JP", "ko": "ko-KR", "de": "de-DE",
                   "fr": "fr-FR", "es": "es-ES", "it": "it-IT", "pt": "pt-PT", "ru": "ru-RU"}
_SCRIPT_REGION = {"hans": "CN", "hant": "TW"}

# Windows charset of each East Asian language: LibreOffice and Word use it to pick a
# substitute face of the right script when the named font is not installed.
_CHARSET = {"zh-CN": "86", "zh-SG": "86", "zh-TW": "88", "zh-HK": "88", "ja-JP": "80",
            "ko-KR": "81"}


@dataclass(frozen=True)
class FontFacts:
    alt_name: str
    panose: str
    charset: str
    family: str
    pitch: str


# What Word itself writes into fontTable.xml for the usual faces of Chinese reports.
KNOWN_FONTS = {
    "SimSun": FontFacts("宋体", "02010600030101010101", "86", "auto", "variable"),
    "SimHei": FontFacts("黑体", "02010609060101010101", "86", "modern", "fixed"),
    "KaiTi": FontFacts("楷体", "02010609060101010101", "86", "modern", "fixed"),
    "FangSong": FontFacts("仿宋", "02010609060101010101", "86", "modern", "fixed"),
    "Microsoft YaHei": FontFacts("微软雅黑", "020B0503020204020204", "86", "swiss", "variable"),
    "DengXian": FontFacts("等线", "02010600030101010101", "86", "auto", "variable"),
    "Times New Roman": FontFacts("", "02020603050405020304", "00", "roman", "variable"),
    "Arial": FontFacts("", "020B0604020202020204", "00", "swiss", "variable"),
    "Courier New": FontFacts("", "02070309020205020404", "00", "modern", "fixed"),
}

MONO_FONT = "Courier New"


def word_lang(lang: str) -> str:
    """BCP 47 `lang` → the region-qualified tag Word uses ("zh" → "zh-CN", "zh-Hans" → "zh-CN")."""
    parts = lang.replace("_", "-").split("-")
    base = parts[0].lower()
    if len(parts) == 1:
        return _DEFAULT_REGION.get(base, base)
    rest = parts[1]
    if rest.lower() in _SCRIPT_REGION:
        return f"{base}-{_SCRIPT_REGION[rest.lower()]}"
    return f"{base}-{rest.upper() if len(rest) == 2 else rest}"


def latin_lang(options: WriteOptions) -> str:
    """The language of the document's Latin text: `w:lang/@w:val`.

    A Chinese report's Latin runs are numbers, units and acronyms, not Chinese: Word's own
    Chinese Normal template says `w:val="en-US" w:eastAsia="zh-CN"`. Tagging them zh-CN
    makes LibreOffice apply Chinese line breaking to Latin text and split "32.0 | %",
    "1 | 815.3" and "(R | &D)" across lines.
    """
    if options.is_cjk:
        return "en-US"
    return word_lang(options.lang)


def is_east_asian_tag(tag: str) -> bool:
    return tag.split("-")[0].lower() in {"zh", "ja", "ko"}


def east_asian_lang(options: WriteOptions) -> str:
    """The language Word assumes for Han characters in the document."""
    if options.is_cjk:
        return word_lang(options.lang)
    # a non-CJK report can still quote a Chinese name; the default East Asian faces
    # (SimSun/SimHei) are Chinese, so Han text should use the simplified Chinese forms
    return "zh-CN"


def font_facts(name: str, east_asian: bool, lang: str) -> FontFacts:
    """Font-table facts for `name`; unknown East Asian faces get the charset of `lang`."""
    if name in KNOWN_FONTS:
        return KNOWN_FONTS[name]
    charset = _CHARSET.get(lang, "86") if east_asian else "00"
    return FontFacts("", "00000000000000000000", charset, "auto", "variable")


def used_fonts(options: WriteOptions) -> list[tuple[str, bool]]:
    """Each (font name, is East Asian) the generated styles refer to, without repeats."""
    fonts = options.fonts
    seen: dict[str, bool] = {}
    for name, east in ((fonts.body_latin, False), (fonts.heading_latin, False), (MONO_FONT, False),
                       (fonts.body_east_asian, True), (fonts.heading_east_asian, True)):
        seen.setdefault(name, east)
    return list(seen.items())
