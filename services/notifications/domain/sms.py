"""How many SMS segments a text costs: GSM-7 when every character allows it, else UCS-2."""

from __future__ import annotations

import math

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
