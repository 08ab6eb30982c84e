"""The one CSV formula guard (shared/csv_cells.py), against OWASP's list of leading characters."""

from __future__ import annotations

import csv
import io

import pytest

from shared.csv_cells import csv_text, safe_cell


@pytest.mark.parametrize(
    "cell",
    [
        "=SUM(A1:A9)",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(A1)",
        "\t=1+1",  # OWASP: a leading tab
        "\r=1+1",  # OWASP: a leading carriage return
        "\tplain words",
        '  =HYPERLINK("http://evil.example")',  # spreadsheets strip leading spaces
        "\n=1+1",
        "\uff1d1+1",  # a full-width equals sign
    ],
)
def test_a_cell_a_spreadsheet_would_run_is_kept_as_text(cell: str) -> None:
    assert safe_cell(cell) == "'" + cell


@pytest.mark.parametrize(
    "cell", ["Age UK Leeds", "place:LS7", "-5.00", "25.00", "-3", 12, -5, 0.5, None, "", "a=b"]
)
def test_ordinary_cells_and_plain_numbers_are_left_alone(cell: object) -> None:
    assert safe_cell(cell) == cell


def test_csv_text_guards_every_cell_and_reads_back() -> None:
    text = csv_text([["name", "amount"], ["\t=1+1", "-5.00"], ["Leeds, LS7", 3]])
    assert text.endswith("\r\n")
    assert list(csv.reader(io.StringIO(text))) == [
        ["name", "amount"],
        ["'\t=1+1", "-5.00"],
        ["Leeds, LS7", "3"],
    ]
