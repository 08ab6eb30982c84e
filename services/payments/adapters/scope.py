"""Which rows a staff request sees: only those of activities of the organisation in scope
(uow.organisation_id, from shared.tenancy), and only people it pays. Outside staff requests
(None) nothing is filtered. Another organisation's row is then simply not found, exactly like
an unknown one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, literal, select, true

from services.payments.entitlements.adapters.tables import entitlements
from services.payments.people.adapters.tables import activity_organisations, attendances


def owned(activity_id: Any, organisation_id: str | None) -> ColumnElement[bool]:
    """`activity_id` (a column or a value) names an activity of the organisation in scope."""
    if organisation_id is None:
        return true()
    a = activity_organisations.c
    theirs = select(a.activity_id).where(a.organisation_id == organisation_id)
    if not hasattr(activity_id, "in_"):
        activity_id = literal(activity_id)
    return activity_id.in_(theirs)  # type: ignore[no-any-return]


def owned_entitlement(entitlement_id: Any, organisation_id: str | None) -> ColumnElement[bool]:
    """`entitlement_id` (a column) names an entitlement of an activity in scope."""
    if organisation_id is None:
        return true()
    e = entitlements.c
    theirs = select(e.id).where(owned(e.activity_id, organisation_id))
    return entitlement_id.in_(theirs)  # type: ignore[no-any-return]


def owned_participant(participant_id: Any, organisation_id: str | None) -> ColumnElement[bool]:
    """`participant_id` (a column or a value) names someone the organisation in scope pays: a
    claim, or an attendance (an expenses-only session earns no fee), on one of its activities."""
    if organisation_id is None:
        return true()
    e, a = entitlements.c, attendances.c
    claimed = select(e.participant_id).where(owned(e.activity_id, organisation_id))
    came = select(a.participant_id).where(owned(a.activity_id, organisation_id))
    if not hasattr(participant_id, "in_"):
        participant_id = literal(participant_id)
    return participant_id.in_(claimed.union(came))  # type: ignore[no-any-return]
