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
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID

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


def test_disabled_in_one_organisation_the_roles_elsewhere_hold_and_are_announced() -> None:
    staff = account()
    staff.join("charity", {"finance_approver"}, NOW)
    staff.events.clear()
    assert staff.disable(NOW, "charity") is False  # Cora still coordinates at the first one
    [profile] = staff.events
    assert isinstance(profile, StaffProfileChanged) and profile.active is True
    assert [m["organisation_id"] for m in profile.memberships] == [FIRST_ORGANISATION_ID]
    assert profile.roles == ["coordinator"]
    assert staff.roles_in("charity") == set() and staff.given_in("charity") == {"finance_approver"}
    assert not staff.active_in("charity") and staff.active
    assert staff.sessions_valid_after == NOW  # no session ended: the roles there just stop

    staff.events.clear()
    staff.enable(NOW, "charity")
    [profile] = staff.events
    assert sorted(profile.roles) == ["coordinator", "finance_approver"]
    assert staff.roles_in("charity") == {"finance_approver"}


def test_disabled_where_the_last_roles_were_the_whole_account_is() -> None:
    staff = account()
    later = NOW + timedelta(hours=1)
    [first] = staff.memberships
    assert staff.disable(later, first) is True
    assert not staff.active and staff.sessions_valid_after == later
    staff.enable(later, first)
    assert staff.active and staff.roles_in(first) == {"coordinator"}
