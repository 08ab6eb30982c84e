"""Who is told about a staff task, when the digest is due (UK time), and the staff emails in
English and Welsh."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest

from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.staff_notices.domain import StaffMember, StaffTask, digest_day

CARA = StaffMember("s1", "Cara", "cara@example.org", ["coordinator"], True)


def claim(**changes: object) -> StaffTask:
    values: dict = {"task_id": "t1", "kind": "claim_needs_coordinator", "state": "open",
                    "activity_id": "a1", "roles": ["coordinator", "admin"], "path": "/pay",
                    "urgent": False, "amount_pence": 2000}  # fmt: skip
    return StaffTask(**{**values, **changes})


def test_a_task_is_for_open_active_staff_with_a_role_and_not_kept_out() -> None:
    assert claim().for_member(CARA)
    assert not claim(state="done").for_member(CARA)
    assert not claim(roles=["finance_approver"]).for_member(CARA)
    assert not claim(not_for_staff_ids=["s1"]).for_member(CARA)
    assert not claim().for_member(StaffMember("s1", "Cara", "c@x.org", ["coordinator"], False))


def test_the_digest_is_due_from_its_uk_time() -> None:
    summer_7_30_uk = datetime(2026, 7, 1, 6, 30, tzinfo=UTC)  # 07:30 BST
    assert digest_day(summer_7_30_uk, time(8, 0)) is None
    assert digest_day(datetime(2026, 7, 1, 7, 0, tzinfo=UTC), time(8, 0)) is not None


@pytest.mark.parametrize(
    ("language", "heading", "day"),
    [
        ("en", "Claims waiting for a coordinator", "Thursday 10 December"),
        ("cy", "Hawliadau sy'n aros am gydlynydd", "ar ddydd Iau 10 Rhagfyr"),
    ],
)
def test_the_staff_emails_in_english_and_welsh(language: str, heading: str, day: str) -> None:
    item = {"kind": "claim_needs_coordinator", "title": "GP times", "amount_pence": 2000,
            "budget_pence": None, "booked": None, "minimum": None,
            "starts_at": "2026-12-10T10:00:00+00:00",
            "url": "https://x.test/pay/manage"}  # fmt: skip
    groups = [{"kind": "claim_needs_coordinator", "items": [item]}]
    digest = FileTemplates().render(
        "_staff/digest", "email", language, {"name": "Cara", "groups": groups}
    )
    assert heading in digest.body and "£20.00" in digest.body and day in digest.body
    assert 'href="https://x.test/pay/manage"' in digest.html
    urgent = FileTemplates().render(
        "_staff/urgent", "email", language, {"name": "Cara", "task": item}
    )
    assert heading in urgent.body and "https://x.test/pay/manage" in urgent.body
