"""Staff of one organisation, given ids that belong to another, get exactly what an unknown id
gets (404, never 403, which would confirm the id exists) and change nothing, on every staff
route of payments that takes an activity, an entitlement or a claim. The routes come from the
app's own URL map, so a new route is covered the day it is added. Routes keyed by a
participant or a staff account are not the organisation's (people are not scoped here)."""

from __future__ import annotations

import uuid

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
)
from shared.bus.tables import outbox
from tests.organisation_matrix import fill, staff_routes
from tests.payments.integration.test_payments_scoping import THEIRS, signed_in_at_home, world

__all__ = ["world"]  # the fixture: their activity, fee, claim, policies and budget

ARGUMENTS = {"activity_id", "entitlement_id", "claim_id", "number"}
COUNTED = (activity_budgets, audit_log, expense_claims, expense_policies, ledger_entries,
           payment_policies, payout_attempts, outbox)  # fmt: skip


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
    assert len(rules) >= 13


def test_another_organisations_ids_are_not_found_and_nothing_changes(world) -> None:  # type: ignore[no-untyped-def]
    app, engine, ids = world
    client = signed_in_at_home(app)
    unknown = {"activity_id": str(uuid.uuid4()), "entitlement_id": str(uuid.uuid4()),
               "claim_id": str(uuid.uuid4())}  # fmt: skip
    bodies = {
        "/api/payments/activities/<activity_id>/policy": {
            "rate_kind": "session", "rate_pence": 1, "preparation_minutes": 0},
        "/api/payments/activities/<activity_id>/expense-policy": {
            "covered": ["parking"], "mileage_pence_per_mile": 1},
        "/api/payments/activities/<activity_id>/budget": {"budget_pence": 1},
        "/api/payments/entitlements/<entitlement_id>/reject": {"reason": "not ours"},
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
    assert {codes[0] for codes in answered.values()} == {404}, answered
    assert snapshot(engine) == before


def test_their_ids_still_work_in_their_own_organisation(world) -> None:  # type: ignore[no-untyped-def]
    """The matrix does not pass because nothing works: their own staff find their ids."""
    app, _, ids = world
    client = signed_in_at_home(app, organisation_id=THEIRS)
    assert client.get(f"/api/payments/claims/{ids['claim_id']}").status_code == 200
    assert client.get(f"/pay/manage/claims/{ids['entitlement_id']}").status_code == 200
    assert client.get(f"/api/payments/activities/{ids['activity_id']}/budget").status_code == 200
