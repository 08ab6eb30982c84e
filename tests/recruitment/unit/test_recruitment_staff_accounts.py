"""Staff accounts' rules (issue #14 item 10): each change is announced once, disabling ends the
account's sessions, enabling does not bring them back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from services.recruitment.participants.domain.events import StaffProfileChanged
from services.recruitment.staff.domain.staff import (
    StaffMember,
    StaffRuleBroken,
    StaffSessionsRevoked,
)

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def account() -> StaffMember:
    staff = StaffMember.create("cora@example.org", "Cora", "hash", {"coordinator"}, NOW, None)
    staff.events.clear()
    return staff


def test_a_change_of_name_or_roles_is_announced_once() -> None:
    staff = account()
    assert staff.change(" Cora Cole ", {"finance_approver"}, NOW)
    assert not staff.change("Cora Cole", {"finance_approver"}, NOW)  # nothing new
    [profile] = staff.events
    assert isinstance(profile, StaffProfileChanged)
    assert (profile.name, profile.roles) == ("Cora Cole", ["finance_approver"])
    assert profile.active is True
    with pytest.raises(StaffRuleBroken):
        staff.change("Cora", set(), NOW)
    with pytest.raises(StaffRuleBroken):
        staff.change("Cora", {"owner"}, NOW)


def test_disabling_ends_sessions_and_enabling_does_not_bring_them_back() -> None:
    staff = account()
    later = NOW + timedelta(hours=1)
    staff.disable(later)
    staff.disable(later)  # already disabled: nothing more
    revoked, profile = staff.events
    assert revoked == StaffSessionsRevoked(staff.id, later)
    assert isinstance(profile, StaffProfileChanged) and profile.active is False
    assert staff.sessions_valid_after == later and not staff.active

    staff.events.clear()
    staff.enable(later + timedelta(hours=1))
    [profile] = staff.events
    assert isinstance(profile, StaffProfileChanged) and profile.active is True
    assert staff.sessions_valid_after == later  # old sessions stay ended
