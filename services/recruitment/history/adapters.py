"""The history's tables (migration 0024), the repository the projection writes through, and
the read model of one person's page. Both tables have a participant_id column, so erasure
(forget_participant) deletes them with everything else; rows on an organisation's activities
go with erasure from it (forget_in_activities), and forget_in_organisation takes the rest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Integer, String, Table, delete, or_, select

from services.recruitment.adapters.orm import (
    activities,
    consent_records,
    expressions_of_interest,
    invitations,
    metadata,
    participants,
)
from services.recruitment.history.domain import (
    ABOUT_THE_PERSON,
    CONSENT_GIVEN,
    CONSENT_WITHDRAWN,
    INVITED,
    MESSAGE,
    SIGNED_UP,
    Fact,
)
from services.recruitment.history.ports import HistoryLine, PersonHistory
from shared.db import UtcDateTime

history_entries = Table(
    "history_entries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("participant_id", String(36), nullable=False, index=True),
    # Whose the fact is (its activity's organisation); None: about the person (their needs),
    # shown to every organisation they are with.
    Column("organisation_id", String(36), nullable=True),
    Column("activity_id", String(36), nullable=True),
    Column("kind", String(30), nullable=False),
    Column("subject_id", String(36), nullable=True),  # the booking, entitlement or message
    Column("at", UtcDateTime, nullable=False),
    Column("details", JSON, nullable=False),  # codes, times, amounts: never a message's words
)

# How the person likes to be contacted, in their own words (set on /join/me; staff see it).
contact_notes = Table(
    "contact_notes",
    metadata,
    Column("participant_id", String(36), primary_key=True),
    Column("note", String(500), nullable=False),
    Column("changed_at", UtcDateTime, nullable=False),
)


class SqlAlchemyHistory:
    def __init__(self, session: Any) -> None:
        self.session = session

    def add(self, fact: Fact) -> None:
        self.session.execute(
            history_entries.insert().values(
                participant_id=fact.participant_id,
                organisation_id=fact.organisation_id,
                activity_id=fact.activity_id,
                kind=fact.kind,
                subject_id=fact.subject_id,
                at=fact.at,
                details=fact.details,
            )
        )

    def activity_of(self, participant_id: str, subject_id: str | None) -> str | None:
        """The activity of the first line about this subject (a payment's EntitlementCreated)."""
        if subject_id is None:
            return None
        query = (
            select(history_entries.c.activity_id)
            .where(
                history_entries.c.participant_id == participant_id,
                history_entries.c.subject_id == subject_id,
                history_entries.c.activity_id.is_not(None),
            )
            .limit(1)
        )
        return self.session.scalar(query)  # type: ignore[no-any-return]

    def organisations_with(self, participant_id: str) -> set[str]:
        """The organisations whose activities the person signed up to (and has not been
        erased from): only their facts are kept."""
        query = (
            select(activities.c.organisation_id)
            .join(expressions_of_interest, expressions_of_interest.c.activity_id == activities.c.id)
            .where(expressions_of_interest.c.participant_id == participant_id)
        )
        return set(self.session.scalars(query))

    def message_line(
        self, participant_id: str, message_id: str
    ) -> tuple[int, dict[str, Any]] | None:
        query = select(history_entries.c.id, history_entries.c.details).where(
            history_entries.c.participant_id == participant_id,
            history_entries.c.subject_id == message_id,
            history_entries.c.kind == MESSAGE,
        )
        row = self.session.execute(query).first()
        return (row.id, dict(row.details)) if row else None

    def change_details(self, line_id: int, details: dict[str, Any]) -> None:
        self.session.execute(
            history_entries.update().where(history_entries.c.id == line_id).values(details=details)
        )

    def forget_in_organisation(self, participant_id: str, organisation_id: str) -> None:
        self.session.execute(
            delete(history_entries).where(
                history_entries.c.participant_id == participant_id,
                history_entries.c.organisation_id == organisation_id,
            )
        )

    def note_of(self, participant_id: str) -> str | None:
        query = select(contact_notes.c.note).where(contact_notes.c.participant_id == participant_id)
        return self.session.scalar(query)  # type: ignore[no-any-return]

    def set_note(self, participant_id: str, note: str, now: datetime) -> None:
        self.session.execute(
            delete(contact_notes).where(contact_notes.c.participant_id == participant_id)
        )
        if note:
            self.session.execute(
                contact_notes.insert().values(
                    participant_id=participant_id, note=note, changed_at=now
                )
            )


class UnitOfWorkHistoryViews:
    """One person's page, as the staff member's organisation may see it."""

    def __init__(self, uow_factory: Callable[[], Any]) -> None:
        self._uow = uow_factory

    def person(self, participant_id: str) -> PersonHistory | None:
        with self._uow() as uow:
            organisation_id = uow.organisation_id
            db = uow.session
            if organisation_id is None:
                return None
            titles = dict(
                db.execute(
                    select(activities.c.id, activities.c.title).where(
                        activities.c.organisation_id == organisation_id
                    )
                ).all()
            )
            signups = _signups(db, participant_id, list(titles))
            if not signups:  # not one of theirs: as unknown
                return None
            name = db.scalar(
                select(participants.c.preferred_name).where(participants.c.id == participant_id)
            )
            if name is None:
                return None
            lines = [*signups, *_consents(db, participant_id, organisation_id)]
            lines += _invitations(db, participant_id, list(titles))
            lines += _projected(db, participant_id, organisation_id)
            lines = [
                replace(line, activity_title=titles.get(line.activity_id or "")) for line in lines
            ]
            lines.sort(key=lambda line: line.at)
            return PersonHistory(
                participant_id, name, uow.history.note_of(participant_id), tuple(lines)
            )


def _signups(db: Any, participant_id: str, activity_ids: list[str]) -> list[HistoryLine]:
    e = expressions_of_interest
    query = select(e.c.activity_id, e.c.created_at, e.c.channel_kind, e.c.status).where(
        e.c.participant_id == participant_id, e.c.activity_id.in_(activity_ids)
    )
    return [
        HistoryLine(
            r.created_at, SIGNED_UP, r.activity_id, {"channel": r.channel_kind, "status": r.status}
        )
        for r in db.execute(query)
    ]


def _invitations(db: Any, participant_id: str, activity_ids: list[str]) -> list[HistoryLine]:
    """Each invitation that went (ParticipantInvited), from recruitment's own table: one
    waiting or skipped never reached them."""
    i = invitations
    query = select(i.c.activity_id, i.c.sent_at).where(
        i.c.participant_id == participant_id,
        i.c.activity_id.in_(activity_ids),
        i.c.status == "sent",
        i.c.sent_at.is_not(None),
    )
    return [HistoryLine(r.sent_at, INVITED, r.activity_id) for r in db.execute(query)]


def _consents(db: Any, participant_id: str, organisation_id: str) -> list[HistoryLine]:
    c = consent_records
    query = select(c.c.scope, c.c.channel, c.c.given_at, c.c.withdrawn_at).where(
        c.c.participant_id == participant_id, c.c.organisation_id == organisation_id
    )
    lines = []
    for r in db.execute(query):
        lines.append(
            HistoryLine(r.given_at, CONSENT_GIVEN, None, {"scope": r.scope, "channel": r.channel})
        )
        if r.withdrawn_at is not None:
            details = {"scope": r.scope, "channel": r.channel}
            lines.append(HistoryLine(r.withdrawn_at, CONSENT_WITHDRAWN, None, details))
    return lines


def _projected(db: Any, participant_id: str, organisation_id: str) -> list[HistoryLine]:
    h = history_entries
    query = select(h.c.at, h.c.kind, h.c.activity_id, h.c.details).where(
        h.c.participant_id == participant_id,
        or_(h.c.organisation_id == organisation_id, h.c.kind.in_(ABOUT_THE_PERSON)),
    )
    return [HistoryLine(r.at, r.kind, r.activity_id, dict(r.details)) for r in db.execute(query)]
