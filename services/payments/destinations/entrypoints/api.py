"""Where a participant is paid, changed by staff under four eyes (destinations/service_layer.py):
one finance approver proposes, a second confirms; the participant is told of each proposal."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from services.payments.destinations.commands import ConfirmDestination, ProposeDestination
from services.payments.entitlements.domain.model import ApprovalRefused
from services.payments.entitlements.entrypoints import schemas
from services.payments.entitlements.entrypoints.api import _id, _me, _refused
from services.payments.entitlements.service_layer import NotFound
from services.payments.web import bus
from shared.auth import require_staff

destination_blp = Blueprint(
    "payment_destinations", __name__, url_prefix="/api/payments", description="Where we pay"
)
FINANCE = ("finance_approver", "admin")


@destination_blp.route("/participants/<participant_id>/stripe-account")
class StripeAccount(MethodView):
    @require_staff(*FINANCE)
    @destination_blp.arguments(schemas.StripeAccountRequest)
    @destination_blp.response(202, schemas.DestinationChangeResponse)
    @destination_blp.alt_response(404, description="Nobody this organisation pays.")
    def put(self, body: dict[str, Any], participant_id: Any) -> dict[str, str]:
        """Propose the participant's Stripe connected account. Payouts keep going where they
        went (or wait) until a second finance approver confirms; the participant is told."""
        try:
            change = bus().handle(
                ProposeDestination(_id(participant_id), body["account_id"], _me())
            )
        except NotFound:
            abort(404, message="No such participant.")  # another organisation's, or nobody
        except ApprovalRefused as exc:
            _refused(exc)
        return {"change_id": change, "status": "waiting_for_a_second_person"}


@destination_blp.route("/participants/<participant_id>/stripe-account/confirm")
class ConfirmStripeAccount(MethodView):
    @require_staff(*FINANCE)
    @destination_blp.response(200, schemas.DestinationChangeResponse)
    @destination_blp.alt_response(404, description="No change is waiting for this participant.")
    def post(self, participant_id: Any) -> dict[str, str]:
        """Confirm the latest proposed change (not the proposer's own, nor one paying you)."""
        try:
            change = bus().handle(ConfirmDestination(_id(participant_id), _me()))
        except NotFound:
            abort(404, message="No change of where they are paid is waiting.")
        except ApprovalRefused as exc:
            _refused(exc)
        return {"change_id": change, "status": "confirmed"}
