"""A participant claims expenses on the web in a real browser, and a coordinator approves and
rejects claims in the staff approval console (/pay/manage): payments' /pay/expenses behind a
private nginx (its own port, beside the shared browser stack), reached with the signed session
their magic link gives them. The form is sent once with mistakes and once with a receipt photo;
every page is checked with axe-core at full width and at 320 px (see conftest.py)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from services.payments.bootstrap import uow_factory
from services.payments.config import load_settings as payments_settings
from services.payments.destinations import service_layer as destinations
from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.commands import AddAdjustment, Approve
from services.payments.entitlements.domain.model import Approver
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.payouts.domain.payout import PayoutAttempt
from services.payments.people import entrypoints as recruitment_events
from services.payments.people.service_layer import projections
from shared.bus.tables import outbox
from shared.db import make_engine
from tests.browser.conftest import (
    NOWHERE,
    PROXY_SH,
    Processes,
    Screenshots,
    Tab,
    _tail,
    free_port,
    slug,
)
from tests.payments.told import told_names
from tests.support import ROOT, answers, wait_until

PROXY_PORT = 18083  # not the shared browser stack's 18080
SECRET_KEY = "browser-payments-only"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


@pytest.fixture(scope="module")
def payments(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Payments' web process (gunicorn) on SQLite, behind our own nginx on PROXY_PORT."""
    work = tmp_path_factory.mktemp("payments-browser")
    port, base = free_port(), f"http://127.0.0.1:{PROXY_PORT}"
    env = {
        **os.environ,
        "CHORUS_ENV": "development",
        "PUBLIC_BASE_URL": base,
        "PAYMENTS_DATABASE_URL": f"sqlite:///{work / 'payments.db'}",
        "PAYMENTS_RECEIPTS_DIR": str(work / "receipts"),
        "SECRET_KEY": SECRET_KEY,
    }
    cli = [sys.executable, "-m", "services.cli", "migrate", "payments"]
    subprocess.run(cli, env=env, cwd=ROOT, check=True)
    processes = Processes(env, work)
    proxy_env = {**env, "PROXY_PORT": str(PROXY_PORT), "PROXY_NAME": "proxy-browser-payments",
                 "RECRUITMENT_UPSTREAM": NOWHERE, "SCHEDULING_UPSTREAM": NOWHERE,
                 "NOTIFICATIONS_UPSTREAM": NOWHERE,
                 "PAYMENTS_UPSTREAM": f"127.0.0.1:{port}"}  # fmt: skip
    try:
        processes.start("payments-web", sys.executable, "-m", "gunicorn", "--no-control-socket",
                        "--logger-class=shared.access_log.RedactingLogger",
                        "--bind", f"127.0.0.1:{port}",
                        "services.payments.entrypoints.app:create_app()")  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda: answers(f"{url}/health/live"), timeout=60, what=url)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{_tail(work / 'payments-web.log')}") from None
        started = subprocess.run([str(PROXY_SH), "start"], env=proxy_env, cwd=ROOT,
                                 capture_output=True, text=True)  # fmt: skip
        if started.returncode:
            pytest.fail(f"deploy/local/proxy.sh start failed:\n{started.stderr}")
        yield {"base_url": base, "database_url": env["PAYMENTS_DATABASE_URL"]}
    finally:
        subprocess.run([str(PROXY_SH), "stop"], env=proxy_env, cwd=ROOT, capture_output=True)
        processes.stop()


def attended(database_url: str, participant_id: str) -> None:
    """AttendanceRecorded, as payments' consumer handles it: a session they can claim for."""
    data = {
        "booking_id": str(uuid.uuid4()), "participant_id": participant_id,
        "activity_id": str(uuid.uuid4()), "outcome": "attended", "minutes_attended": 90,
        "session_minutes": 90, "session_starts_at": datetime(2026, 12, 1, 10, 30, tzinfo=UTC),
    }  # fmt: skip
    with uow_factory(make_engine(database_url))() as uow:
        handlers.record_attendance(attendance_recorded(data), uow, payments_settings())
        uow.commit()


