"""Recruitment's events as payments' commands, built from the payloads the consumer loaded."""

from __future__ import annotations

from typing import Any

from services.payments.people.commands import (
    Forget,
    ForgetInOrganisation,
    NoteActivity,
    NoteContact,
    NoteStaff,
)
from shared.staff_sessions import memberships_of
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID


def activity_published(data: dict[str, Any]) -> NoteActivity:
    return NoteActivity(
        str(data["activity_id"]), data["title"], data["status"], data["changed_at"],
        data["rate_pence"], data["rate_unit"], data["expenses_covered"],
        str(data.get("organisation_id") or FIRST_ORGANISATION_ID),
    )  # fmt: skip


def contact_changed(data: dict[str, Any]) -> NoteContact:
    return NoteContact(str(data["participant_id"]), data["preferred_name"])


def staff_profile_changed(data: dict[str, Any]) -> NoteStaff:
    return NoteStaff(
        str(data["staff_id"]), data["name"], data["active"], data["changed_at"],
        data.get("roles"), memberships_of(data),
    )  # fmt: skip


def erasure_requested(data: dict[str, Any]) -> Forget:
    return Forget(str(data["participant_id"]), data["requested_at"])


def erasure_from_organisation_requested(data: dict[str, Any]) -> ForgetInOrganisation:
    return ForgetInOrganisation(
        str(data["participant_id"]), str(data["organisation_id"]), data["requested_at"]
    )
