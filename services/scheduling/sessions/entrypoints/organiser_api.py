"""Organisers' decisions after booking: attendance, calling a session off, and who is coming
with what help they need. Under /api/scheduling, coordinators and admins only."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from services.scheduling.attendance.commands import RecordAttendance
from services.scheduling.attendance.domain import OUTCOMES
from services.scheduling.booking.entrypoints.refusals import refuse
from services.scheduling.ports import NotFound
from services.scheduling.sessions.commands import CancelSession
from services.scheduling.sessions.domain.booking import BookingRefused
from services.scheduling.web import handle, reads
from shared.auth import current_staff, require_staff
from shared.vocabulary.recruitment import ORGANISERS

blp = Blueprint(
    "scheduling_organisers",
    __name__,
    url_prefix="/api/scheduling",
    description="Attendance, cancelling sessions, and arrangements",
)


class AttendanceRequest(Schema):
    outcome = fields.String(required=True, validate=validate.OneOf(OUTCOMES))
    minutes = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))


class AttendanceAnswer(Schema):
    booking_id = fields.String()
    outcome = fields.String()
    minutes = fields.Integer()


class SlotPeople(Schema):
    slot_id = fields.String()
    starts_at = fields.AwareDateTime()
    booked = fields.List(fields.String(), metadata={"description": "participant ids"})
    needs = fields.Dict(keys=fields.String(), values=fields.Integer())
    needs_summary = fields.String(metadata={"example": "2 need step-free access, 1 carer"})


class SessionPeople(Schema):
    session_id = fields.String()
    cancelled_at = fields.AwareDateTime(allow_none=True)
    slots = fields.List(fields.Nested(SlotPeople))


@blp.route("/bookings/<booking_id>/attendance")
class AttendanceView(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(AttendanceRequest)
    @blp.response(201, AttendanceAnswer)
    @blp.alt_response(404, description="No such booking.")
    @blp.alt_response(409, description="Already recorded, not booked, or not started yet.")
    @blp.alt_response(422, description="The minutes do not fit the outcome.")
    def post(self, body: dict[str, Any], booking_id: str) -> dict[str, Any]:
        """Record how the person took part; payments pays from it."""
        staff = current_staff()
        assert staff is not None  # require_staff let us in
        try:
            record = handle(
                RecordAttendance(booking_id, body["outcome"], body["minutes"], staff.id)
            )
        except NotFound as exc:
            abort(404, message=str(exc))
        except BookingRefused as exc:
            refuse(exc)
        return {
            "booking_id": record.booking_id,
            "outcome": record.outcome,
            "minutes": record.minutes,
        }


@blp.route("/sessions/<session_id>/cancel")
class CancelSessionView(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, SessionPeople)
    @blp.alt_response(404, description="No such session.")
    @blp.alt_response(409, description="The session has already taken place.")
    def post(self, session_id: str) -> dict[str, Any]:
        """Call the session off: everyone booked is told, by the way they prefer."""
        try:
            handle(CancelSession(session_id))
        except NotFound as exc:
            abort(404, message=str(exc))
        except BookingRefused as exc:
            refuse(exc)
        return reads("session_reads").people(session_id) or {}


@blp.route("/sessions/<session_id>/people")
class SessionPeopleView(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, SessionPeople)
    @blp.alt_response(404, description="No such session.")
    def get(self, session_id: str) -> dict[str, Any]:
        """Who is booked at each time, and a summary of the help to arrange."""
        people = reads("session_reads").people(session_id)
        if people is None:
            abort(404, message="There is no such session.")
        return people
