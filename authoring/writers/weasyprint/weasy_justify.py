"""WeasyPrint line boxes → CJK-justified lines (slack spread between characters) and hanging spaces.

Why this adapter exists. Written against WeasyPrint 70.0 (pyproject pins >=70,<71):

1. `weasyprint.layout.inline.justify_line` widens only U+0020 and U+00A0. A line of Chinese
   has no such spaces, so it stays ragged: one to three characters short whenever a
   line-break rule, a narrow Latin comma or a number left it short. Chinese is justified
   by spreading the slack between characters (clreq §3.4, CSS Text 3
   `text-justify: inter-character`). We replace `justify_line`: on a line holding
   CJK text, every CJK character, CJK punctuation mark and space gets the same extra
   advance, split half before and half after it (that is how Pango applies letter
   spacing), so the gap between two Han characters grows by one unit, the gap between a
   Han character and a Latin letter by half a unit, and nothing is added inside a Latin
   word or a number, nor before the line's first or after its last character. Lines
   without CJK text keep WeasyPrint's own justification by spaces (English, hyphenated).
   The extra advance is a Pango letter-spacing attribute, kept on the text box's layout
   (`Layout.set_text` re-applies it when the box is drawn).

2. CSS Text 3 §4.1.3 says other space separators (U+2000–U+200A) at the end of a line
   hang; WeasyPrint treats only U+0020 as trailing white space. The writer puts a
   quarter-em U+2005 between Han and Latin characters, and Pango breaks after it, so a
   line ending "…26\u2005" came out a quarter em too wide: WeasyPrint took that for an
   overflow and went back to the previous break opportunity before the inline
   `<span class="cjk">“</span>`, leaving half a line empty in mid-paragraph (issue 12);
   and where it fitted, the space stayed at the line end, a quarter em short of the
   margin. We count those spaces as trailing white space and remove them at line ends.

`install()` patches WeasyPrint once per process and checks first that the functions it
replaces still look as expected; tests/writers/test_weasy_justify.py fails loudly when a
WeasyPrint upgrade changes them.
"""

from __future__ import annotations

import inspect
import re

from ...errors import RenderError

WRITTEN_FOR = "70.0"
SUPPORTED_MAJOR = 70

# The scripts set on a square grid and the punctuation that goes with them: CJK
# radicals to Yi, CJK symbols and punctuation (、。《》「」…), compatibility ideographs,
# vertical and small forms, full-width forms (，：；（）！？)
_CJK = ("\u2e80-\u2fff\u3001-\u303f\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
        "\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f"
        "\uff01-\uff60\uffe0-\uffe6")
CJK_RE = re.compile(f"[{_CJK}]")
# Quotes, dashes and ellipses shared with Latin: CJK-like in a CJK line, except an
# apostrophe inside a Latin word ("don’t")
_SHARED = "\u2018\u2019\u201c\u201d\u2014\u2026"
# Spaces that may widen: ordinary, no-break, the fixed-width spaces, ideographic
_SPACES = " \u00a0\u2000-\u200a\u205f\u3000"
_EXPANDABLE = re.compile(f"[{_CJK}{_SHARED}{_SPACES}]")
_LATIN = re.compile(r"[^\W\d_]|\d", re.UNICODE)
# CSS Text 3 §4.1.3: other space separators at the end of a line hang
HANGING = "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u205f"
_COLLAPSING = ("normal", "nowrap", "pre-line")

_installed = False


def weights(text: str) -> list[int]:
    """1 for each character of `text` that may take extra advance in a CJK line, else 0."""
    out = []
    for i, char in enumerate(text):
        w = 1 if _EXPANDABLE.match(char) else 0
        if w and char == "\u2019" and 0 < i < len(text) - 1 \
                and _LATIN.match(text[i - 1]) and _LATIN.match(text[i + 1]):
            w = 0
        out.append(w)
    return out


