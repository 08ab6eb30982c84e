"""What recruitment's events would have told payments before a test's fee: the person's name,
the activity's title and rate, and a coordinator's name, through payments' own projections."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from services.payments.people import entrypoints as recruitment_events
from services.payments.people.service_layer import projections


def told_names(
    uow: Any,
    now: datetime,
    person: tuple[str, str],
    activity: tuple[str, str, int, str],
    staff: tuple[str, str] | None = None,
) -> None:
    """`person`: (id, name); `activity`: (id, title, rate in pence, rate unit); `staff`:
    (id, name) of a coordinator, if the test needs one named."""
    activity_id, title, rate_pence, rate_unit = activity
    projections.activity_published(
        recruitment_events.activity_published({
            "activity_id": activity_id, "title": title, "status": "open",
            "rate_pence": rate_pence, "rate_unit": rate_unit, "expenses_covered": True,
            "changed_at": now}), uow,
    )  # fmt: skip
    projections.contact_changed(
        recruitment_events.contact_changed(
            {"participant_id": person[0], "preferred_name": person[1]}
        ),
        uow,
    )
    if staff is not None:
        projections.staff_profile_changed(
            recruitment_events.staff_profile_changed(
                {"staff_id": staff[0], "name": staff[1], "active": True, "changed_at": now}
            ),
            uow,
        )
