"""The offer is what is paid, through real processes and the real broker: a coordinator
creates an activity in recruitment, whose ActivityPublished on recruitment.activity becomes
its payment policy in payments' consumer process, so attendance at a £40-an-hour activity
earns £40 an hour, an unpaid one earns nothing and refuses an expense claim, and an
expenses-only one earns no fee but takes the claim."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.e2e.conftest import Stack
from tests.e2e.test_payment_journey import attendance, staff
from tests.support import wait_until


def offer(stack: Stack, rate_pence: int, expenses_covered: bool) -> str:
    """A coordinator creates the activity in recruitment, saying what it pays; recruitment's
    relay publishes ActivityPublished and payments' consumer makes it the policy."""
    coordinator, token = staff(["coordinator"])
    body = {
        "title": "Shaping the diabetes clinic", "purpose": "Hear from people who use it.",
        "approach": "focus_group", "formats": ["online"],
        "offer": {"rate_pence": rate_pence, "rate_unit": "hour",
                  "expenses_covered": expenses_covered},
    }  # fmt: skip
    created = coordinator.post(
        f"{stack.urls['recruitment']}/api/recruitment/activities",
        json=body, headers={"X-CSRFToken": token}, timeout=10,
    )  # fmt: skip
    assert created.status_code == 201, created.text
    return str(created.json()["id"])


def test_the_offer_is_what_attendance_pays(stack: Stack, bootstrap: str) -> None:
    payments = stack.urls["payments"]
    paid, unpaid = offer(stack, 4000, True), offer(stack, 0, False)
    expenses_only = offer(stack, 0, True)
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
