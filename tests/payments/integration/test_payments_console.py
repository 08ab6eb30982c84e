"""The staff approval console at /pay/manage (SQLite, the real app, stripe-mock behind the
recording proxy): what waits on whom, each decision and each refusal as a plain message, a
failed payout tried again with a new key, budgets, and a claim entered for an SMS-only person."""

from __future__ import annotations

import dataclasses
import io
import json
import re
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import stripe
from flask import Flask
from sqlalchemy import select

from services.payments.adapters.orm import audit_log
from services.payments.config import load_settings as payments_settings
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.commands import AddAdjustment
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.entrypoints.app import create_app
from services.payments.expenses.adapters import views as expense_views
from services.payments.expenses.adapters.receipts import ReceiptStore
from services.payments.expenses.domain.expenses import ExpenseLine
from services.payments.expenses.service_layer import expenses
from shared.config import Secret
from shared.web import current_bus
from tests.payments.told import told_names
from tests.stripe_recording_proxy import RecordingProxy, recording_proxy
from tests.support import migrated_engine
from tests.support import staff_client as staff

SECRET = "whsec_console_secret"
PERSON = str(uuid.uuid4())
ACTIVITY = str(uuid.uuid4())
STARTS = datetime(2026, 12, 1, 10, 30, tzinfo=UTC)  # Tuesday 1 December 2026
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


@pytest.fixture
def proxy() -> Iterator[RecordingProxy]:
    with recording_proxy() as running:
        yield running


@pytest.fixture
def app(tmp_path: Path, proxy: RecordingProxy) -> Flask:
    settings = dataclasses.replace(
        payments_settings(),
        stripe_api_key=Secret("sk_test_123"),
        stripe_api_base=proxy.url,
        stripe_webhook_secret=Secret(SECRET),
    )
    receipts = ReceiptStore(tmp_path / "receipts", 4096)
    app = create_app(settings, migrated_engine("payments", tmp_path), receipts=receipts)
    app.config["WTF_CSRF_ENABLED"] = False  # one test below keeps it on
    return app


def entered(app: Flask, amount: int, by: str = "someone-else") -> str:
    cmd = AddAdjustment(PERSON, ACTIVITY, amount, "paper register", by)
    return handlers.add_adjustment(cmd, current_bus(app).uow_factory())


def attended(app: Flask) -> str:
    booking = str(uuid.uuid4())
    data = {
        "booking_id": booking, "participant_id": PERSON, "activity_id": ACTIVITY,
        "outcome": "attended", "minutes_attended": 60, "session_minutes": 60,
        "session_starts_at": STARTS,
    }  # fmt: skip
    with current_bus(app).uow_factory() as uow:
        handlers.record_attendance(attendance_recorded(data), uow, payments_settings())
        uow.commit()
    return booking


def named(app: Flask) -> None:
    """What recruitment's events would have told payments: the person's and activity's names."""
    now = datetime.now(UTC)
    with current_bus(app).uow_factory() as uow:
        told_names(
            uow, now, (PERSON, "Amira"), (ACTIVITY, "Shaping the diabetes clinic", 2500, "hour")
        )
        uow.commit()


def text(answer: Any) -> str:
    return answer.get_data(as_text=True)


def status_of(app: Flask, entitlement_id: str) -> str:
    with current_bus(app).uow_factory() as uow:
        found = uow.entitlements.get(entitlement_id)
        assert found is not None
        return found.status


