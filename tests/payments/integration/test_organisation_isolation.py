"""Staff of one organisation, given ids that belong to another, get exactly what an unknown id
gets (404, never 403, which would confirm the id exists) and change nothing, on every staff
route of payments that takes an activity, an entitlement, a claim, a participant or a staff
account. The routes come from the app's own URL map, so a new route is covered the day it is
added. A participant is theirs when only their activities pay them (a claim or an attendance);
a staff member, when they are a member of theirs only."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select

from services.payments.adapters.orm import (
    activity_budgets,
    audit_log,
    entitlements,
    expense_claims,
    expense_policies,
    ledger_entries,
    payment_policies,
    payout_attempts,
    payout_destination_changes,
    staff_link_changes,
    staff_participant_links,
    stripe_accounts,
)
from services.payments.config import load_settings as payments_settings
from services.payments.destinations import service_layer as destinations
from services.payments.entitlements import service_layer as entitlements_service
from services.payments.entitlements.domain.model import Approver
from services.payments.entitlements.entrypoints.consumed import attendance_recorded
from services.payments.people import entrypoints as recruitment_events
from services.payments.people.service_layer import projections
from shared.bus.tables import outbox
from shared.web import current_bus
from tests.organisation_matrix import fill, staff_routes
from tests.payments.integration.test_payments_scoping import THEIRS, signed_in_at_home, world

__all__ = ["world"]  # the fixture: their activity, fee, claim, policies and budget

ARGUMENTS = {"activity_id", "entitlement_id", "claim_id", "number", "participant_id", "staff_id"}
COUNTED = (activity_budgets, audit_log, expense_claims, expense_policies, ledger_entries,
           payment_policies, payout_attempts, outbox, payout_destination_changes,
           stripe_accounts, staff_participant_links, staff_link_changes)  # fmt: skip


@pytest.fixture
def people(world) -> tuple[Flask, Engine, dict[str, str]]:  # type: ignore[no-untyped-def]
    """The world, with someone only they pay (a change of where they are paid waiting) and one
    of their staff, linked to the participant they also are; made outside any organisation."""
    app, engine, ids = world
    person, colleague, now = str(uuid.uuid4()), str(uuid.uuid4()), datetime.now(UTC)
    came = {"booking_id": str(uuid.uuid4()), "participant_id": person, "outcome": "attended",
            "activity_id": ids["activity_id"], "minutes_attended": 60,
            "session_minutes": 60}  # fmt: skip
    finance = ["finance_approver"]
    profile = {"staff_id": colleague, "name": "Them", "active": True, "changed_at": now,
               "roles": finance,
               "memberships": [{"organisation_id": THEIRS, "roles": finance}]}  # fmt: skip
    uows = current_bus(app).uow_factory
    with uows() as uow:
        entitlements_service.record_attendance(attendance_recorded(came), uow, payments_settings())
        projections.staff_profile_changed(recruitment_events.staff_profile_changed(profile), uow)
        uow.commit()
    asker = Approver(colleague, frozenset({"finance_approver"}))
    destinations.propose(person, "acct_1Theirs", asker, uows())
    entitlements_service.link_staff(colleague, str(uuid.uuid4()), colleague, uows())
    return app, engine, {**ids, "participant_id": person, "staff_id": colleague}


def snapshot(engine: Engine) -> tuple[object, ...]:
    with engine.connect() as conn:
        counts = [conn.execute(select(func.count()).select_from(t)).scalar_one() for t in COUNTED]
        e = entitlements.c
        states = conn.execute(select(e.id, e.status, e.approval_version).order_by(e.id)).all()
        policy = conn.execute(select(payment_policies.c.rate_pence)).all()
        budget = conn.execute(select(activity_budgets.c.budget_pence)).all()
    return (*counts, states, policy, budget)


def test_the_matrix_covers_the_staff_routes_that_take_ids(world) -> None:  # type: ignore[no-untyped-def]
    app, _, _ = world
    rules = {rule for _, rule in staff_routes(app, ARGUMENTS)}
    assert "/api/payments/activities/<activity_id>/policy" in rules
    assert "/api/payments/activities/<activity_id>/budget" in rules
    assert "/api/payments/entitlements/<entitlement_id>/approve" in rules
    assert "/api/payments/claims/<claim_id>/receipts/<number>" in rules
    assert "/pay/manage/claims/<entitlement_id>/retry" in rules
    assert "/api/payments/participants/<participant_id>/stripe-account" in rules
    assert "/pay/manage/destinations/<participant_id>/confirm" in rules
    assert "/api/payments/staff/<staff_id>/participant" in rules
    assert len(rules) >= 18


def test_another_organisations_ids_are_not_found_and_nothing_changes(people) -> None:  # type: ignore[no-untyped-def]
    app, engine, ids = people
    client = signed_in_at_home(app)
    unknown = {"activity_id": str(uuid.uuid4()), "entitlement_id": str(uuid.uuid4()),
               "claim_id": str(uuid.uuid4()), "participant_id": str(uuid.uuid4()),
               "staff_id": str(uuid.uuid4())}  # fmt: skip
    bodies = {
        "/api/payments/activities/<activity_id>/policy": {
            "rate_kind": "session", "rate_pence": 1, "preparation_minutes": 0},
        "/api/payments/activities/<activity_id>/expense-policy": {
            "covered": ["parking"], "mileage_pence_per_mile": 1},
        "/api/payments/activities/<activity_id>/budget": {"budget_pence": 1},
        "/api/payments/entitlements/<entitlement_id>/reject": {"reason": "not ours"},
        "/api/payments/participants/<participant_id>/stripe-account": {"account_id": "acct_1Us"},
        "/api/payments/participants/<participant_id>/claims": {
            "booking_id": ids["booking_id"], "lines": [{"category": "parking", "amount_pence": 1}]},
        "/api/payments/staff/<staff_id>/participant": {"participant_id": str(uuid.uuid4())},
    }  # fmt: skip
    before = snapshot(engine)
    answered = {}
    for method, rule in staff_routes(app, ARGUMENTS):
        if rule.startswith("/api/"):
            body = {"json": bodies.get(rule, {})}
        else:
            body = {"data": {"reason": "not ours", "budget_pence": "1"}}
        theirs = client.open(fill(rule, ids), method=method, **body)
        nobody = client.open(fill(rule, {**ids, **unknown}), method=method, **body)
        answered[(method, rule)] = (theirs.status_code, nobody.status_code)
        if rule.startswith("/api/"):
            assert theirs.get_json() == nobody.get_json(), (method, rule)
    leaked = {route: codes for route, codes in answered.items() if codes[0] != codes[1]}
    assert not leaked, f"another organisation's ids answered unlike unknown ones: {leaked}"
    found = {route: codes for route, codes in answered.items() if codes[0] < 400 or codes[0] == 403}
    assert not found, f"another organisation's ids were served: {found}"
    # A claim entered for someone is refused for its session, theirs as an unknown one (422:
    # no record of it), before the person matters; every other route: not found.
    about_the_session = ("POST", "/api/payments/participants/<participant_id>/claims")
    assert answered.pop(about_the_session) == (422, 422)
    assert {codes[0] for codes in answered.values()} == {404}, answered
    assert snapshot(engine) == before


def test_their_ids_still_work_in_their_own_organisation(world) -> None:  # type: ignore[no-untyped-def]
    """The matrix does not pass because nothing works: their own staff find their ids."""
    app, _, ids = world
    client = signed_in_at_home(app, organisation_id=THEIRS)
    assert client.get(f"/api/payments/claims/{ids['claim_id']}").status_code == 200
    assert client.get(f"/pay/manage/claims/{ids['entitlement_id']}").status_code == 200
    assert client.get(f"/api/payments/activities/{ids['activity_id']}/budget").status_code == 200


def test_their_people_and_staff_still_work_in_their_own_organisation(people) -> None:  # type: ignore[no-untyped-def]
    app, _, ids = people
    person, colleague = ids["participant_id"], ids["staff_id"]
    ours, theirs = signed_in_at_home(app), signed_in_at_home(app, organisation_id=THEIRS)
    # The console's list of changes waiting: theirs shows only to them.
    assert person not in ours.get("/pay/manage/destinations").get_data(as_text=True)
    assert person in theirs.get("/pay/manage/destinations").get_data(as_text=True)
    link = theirs.get(f"/api/payments/staff/{colleague}/participant")
    assert link.status_code == 200 and link.json["staff_name"] == "Them"
    proposed = theirs.put(
        f"/api/payments/participants/{person}/stripe-account", json={"account_id": "acct_1Them"}
    )
    assert proposed.status_code == 202, proposed.json
    # Oneself is always known where one is signed in, though no profile has reached us yet.
    me = signed_in_at_home(app, {"coordinator"})
    with me.session_transaction() as session:
        mine = session["staff"]["id"]
    answer = me.put(f"/api/payments/staff/{mine}/participant", json={"participant_id": person})
    assert answer.status_code == 204
