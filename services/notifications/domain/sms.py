"""How many SMS segments a text costs: GSM-7 when every character allows it, else UCS-2."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable

# The GSM 03.38 basic character set, and the extension table (each costs two septets).
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENSION = set("^{}\\[~]|€\f")


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENSION for c in text)


def segments(text: str) -> int:
    """1 for up to 160 GSM-7 septets (70 UCS-2 units); longer texts split into 153 (67)."""
    if is_gsm7(text):
        size = sum(2 if c in GSM7_EXTENSION else 1 for c in text)
        single, part = 160, 153
    else:
        size = len(text.encode("utf-16-le")) // 2
        single, part = 70, 67
    return 1 if size <= single else math.ceil(size / part)


# Typographic marks that are not in the GSM-7 alphabet: one curly apostrophe in an activity's
# title would turn a text into UCS-2 and double its cost, so texts use the plain ones.
PLAIN_MARKS = {
    0x2018: "'",  # left single quotation mark
    0x2019: "'",  # right single quotation mark (the curly apostrophe)
    0x201C: '"',
    0x201D: '"',
    0x2013: "-",  # en dash
    0x2014: "-",  # em dash
    0x2026: "...",
}
MOST_SEGMENTS = 2  # no text a person gets costs more
ELLIPSIS = "..."  # GSM-7, where "…" is not


def _gsm7_char(c: str) -> bool:
    return c in GSM7_BASIC or c in GSM7_EXTENSION


def _bare(c: str) -> str:
    """The letter without its accent (ŵ -> w), or nothing."""
    return "".join(b for b in unicodedata.normalize("NFKD", c) if _gsm7_char(b))


def gsm7_form(text: str) -> str:
    """The text in the GSM-7 alphabet: Welsh ŵ ŷ â ê î ô û lose their accents (as Welsh texts
    often do), anything with no GSM-7 letter (an emoji) goes. Only for words that would
    otherwise make a text UCS-2 and too long: in UCS-2 a text's fixed words and its link
    alone are over 2 segments (134 characters)."""
    plain = text.translate(PLAIN_MARKS)
    kept = "".join(c if _gsm7_char(c) else _bare(c) for c in plain)
    return re.sub(r" {2,}", " ", kept).strip()


def _cuts(title: str, at_words: bool) -> list[str]:
    """The title shortened with an ellipsis, longest first: at a word's end, or anywhere."""
    ends = [i for i in range(len(title) - 1, 0, -1) if title[i] == " " or not at_words]
    cuts = dict.fromkeys(title[:i].rstrip(" ,.;:-") for i in ends)
    return [cut + ELLIPSIS for cut in cuts if cut]


def _longest(words: Callable[[str], str], titles: list[str], most: int) -> str:
    return next((t for t in titles if segments(words(t)) <= most), "")


def fit_title(words: Callable[[str], str], title: str, most: int = MOST_SEGMENTS) -> str:
    """The longest form of `title` with which `words(title)` (the whole text) costs at most
    `most` segments, by the real GSM-7 / UCS-2 rules: as it is, else shortened with an
    ellipsis (at a word's end unless that loses a third of what fits); where the title forces
    UCS-2 its GSM-7 form (no accents) is tried too and the one that keeps more of the title
    wins. "" when even the shortest will not fit."""
    best = ""
    for candidate in dict.fromkeys((title, gsm7_form(title))):
        if segments(words(candidate)) <= most:
            fits = candidate
        else:
            anywhere = _longest(words, _cuts(candidate, at_words=False), most)
            at_word = _longest(words, _cuts(candidate, at_words=True), most)
            fits = at_word if len(at_word) * 3 >= len(anywhere) * 2 else anywhere
        if len(fits) > len(best):
            best = fits
    return best
