"""Read models of the messages table: plain rows for pages and APIs, not domain objects
(cosmicpython's views). `reader` is anything with execute(): a Session or a Connection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from services.notifications.adapters.orm import activity_titles, contacts, messages, suppressions

# What a coordinator may see of a message: never its words or its address.
LOG_COLUMNS = (
    "created_at",
    "participant_id",
    "activity_id",
    "channel",
    "template",
    "status",
    "delivery_status",
)


def normalise_address(text: str) -> str:
    """Emails compare lower-case; a '+' sent unencoded in a query string arrives as a space."""
    text = text.strip()
    if "@" in text:
        return text.lower()
    return f"+{text}" if text.isdigit() else text


def messages_to(reader: Any, address: str) -> list[dict[str, Any]]:
    """Every message to one phone number or email address, oldest first."""
    query = select(messages).where(messages.c.to == address).order_by(messages.c.created_at)
    return [dict(row) for row in reader.execute(query).mappings()]


def latest_messages(reader: Any, limit: int = 100) -> list[dict[str, Any]]:
    """The newest messages, oldest of them first."""
    query = select(messages).order_by(messages.c.created_at.desc()).limit(limit)
    return list(reversed([dict(row) for row in reader.execute(query).mappings()]))


def message_log(
    reader: Any,
    participant_id: str | None,
    activity_id: str | None = None,
    limit: int = 200,
    organisation_id: str | None = None,
) -> list[dict[str, Any]]:
    """Newest first, without the words, with the person's preferred name and the activity's
    title where we hold them: for coordinators. With `organisation_id`, only that
    organisation's messages: another's, and the deployment's own (sign-in links), are not
    theirs to see, so another organisation's ids find nothing, as unknown ones do."""
    query = (
        select(
            *(messages.c[name] for name in LOG_COLUMNS),
            contacts.c.preferred_name,
            activity_titles.c.title.label("activity_title"),
        )
        .outerjoin(contacts, contacts.c.participant_id == messages.c.participant_id)
        .outerjoin(activity_titles, activity_titles.c.activity_id == messages.c.activity_id)
    )
    if participant_id:
        query = query.where(messages.c.participant_id == participant_id)
    if activity_id:
        query = query.where(messages.c.activity_id == activity_id)
    if organisation_id is not None:
        query = query.where(messages.c.organisation_id == organisation_id)
    query = query.order_by(messages.c.created_at.desc()).limit(limit)
    return [dict(row) for row in reader.execute(query).mappings()]


def my_messages(reader: Any, participant_id: str) -> dict[str, Any]:
    """What we hold about one person, for them: their contact preferences, whether their number
    texted STOP, and the messages sent to them (when, how, what about, what became of it). Not
    the words: a message can quote others (a coordinator's reason, another person's name)."""
    contact = (
        reader.execute(select(contacts).where(contacts.c.participant_id == participant_id))
        .mappings()
        .first()
    )
    phone = contact["phone"] if contact else None
    opted_out = (
        phone is not None
        and reader.execute(
            select(suppressions.c.phone).where(suppressions.c.phone == phone)  # to any sender
        ).first()
        is not None
    )
    query = (
        select(
            messages.c.created_at,
            messages.c.sent_at,
            messages.c.channel,
            messages.c.template,
            messages.c.status,
            messages.c.delivery_status,
            activity_titles.c.title.label("activity_title"),
        )
        .outerjoin(activity_titles, activity_titles.c.activity_id == messages.c.activity_id)
        .where(messages.c.participant_id == participant_id)
        .order_by(messages.c.created_at)
    )
    return {
        "contact": dict(contact) if contact else None,
        "sms_opted_out": opted_out,
        "messages": [dict(row) for row in reader.execute(query).mappings()],
    }


class SqlAlchemyMessageViews:
    """The read models above, each in a unit of work of its own (service_layer/ports.py)."""

    def __init__(self, uow_factory: Callable[[], Any]) -> None:
        self._uow_factory = uow_factory

    def messages_to(self, address: str) -> list[dict[str, Any]]:
        with self._uow_factory() as uow:
            return messages_to(uow.session, normalise_address(address))

    def latest_messages(self, limit: int = 100) -> list[dict[str, Any]]:
        with self._uow_factory() as uow:
            return latest_messages(uow.session, limit)

    def message_log(
        self, participant_id: str | None, activity_id: str | None = None, limit: int = 200
    ) -> list[dict[str, Any]]:
        with self._uow_factory() as uow:
            return message_log(uow.session, participant_id, activity_id, limit, uow.organisation_id)

    def my_messages(self, participant_id: str) -> dict[str, Any]:
        with self._uow_factory() as uow:
            return my_messages(uow.session, participant_id)

    def task_kinds_not_wanted(self, staff_id: str) -> set[str]:
        with self._uow_factory() as uow:
            return set(uow.staff.not_wanted().get(staff_id, set()))
