"""The NHS.UK components' markup (nhsuk-frontend-jinja, pyproject.toml) is made for the CSS and
JavaScript the proxy serves (nhsuk-frontend, package.json): a frontend upgrade bumps both, to a
pair from nhsuk-frontend-jinja's compatibility table, or this fails."""

from __future__ import annotations

import json
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
# From nhsuk-frontend-jinja's README ("Compatibility"): nhsuk-frontend -> nhsuk-frontend-jinja.
MADE_FOR = {"10.6.1": "0.10.2"}


def test_the_jinja_macros_are_the_ones_made_for_the_frontend_in_use() -> None:
    frontend = json.loads((ROOT / "package.json").read_text())["devDependencies"]["nhsuk-frontend"]
    assert frontend in MADE_FOR, f"add nhsuk-frontend {frontend}'s nhsuk-frontend-jinja to MADE_FOR"
    assert version("nhsuk-frontend-jinja") == MADE_FOR[frontend]