def test_the_console_lists_what_waits_on_whom(app: Flask) -> None:
    named(app)
    attended(app)
    small, large = entered(app, 2500), entered(app, 15_000)
    staff(app, {"coordinator"}).post(f"/pay/manage/claims/{large}/approve")
    page = text(staff(app, {"coordinator"}).get("/pay/manage"))
    # nhsuk-frontend-jinja writes NHS.UK's responsive table as "nhsuk-table nhsuk-table--responsive"
    assert "Payments to decide" in page and 'class="nhsuk-table nhsuk-table--responsive"' in page
    waiting_coordinator = page.split("Waiting for a finance approver</h2>")[0]
    assert f"/pay/manage/claims/{small}" in waiting_coordinator
    assert "Tuesday 1 December 2026" in waiting_coordinator  # the fee from attendance
    assert "£25.00" in waiting_coordinator and "Amira" in waiting_coordinator
    assert "Shaping the diabetes clinic" in waiting_coordinator
    assert PERSON[:8].upper() not in page and ACTIVITY[:8].upper() not in page
    finance = page.split("Waiting for a finance approver</h2>")[1].split("</table>")[0]
    assert "£150.00" in finance and "Only a finance approver can do this." in finance
    assert "Fee for their time" in page
    assert staff(app, {"finance_approver"}).get("/pay/manage").status_code == 200


def test_approve_then_finance_approves_above_the_threshold(app: Flask) -> None:
    claim = entered(app, 15_000)
    first = staff(app, {"coordinator"}, "first-coordinator")
    answer = first.post(f"/pay/manage/claims/{claim}/approve")
    assert answer.status_code == 303
    assert answer.headers["Location"] == f"/pay/manage/claims/{claim}?done=awaiting_finance"
    assert "It now needs a finance approver too." in text(first.get(answer.headers["Location"]))
    refused = staff(app, {"coordinator"}).post(f"/pay/manage/claims/{claim}/approve")
    assert refused.status_code == 422 and "This needs a finance approver." in text(refused)
    assert 'href="#decision"' in text(refused)  # the error summary leads to the buttons
    both = staff(app, {"coordinator", "finance_approver"}, "first-coordinator")
    same = both.post(f"/pay/manage/claims/{claim}/approve")
    assert "a different person must give the finance approval" in text(same)
    done = staff(app, {"finance_approver"}).post(f"/pay/manage/claims/{claim}/approve")
    assert done.headers["Location"].endswith("?done=approved")
    assert status_of(app, claim) == "approved"
    again = staff(app, {"finance_approver"}).post(f"/pay/manage/claims/{claim}/approve")
    assert again.status_code == 409 and "Someone has already dealt with this claim" in text(again)


def test_nobody_approves_a_claim_they_entered_or_one_paying_them(app: Flask) -> None:
    claim = entered(app, 2000, by="cora")
    cora = staff(app, {"coordinator"}, "cora")
    refused = cora.post(f"/pay/manage/claims/{claim}/approve")
    assert refused.status_code == 422
    assert "You entered this claim, so someone else must approve it." in text(refused)
    linked = staff(app, {"coordinator"}, "linked")
    with current_bus(app).uow_factory() as uow:
        handlers.link_staff("linked", PERSON, "admin", uow)
    assert "You cannot decide on a payment to you." in text(
        linked.post(f"/pay/manage/claims/{claim}/approve")
    )
    assert status_of(app, claim) == "pending"


def test_reject_needs_a_reason_the_participant_sees(app: Flask) -> None:
    claim = entered(app, 2000)
    checker = staff(app, {"coordinator"})
    blank = checker.post(f"/pay/manage/claims/{claim}/reject", data={"reason": "   "})
    assert blank.status_code == 400
    assert "Say why you are not approving it. They will see this." in text(blank)
    assert 'id="reason-error"' in text(blank) and status_of(app, claim) == "pending"
    too_long = checker.post(f"/pay/manage/claims/{claim}/reject", data={"reason": "x" * 501})
    assert too_long.status_code == 400 and "500 characters or fewer" in text(too_long)
    answer = checker.post(
        f"/pay/manage/claims/{claim}/reject", data={"reason": "This was paid on another claim."}
    )
    assert answer.headers["Location"].endswith("?done=rejected")
    page = text(checker.get(f"/pay/manage/claims/{claim}"))
    assert "This was paid on another claim." in page and "Not approved" in page
    with current_bus(app).uow_factory() as uow:
        actions = list(uow.session.execute(select(audit_log.c.action).order_by(audit_log.c.id)))
    assert [a for (a,) in actions] == ["created", "rejected"]


