"""Which organisation a page is about. A view about one organisation's activity calls
page_about(organisation); a staff page is about the organisation its staff member works in
(app.extensions[ORGANISATIONS]). The layout then heads with that organisation's name and logo,
and its footer links to its privacy notice and gives its accessibility contact. A page about
none (the person's own page, sign-in) is the deployment's."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, g

# A service that knows organisations sets app.extensions[ORGANISATIONS] to a function from an
# organisation id to what PageOrganisation.of reads (or None): staff pages are then that of the
# organisation the staff member is working in.
ORGANISATIONS = "chorus.organisations"

_HOST = re.compile(r"^[A-Za-z0-9.-]+(:[0-9]{1,5})?$")


@dataclass(frozen=True)
class PageOrganisation:
    name: str
    welsh_name: str | None = None
    logo_url: str | None = None
    privacy_notice_url: str | None = None
    accessibility_contact: str | None = None

    @classmethod
    def of(cls, organisation: Any) -> PageOrganisation:
        """From any organisation with these attributes (recruitment's, or the Organisation a
        service keeps), copied so it outlives the unit of work it came from."""
        return cls(**{f.name: getattr(organisation, f.name, None) for f in fields(cls)})

    @property
    def logo_origin(self) -> str | None:
        """Where the logo is served from, for the page's img-src; None (no logo shown) unless
        it is a plain https:// address, so nothing odd reaches the CSP header."""
        if not self.logo_url:
            return None
        parts = urlsplit(self.logo_url)
        if parts.scheme != "https" or not _HOST.fullmatch(parts.netloc):
            return None
        return f"https://{parts.netloc}"


def page_about(organisation: Any | None) -> None:
    """This page is about this organisation (None: about no single one, the deployment's)."""
    g.page_organisation = None if organisation is None else PageOrganisation.of(organisation)


def organisation_of_page(app: Flask) -> PageOrganisation | None:
    """What the view said, else the staff member's organisation, else None (the deployment)."""
    if "page_organisation" in g:
        said: PageOrganisation | None = g.page_organisation
        return said
    staff = g.get("staff_member")
    found = app.extensions.get(ORGANISATIONS)
    if staff is None or found is None or not staff.organisation_id:
        return None
    organisation = found(staff.organisation_id)
    return None if organisation is None else PageOrganisation.of(organisation)
