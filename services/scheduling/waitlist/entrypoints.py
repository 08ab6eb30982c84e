"""Waitlists and approvals in scheduling's staff API, under /api/scheduling: join a full time's
waitlist for someone, accept the place held for them, see the queue, approve or reject bookings."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields

from services.scheduling.booking.entrypoints import schemas
from services.scheduling.booking.entrypoints.refusals import answer
from services.scheduling.ports import NotFound
from services.scheduling.waitlist import commands
from services.scheduling.web import now, reads
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

blp = Blueprint(
    "scheduling_waitlists",
    __name__,
    url_prefix="/api/scheduling",
    description="Waitlists, held places and approvals",
)


class JoinRequest(Schema):
    participant_id = fields.UUID(required=True)


class WaitlistEntryDetails(Schema):
    entry_id = fields.UUID(required=True, metadata={"description": "Also the hold's id."})
    participant_id = fields.UUID(required=True)
    position = fields.Integer(allow_none=True, metadata={"description": "None once out of line."})
    state = fields.String(
        required=True, metadata={"description": "waiting, offered, accepted, passed or left."}
    )
    joined_at = fields.AwareDateTime(required=True)
    offered_at = fields.AwareDateTime(allow_none=True)
    hold_expires_at = fields.AwareDateTime(allow_none=True)
    hold_lapsed = fields.Boolean(required=True, metadata={"description": "Not yet passed on."})
    booking_id = fields.UUID(allow_none=True)


class JoinedDetails(Schema):
    entry_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    state = fields.String(required=True)
    position = fields.Integer(required=True)


class SlotWaitlist(Schema):
    slot_id = fields.UUID(required=True)
    capacity = fields.Integer(required=True)
    booked = fields.Integer(required=True)
    pending = fields.Integer(required=True)
    held = fields.Integer(required=True)
    places_left = fields.Integer(required=True)
    entries = fields.List(fields.Nested(WaitlistEntryDetails), required=True)


@blp.route("/slots/<slot_id>/waitlist")
class SlotWaitlistView(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, SlotWaitlist)
    @blp.alt_response(404, description="No such time.")
    def get(self, slot_id: str) -> dict[str, Any]:
        """The queue in order, with each entry's state and any hold's expiry."""
        try:
            return reads("waitlist_reads").queue(slot_id, now())
        except NotFound as exc:
            abort(404, message=str(exc))

    @require_staff(*ORGANISERS)
    @blp.arguments(JoinRequest)
    @blp.response(201, JoinedDetails, description="Joined (or already in the queue).")
    @blp.alt_response(404, description="No such time.")
    @blp.alt_response(409, description="There are places, or they are booked in this session.")
    @blp.alt_response(422, description="Booking has closed for this time.")
    def post(self, body: dict[str, Any], slot_id: str) -> dict[str, Any]:
        """Put someone on a full time's waitlist (joining twice is one entry)."""
        result = answer(commands.JoinWaitlist(slot_id, str(body["participant_id"])))
        return {
            "entry_id": result.entry.id,
            "slot_id": result.slot.id,
            "participant_id": result.entry.participant_id,
            "state": result.entry.status,
            "position": result.position,
        }


@blp.route("/holds/<hold_id>/accept")
class AcceptHold(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(201, schemas.BookingDetails, description="Booked (pending if it needs approval).")
    @blp.alt_response(200, schema=schemas.BookingDetails, description="Already accepted.")
    @blp.alt_response(404, description="No such hold.")
    @blp.alt_response(409, description="The hold has lapsed or passed on.")
    def post(self, hold_id: str) -> tuple[dict[str, Any], int]:
        """Take the place held for someone, on their behalf."""
        result = answer(commands.AcceptHold(hold_id))
        return schemas.booking_details(result), 201 if result.created else 200


@blp.route("/bookings/<booking_id>/approve")
class ApproveBooking(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, schemas.BookingDetails)
    @blp.alt_response(404, description="No such booking.")
    @blp.alt_response(409, description="Not waiting for approval.")
    def post(self, booking_id: str) -> dict[str, Any]:
        """Approve a pending booking: it is confirmed (approving twice changes nothing)."""
        result = answer(commands.ApproveBooking(booking_id))
        return schemas.booking_details(result)


@blp.route("/bookings/<booking_id>/reject")
class RejectBooking(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, schemas.BookingDetails)
    @blp.alt_response(404, description="No such booking.")
    @blp.alt_response(409, description="Not waiting for approval.")
    def post(self, booking_id: str) -> dict[str, Any]:
        """Reject a pending booking: its place goes to the first person waiting."""
        result = answer(commands.RejectBooking(booking_id))
        return schemas.booking_details(result)
