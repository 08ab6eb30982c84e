"""CSV exports that a spreadsheet cannot turn into formulas (OWASP "CSV injection").

A cell whose text starts with = + - @, a tab or a carriage return (OWASP's list), or with one of
those after leading spaces or line breaks (spreadsheets strip those first), gets a leading
apostrophe so it is shown as text. Plain numbers such as "-5.00" are left alone: they cannot
hold a formula, and finance teams sum them. Every CSV export goes through `csv_text`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")  # + full width
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def safe_cell(value: object) -> object:
    """The value, or its text behind an apostrophe when a spreadsheet would read a formula."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = str(value)
    if NUMBER.fullmatch(text):
        return value
    if text.startswith(TRIGGERS) or text.lstrip(" \n\r\t").startswith(TRIGGERS):
        return f"'{text}"
    return value


def safe_row(row: Iterable[object]) -> list[object]:
    return [safe_cell(value) for value in row]


def csv_text(rows: Iterable[Iterable[object]], lineterminator: str = "\r\n") -> str:
    """The rows (a header first) as CSV text, every cell through `safe_cell`."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=lineterminator)
    for row in rows:
        writer.writerow(safe_row(row))
    return out.getvalue()
