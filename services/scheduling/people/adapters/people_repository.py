"""What scheduling holds about one person, found by their id: for withdrawal and erasure."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    Table,
    delete,
    func,
    insert,
    select,
    union,
    update,
)
from sqlalchemy.orm import Session as DbSession

from services.scheduling.adapters.scoping import own, own_session
from services.scheduling.adapters.tables.activities import activity_organisations
from services.scheduling.adapters.tables.attendance import attendance, participant_needs
from services.scheduling.adapters.tables.feedback import feedback_requests
from services.scheduling.adapters.tables.panels import panel_meeting_answers, panel_members
from services.scheduling.adapters.tables.people import participant_names, withdrawn_participants
from services.scheduling.adapters.tables.polls import poll_answers, poll_invitations, polls
from services.scheduling.adapters.tables.sessions import bookings, sessions, slots
from services.scheduling.adapters.tables.sms_dialogue import invitations, sms_offers
from services.scheduling.adapters.tables.waitlist import waitlist_entries
from services.scheduling.sessions.domain.booking import CONFIRMED, PENDING
from services.scheduling.waitlist.domain import OFFERED, WAITING
from shared.bus.tables import outbox
from shared.events.envelope import decode

# About the person themself, not about one organisation's activities: an erasure from one
# organisation keeps them, since the others still use them.
_PERSON_LEVEL = (participant_needs, participant_names)

# Rows that are about the person and nothing else: deleted outright on erasure. Each one not
# in _PERSON_LEVEL hangs on a session, a poll or an activity (see _in_organisation).
_THEIRS = (
    waitlist_entries,
    sms_offers,
    invitations,
    poll_invitations,
    poll_answers,
    panel_members,  # a panel is an activity's: erasure from its organisation takes it too
    panel_meeting_answers,
    *_PERSON_LEVEL,
)


def _activities_of(organisation_id: str, among: set[str] | None = None) -> CompoundSelect:
    """Its activities (only those `among`, if given): as ActivityPublished said, and those not
    announced yet that its sessions or polls are of (such a session is of the organisation that
    made it)."""
    announced = activity_organisations.c.activity_id
    parts = [
        select(announced).where(activity_organisations.c.organisation_id == organisation_id),
        *(
            select(table.c.activity_id).where(
                table.c.organisation_id == organisation_id,
                table.c.activity_id.not_in(select(announced)),
            )
            for table in (sessions, polls)
        ),
    ]
    if among is not None:
        parts = [part.where(part.selected_columns[0].in_(among)) for part in parts]
    return union(*parts)


def _in_organisation(table: Table, organisation_id: str) -> ColumnElement[bool]:
    """The rows of one of _THEIRS that hang on `organisation_id`'s sessions, polls or
    activities. A table with none of these cannot be split by organisation: say so loudly."""
    if "session_id" in table.c:
        return own_session(table.c.session_id, organisation_id)
    if "poll_id" in table.c:
        theirs = select(polls.c.id).where(own(polls.c.organisation_id, organisation_id))
        return table.c.poll_id.in_(theirs)
    if "activity_id" in table.c:
        return table.c.activity_id.in_(_activities_of(organisation_id))
    raise TypeError(f"{table.name} hangs on no session, poll or activity")


class SqlAlchemyPeopleRepository:
    def __init__(self, db: DbSession) -> None:
        self.db = db

    def is_withdrawn(self, participant_id: str) -> bool:
        query = select(withdrawn_participants.c.participant_id).where(
            withdrawn_participants.c.participant_id == participant_id
        )
        return self.db.scalars(query).first() is not None

    def withdrawn_among(self, participant_ids: list[str]) -> set[str]:
        if not participant_ids:
            return set()
        w = withdrawn_participants.c
        query = select(w.participant_id).where(w.participant_id.in_(participant_ids))
        return set(self.db.scalars(query))

    def withdraw(self, participant_id: str, at: datetime) -> None:
        if not self.is_withdrawn(participant_id):
            self.db.execute(
                insert(withdrawn_participants).values(
                    participant_id=participant_id, withdrawn_at=at
                )
            )

    def consent_again(self, participant_id: str) -> None:
        self.db.execute(
            delete(withdrawn_participants).where(
                withdrawn_participants.c.participant_id == participant_id
            )
        )

    def invited_to(self, activity_id: str, limit: int = 500) -> list[str]:
        """Who was invited to this activity, the latest first."""
        query = (
            select(invitations.c.participant_id)
            .where(invitations.c.activity_id == activity_id)
            .order_by(invitations.c.invited_at.desc())
            .limit(limit)
        )
        return list(self.db.scalars(query))

    def known_to(self, organisation_id: str, participant_ids: list[str]) -> set[str]:
        """Of these people, those recruitment invited to one of the organisation's activities:
        the only ones its staff may name (anyone else is as unknown as a made-up id)."""
        if not participant_ids:
            return set()
        query = select(invitations.c.participant_id).where(
            invitations.c.participant_id.in_(participant_ids),
            invitations.c.activity_id.in_(_activities_of(organisation_id)),
        )
        return set(self.db.scalars(query))

    def invited_in(self, organisation_id: str, limit: int = 500) -> list[str]:
        """Everyone recruitment invited to one of the organisation's activities, each once,
        the latest invited first."""
        latest = func.max(invitations.c.invited_at)
        query = (
            select(invitations.c.participant_id)
            .where(invitations.c.activity_id.in_(_activities_of(organisation_id)))
            .group_by(invitations.c.participant_id)
            .order_by(latest.desc(), invitations.c.participant_id)
            .limit(limit)
        )
        return list(self.db.scalars(query))

    def live_bookings(self, participant_id: str, organisation_id: str | None = None) -> list[str]:
        """Their confirmed or pending bookings with no attendance recorded, oldest first (only
        `organisation_id`'s sessions, if named)."""
        recorded = select(attendance.c.booking_id)
        query = (
            select(bookings.c.id)
            .where(
                bookings.c.participant_id == participant_id,
                bookings.c.status.in_((CONFIRMED, PENDING)),
                bookings.c.id.not_in(recorded),
                own_session(bookings.c.session_id, organisation_id),
            )
            .order_by(bookings.c.booked_at, bookings.c.id)
        )
        return list(self.db.scalars(query))

    def waitlist_entries(
        self, participant_id: str, organisation_id: str | None = None
    ) -> list[tuple[str, str]]:
        """(entry id, slot id) of each queue they are still in (only `organisation_id`'s
        sessions, if named)."""
        theirs = select(slots.c.id).where(own_session(slots.c.session_id, organisation_id))
        query = select(waitlist_entries.c.id, waitlist_entries.c.slot_id).where(
            waitlist_entries.c.participant_id == participant_id,
            waitlist_entries.c.status.in_((WAITING, OFFERED)),
            waitlist_entries.c.slot_id.in_(theirs),
        )
        return [(row.id, row.slot_id) for row in self.db.execute(query)]

    def erase(self, participant_id: str) -> int:
        """Deletes what is only about them; their remaining bookings (cancelled ones, and those
        with attendance, which reporting counts) each get a new random id that leads nowhere.
        Returns how many bookings were kept that way."""
        self.db.flush()  # the caller's changes to these rows go first
        for table in _THEIRS:
            self.db.execute(delete(table).where(table.c.participant_id == participant_id))
        self.consent_again(participant_id)  # nothing left to refuse
        # Already published copies of their events (keyed by their id) need not stay here.
        self.db.execute(
            delete(outbox).where(outbox.c.key == participant_id, outbox.c.sent_at.is_not(None))
        )
        self._forget_feedback(participant_id)
        kept = list(
            self.db.scalars(
                select(bookings.c.id).where(bookings.c.participant_id == participant_id)
            )
        )
        self._pseudonymise(kept)
        return len(kept)

    def erase_in_organisation(self, participant_id: str, organisation_id: str) -> int:
        """`erase` for one organisation's part of them: what hangs on its sessions, polls and
        activities is deleted, its bookings kept under new random ids, and the published copies
        of their events about its activities dropped. Their name, needs and consent, and every
        other organisation's rows, stay. Returns how many bookings were kept that way."""
        self.db.flush()  # the caller's changes to these rows go first
        for table in _THEIRS:
            if table not in _PERSON_LEVEL:
                self.db.execute(
                    delete(table).where(
                        table.c.participant_id == participant_id,
                        _in_organisation(table, organisation_id),
                    )
                )
        self._drop_sent_about(participant_id, organisation_id)
        self._forget_feedback(participant_id, organisation_id)
        kept = list(
            self.db.scalars(
                select(bookings.c.id).where(
                    bookings.c.participant_id == participant_id,
                    own_session(bookings.c.session_id, organisation_id),
                )
            )
        )
        self._pseudonymise(kept)
        return len(kept)

    def _drop_sent_about(self, participant_id: str, organisation_id: str) -> None:
        """Already published copies of their events (keyed by their id) about the organisation's
        activities; the activity is only inside the payload, so each is read."""
        sent = self.db.execute(
            select(outbox.c.id, outbox.c.payload).where(
                outbox.c.key == participant_id, outbox.c.sent_at.is_not(None)
            )
        ).all()
        activity_of = {row.id: decode(row.payload.encode()).data.get("activity_id") for row in sent}
        named = {a for a in activity_of.values() if a}
        if not named:
            return
        ours = set(self.db.scalars(_activities_of(organisation_id, named)))
        about_it = [row_id for row_id, activity in activity_of.items() if activity in ours]
        if about_it:
            self.db.execute(delete(outbox).where(outbox.c.id.in_(about_it)))

    def _forget_feedback(self, participant_id: str, organisation_id: str | None = None) -> None:
        """Their feedback (of that organisation's sessions, if named): questions never answered
        go; an answer keeps its rating for the counts, under a new random id each, and loses
        their words, which could say who they are."""
        asked = feedback_requests.c
        theirs = (asked.participant_id == participant_id,
                  own_session(asked.session_id, organisation_id))  # fmt: skip
        unanswered = (asked.rating.is_(None), asked.words.is_(None))
        self.db.execute(delete(feedback_requests).where(*theirs, *unanswered))
        for request_id in list(self.db.scalars(select(asked.id).where(*theirs))):
            self.db.execute(
                update(feedback_requests)
                .where(asked.id == request_id)
                .values(participant_id=str(uuid.uuid4()), words=None)
            )

    def _pseudonymise(self, booking_ids: list[str]) -> None:
        for booking_id in booking_ids:  # one new id each, so rows cannot be joined up again
            self.db.execute(
                update(bookings)
                .where(bookings.c.id == booking_id)
                .values(participant_id=str(uuid.uuid4()))
            )
