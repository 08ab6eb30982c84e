"""Scheduling's staff API, under /api/scheduling: sessions, their times, and bookings taken
by a coordinator (for someone on the phone). Participants' own pages and texts come later."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from services.scheduling.booking.commands import BookSlot, CancelBooking
from services.scheduling.booking.entrypoints import schemas
from services.scheduling.booking.entrypoints.refusals import answer
from services.scheduling.ports import NotFound
from services.scheduling.sessions.commands import CreateSession
from services.scheduling.sessions.domain.planning import SessionRejected, SlotPlan
from services.scheduling.web import handle, now, reads
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

blp = Blueprint(
    "scheduling", __name__, url_prefix="/api/scheduling", description="Sessions and bookings"
)


@blp.route("/sessions")
class Sessions(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(schemas.CreateSessionRequest)
    @blp.response(201, schemas.CreatedSession)
    @blp.alt_response(404, description="The activity is another organisation's.")
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Create a session with the times people can book; each time is announced."""
        cmd = CreateSession(
            activity_id=str(body["activity_id"]),
            activity_title=body["activity_title"],
            format=body["format"],
            location=body["location"],
            access_features=tuple(body["access_features"]),
            joining_url=body["joining_url"],
            slots=tuple(SlotPlan(**slot) for slot in body["slots"]),
            requires_approval=body["requires_approval"],
            directions=body["directions"],
        )
        try:
            session = handle(cmd)
        except NotFound as exc:
            abort(404, message=str(exc))  # another organisation's activity
        except SessionRejected as exc:
            abort(422, errors={"json": {exc.field: [exc.message]}}, message=exc.message)
        return {"session_id": session.id, "slot_ids": [slot.id for slot in session.slots]}


@blp.route("/sessions/<session_id>")
class BookableSession(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, schemas.SessionDetails)
    @blp.alt_response(404, description="No such session.")
    def get(self, session_id: str) -> dict[str, Any]:
        """A session, its times with the places left, and how many are booked."""
        details = reads("session_reads").details(session_id, now())
        if details is None:
            abort(404, message="There is no such session.")
        return details


@blp.route("/slots/<slot_id>/bookings")
class SlotBookings(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(schemas.BookRequest)
    @blp.response(201, schemas.BookingDetails, description="Booked.")
    @blp.alt_response(200, schema=schemas.BookingDetails, description="Already booked there.")
    @blp.alt_response(404, description="No such time.")
    @blp.alt_response(409, description="Full, or booked at another time in this session.")
    @blp.alt_response(422, description="Booking is not open for this time.")
    def post(self, body: dict[str, Any], slot_id: str) -> tuple[dict[str, Any], int]:
        """Book a place for someone (a coordinator taking a booking by phone)."""
        cmd = BookSlot(slot_id=slot_id, participant_id=str(body["participant_id"]))
        result = answer(cmd)
        return schemas.booking_details(result), 201 if result.created else 200


@blp.route("/bookings/<booking_id>/cancel")
class CancelBookingView(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, schemas.BookingDetails)
    @blp.alt_response(404, description="No such booking.")
    @blp.alt_response(409, description="Past the cancellation cut-off.")
    def post(self, booking_id: str) -> dict[str, Any]:
        """Cancel a booking and free its place (cancelling twice changes nothing)."""
        result = answer(CancelBooking(booking_id))
        return schemas.booking_details(result)