def check_weasyprint() -> None:
    """Raise RenderError unless WeasyPrint's functions are those this adapter was written for."""
    import weasyprint
    from weasyprint import document, images
    from weasyprint.layout import block as block_module
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    expected = {
        (inline, "justify_line"): ["context", "line", "extra_width"],
        (inline, "text_align"): ["context", "line", "available_width", "last"],
        (inline, "remove_last_whitespace"): ["context", "line"],
        (inline, "split_text_box"): ["context", "box", "available_width", "skip",
                                     "is_line_start"],
        (preferred, "trailing_whitespace_size"): ["context", "box"],
        (line_break, "create_layout"): ["text", "style", "context", "max_width",
                                        "justification_spacing"],
        (line_break.Layout, "set_text"): ["self", "text", "justify"],
        (line_break.Layout, "reactivate"): ["self", "style"],
        # weasy_continued.py (the name block.py calls)
        (block_module, "table_layout"): ["context", "table", "bottom_space", "skip_stack",
                                         "containing_block", "page_is_empty", "absolute_boxes",
                                         "fixed_boxes"],
        # weasy_pending.py
        (document, "original_get_image_from_uri"): ["cache", "url_fetcher", "options", "url",
                                                    "forced_mime_type", "context", "orientation"],
        (images.SVGImage, "__init__"): ["self", "tree", "base_url", "url_fetcher", "context"],
        (images.SVGImage, "get_intrinsic_size"): ["self", "image_resolution", "font_size"],
        (images.SVGImage, "draw"): ["self", "stream", "concrete_width", "concrete_height", "_style"],
    }
    problems = []
    major = weasyprint.__version__.split(".")[0]
    if major != str(SUPPORTED_MAJOR):
        problems.append(f"version {weasyprint.__version__} (written for {WRITTEN_FOR})")
    for (owner, name), params in expected.items():
        function = getattr(owner, name, None)
        function = getattr(function, "__wrapped__", function)
        if function is None:
            problems.append(f"{name} is gone")
            continue
        found = list(inspect.signature(function).parameters)
        if found != params:
            problems.append(f"{name}{tuple(found)} instead of {name}{tuple(params)}")
    # the calls this adapter relies on, by name, inside WeasyPrint
    calls = {(inline, "text_align"): "justify_line(context, line, offset)",
             (inline, "get_next_linebox"): "remove_last_whitespace(context, line)",
             (line_break.Layout, "reactivate"): "self.set_text(self.text, justify=True)",
             (document.Document, "_build_layout_context"): "original_get_image_from_uri, cache=cache"}
    for (owner, name), call in calls.items():
        if call not in inspect.getsource(getattr(owner, name)):
            problems.append(f"{name} no longer calls {call}")
    if problems:
        raise RenderError("the installed WeasyPrint does not match authoring's adapters "
                          "(justification, floats, pending charts, continued tables): "
                          + "; ".join(problems),
                          hint=f"install WeasyPrint {SUPPORTED_MAJOR}.x "
                               f"(pip install 'weasyprint>={SUPPORTED_MAJOR},<{SUPPORTED_MAJOR + 1}')")


def install() -> None:
    """Patch WeasyPrint (once per process): CJK justification and hanging U+2000–U+200A."""
    global _installed
    if _installed:
        return
    check_weasyprint()
    from weasyprint.layout import inline, preferred
    from weasyprint.text import line_break

    original_justify = inline.justify_line
    original_trailing = preferred.trailing_whitespace_size
    original_remove = inline.remove_last_whitespace
    original_set_text = line_break.Layout.set_text

    def justify_line(context, line, extra_width):
        if not _justify_cjk(context, line, extra_width):
            original_justify(context, line, extra_width)

    def trailing_whitespace_size(context, box):
        return original_trailing(context, box) or _hanging_size(context, box)

    def remove_last_whitespace(context, line):
        original_remove(context, line)
        _remove_hanging(context, line)

    def set_text(self, text, justify=False):
        original_set_text(self, text, justify)
        spacing = getattr(self, "cjk_spacing", None)
        if spacing:
            _apply_spacing(self, spacing)

    for new, old in ((justify_line, original_justify),
                     (trailing_whitespace_size, original_trailing),
                     (remove_last_whitespace, original_remove), (set_text, original_set_text)):
        new.__wrapped__ = old
    inline.justify_line = justify_line
    inline.trailing_whitespace_size = trailing_whitespace_size
    preferred.trailing_whitespace_size = trailing_whitespace_size
    inline.remove_last_whitespace = remove_last_whitespace
    line_break.Layout.set_text = set_text
    _installed = True


# ------------------------------------------------------------------ justification


def _leaves(box, out):
    """In-flow leaf boxes of a line, left to right: TextBoxes and atomic inlines."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        if box.text:
            out.append(box)
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        for child in box.children:
            if child.is_in_normal_flow():
                _leaves(child, out)
    else:
        out.append(box)
    return out


def _justify_cjk(context, line, extra_width) -> bool:
    """Spread `extra_width` over the CJK gaps of `line`; False when the line has no CJK text
    (or is right-to-left), for WeasyPrint's own justification by spaces."""
    from weasyprint.formatting_structure import boxes

    if line.style["direction"] == "rtl" or extra_width <= 0:
        return False
    leaves = _leaves(line, [])
    texts = [leaf for leaf in leaves if isinstance(leaf, boxes.TextBox)]
    if not any(CJK_RE.search(leaf.text) for leaf in texts):
        return False
    plan = {}
    sequence = []  # one weight list per leaf; an atomic inline is one character of weight 0
    for leaf in leaves:
        if isinstance(leaf, boxes.TextBox):
            w = weights(leaf.text)
            plan[id(leaf)] = w
            sequence.append(w)
        else:
            sequence.append([0])
    # each weighted character takes one unit, half on each side; none before the first
    # character of the line nor after its last
    units = sum(map(sum, sequence)) - (sequence[0][0] + sequence[-1][-1]) / 2
    if units <= 0:
        return False
    unit = extra_width / units
    state = {"advance": 0.0, "previous": None}
    _spread(context, line, unit, plan, state)
    return True


