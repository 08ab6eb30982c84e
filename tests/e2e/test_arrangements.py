"""Needs that get arranged, through real processes and the real broker: a person who needs a
BSL interpreter and step-free access (ContactDetailsChanged on recruitment.contact, as
recruitment publishes it) is booked by a coordinator; scheduling's consumer hears its own
BookingConfirmed and the session page gets the two tasks; the coordinator marks both done;
ArrangementDone reaches notifications, and the person's text (the development outbox, sent
through Prism) says in plain words what was arranged. Settled tasks changed later tell them
again only when the words change, as an update; a reason edited tells nobody."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

import requests

from shared.pages.formats import uk_short_date
from tests.e2e.conftest import Stack
from tests.e2e.test_bookings import contact, outbox
from tests.e2e.test_my_data_everywhere import csrf
from tests.e2e.test_payment_journey import staff
from tests.e2e.test_thin_journey import unique_mobile
from tests.support import wait_until


def test_booking_with_bsl_and_step_free_makes_tasks_and_done_tells_the_person(
    stack: Stack, bootstrap: str
) -> None:
    scheduling = stack.urls["scheduling"]
    pid, phone = str(uuid.uuid4()), unique_mobile()
    contact(bootstrap, pid, preferred_name="Ann", phone=phone, preferred_channel="sms",
            support_needs=["bsl", "step_free"])  # fmt: skip
    coordinator, token = staff(["coordinator"])
    starts = (datetime.now(UTC) + timedelta(days=4)).replace(microsecond=0)
    body = {
        "activity_id": str(uuid.uuid4()),
        "activity_title": "Making GP appointments easier",
        "format": "in_person",
        "location": "Central Library, Calverley Street, Leeds LS1 3AB",
        "access_features": ["step_free"],
        "slots": [{"starts_at": starts.isoformat(),
                   "ends_at": (starts + timedelta(hours=1)).isoformat(), "capacity": 5}],
    }  # fmt: skip
    headers = {"X-CSRFToken": token}
    made = coordinator.post(f"{scheduling}/api/scheduling/sessions", json=body, headers=headers,
                            timeout=10)  # fmt: skip
    assert made.status_code == 201, made.text
    session_id, slot_id = made.json()["session_id"], made.json()["slot_ids"][0]
    bookings = f"{scheduling}/api/scheduling/slots/{slot_id}/bookings"
    booked = coordinator.post(bookings, json={"participant_id": pid}, headers=headers, timeout=10)
    assert booked.status_code == 201, booked.text

    page_url = f"{scheduling}/book/manage/sessions/{session_id}"
    day = uk_short_date(starts)

    def tasks() -> list[str]:
        text = coordinator.get(page_url, timeout=10).text
        found = re.findall(r'id="arrangement-([0-9a-f-]{36})"', text)
        wanted = (
            f"Book a BSL interpreter for {day}" in text and "Confirm step-free entrance" in text
        )
        return found if wanted and len(found) == 2 else []

    task_ids = wait_until(tasks, timeout=90, what="the arrangement tasks on the session page")
    page = coordinator.get(page_url, timeout=10).text
    assert "For: Ann" in page  # by name, from recruitment.contact

    for task_id in task_ids:
        form = {"csrf_token": csrf(page), "outcome": "done"}
        settled = coordinator.post(f"{page_url}/arrangements/{task_id}", data=form,
                                   allow_redirects=False, timeout=10)  # fmt: skip
        assert settled.status_code == 302, settled.text[:300]

    def told() -> list[dict]:
        return [m for m in outbox(stack, phone) if m["template"] == "arrangements_made"]

    [message] = wait_until(told, timeout=90, what="the text saying what was arranged")
    assert message["body"].endswith("we have arranged a BSL interpreter and step-free access."), (
        message["body"]
    )
    assert message["channel"] == "sms"
    wait_until(lambda: [m for m in told() if m["status"] == "sent"], timeout=60,
               what="the text sent through Prism")  # fmt: skip
    assert len(told()) == 1  # one message for both arrangements, not one each

    # Settled tasks changed later: told again only when the words change, and as an update.
    def settle(task_id: str, outcome: str, reason: str) -> None:
        fresh = coordinator.get(page_url, timeout=10).text
        form = {"csrf_token": csrf(fresh), "outcome": outcome, f"reason-{task_id}": reason}
        settled = coordinator.post(f"{page_url}/arrangements/{task_id}", data=form,
                                   allow_redirects=False, timeout=10)  # fmt: skip
        assert settled.status_code == 302, settled.text[:300]

    bsl, step_free = sorted(task_ids, key=lambda t: page.index(f'id="arrangement-{t}"'))
    settle(step_free, "not_possible", "The ramp is being mended")
    settle(step_free, "not_possible", "The ramp is being mended that week")  # the same words
    settle(bsl, "not_possible", "The interpreter is ill")
    updates = wait_until(lambda: told()[2:], timeout=90, what="the second update")
    bodies = [m["body"] for m in told()]  # newest last
    # Each event is read in order (one session, one key): the reason edited in between would
    # have told Ann before the last update arrived, had it told her at all.
    assert len(bodies) == 3 and len(updates) == 1, bodies
    assert ": an update. For " in bodies[1] and "could not arrange step-free access" in bodies[1]
    assert bodies[2].endswith(
        "could not arrange a BSL interpreter and step-free access. The team will be in touch."
    ), bodies[2]
    assert len(set(bodies)) == 3  # never the same words twice
    assert (
        requests.get(page_url, timeout=10, allow_redirects=False).status_code == 302
    )  # staff only
