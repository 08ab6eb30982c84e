"""Payments' HTTP API, under /api/payments: policies, entitlements, approvals, payouts."""

from __future__ import annotations

import uuid
from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from services.payments.entitlements import service_layer as handlers
from services.payments.entitlements.adapters import views
from services.payments.entitlements.commands import (
    AddAdjustment,
    Approve,
    LinkStaff,
    Reject,
    RequestPayout,
    SetPolicy,
)
from services.payments.entitlements.domain.model import ApprovalRefused, Approver
from services.payments.entitlements.domain.policy import PolicyRejected
from services.payments.entitlements.entrypoints import schemas
from services.payments.web import bus, settings, unit_of_work
from shared.auth import current_staff, require_staff

blp = Blueprint("payments", __name__, url_prefix="/api/payments", description="Paying people")
DECIDERS = ("coordinator", "finance_approver", "admin")


def _me() -> Approver:
    staff = current_staff()
    assert staff is not None  # require_staff let them in
    return Approver(staff.id, staff.roles)


def _refused(exc: ApprovalRefused | PolicyRejected) -> None:
    if isinstance(exc, ApprovalRefused) and exc.conflict:
        abort(409, message=exc.message)
    abort(422, message=exc.message)


@blp.route("/activities/<activity_id>/policy")
class Policy(MethodView):
    @require_staff("coordinator", "admin")
    @blp.response(200, schemas.PolicyResponse)
    def get(self, activity_id: Any) -> dict[str, Any]:
        """The activity's payment policy (the organisation's default if none is set)."""
        return views.policy(_id(activity_id), unit_of_work(), settings())

    @require_staff("coordinator", "admin")
    @blp.arguments(schemas.PolicyRequest)
    @blp.response(200, schemas.PolicyResponse)
    def put(self, body: dict[str, Any], activity_id: Any) -> dict[str, Any]:
        """Set what this activity pays; entitlements created afterwards use it."""
        cmd = SetPolicy(_id(activity_id), by=_me().id, **body)
        try:
            bus().handle(cmd)
        except PolicyRejected as exc:
            _refused(exc)
        return views.policy(cmd.activity_id, unit_of_work(), settings())


@blp.route("/entitlements")
class Entitlements(MethodView):
    @require_staff()
    @blp.arguments(schemas.EntitlementQuery, location="query")
    @blp.response(200, schemas.EntitlementResponse(many=True))
    def get(self, query: dict[str, Any]) -> list[dict[str, Any]]:
        """Entitlements, oldest first (at most 500), by status and participant."""
        participant = query["participant_id"]
        return views.entitlements(
            unit_of_work(), query["status"], str(participant) if participant else None
        )

    @require_staff("coordinator", "admin")
    @blp.arguments(schemas.AdjustmentRequest)
    @blp.response(201, schemas.EntitlementResponse)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Enter an amount by hand; someone else must approve it."""
        cmd = AddAdjustment(
            str(body["participant_id"]), str(body["activity_id"]), body["amount_pence"],
            body["note"], _me().id,
        )  # fmt: skip
        try:
            entitlement_id = bus().handle(cmd)
        except ApprovalRefused as exc:
            _refused(exc)
        return _one(entitlement_id)


@blp.route("/entitlements/<entitlement_id>/approve")
class ApproveEntitlement(MethodView):
    @require_staff(*DECIDERS)
    @blp.response(200, schemas.EntitlementResponse)
    @blp.alt_response(409, description="Already decided.")
    @blp.alt_response(422, description="Refused: your own claim, or your role cannot approve now.")
    def post(self, entitlement_id: Any) -> dict[str, Any]:
        """A coordinator approves; above the finance threshold a finance approver then does too."""
        cmd = Approve(_id(entitlement_id), _me())
        _decide(lambda: bus().handle(cmd))
        return _one(cmd.entitlement_id)


@blp.route("/entitlements/<entitlement_id>/reject")
class RejectEntitlement(MethodView):
    @require_staff(*DECIDERS)
    @blp.arguments(schemas.RejectRequest)
    @blp.response(200, schemas.EntitlementResponse)
    def post(self, body: dict[str, Any], entitlement_id: Any) -> dict[str, Any]:
        """Reject with a reason the participant will be told."""
        cmd = Reject(_id(entitlement_id), _me(), body["reason"])
        _decide(lambda: bus().handle(cmd))
        return _one(cmd.entitlement_id)


@blp.route("/entitlements/<entitlement_id>/payout")
class Payout(MethodView):
    @require_staff(*DECIDERS)
    @blp.response(202, schemas.PayoutResponse)
    def post(self, entitlement_id: Any) -> dict[str, str]:
        """Pay an approved claim through Stripe (asking again never pays twice)."""
        cmd = RequestPayout(_id(entitlement_id), _me().id)
        status = _decide(lambda: bus().handle(cmd))
        return {"entitlement_id": _id(entitlement_id), "status": status}


@blp.route("/staff/<staff_id>/participant")
class StaffParticipant(MethodView):
    @require_staff("admin")
    @blp.response(200, schemas.StaffLinkResponse)
    @blp.alt_response(404, description="No such staff member in this organisation.")
    def get(self, staff_id: Any) -> dict[str, Any]:
        """The participant this staff member is, and every change to that link: who made it
        and when, with names (admins only)."""
        try:
            return views.staff_link(_id(staff_id), unit_of_work(), asked_by=_me().id)
        except handlers.NotFound:
            _no_such_staff()

    @require_staff()
    @blp.arguments(schemas.StaffLinkRequest)
    @blp.response(204)
    @blp.alt_response(403, description="Only an admin records this for someone else.")
    def put(self, body: dict[str, Any], staff_id: Any) -> None:
        """Record that a staff member is also a participant: they then never approve, reject or
        pay that participant's claims. Admins record it for anyone; staff for themselves."""
        me = _me()
        if _id(staff_id) != me.id and "admin" not in me.roles:
            abort(403, message="Only an admin can record this for someone else.")
        try:
            cmd = LinkStaff(_id(staff_id), str(body["participant_id"]), me.id, "admin" in me.roles)
            bus().handle(cmd)
        except handlers.NotFound:
            _no_such_staff()
        except ApprovalRefused as exc:
            abort(403, message=exc.message)

    @require_staff("admin")
    @blp.response(204)
    @blp.alt_response(404, description="No such staff member in this organisation.")
    def delete(self, staff_id: Any) -> None:
        """Remove the record (admins only: nobody unlinks themselves to approve their own)."""
        try:
            bus().handle(LinkStaff(_id(staff_id), None, _me().id, by_admin=True))
        except handlers.NotFound:
            _no_such_staff()


def _no_such_staff() -> Any:
    # Another organisation's staff member answers exactly as one nobody knows.
    abort(404, message="No such staff member.")


def _decide(action: Any) -> Any:
    try:
        return action()
    except handlers.NotFound:
        abort(404, message="No such entitlement.")
    except ApprovalRefused as exc:
        _refused(exc)


def _id(value: str) -> str:
    """Ids in paths are UUIDs; anything else names nothing here."""
    try:
        return str(uuid.UUID(value))
    except ValueError:
        abort(404, message="No such thing here.")
        raise


def _one(entitlement_id: str) -> dict[str, Any]:
    found = views.entitlement(entitlement_id, unit_of_work())
    assert found is not None
    return found
