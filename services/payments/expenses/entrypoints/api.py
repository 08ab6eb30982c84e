"""Expense claims, expense policies, activity budgets and the finance export.

The participant claims from their own browser (`POST /pay/expense-claims`, multipart: a `claim`
field of JSON and up to five `receipts` files); a coordinator enters a claim for someone who only
uses SMS (`POST /api/payments/participants/<id>/claims`), and cannot then approve it. Claims are
approved and paid as entitlements, through /api/payments/entitlements/<id>/approve.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError

from services.payments.entitlements.entrypoints.api import _id, _me
from services.payments.expenses.adapters import exports
from services.payments.expenses.adapters import views as expense_views
from services.payments.expenses.adapters.receipts import (
    MAX_RECEIPTS,
)
from services.payments.expenses.commands import SetBudget, SetExpensePolicy, SubmitClaim
from services.payments.expenses.domain.budget import BudgetRejected
from services.payments.expenses.domain.expenses import (
    ExpenseLine,
    ExpenseRejected,
)
from services.payments.expenses.entrypoints.schemas import (
    BudgetRequest,
    BudgetResponse,
    ClaimResponse,
    ClaimSchema,
    ExpensePolicyResponse,
    ExpensePolicySchema,
    ExportQuery,
)
from services.payments.web import bus, receipts, unit_of_work
from shared.auth import current_participant_id, require_participant, require_staff

expense_blp = Blueprint(
    "expenses", __name__, description="Expense claims with receipts, budgets, finance export"
)
DECIDERS = ("coordinator", "finance_approver", "admin")


@expense_blp.route("/pay/expense-claims")
class MyClaims(MethodView):
    @require_participant
    @expense_blp.response(201, ClaimResponse)
    def post(self) -> dict[str, Any]:
        """The participant claims expenses for a session they attended, with receipts."""
        me = current_participant_id()
        assert me is not None
        return _submit(me, me)


@expense_blp.route("/api/payments/participants/<participant_id>/claims")
class ClaimsForSomeone(MethodView):
    @require_staff("coordinator", "admin")
    @expense_blp.response(201, ClaimResponse)
    def post(self, participant_id: str) -> dict[str, Any]:
        """A coordinator enters a claim for a participant (e.g. one who only uses SMS)."""
        return _submit(_id(participant_id), _me().id)


@expense_blp.route("/api/payments/claims/<claim_id>")
class Claim(MethodView):
    @require_staff(*DECIDERS)
    @expense_blp.response(200, ClaimResponse)
    def get(self, claim_id: str) -> dict[str, Any]:
        """An expense claim: its lines, receipts (checksums) and the entitlement's status."""
        found = expense_views.claim(_id(claim_id), unit_of_work())
        if found is None:
            abort(404, message="No such claim.")
        return found  # type: ignore[return-value]


@expense_blp.route("/api/payments/claims/<claim_id>/receipts/<number>")
class ClaimReceipt(MethodView):
    @require_staff(*DECIDERS)
    def get(self, claim_id: str, number: str) -> Response:
        """Receipt `number` (from 1) of the claim, as stored, checked against its checksum."""
        found = expense_views.claim(_id(claim_id), unit_of_work())
        index = int(number) - 1 if number.isdigit() else -1
        if found is None or not 0 <= index < len(found["receipts"]):
            abort(404, message="No such receipt.")
        receipt = found["receipts"][index]  # type: ignore[index]
        try:
            data = receipts().read(receipt["sha256"])
        except FileNotFoundError:
            abort(404, message="The receipt file is missing.")
        return Response(data, mimetype=receipt["content_type"])


