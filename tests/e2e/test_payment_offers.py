"""The offer is what is paid, through real processes and the real broker: an activity's
ActivityPublished (as recruitment publishes it on recruitment.activity) becomes its payment
policy in payments' consumer process, so attendance at a £40-an-hour activity earns £40 an hour,
an unpaid one earns nothing and refuses an expense claim, and an expenses-only one earns no fee
but takes the claim."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from shared.events.envelope import Envelope, encode
from shared.events.registry import dump_data
from tests.e2e.conftest import Stack
from tests.e2e.test_payment_journey import attendance, staff
from tests.support import produce, wait_until


def offer(bootstrap: str, rate_pence: int, expenses_covered: bool) -> str:
    activity = str(uuid.uuid4())
    data = {
        "activity_id": activity, "title": "Shaping the diabetes clinic", "status": "open",
        "rate_pence": rate_pence, "rate_unit": "hour", "expenses_covered": expenses_covered,
        "changed_at": datetime.now(UTC),
    }  # fmt: skip
    envelope = Envelope(
        type="ActivityPublished", version=1, producer="recruitment", key=activity,
        data=dump_data("ActivityPublished", 1, data), correlation_id=str(uuid.uuid4()),
    )  # fmt: skip
    produce(bootstrap, "recruitment.activity", [(activity.encode(), encode(envelope))])
    return activity


def test_the_offer_is_what_attendance_pays(stack: Stack, bootstrap: str) -> None:
    payments = stack.urls["payments"]
    paid, unpaid = offer(bootstrap, 4000, True), offer(bootstrap, 0, False)
    expenses_only = offer(bootstrap, 0, True)
    coordinator, token = staff(["coordinator"])
    policy = f"{payments}/api/payments/activities/{paid}/policy"
    wait_until(
        lambda: coordinator.get(policy, timeout=5).json()["source"] == "offer",
        timeout=60, what="the offer as the activity's policy",
    )  # fmt: skip
    person = str(uuid.uuid4())
    starts = datetime.now(UTC) - timedelta(hours=3)
    bookings = {
        a: attendance(bootstrap, person, starts, a, 60) for a in (paid, unpaid, expenses_only)
    }

    def claim(activity: str) -> Any:
        body = {"booking_id": bookings[activity],
                "lines": [{"category": "parking", "amount_pence": 450,
                           "spent_on": starts.date().isoformat()}]}  # fmt: skip
        return coordinator.post(
            f"{payments}/api/payments/participants/{person}/claims",
            files={"claim": (None, json.dumps(body))}, headers={"X-CSRFToken": token},
            timeout=10,
        )  # fmt: skip

    # (A refused requests.Response is falsy, so the waits return its JSON.)
    # Each attendance has been handled once the claim is judged on the activity, not "no record".
    refused = wait_until(
        lambda: (r := claim(unpaid)).status_code == 422 and "unpaid" in r.text and r.json(),
        timeout=60, what="the unpaid activity's refusal",
    )  # fmt: skip
    assert refused["message"] == "This activity is unpaid: it does not pay fees or expenses."
    accepted = wait_until(
        lambda: (r := claim(expenses_only)).status_code == 201 and r.json(),
        timeout=60, what="the expenses-only claim",
    )  # fmt: skip
    entitlements = f"{payments}/api/payments/entitlements?participant_id={person}"
    found = wait_until(
        lambda: (listed := coordinator.get(entitlements, timeout=5).json()) and len(listed) >= 2
        and listed,
        timeout=60, what="the fee and the claim",
    )  # fmt: skip
    owed = sorted((e["activity_id"], e["amount_pence"], e["basis"][:8]) for e in found)
    assert owed == sorted([(paid, 4000, "attended"), (expenses_only, 450, "expenses")])
    assert accepted["total_pence"] == 450
