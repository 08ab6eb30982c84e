"""Erasure's reads and deletes over payments' tables (see people/domain.py for what and why)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from services.payments.adapters.orm import (
    erased_participants,
    expense_claims,
    expense_lines,
    expense_receipts,
    organisation_erasures,
    payment_choices,
    payout_destination_changes,
    payout_waits,
    staff_participant_links,
    stripe_accounts,
)
from services.payments.adapters.scope import owned


class SqlAlchemyErasures:
    def __init__(self, session: Session) -> None:
        self.session = session

    def done(self, participant_id: str) -> bool:
        query = select(erased_participants.c.participant_id).where(
            erased_participants.c.participant_id == participant_id
        )
        return self.session.execute(query).first() is not None

    def record(self, participant_id: str, requested_at: datetime, now: datetime) -> None:
        self.session.execute(
            erased_participants.insert().values(
                participant_id=participant_id, requested_at=requested_at, erased_at=now
            )
        )

    def done_in(self, participant_id: str, organisation_id: str) -> bool:
        o = organisation_erasures.c
        query = select(o.participant_id).where(
            o.participant_id == participant_id, o.organisation_id == organisation_id
        )
        return self.session.execute(query).first() is not None

    def record_in(
        self, participant_id: str, organisation_id: str, requested_at: datetime, now: datetime
    ) -> None:
        row = {"participant_id": participant_id, "organisation_id": organisation_id,
               "requested_at": requested_at, "erased_at": now}  # fmt: skip
        self.session.execute(organisation_erasures.insert().values(**row))

    def forget_links(self, participant_id: str) -> None:
        """Their Stripe account link, payment choice and waiting payouts: none is a record."""
        for table in (
            stripe_accounts, payment_choices, payout_waits, staff_participant_links,
            payout_destination_changes,
        ):  # fmt: skip
            self.session.execute(delete(table).where(table.c.participant_id == participant_id))

    def blank_notes(self, participant_id: str, organisation_id: str | None = None) -> None:
        """Of every claim of theirs, or only of that organisation's activities' claims."""
        # Free text may say more about them than a financial record needs; amounts stay.
        c = expense_claims.c
        theirs = select(c.id).where(
            c.participant_id == participant_id, owned(c.activity_id, organisation_id)
        )
        self.session.execute(
            update(expense_lines).where(expense_lines.c.claim_id.in_(theirs)).values(note="")
        )

    def drop_receipts(self, entitlement_ids: list[str]) -> list[str]:
        """Delete the receipt rows of these claims; the checksums no other claim still uses."""
        if not entitlement_ids:
            return []
        claims = select(expense_claims.c.id).where(
            expense_claims.c.entitlement_id.in_(entitlement_ids)
        )
        r = expense_receipts.c
        found = set(self.session.scalars(select(r.sha256).where(r.claim_id.in_(claims))))
        self.session.execute(delete(expense_receipts).where(r.claim_id.in_(claims)))
        # Files are stored once per content: another claim may hold the very same bytes.
        still = set(self.session.scalars(select(r.sha256).where(r.sha256.in_(sorted(found)))))
        return sorted(found - still)