def magic_link_session(participant_id: str) -> str:
    """The signed cookie a participant's magic link leaves in their browser."""
    app = Flask("browser")
    app.secret_key = SECRET_KEY
    signer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    now = datetime.now(UTC).isoformat()
    return str(signer.dumps({"participant": {"id": participant_id, "issued_at": now}}))


@pytest.fixture
def tab(
    chromium: Browser, payments: dict[str, str], screenshots: Path, request: pytest.FixtureRequest
) -> Iterator[Tab]:
    opened = Tab(chromium, payments["base_url"], Screenshots(screenshots / slug(request.node.name)))
    yield opened
    unchecked = opened.unchecked
    opened.close()
    assert not unchecked, f"a page landed on but never checked: {unchecked}"


def test_a_participant_claims_expenses_with_a_receipt(
    tab: Tab, payments: dict[str, str], tmp_path: Path
) -> None:
    person = str(uuid.uuid4())
    attended(payments["database_url"], person)
    cookie = magic_link_session(person)
    tab.context.add_cookies(
        [{"name": "chorus_session", "value": cookie, "url": payments["base_url"]}]
    )
    tab.visit("/pay/expenses", name="expense form")
    page = tab.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Claim your expenses")
    expect(page.get_by_label("Tuesday 1 December 2026")).to_be_checked()  # their one session

    page.get_by_label("Parking").fill("three pounds")
    tab.submit("Send my claim", status=400, name="expense form with mistakes")
    expect(page.locator("#parking-error")).to_contain_text("pounds and pence, like 12.50")
    expect(page.locator("#spent_on-error")).to_contain_text("Enter the date you travelled")

    yesterday = datetime.now(UTC) - timedelta(days=1)
    page.get_by_label("Day", exact=True).fill(str(yesterday.day))
    page.get_by_label("Month", exact=True).fill(str(yesterday.month))
    page.get_by_label("Year", exact=True).fill(str(yesterday.year))
    page.get_by_label("Miles you drove, there and back").fill("12")
    page.get_by_label("Parking").fill("£3.50")
    receipt = tmp_path / "parking-ticket.png"
    receipt.write_bytes(PNG)
    page.locator("input#receipts").set_input_files(receipt)
    tab.submit("Send my claim", name="payments after the claim")
    assert page.url.endswith("/pay?saved=expenses")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("We have your expenses claim")
    expect(page.get_by_text("£8.90 (expenses)")).to_be_visible()  # 12 miles at 45p + £3.50


def staff_session(staff_id: str, roles: list[str]) -> str:
    """The signed cookie that signing in as staff leaves (recruitment's sign-in is not run here)."""
    app = Flask("browser")
    app.secret_key = SECRET_KEY
    signer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    now = datetime.now(UTC).isoformat()
    staff = {"id": staff_id, "name": "Cora Coordinator", "roles": roles, "issued_at": now}
    return str(signer.dumps({"staff": staff}))


def entered_by_hand(database_url: str, participant_id: str, amount_pence: int) -> str:
    """An amount another coordinator entered by hand, waiting for a coordinator's approval."""
    cmd = AddAdjustment(participant_id, str(uuid.uuid4()), amount_pence, "paper register",
                        str(uuid.uuid4()))  # fmt: skip
    return handlers.add_adjustment(cmd, uow_factory(make_engine(database_url))())