@expense_blp.route("/api/payments/activities/<activity_id>/expense-policy")
class ExpensePolicy(MethodView):
    @require_staff("coordinator", "admin")
    @expense_blp.response(200, ExpensePolicyResponse)
    def get(self, activity_id: str) -> dict[str, Any]:
        """Which expenses the activity covers, the mileage rate and the limits (or defaults)."""
        return expense_views.expense_policy(_id(activity_id), unit_of_work())

    @require_staff("coordinator", "admin")
    @expense_blp.arguments(ExpensePolicySchema)
    @expense_blp.response(200, ExpensePolicyResponse)
    def put(self, body: dict[str, Any], activity_id: str) -> dict[str, Any]:
        """Set which expenses the activity covers and its limits (pence)."""
        cmd = SetExpensePolicy(
            _id(activity_id), tuple(body["covered"]), body["mileage_pence_per_mile"],
            _me().id, body["limits_pence"],
        )  # fmt: skip
        try:
            bus().handle(cmd)
        except ExpenseRejected as exc:
            _refused(exc)
        return expense_views.expense_policy(cmd.activity_id, unit_of_work())


@expense_blp.route("/api/payments/activities/<activity_id>/budget")
class ActivityBudget(MethodView):
    @require_staff(*DECIDERS)
    @expense_blp.response(200, BudgetResponse)
    def get(self, activity_id: str) -> dict[str, Any]:
        """The budget, approved spend, what awaits approval, and the warnings given."""
        found = expense_views.budget(_id(activity_id), unit_of_work())
        if found is None:
            abort(404, message="No budget is set for this activity.")
        return found  # type: ignore[return-value]

    @require_staff(*DECIDERS)
    @expense_blp.arguments(BudgetRequest)
    @expense_blp.response(200, BudgetResponse)
    def put(self, body: dict[str, Any], activity_id: str) -> dict[str, Any]:
        """Set the activity's budget; warnings come at 80% and 100% of it, once each."""
        try:
            bus().handle(SetBudget(_id(activity_id), body["budget_pence"], _me().id))
        except BudgetRejected as exc:
            abort(422, message=exc.message)
        return expense_views.budget(_id(activity_id), unit_of_work())  # type: ignore[return-value]


@expense_blp.route("/api/payments/exports/ledger.csv")
class LedgerExport(MethodView):
    @require_staff("finance_approver", "admin")
    @expense_blp.arguments(ExportQuery, location="query")
    def get(self, query: dict[str, Any]) -> Response:
        """Every ledger entry from `from` to `to` (inclusive, UK dates) as CSV."""
        first: date = query["from_"]
        last: date = query["to"]
        try:
            body = exports.ledger_csv(first, last, unit_of_work())
        except exports.ExportRefused as exc:
            abort(422, message=exc.message)
        name = f"chorus-ledger-{first.isoformat()}-to-{last.isoformat()}.csv"
        return Response(
            body,
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


def _submit(participant_id: str, by: str) -> dict[str, Any]:
    store = receipts()
    if store.too_big(request.content_length):
        abort(
            413,
            message=f"Too much to upload: at most {MAX_RECEIPTS} receipts of {store.max_mb} MB.",
        )
    body = _claim_body()
    lines = [
        ExpenseLine(
            line["category"],
            line["amount_pence"],
            line["miles"],
            line["prior_approval"],
            line["note"],
            line["spent_on"],
        )
        for line in body["lines"]
    ]
    files = [f.read() for f in request.files.getlist("receipts")]
    cmd = SubmitClaim(participant_id, str(body["booking_id"]), lines, by, tuple(files))
    try:
        claim_id = bus().handle(cmd)
    except ExpenseRejected as exc:
        _refused(exc)
    except IntegrityError:
        abort(409, message="Expenses for this session have already been claimed.")
    found = expense_views.claim(claim_id, unit_of_work())
    assert found is not None
    return found


def _claim_body() -> dict[str, Any]:
    """JSON, or multipart with the JSON in a `claim` field beside the receipt files."""
    if request.mimetype == "multipart/form-data":
        raw: Any = request.form.get("claim", "")
        try:
            raw = json.loads(raw)
        except ValueError:
            abort(422, message="Send the claim as JSON in the `claim` field.")
    else:
        raw = request.get_json(silent=True)
    try:
        return ClaimSchema().load(raw if isinstance(raw, dict) else {})  # type: ignore[no-any-return]
    except ValidationError as exc:
        abort(422, message="Check the claim.", errors={"json": exc.messages})
        raise


def _refused(exc: ExpenseRejected) -> None:
    abort(409 if exc.conflict else 422, message=exc.message, errors={exc.field: [exc.message]})
