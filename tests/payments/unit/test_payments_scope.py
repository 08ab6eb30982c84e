"""The scope check writes keyed by an activity make first: in a staff request (an organisation
in scope) only that organisation's activities are known; elsewhere every activity is."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from services.payments.entitlements import service_layer as entitlements
from services.payments.entitlements.commands import SetPolicy
from tests.payments.fakes import FakeUnitOfWork

OURS, THEIRS = str(uuid.uuid4()), str(uuid.uuid4())


def _uow(organisation_id: str | None) -> FakeUnitOfWork:
    uow = FakeUnitOfWork()
    uow.directory.activity(OURS, "Ours", "open", datetime.now(UTC), OURS)
    uow.directory.activity(THEIRS, "Theirs", "open", datetime.now(UTC), THEIRS)
    uow.organisation_id = organisation_id  # type: ignore[attr-defined]
    return uow


def test_another_organisations_activity_is_not_found_and_nothing_changes() -> None:
    uow = _uow(OURS)
    assert entitlements.in_scope(OURS, uow)
    assert not entitlements.in_scope(THEIRS, uow)
    assert not entitlements.in_scope(str(uuid.uuid4()), uow)  # unknown: the same answer
    with pytest.raises(entitlements.NotFound):
        entitlements.set_policy(SetPolicy(THEIRS, "session", 4000, 0, False, "me"), uow)
    assert uow.policies.get(THEIRS) is None and uow.committed == 0


def test_outside_a_staff_request_every_activity_is_known() -> None:
    uow = _uow(None)
    assert entitlements.in_scope(THEIRS, uow) and entitlements.in_scope(str(uuid.uuid4()), uow)