def test_a_coordinator_approves_one_claim_and_rejects_another(
    tab: Tab, payments: dict[str, str]
) -> None:
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    approve = entered_by_hand(payments["database_url"], first, 2000)
    reject = entered_by_hand(payments["database_url"], second, 3550)
    attended(payments["database_url"], str(uuid.uuid4()))  # a fee, with its session's day
    cookie = staff_session(str(uuid.uuid4()), ["coordinator"])
    tab.context.add_cookies(
        [{"name": "chorus_session", "value": cookie, "url": payments["base_url"]}]
    )
    tab.visit("/pay/manage", name="approval console")
    page = tab.page
    expect(page.get_by_role("heading", level=1)).to_have_text("Payments to decide")
    expect(page.get_by_text("Tuesday 1 December 2026").first).to_be_visible()

    with page.expect_navigation() as opened:
        page.locator(f'a[href="/pay/manage/claims/{approve}"]').click()
    assert opened.value is not None
    tab.check(opened.value, name="claim to approve")
    tab.submit("Approve", name="claim approved")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Approved.")
    expect(page.get_by_role("button", name="Pay", exact=True)).to_be_visible()

    tab.visit(f"/pay/manage/claims/{reject}", name="claim to reject")
    tab.submit("Do not approve", status=400, name="reject without a reason")
    expect(page.locator("#reason-error")).to_contain_text("Say why you are not approving it")
    page.get_by_label("Why are you not approving it?").fill("We paid this on another claim.")
    tab.submit("Do not approve", name="claim rejected")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Not approved.")
    expect(page.get_by_text("We paid this on another claim.").first).to_be_visible()
    tab.visit("/pay/manage/budgets", name="budgets")


def finance_waits(database_url: str) -> tuple[str, str]:
    """What recruitment and scheduling would have told payments, then a coordinator's approval:
    a £200 fee for Amira Khan at 'Shaping the diabetes clinic', waiting for finance."""
    person, activity, cora = str(uuid.uuid4()), str(uuid.uuid4()), str(uuid.uuid4())
    now, uows = datetime.now(UTC), uow_factory(make_engine(database_url))
    with uows() as uow:
        told_names(
            uow, now, (person, "Amira Khan"),
            (activity, "Shaping the diabetes clinic", 20_000, "session"),
            (cora, "Cora Coordinator"),
        )  # fmt: skip
        handlers.record_attendance(
            attendance_recorded({
                "booking_id": str(uuid.uuid4()), "participant_id": person,
                "activity_id": activity, "outcome": "attended", "minutes_attended": 90,
                "session_minutes": 90,
                "session_starts_at": datetime(2026, 12, 1, 10, 30, tzinfo=UTC)}),
            uow, payments_settings(),
        )  # fmt: skip
        uow.commit()
    with uows() as uow:
        fee = uow.entitlements.list("pending", person)[0].id
    coordinator = Approver(cora, frozenset({"coordinator"}))
    assert handlers.approve(Approve(fee, coordinator), uows(), payments_settings()) == (
        "awaiting_finance"
    )
    return fee, person


def staff_tasks(database_url: str) -> list[tuple[str, str]]:
    with make_engine(database_url).connect() as conn:
        rows = conn.execute(
            select(outbox.c.payload)
            .where(outbox.c.event_type == "PaymentsStaffTask")
            .order_by(outbox.c.id)
        ).scalars()
        return [(json.loads(r)["data"]["kind"], json.loads(r)["data"]["state"]) for r in rows]


def test_a_finance_approver_sees_names_titles_and_days(tab: Tab, payments: dict[str, str]) -> None:
    fee, person = finance_waits(payments["database_url"])
    assert staff_tasks(payments["database_url"])[-2:] == [
        ("claim_needs_coordinator", "done"), ("claim_needs_finance", "open"),
    ]  # fmt: skip
    cookie = staff_session(str(uuid.uuid4()), ["finance_approver"])
    tab.context.add_cookies(
        [{"name": "chorus_session", "value": cookie, "url": payments["base_url"]}]
    )
    tab.visit("/pay/manage", name="finance console")
    page = tab.page
    finance = page.locator("table", has_text="Shaping the diabetes clinic")
    expect(finance.get_by_text("Amira Khan")).to_be_visible()
    expect(finance.get_by_text("Tuesday 1 December 2026")).to_be_visible()
    expect(page.get_by_text(person[:8].upper())).to_have_count(0)  # no bare ids

    with page.expect_navigation() as opened:
        page.locator(f'a[href="/pay/manage/claims/{fee}"]').click()
    assert opened.value is not None
    tab.check(opened.value, name="claim waiting for finance")
    summary = page.locator(".nhsuk-summary-list")
    expect(summary).to_contain_text("Amira Khan")
    expect(summary).to_contain_text("Shaping the diabetes clinic")
    expect(summary).to_contain_text(
        "Made by Chorus from the register for Shaping the diabetes clinic on "
        "Tuesday 1 December 2026"
    )
    expect(page).to_have_title(
        re.compile("^Amira Khan: fee for Shaping the diabetes clinic, Tuesday 1 December 2026")
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Amira Khan: fee for Shaping the diabetes clinic, Tuesday 1 December 2026"
    )
    expect(page.get_by_text(fee[:8].upper())).to_have_count(0)  # titled by name, not its id
    expect(page.get_by_role("table", name="Who decided what")).to_contain_text("Cora Coordinator")
    tab.submit("Approve as finance", name="finance approved")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Approved.")
    assert staff_tasks(payments["database_url"])[-2:] == [
        ("claim_needs_coordinator", "done"), ("claim_needs_finance", "done"),
    ]  # fmt: skip

    tab.context.add_cookies(
        [{"name": "chorus_session", "value": magic_link_session(person),
          "url": payments["base_url"]}]
    )  # fmt: skip
    tab.visit("/pay/me/data", name="their payments data")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your payments data")
    expect(page.get_by_text("Shaping the diabetes clinic")).to_be_visible()