def test_pay_waits_for_bank_details_then_pays_through_stripe(
    app: Flask, proxy: RecordingProxy
) -> None:
    claim = entered(app, 2000)
    staff(app, {"coordinator"}).post(f"/pay/manage/claims/{claim}/approve")
    finance = staff(app, {"finance_approver"})
    waiting = finance.post(f"/pay/manage/claims/{claim}/pay")
    assert waiting.headers["Location"].endswith("?done=waiting_for_bank")
    page = text(finance.get("/pay/manage"))
    assert "Approved: waiting for their bank details" in page
    with current_bus(app).uow_factory() as uow:  # where they are paid, already confirmed
        uow.accounts.set(PERSON, "acct_123", "finance", datetime.now(UTC))
        uow.commit()
    paid = finance.post(f"/pay/manage/claims/{claim}/pay")
    assert paid.headers["Location"].endswith("?done=sent")
    assert [t.idempotency_key for t in proxy.transfers()] == [f"payout-{claim}-v1"]


def signed_event(
    event_type: str, transfer_id: str, reversed_pence: int = 0
) -> tuple[str, dict[str, str]]:
    obj = {"id": transfer_id, "object": "transfer", "metadata": {},
           "amount_reversed": reversed_pence}  # fmt: skip
    payload = json.dumps(
        {"id": f"evt_{uuid.uuid4().hex}", "object": "event", "type": event_type,
         "data": {"object": obj}}
    )  # fmt: skip
    header = stripe.WebhookSignature.generate_signature_header(payload, SECRET, int(time.time()))
    return payload, {"Stripe-Signature": header, "Content-Type": "application/json"}


def test_a_failed_payout_shows_why_and_is_tried_again_with_a_new_key(
    app: Flask, proxy: RecordingProxy
) -> None:
    with current_bus(app).uow_factory() as uow:  # where they are paid, already confirmed
        uow.accounts.set(PERSON, "acct_123", "finance", datetime.now(UTC))
        uow.commit()
    claim = entered(app, 2000)
    staff(app, {"coordinator"}).post(f"/pay/manage/claims/{claim}/approve")
    finance = staff(app, {"finance_approver"})
    finance.post(f"/pay/manage/claims/{claim}/pay")
    with current_bus(app).uow_factory() as uow:
        transfer_id = uow.payouts.by_key(f"payout-{claim}-v1").transfer_id
    payload, headers = signed_event("transfer.reversed", transfer_id, 2000)  # all of it back
    assert app.test_client().post("/api/payments/stripe/webhook", data=payload,
                                  headers=headers).status_code == 200  # fmt: skip
    page = text(finance.get("/pay/manage"))
    failed = page.split("Payments that failed</h2>")[1]
    assert "Stripe took the payment back." in failed and "Try again" in failed
    assert "Stripe took the payment back." in text(finance.get(f"/pay/manage/claims/{claim}"))
    creator = staff(app, {"coordinator"}, "someone-else")  # entered the claim
    assert "You cannot pay a claim you entered" in text(
        creator.post(f"/pay/manage/claims/{claim}/retry")
    )
    again = finance.post(f"/pay/manage/claims/{claim}/retry")
    assert again.headers["Location"].endswith("?done=sent")
    keys = [t.idempotency_key for t in proxy.transfers()]
    assert keys == [f"payout-{claim}-v1", f"payout-{claim}-v2"]
    assert "Payment tried again" in text(finance.get(f"/pay/manage/claims/{claim}"))
    twice = finance.post(f"/pay/manage/claims/{claim}/retry")
    assert twice.status_code == 409 and len(proxy.transfers()) == 2


