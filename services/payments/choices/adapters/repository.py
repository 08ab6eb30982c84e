"""Participants' payment choices, and fee totals per person for a tax year."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services.payments.adapters.orm import entitlements
from services.payments.adapters.scope import owned
from services.payments.choices.domain.choice import EXPENSES, PaymentChoice


class SqlAlchemyChoices:
    def __init__(self, session: Session, organisation_id: str | None = None) -> None:
        self.session = session
        self.organisation_id = organisation_id  # the organisation in scope (adapters/scope.py)
        self.seen: set[PaymentChoice] = set()

    def get(self, participant_id: str) -> PaymentChoice | None:
        found = self.session.get(PaymentChoice, participant_id)
        if found is not None:
            self.seen.add(found)
        return found

    def add(self, choice: PaymentChoice) -> None:
        self.session.add(choice)
        self.seen.add(choice)

    def totals(self, start: datetime, end: datetime, statuses: frozenset[str]) -> dict[str, int]:
        """Fees (not expenses) per participant, earned in [start, end)."""
        t = entitlements.c
        query = (
            select(t.participant_id, func.sum(t.amount_pence))
            .where(t.status.in_(sorted(statuses)), t.created_at >= start, t.created_at < end)
            .where(t.basis.not_like(f"{EXPENSES}%"))
            .where(owned(t.activity_id, self.organisation_id))
            .group_by(t.participant_id)
        )
        return {pid: int(total) for pid, total in self.session.execute(query)}