def paid_then_refused(database_url: str) -> str:
    """A £20 claim Stripe paid, £5 of it reversed, then their bank refusing the payout (what
    the webhook records for transfer.reversed and payout.failed; tests/integration has those)."""
    uows, now = uow_factory(make_engine(database_url)), datetime.now(UTC)
    claim = entered_by_hand(database_url, str(uuid.uuid4()), 2000)
    coordinator = Approver(str(uuid.uuid4()), frozenset({"coordinator"}))
    handlers.approve(Approve(claim, coordinator), uows(), payments_settings())
    with uows() as uow:
        entitlement = uow.entitlements.get(claim, for_update=True)
        assert entitlement is not None
        entitlement.payout_started("finn", now)
        attempt = PayoutAttempt.start(claim, entitlement.participant_id, 1, "key-" + claim,
                                      2000, "acct_browser", "finn", now)  # fmt: skip
        uow.payouts.add(attempt)
        attempt.confirmed("tr_browser", now)
        entitlement.payout_settled(True, None, now)
        attempt.reversed("tr_browser", 500, now)
        attempt.bank_refused("account_closed", now)
        uow.commit()
    return claim


def test_a_claim_shows_a_part_reversal_and_a_bank_refusal(
    tab: Tab, payments: dict[str, str]
) -> None:
    claim = paid_then_refused(payments["database_url"])
    cookie = staff_session(str(uuid.uuid4()), ["finance_approver"])
    tab.context.add_cookies(
        [{"name": "chorus_session", "value": cookie, "url": payments["base_url"]}]
    )
    tab.visit(f"/pay/manage/claims/{claim}", name="claim refused by the bank")
    page = tab.page
    summary = page.locator(".nhsuk-summary-list")
    expect(summary).to_contain_text("Their bank sent the money back")
    expect(summary).to_contain_text("£5.00 of this payment came back from Stripe")
    trail = page.get_by_role("table", name="Who decided what")
    expect(trail).to_contain_text("Their bank account is closed.")
    expect(trail).to_contain_text("£5.00 back so far")
    tab.visit(f"/pay/manage/claims/{claim}?lang=cy", name="claim refused by the bank in Welsh")
    expect(page.locator(".nhsuk-summary-list")).to_contain_text("Anfonodd eu banc yr arian yn ôl")


