"""The recruitment domain records what other services are told about activities and staff,
and which magic-link purpose a page belongs to."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from services.recruitment.activities.domain.activity import (
    Activity,
    ActivityRuleBroken,
    Audience,
    Offer,
)
from services.recruitment.links.service_layer.links import purpose_for
from services.recruitment.participants.domain.events import ActivityPublished, StaffProfileChanged
from services.recruitment.staff.domain.staff import StaffMember
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID, PLATFORM_ADMIN

NOW = datetime(2026, 12, 1, 10, tzinfo=UTC)


def draft(offer: Offer) -> Activity:
    return Activity.draft("Letters", "Why", "survey", ["online"], Audience(), offer, None, NOW)


def test_every_change_to_an_activity_is_announced_with_its_offer() -> None:
    activity = draft(Offer(rate_pence=4000, rate_unit="hour", expenses_covered=False))
    activity.open()
    activity.close()
    published = [e for e in activity.events if isinstance(e, ActivityPublished)]
    assert [(e.status, e.rate_pence, e.rate_unit, e.expenses_covered) for e in published] == [
        ("draft", 4000, "hour", False),
        ("open", 4000, "hour", False),
        ("closed", 4000, "hour", False),
    ]


def test_a_rate_the_event_cannot_carry_is_refused() -> None:
    with pytest.raises(ActivityRuleBroken, match="£1,000 or less"):
        draft(Offer(rate_pence=100_001))


def test_a_new_staff_account_is_announced() -> None:
    staff = StaffMember.create("A@B.example", " Ada ", "hash", {"admin", "coordinator"}, NOW, None)
    [profile] = staff.events
    here = [{"organisation_id": FIRST_ORGANISATION_ID, "roles": ["admin", "coordinator"]}]
    assert profile == StaffProfileChanged(
        staff.id, "Ada", "a@b.example", ["admin", "coordinator"], True, NOW, here
    )


def test_roles_are_per_organisation_and_platform_admin_holds_everywhere() -> None:
    staff = StaffMember.create("a@b.example", "Ada", "hash", {"coordinator"}, NOW, None, "org-a")
    staff.join("org-b", {"finance_approver", PLATFORM_ADMIN}, NOW)
    assert staff.roles_in("org-a") == {"coordinator"}
    assert staff.roles_in("org-b") == {"finance_approver"}  # platform admin is not given so
    assert staff.roles_in("org-c") == set()
    assert (staff.belongs_to("org-b"), staff.belongs_to("org-c")) == (True, False)
    staff.change("Ada", {"admin"}, NOW, "org-b")
    [*_, last] = staff.events
    assert last.memberships == [
        {"organisation_id": "org-a", "roles": ["coordinator"]},
        {"organisation_id": "org-b", "roles": ["admin"]},
    ]
    assert last.roles == ["admin", "coordinator"]


@pytest.mark.parametrize(
    ("next_path", "purpose"),
    [
        ("/book", "book"),
        ("/book/holds/h1", "book"),
        ("/pay/expenses", "pay"),
        ("/join/me/data", "me"),
        ("/bookish", "me"),
        (None, "me"),
        ("https://evil.example/pay", "me"),
    ],
)
def test_a_page_asks_for_the_link_purpose_it_belongs_to(
    next_path: str | None, purpose: str
) -> None:
    assert purpose_for(next_path) == purpose
