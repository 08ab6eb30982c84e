"""Recruitment's events as payments' commands, built from the payloads the consumer loaded."""

from __future__ import annotations

from typing import Any

from services.payments.people.commands import Forget, NoteActivity, NoteContact, NoteStaff


def activity_published(data: dict[str, Any]) -> NoteActivity:
    return NoteActivity(
        str(data["activity_id"]), data["title"], data["status"], data["changed_at"],
        data["rate_pence"], data["rate_unit"], data["expenses_covered"],
    )  # fmt: skip


def contact_changed(data: dict[str, Any]) -> NoteContact:
    return NoteContact(str(data["participant_id"]), data["preferred_name"])


def staff_profile_changed(data: dict[str, Any]) -> NoteStaff:
    return NoteStaff(
        str(data["staff_id"]), data["name"], data["active"], data["changed_at"], data.get("roles")
    )


def erasure_requested(data: dict[str, Any]) -> Forget:
    return Forget(str(data["participant_id"]), data["requested_at"])