def test_a_second_finance_approver_confirms_where_someone_is_paid(
    tab: Tab, payments: dict[str, str]
) -> None:
    person, fiona = str(uuid.uuid4()), str(uuid.uuid4())
    uows, now = uow_factory(make_engine(payments["database_url"])), datetime.now(UTC)
    with uows() as uow:
        projections.contact_changed(
            recruitment_events.contact_changed(
                {"participant_id": person, "preferred_name": "Nia Jones"}
            ),
            uow,
        )
        projections.staff_profile_changed(
            recruitment_events.staff_profile_changed(
                {"staff_id": fiona, "name": "Fiona Finance", "active": True, "changed_at": now}
            ),
            uow,
        )
        uow.commit()
    asker = Approver(fiona, frozenset({"finance_approver"}))
    destinations.propose(person, "acct_1Browser", asker, uows())
    cookie = staff_session(str(uuid.uuid4()), ["finance_approver"])
    tab.context.add_cookies(
        [{"name": "chorus_session", "value": cookie, "url": payments["base_url"]}]
    )
    tab.visit("/pay/manage/destinations?lang=cy", name="changes to where people are paid, Welsh")
    page = tab.page
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Newidiadau i ble mae pobl yn cael eu talu"
    )
    tab.visit("/pay/manage/destinations?lang=en", name="changes to where people are paid")
    table = page.get_by_role("table", name="Changes to where people are paid")
    expect(table).to_contain_text("Nia Jones")
    expect(table).to_contain_text("Fiona Finance")
    tab.submit(page.get_by_role("button", name="Confirm the new account for Nia Jones"),
               name="change confirmed")  # fmt: skip
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Confirmed.")
    expect(page.get_by_text("No change is waiting.")).to_be_visible()


def marked_part(database_url: str, cora: str) -> tuple[str, str]:
    """Cora Coordinator marks Bea Evans as there for 45 of the 60 minutes of a £25-a-session
    'Walk workshop': a fee of £18.75 that Chorus makes from the register."""
    person, activity = str(uuid.uuid4()), str(uuid.uuid4())
    now, uows = datetime.now(UTC), uow_factory(make_engine(database_url))
    with uows() as uow:
        told_names(
            uow, now, (person, "Bea Evans"), (activity, "Walk workshop", 2500, "session"),
            (cora, "Cora Coordinator"),
        )  # fmt: skip
        handlers.record_attendance(
            attendance_recorded({
                "booking_id": str(uuid.uuid4()), "participant_id": person,
                "activity_id": activity, "outcome": "partly_attended", "minutes_attended": 45,
                "session_minutes": 60, "recorded_by": cora,
                "session_starts_at": datetime(2026, 12, 7, 10, 0, tzinfo=UTC)}),
            uow, payments_settings(),
        )  # fmt: skip
        uow.commit()
    with uows() as uow:
        return uow.entitlements.list("pending", person)[0].id, person


def test_a_fee_from_the_register_says_who_marked_it_and_another_coordinator_changes_it(
    tab: Tab, payments: dict[str, str]
) -> None:
    cora = str(uuid.uuid4())
    fee, _person = marked_part(payments["database_url"], cora)
    title = "Bea Evans: fee for Walk workshop, Monday 7 December 2026"
    tab.context.add_cookies(
        [{"name": "chorus_session", "value": staff_session(cora, ["coordinator"]),
          "url": payments["base_url"]}]
    )  # fmt: skip
    tab.visit(f"/pay/manage/claims/{fee}", name="fee from the register she marked")
    page = tab.page
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    summary = page.locator(".nhsuk-summary-list")
    expect(summary).to_contain_text("which you marked")
    expect(summary).to_contain_text("They were there for 45 of 60 minutes")
    expect(page.get_by_text("You marked this register, so another coordinator")).to_be_visible()
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)

    tab.context.add_cookies(
        [{"name": "chorus_session", "value": staff_session(str(uuid.uuid4()), ["coordinator"]),
          "url": payments["base_url"]}]
    )  # fmt: skip
    tab.visit(f"/pay/manage/claims/{fee}", name="fee from the register, another coordinator")
    expect(summary).to_contain_text("marked by Cora Coordinator")
    tab.submit("Change the amount", status=400, name="change without a reason")
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter the new amount")
    page.get_by_label("New amount").fill("25")
    page.get_by_label("Why are you changing it?").fill("She stayed to the end after all")
    tab.submit("Change the amount", name="amount changed")
    expect(page.locator(".nhsuk-inset-text")).to_contain_text("Amount changed.")
    expect(page.get_by_role("table", name="Who decided what")).to_contain_text(
        "From £18.75 to £25.00: She stayed to the end after all"
    )
    expect(page.get_by_role("button", name="Approve", exact=True)).to_have_count(0)