def _spread(context, box, unit, plan, state):
    """Move and widen `box` and its descendants; state carries the x advance so far and the
    weight of the last character placed (None at the line start)."""
    from weasyprint.formatting_structure import boxes

    if isinstance(box, boxes.TextBox):
        w = plan.get(id(box))
        if not w:  # empty text
            box.position_x += state["advance"]
            return
        if state["previous"] is not None:
            # Pango trims the outer halves at a layout's ends: give them back between boxes
            state["advance"] += unit * (state["previous"] + w[0]) / 2
        box.position_x += state["advance"]
        if any(w):
            before = box.width
            _respace(context, box, unit, w)
            state["advance"] += box.width - before
        state["previous"] = w[-1]
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += state["advance"]
        start = state["advance"]
        for child in box.children:
            if child.is_in_normal_flow():
                _spread(context, child, unit, plan, state)
        box.width += state["advance"] - start
    else:  # an atomic inline (image, inline block): a character of weight 0
        if state["previous"] is not None:
            state["advance"] += unit * state["previous"] / 2
        box.translate(state["advance"], 0)
        state["previous"] = 0


def _respace(context, box, unit, w):
    """Give `box` `unit` of extra advance on each weighted character (a Pango letter-spacing
    attribute kept on its layout and applied when the box is drawn)."""
    from weasyprint.text.ffi import TO_UNITS

    runs, start, offset = [], None, 0
    for weight, size in zip(w + [0], [len(char.encode()) for char in box.text] + [0]):
        if weight and start is None:
            start = offset
        elif not weight and start is not None:
            runs.append((start, offset))
            start = None
        offset += size
    letter = box.style["letter_spacing"]
    letter = 0 if letter == "normal" else letter
    units = int(round((unit + letter) * TO_UNITS))
    layout = box.pango_layout
    if getattr(layout, "text", None) == box.text and not getattr(layout, "cjk_spacing", None):
        # The layout draws exactly this text: keep it and compute the new width, which
        # saves shaping the text again. Pango gives each character half its letter spacing
        # on either side and drops the outer halves at the layout's ends; measured to agree
        # with Pango within 0.02 px (tests/writers/test_weasy_justify.py checks flushness).
        layout.cjk_spacing = [(a, b, units) for a, b in runs]
        box.width += (units / TO_UNITS - letter) * (sum(w) - (w[0] + w[-1]) / 2)
    else:
        from weasyprint.text.line_break import create_layout, line_size

        layout = create_layout(box.text, box.style, context, max_width=None,
                               justification_spacing=0)
        layout.cjk_spacing = [(a, b, units) for a, b in runs]
        layout.set_text(box.text)
        first_line, _ = layout.get_first_line()
        box.width, _ = line_size(first_line, box.style)
        layout.deactivate()
        box.pango_layout = layout
    box.justification_spacing = 0


def _apply_spacing(layout, spacing) -> None:
    from weasyprint.text.ffi import ffi, pango

    attr_list = pango.pango_layout_get_attributes(layout.layout)
    if attr_list == ffi.NULL:
        attr_list = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    for start, end, units in spacing:
        attr = pango.pango_attr_letter_spacing_new(units)
        attr.start_index, attr.end_index = start, end
        pango.pango_attr_list_change(attr_list, attr)
    pango.pango_layout_set_attributes(layout.layout, attr_list)


# ------------------------------------------------------------------ hanging spaces


def _last_text(box):
    from weasyprint.formatting_structure import boxes

    ancestors = []
    while isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        if not box.children:
            return None, ancestors
        ancestors.append(box)
        box = box.children[-1]
    if isinstance(box, boxes.TextBox) and box.style["white_space"] in _COLLAPSING:
        return box, ancestors
    return None, ancestors


def _stripped_width(context, box, text) -> float:
    from weasyprint.text.line_break import split_first_line

    if not text:
        return 0
    return split_first_line(text, box.style, context, None, box.justification_spacing)[3]


def _hanging_size(context, box) -> float:
    text_box, _ = _last_text(box)
    if text_box is None or not text_box.text.endswith(tuple(HANGING)):
        return 0
    stripped = text_box.text.rstrip(" " + HANGING)
    return max(0, text_box.width - _stripped_width(context, text_box, stripped))


def _remove_hanging(context, line) -> None:
    text_box, ancestors = _last_text(line)
    if text_box is None or not text_box.text.endswith(tuple(HANGING)):
        return
    from weasyprint.layout.inline import split_text_box

    stripped = text_box.text.rstrip(" " + HANGING)
    if stripped:
        text_box.text = stripped
        new_box, _, _ = split_text_box(context, text_box, None, 0)
        removed = text_box.width - new_box.width
        text_box.width = new_box.width
        text_box.pango_layout = new_box.pango_layout
    else:
        removed, text_box.width, text_box.text = text_box.width, 0, ""
    for ancestor in ancestors:
        ancestor.width -= removed
