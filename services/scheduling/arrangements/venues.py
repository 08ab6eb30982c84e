"""A venue: where in-person sessions happen, and what access it has. Each organisation keeps
its own list; a session may name one, and needs are checked against its features."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from shared.vocabulary.scheduling import VENUE_FEATURES

MAX_NAME, MAX_ADDRESS, MAX_NOTES = 120, 300, 500


class VenueRejected(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


@dataclass
class Venue:
    venue_id: str
    organisation_id: str
    name: str
    address: str
    access_features: tuple[str, ...]
    notes: str | None
    changed_at: datetime

    @classmethod
    def create(
        cls,
        organisation_id: str,
        name: str,
        address: str,
        features: tuple[str, ...],
        notes: str | None,
        now: datetime,
    ) -> Venue:
        venue = cls(str(uuid.uuid4()), organisation_id, "", "", (), None, now)
        venue.change(name, address, features, notes, now)
        return venue

    def change(
        self, name: str, address: str, features: tuple[str, ...], notes: str | None, now: datetime
    ) -> None:
        name, address, notes = name.strip(), address.strip(), (notes or "").strip() or None
        if not 1 <= len(name) <= MAX_NAME:
            raise VenueRejected("name", f"Enter the venue's name (up to {MAX_NAME} characters).")
        if not 1 <= len(address) <= MAX_ADDRESS:
            raise VenueRejected("address", f"Enter the address (up to {MAX_ADDRESS} characters).")
        if notes and len(notes) > MAX_NOTES:
            raise VenueRejected("notes", f"Keep the notes under {MAX_NOTES} characters.")
        unknown = set(features) - set(VENUE_FEATURES)
        if unknown:
            raise VenueRejected("access_features", "Choose access features from the list.")
        self.name, self.address, self.notes = name, address, notes
        self.access_features = tuple(f for f in VENUE_FEATURES if f in features)
        self.changed_at = now

    @property
    def location(self) -> str:
        """How a session at this venue gives its place."""
        return f"{self.name}, {self.address}"[:300]


def venue_at(location: str | None, venues: list[Venue]) -> Venue | None:
    """The venue on the list a typed place is (a poll's "Central Library, Calverley Street" or
    "central library"): its full place, or its name before the first comma, any case."""
    typed = " ".join((location or "").split()).casefold()
    if not typed:
        return None
    for venue in venues:
        name = " ".join(venue.name.split()).casefold()
        if typed in (" ".join(venue.location.split()).casefold(), name):
            return venue
        if typed.split(",")[0].strip() == name:
            return venue
    return None