def test_the_claim_page_shows_lines_receipts_and_the_audit_trail(app: Flask) -> None:
    booking = attended(app)
    day = (datetime.now(UTC) - timedelta(days=1)).date()
    cmd = expenses.SubmitClaim(
        PERSON, booking,
        [ExpenseLine("parking", 350, spent_on=day)], PERSON,
    )  # fmt: skip
    claim_id = expenses.submit_claim(
        cmd, [PNG], current_bus(app).uow_factory(), current_bus(app).dependencies["receipts"]
    )
    found = expense_views.claim(claim_id, current_bus(app).uow_factory())
    assert found is not None
    page = text(staff(app, {"coordinator"}).get(f"/pay/manage/claims/{found['entitlement_id']}"))
    assert "Expenses: Parking" in page and "£3.50" in page
    assert "Tuesday 1 December 2026" in page  # the session of the fee the claim goes with
    assert f'href="/api/payments/claims/{claim_id}/receipts/1"' in page
    assert "The participant" in page  # who entered it, in the audit trail
    assert 'name="reason"' in page and re.search(r">\s*Approve\s*<", page)  # the library's button
    assert staff(app, {"coordinator"}).get(f"/pay/manage/claims/{uuid.uuid4()}").status_code == 404


def test_budgets_warn_at_80_and_100_percent_and_finance_gets_the_export(app: Flask) -> None:
    with current_bus(app).uow_factory() as uow:
        expenses.set_budget(ACTIVITY, 3000, "finance", uow)
    claim = entered(app, 2500)
    staff(app, {"coordinator"}).post(f"/pay/manage/claims/{claim}/approve")
    coordinator = text(staff(app, {"coordinator"}).get("/pay/manage/budgets"))
    assert "83%" in coordinator and "Nearly used up" in coordinator and "£30.00" in coordinator
    assert "ledger.csv" not in coordinator  # the export is finance's
    finance = text(staff(app, {"finance_approver"}).get("/pay/manage/budgets"))
    link = re.search(r'href="(/api/payments/exports/ledger\.csv\?[^"]+)"', finance)
    assert link is not None
    export = staff(app, {"finance_approver"}).get(link[1].replace("&amp;", "&"))
    assert export.status_code == 200 and export.mimetype == "text/csv"
    second = entered(app, 1000)
    staff(app, {"coordinator"}).post(f"/pay/manage/claims/{second}/approve")
    assert "Over budget" in text(staff(app, {"coordinator"}).get("/pay/manage/budgets"))


def test_a_coordinator_enters_a_claim_for_someone_who_only_uses_sms(app: Flask) -> None:
    booking = attended(app)
    cora = staff(app, {"coordinator"}, "cora")
    nameless = text(cora.get("/pay/manage/claims/new"))
    # The library's radios put a label's words on a line of their own, hence \s* around them.
    assert re.search(r">\s*Name not known: Tuesday 1 December 2026\s*</label>", nameless)
    named(app)
    chooser = text(cora.get("/pay/manage/claims/new"))  # chosen by name, not by typing an id
    assert f'value="{PERSON}"' in chooser
    assert re.search(r">\s*Amira: Tuesday 1 December 2026\s*</label>", chooser)
    bad = cora.get("/pay/manage/claims/new?participant=nobody")
    assert bad.status_code == 400 and "Choose who you are entering expenses for." in text(bad)
    form = text(cora.get(f"/pay/manage/claims/new?participant={PERSON}"))
    assert "Tuesday 1 December 2026" in form and f'value="{booking}"' in form
    day = datetime.now(UTC) - timedelta(days=1)
    data: dict[str, Any] = {
        "participant": PERSON, "booking_id": booking, "parking": "£4",
        "spent_on-day": str(day.day), "spent_on-month": str(day.month),
        "spent_on-year": str(day.year),
    }  # fmt: skip
    wrong = cora.post("/pay/manage/claims/new", data={**data, "parking": "four",
                                                     "booking_id": "not-a-session"})  # fmt: skip
    assert wrong.status_code == 400 and "pounds and pence" in text(wrong)
    assert "Choose the session you are claiming for." in text(wrong)
    data["receipts"] = [(io.BytesIO(PNG), "ticket.png", "image/png")]
    answer = cora.post("/pay/manage/claims/new", data=data, content_type="multipart/form-data")
    assert answer.status_code == 303 and answer.headers["Location"].endswith("?done=entered")
    entitlement = answer.headers["Location"].split("/")[-1].split("?")[0]
    refused = cora.post(f"/pay/manage/claims/{entitlement}/approve")
    assert "You entered this claim" in text(refused)
    assert staff(app, {"finance_approver"}).get("/pay/manage/claims/new").status_code == 403
    huge = {"receipts": [(io.BytesIO(b"x" * 100_000), "big.png", "image/png")]}
    too_big = cora.post(f"/pay/manage/claims/new?participant={PERSON}", data=huge,
                        content_type="multipart/form-data")  # fmt: skip
    assert too_big.status_code == 413 and "The receipts are too big" in text(too_big)


