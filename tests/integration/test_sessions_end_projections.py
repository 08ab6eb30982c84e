"""Issue #14 items 10 and 11 in the services that only hear of accounts and participants
through recruitment's events: each keeps StaffProfileChanged's roles and active flag (in its
staff names table) and ParticipantSessionsEnded, and its pages obey them on the next request
whatever the cookie says. Each record goes through the service's real consumer handler table
(decode, validation, inbox, handler, commit) into its real migrated database."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask, session

from services.notifications import bootstrap as notifications
from services.notifications.entrypoints import app as notifications_app
from services.payments import bootstrap as payments
from services.payments.entrypoints import app as payments_app
from services.scheduling import bootstrap as scheduling
from services.scheduling.config import load_settings as scheduling_settings
from services.scheduling.entrypoints import app as scheduling_app
from shared.auth import current_participant_id, current_staff
from shared.bus.consumer import ConsumerRunner, Subscription
from shared.config import load_settings
from shared.events.envelope import Envelope, encode
from tests.support import migrated_engine


def _never() -> Any:
    raise AssertionError("no broker in this test")


SERVICES: dict[str, tuple[Callable[..., Flask], Callable[[], Subscription], Callable]] = {
    "scheduling": (
        lambda settings, engine: scheduling_app.create_app(
            scheduling.bootstrap(settings=scheduling_settings(settings), engine=engine)
        ),
        scheduling.subscription,
        scheduling.uow_factory,
    ),
    "payments": (
        payments_app.create_app,
        payments.subscription,
        payments.uow_factory,
    ),
    "notifications": (
        notifications_app.create_app,
        notifications.subscription,
        notifications.uow_factory,
    ),
}


class Service:
    def __init__(self, name: str, tmp_path: Path) -> None:
        create_app, subscription, uow_factory = SERVICES[name]
        engine = migrated_engine(name, tmp_path)
        self.app = create_app(load_settings(name), engine)
        self.runner = ConsumerRunner(subscription(), uow_factory(engine), _never, _never)

    def hears(self, topic: str, event_type: str, key: str, data: dict[str, Any]) -> None:
        envelope = Envelope(event_type, 1, "recruitment", key, data, str(uuid.uuid4()))
        record = SimpleNamespace(topic=topic, partition=0, offset=0, key=key.encode(),
                                 value=encode(envelope), headers=[])  # fmt: skip
        self.runner.process(record)  # type: ignore[arg-type]

    def profile(self, staff_id: str, roles: list[str], active: bool = True) -> None:
        now = datetime.now(UTC).isoformat()
        data = {"staff_id": staff_id, "name": "Cora", "email": "cora@example.org",
                "roles": roles, "active": active, "changed_at": now}  # fmt: skip
        self.hears("recruitment.staff-profile", "StaffProfileChanged", staff_id, data)

    def staff_as_the_cookie_says(self, staff_id: str, roles: list[str]) -> Any:
        with self.app.test_request_context("/"):
            issued = (datetime.now(UTC) - timedelta(minutes=5)).isoformat()
            session["staff"] = {"id": staff_id, "name": "Cora", "roles": roles,
                                "issued_at": issued}  # fmt: skip
            return current_staff()

    def participant(self, participant_id: str, issued_at: datetime) -> str | None:
        with self.app.test_request_context("/"):
            session["participant"] = {"id": participant_id, "issued_at": issued_at.isoformat()}
            return current_participant_id()


@pytest.mark.parametrize("name", list(SERVICES))
def test_roles_and_disabled_accounts_come_from_the_services_own_projection(
    name: str, tmp_path: Path
) -> None:
    service = Service(name, tmp_path)
    staff_id = str(uuid.uuid4())
    # Not heard of yet (the event is on its way): the session's own roles, for now.
    assert service.staff_as_the_cookie_says(staff_id, ["coordinator"]).roles == {"coordinator"}

    service.profile(staff_id, ["coordinator", "admin"])
    service.profile(staff_id, ["finance_approver"])  # an admin took the coordinator role away
    staff = service.staff_as_the_cookie_says(staff_id, ["coordinator", "admin"])
    assert staff is not None and staff.roles == {"finance_approver"}

    service.profile(staff_id, ["finance_approver"], active=False)
    assert service.staff_as_the_cookie_says(staff_id, ["finance_approver"]) is None


@pytest.mark.parametrize("name", list(SERVICES))
def test_a_participants_sessions_end_when_recruitment_says_so(name: str, tmp_path: Path) -> None:
    service = Service(name, tmp_path)
    participant_id, other = str(uuid.uuid4()), str(uuid.uuid4())
    ended_at = datetime.now(UTC)
    before, after = ended_at - timedelta(seconds=1), ended_at + timedelta(seconds=1)
    assert service.participant(participant_id, before) == participant_id
    data = {"participant_id": participant_id, "ended_at": ended_at.isoformat()}
    service.hears("recruitment.participant", "ParticipantSessionsEnded", participant_id, data)
    assert service.participant(participant_id, before) is None
    assert service.participant(participant_id, after) == participant_id  # signed in again
    assert service.participant(other, before) == other
    # An older event delivered late does not bring the old session back.
    old = {
        "participant_id": participant_id,
        "ended_at": (ended_at - timedelta(hours=1)).isoformat(),
    }
    service.hears("recruitment.participant", "ParticipantSessionsEnded", participant_id, old)
    assert service.participant(participant_id, before) is None
