"""Reach against target, the per-partner report, and "took part" from scheduling's attendance."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.participants.domain.interest import ExpressionOfInterest
from services.recruitment.participants.domain.model import Participant
from services.recruitment.participants.domain.postcode import district
from services.recruitment.participants.ports import UnitOfWork
from services.recruitment.reach.commands import RecordAttendance
from services.recruitment.reach.domain.reach import Entry, Reach, reach

TOOK_PART = ("attended", "partly_attended")


def _entry(interest: ExpressionOfInterest, person: Participant | None) -> Entry:
    postcode = person.postcode if person else None
    return Entry(
        district=district(postcode) if postcode else None,
        age_band=person.age_band if person else None,
        tags=tuple(person.health_tags) if person else (),
        channel=interest.channel_kind,
        partner=interest.partner,
        withdrawn=interest.status == "withdrawn",
        took_part=interest.took_part_at is not None,
    )


def _normalised(targets: dict[str, int]) -> dict[str, int]:
    """'place:ls7' is LS7: districts are kept in capitals."""
    out = {}
    for group, wanted in targets.items():
        kind, _, value = group.partition(":")
        out[f"{kind}:{value.upper()}" if kind == "place" else group] = wanted
    return out


def activity_reach(activity_id: str, uow: UnitOfWork) -> tuple[str, Reach]:
    with uow:
        activity = uow.activities.get(activity_id)
        if activity is None:
            raise NotFound(activity_id)
        people = uow.participants.interested_in(activity_id)
        entries = [
            _entry(i, people.get(i.participant_id)) for i in uow.interests.for_activity(activity_id)
        ]
        return activity.title, reach(_normalised(activity.who.targets), entries)


def partner_report(activity_id: str, uow: UnitOfWork) -> list[dict[str, Any]]:
    """Sign-ups and took-part per partner organisation (None: no partner), with their codes."""
    with uow:
        if uow.activities.get(activity_id) is None:
            raise NotFound(activity_id)
        codes: dict[str | None, list[str]] = defaultdict(list)
        for channel in uow.channels.for_activity(activity_id):
            codes[channel.partner].append(channel.code)
        rows: dict[str | None, dict[str, Any]] = {}
        for interest in uow.interests.for_activity(activity_id):
            row = rows.setdefault(interest.partner, _partner_row(interest.partner))
            row["signed_up"] += interest.status != "withdrawn" or interest.took_part_at is not None
            row["took_part"] += interest.took_part_at is not None
            row["withdrawn"] += interest.status == "withdrawn" and interest.took_part_at is None
        for partner in codes:
            rows.setdefault(partner, _partner_row(partner))
        for partner, row in rows.items():
            row["codes"] = sorted(codes.get(partner, []))
        return sorted(rows.values(), key=lambda r: (r["partner"] is None, r["partner"] or ""))


def _partner_row(partner: str | None) -> dict[str, Any]:
    return {"partner": partner, "signed_up": 0, "took_part": 0, "withdrawn": 0}


def record_attendance(cmd: RecordAttendance, uow: UnitOfWork) -> None:
    """AttendanceRecorded -> the expression of interest took part (attended or partly). The
    consumer's inbox makes redelivery harmless, and a second session changes nothing here."""
    if cmd.outcome not in TOOK_PART:
        return
    interest = uow.interests.find(cmd.participant_id, cmd.activity_id)
    if interest is None or interest.took_part_at is not None:
        return  # not signed up through recruitment (booked directly), or already counted
    interest.took_part_at = cmd.session_starts_at
    if interest.status != "withdrawn":
        interest.status = "took_part"