def test_decisions_need_the_csrf_token(app: Flask) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    claim = entered(app, 2000)
    coordinator = staff(app, {"coordinator"})
    assert coordinator.post(f"/pay/manage/claims/{claim}/approve").status_code == 400
    page = text(coordinator.get(f"/pay/manage/claims/{claim}"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token is not None
    answer = coordinator.post(f"/pay/manage/claims/{claim}/approve", data={"csrf_token": token[1]})
    assert answer.status_code == 303 and status_of(app, claim) == "approved"


def test_the_console_speaks_welsh(app: Flask) -> None:
    claim = entered(app, 2000, by="cora")
    cora = staff(app, {"coordinator"}, "cora")
    assert "Taliadau i benderfynu arnynt" in text(cora.get("/pay/manage?lang=cy"))
    refused = text(cora.post(f"/pay/manage/claims/{claim}/approve?lang=cy"))
    assert "Chi roddodd yr hawliad hwn i mewn" in refused


def marked_by(app: Flask, coordinator: str, minutes: int = 45) -> str:
    """Cora marks Amira as there for 45 of the 60 minutes of a £25-a-session walk workshop."""
    now = datetime.now(UTC)
    with current_bus(app).uow_factory() as uow:
        told_names(
            uow, now, (PERSON, "Amira"), (ACTIVITY, "Walk workshop", 2500, "session"),
            (coordinator, "Cora Jones"),
        )  # fmt: skip
        data = {
            "booking_id": str(uuid.uuid4()), "participant_id": PERSON, "activity_id": ACTIVITY,
            "outcome": "partly_attended", "minutes_attended": minutes, "session_minutes": 60,
            "session_starts_at": STARTS, "recorded_by": coordinator,
        }  # fmt: skip
        handlers.record_attendance(attendance_recorded(data), uow, payments_settings())
        uow.commit()
        [fee] = uow.entitlements.list("pending", PERSON)
        return fee.id


def test_a_fee_from_the_register_says_who_marked_it_and_another_coordinator_approves(
    app: Flask,
) -> None:
    cora = str(uuid.uuid4())
    fee = marked_by(app, cora)
    mine = text(staff(app, {"coordinator"}, cora).get(f"/pay/manage/claims/{fee}"))
    title = "Amira: fee for Walk workshop, Tuesday 1 December 2026"
    assert f"<title>{title}" in mine and re.search(rf"<h1[^>]*>\s*{title}\s*</h1>", mine)
    # Not "Claim 1A2B3C4D" (an all-digit prefix would match the links, so the title is checked).
    assert f"Claim {fee[:8].upper()}" not in mine and "Entered by" not in mine
    assert (
        "Made by Chorus from the register for Walk workshop on Tuesday 1 December 2026, "
        "which you marked" in mine
    )
    # Pro rata (policy.py): 45 of 60 minutes of £25.00 a session is £18.75, and the page says why.
    assert "£18.75" in mine and "They were there for 45 of 60 minutes" in mine
    assert "that share of £25.00 a session" in mine
    assert "You marked this register, so another coordinator must approve this fee." in mine
    assert "one person cannot both make a payment and approve it" in mine
    assert not re.search(r">\s*Approve\s*<", mine)  # no button that can only be refused
    refused = staff(app, {"coordinator"}, cora).post(f"/pay/manage/claims/{fee}/approve")
    assert refused.status_code == 422
    assert (
        "You marked the register this fee was made from, so another coordinator must approve it."
        in text(refused)
    )
    welsh = text(staff(app, {"coordinator"}, cora).get(f"/pay/manage/claims/{fee}?lang=cy"))
    assert "Amira: ffi ar gyfer Walk workshop" in welsh
    assert "Chi farciodd y gofrestr hon, felly rhaid i gydlynydd arall" in welsh
    assert "Roedden nhw yno am 45 o 60 munud" in welsh
    other = staff(app, {"coordinator"}, name="Dai")
    theirs = text(other.get(f"/pay/manage/claims/{fee}"))
    assert (
        "Made by Chorus from the register for Walk workshop on Tuesday 1 December 2026, "
        "marked by Cora Jones" in theirs
    )
    assert re.search(r">\s*Approve\s*<", theirs)
    approved = other.post(f"/pay/manage/claims/{fee}/approve")
    assert approved.headers["Location"].endswith("?done=approved")
    assert status_of(app, fee) == "approved"


def test_a_claim_entered_by_hand_is_never_approved_by_who_entered_it(app: Flask) -> None:
    named(app)
    claim = entered(app, 2000, by="cora")
    cora = staff(app, {"coordinator", "admin"}, "cora")
    page = text(cora.get(f"/pay/manage/claims/{claim}"))
    assert "<title>Amira: fee for Shaping the diabetes clinic" in page
    assert "Entered by" in page and "Made by Chorus" not in page
    assert "You entered this claim, so another coordinator must approve it." in page
    assert not re.search(r">\s*Approve\s*<", page)
    refused = cora.post(f"/pay/manage/claims/{claim}/approve")
    assert refused.status_code == 422 and status_of(app, claim) == "pending"
    theirs = text(staff(app, {"coordinator"}).get(f"/pay/manage/claims/{claim}"))
    assert re.search(r">\s*Approve\s*<", theirs)


def test_a_coordinator_changes_a_fee_before_approval_and_someone_else_approves_it(
    app: Flask,
) -> None:
    cora = str(uuid.uuid4())
    fee = marked_by(app, cora)
    dai = staff(app, {"coordinator"}, str(uuid.uuid4()), name="Dai")
    page = text(dai.get(f"/pay/manage/claims/{fee}"))
    assert 'action="/pay/manage/claims/' + fee + '/amount"' in page
    empty = dai.post(f"/pay/manage/claims/{fee}/amount", data={"amount": "25"})
    assert empty.status_code == 400 and "Say why you are changing the amount." in text(empty)
    same = dai.post(
        f"/pay/manage/claims/{fee}/amount", data={"amount": "18.75", "amount_reason": "x"}
    )
    assert same.status_code == 422 and "different from the one now" in text(same)
    reason = "She stayed to help tidy up, so the whole session"
    changed = dai.post(
        f"/pay/manage/claims/{fee}/amount", data={"amount": "£25", "amount_reason": reason}
    )
    assert changed.headers["Location"].endswith("?done=changed")
    after = text(dai.get(changed.headers["Location"]))
    assert "Amount changed. Someone else must approve it." in after
    assert f"From £18.75 to £25.00: {reason}" in after and "£25.00" in after
    assert "You changed the amount, so another coordinator must approve it." in after
    assert not re.search(r">\s*Approve\s*<", after)
    refused = dai.post(f"/pay/manage/claims/{fee}/approve")
    assert refused.status_code == 422
    assert "You changed the amount, so another coordinator must approve it." in text(refused)
    # Cora marked the register, so she is out too; a third coordinator approves £25.
    assert (
        staff(app, {"coordinator"}, cora).post(f"/pay/manage/claims/{fee}/approve").status_code
        == 422
    )
    third = staff(app, {"coordinator"})
    assert third.post(f"/pay/manage/claims/{fee}/approve").headers["Location"].endswith("approved")
    with current_bus(app).uow_factory() as uow:
        found = uow.entitlements.get(fee)
        assert found is not None and found.amount_pence == 2500 and found.status == "approved"
    late = dai.post(f"/pay/manage/claims/{fee}/amount", data={"amount": "30", "amount_reason": "x"})
    assert late.status_code == 409  # once approved, the amount stays
