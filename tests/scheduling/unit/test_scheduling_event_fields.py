"""Announcing an event reads its fields as dataclasses.asdict would, without deep copies."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from services.scheduling.adapters.unit_of_work import fields_of
from services.scheduling.domain.events import BookingConfirmed, BookingOption, BookingOptionsOffered

AT = datetime(2026, 3, 1, 9, tzinfo=UTC)


def test_fields_of_nested_and_flat_events_are_asdict() -> None:
    option = BookingOption(1, "slot-1", AT, "online", None)
    offered = BookingOptionsOffered("o", "p", "a", "Title", [option], "asked", AT)
    confirmed = BookingConfirmed(
        "b", "p", "a", "s", "slot", "Title", AT, AT, "online", None, "https://m.example", "web"
    )

    for event in (offered, confirmed):
        assert fields_of(event) == asdict(event)
    assert fields_of(offered)["options"] == [asdict(option)]
