"""Staff task emails and digests go only to staff with one of the task's roles in the task's
organisation (its activity's, from ActivityPublished; an activity not heard of: the first)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

from services.notifications.config import load_settings
from services.notifications.entrypoints.app import create_app
from services.notifications.messages.adapters.templates import FileTemplates
from services.notifications.staff_notices.domain import StaffMember
from services.notifications.staff_notices.service_layer.notices import StaffNotices
from shared.vocabulary.recruitment import FIRST_ORGANISATION_ID
from shared.web import current_bus
from tests.support import migrated_engine

A = "00000000-0000-4000-8000-00000000000a"
B = "00000000-0000-4000-8000-00000000000b"


class Outbox:
    def __init__(self) -> None:
        self.sent: list[str] = []

    def send(self, to: str, subject: str, text: str, html: str, calendar: str = "") -> str:
        self.sent.append(to)
        return "ref"


def _claim(activity_id: str) -> dict[str, object]:
    return {"task_id": str(uuid.uuid4()), "kind": "claim_needs_finance", "state": "open",
            "activity_id": activity_id, "roles": ["finance_approver"], "path": "/pay/manage",
            "urgent": True, "not_for_staff_ids": [], "amount_pence": 9000, "budget_pence": None,
            "booked": None, "minimum": None, "starts_at": None,
            "changed_at": datetime.now(UTC)}  # fmt: skip


def test_a_finance_approver_of_b_gets_nothing_about_a_claim_of_a(tmp_path: Path) -> None:
    app = create_app(load_settings("notifications"), migrated_engine("notifications", tmp_path))
    uows = current_bus(app).uow_factory
    with uows() as uow:
        uow.activity_titles.save("act-a", "GP times", A)
        fin_a = StaffMember("s1", "Ann", "a@example.org", ["finance_approver"], True,
                            {A: ["finance_approver"]})  # fmt: skip
        fin_b = StaffMember("s2", "Bea", "b@example.org", ["finance_approver"], True,
                            {B: ["finance_approver"], A: ["coordinator"]})  # fmt: skip
        fin_first = StaffMember("s3", "Fay", "f@example.org", ["finance_approver"], True,
                                {FIRST_ORGANISATION_ID: ["finance_approver"]})  # fmt: skip
        for member in (fin_a, fin_b, fin_first):
            uow.staff.save_member(member)
        uow.staff.save_task(_claim("act-a"))
        uow.staff.save_task(_claim("not-heard-of"))  # its activity's organisation: the first
        uow.commit()
    outbox = Outbox()
    at_ten = lambda: datetime(2026, 12, 1, 10, 0, tzinfo=UTC)  # noqa: E731  after the digest hour
    StaffNotices(uows, FileTemplates(), outbox, "https://x.test", clock=at_ten).tick()
    # One urgent email and one digest each, and nothing at all for B's finance approver.
    assert sorted(outbox.sent) == ["a@example.org"] * 2 + ["f@example.org"] * 2
