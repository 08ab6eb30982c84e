"""The shapes of scheduling's API requests and responses."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from services.scheduling.booking.service_layer.results import BookingResult
from services.scheduling.sessions.domain.planning import (
    ACCESS_FEATURES,
    FORMATS,
    MAX_CAPACITY,
    MAX_SLOTS,
)
from shared.pages.formats import uk_datetime


class SlotRequest(Schema):
    starts_at = fields.AwareDateTime(required=True, metadata={"example": "2026-12-03T10:30:00Z"})
    ends_at = fields.AwareDateTime(required=True)
    capacity = fields.Integer(
        required=True,
        validate=validate.Range(1, MAX_CAPACITY, error=f"Offer 1 to {MAX_CAPACITY} places."),
    )
    booking_opens_at = fields.AwareDateTime(load_default=None, allow_none=True)
    booking_closes_at = fields.AwareDateTime(
        load_default=None, allow_none=True, metadata={"description": "Default: the start."}
    )
    cancel_by = fields.AwareDateTime(
        load_default=None, allow_none=True, metadata={"description": "Default: the start."}
    )
    min_group_size = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(1, MAX_CAPACITY),
        metadata={"description": "Fewer booked by decision_at: the coordinator is asked."},
    )
    decision_at = fields.AwareDateTime(
        load_default=None,
        allow_none=True,
        metadata={"description": "Default: 2 days before the start (with a minimum group size)."},
    )


class CreateSessionRequest(Schema):
    activity_id = fields.UUID(required=True)
    activity_title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    format = fields.String(required=True, validate=validate.OneOf(FORMATS))
    location = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=300),
        metadata={"description": "Venue name and address (in person and hybrid)."},
    )
    directions = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=500),
        metadata={"example": "Enter by the side door on Park Lane"},
    )
    access_features = fields.List(
        fields.String(validate=validate.OneOf(ACCESS_FEATURES)), load_default=list
    )
    joining_url = fields.Url(
        load_default=None, allow_none=True, schemes={"https"}, validate=validate.Length(max=500)
    )
    slots = fields.List(
        fields.Nested(SlotRequest),
        required=True,
        validate=validate.Length(1, MAX_SLOTS, error=f"Offer between 1 and {MAX_SLOTS} times."),
    )
    requires_approval = fields.Boolean(
        load_default=False,
        metadata={"description": "A coordinator approves each booking; pending ones hold a place."},
    )


class CreatedSession(Schema):
    session_id = fields.UUID(required=True)
    slot_ids = fields.List(fields.UUID(), required=True)


class Times(Schema):
    starts_at = fields.AwareDateTime(required=True)
    ends_at = fields.AwareDateTime(required=True)
    starts_at_uk = fields.Method(
        "_uk", metadata={"description": "The start in UK time, e.g. 'Tuesday 3 December, 10:30am'."}
    )

    def _uk(self, obj: dict[str, Any]) -> str:
        return uk_datetime(obj["starts_at"])


class SlotDetails(Times):
    slot_id = fields.UUID(required=True)
    capacity = fields.Integer(required=True)
    booked = fields.Integer(required=True)
    places_left = fields.Integer(required=True)
    booking_opens_at = fields.AwareDateTime(required=True)
    booking_closes_at = fields.AwareDateTime(required=True)
    cancel_by = fields.AwareDateTime(required=True)
    min_group_size = fields.Integer(allow_none=True)
    decision_at = fields.AwareDateTime(allow_none=True)
    confirmed_to_run_at = fields.AwareDateTime(allow_none=True)
    below_minimum = fields.Boolean(
        required=True,
        metadata={"description": "Past its decision time with too few booked: run or cancel?"},
    )


class SessionDetails(Schema):
    session_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    activity_title = fields.String(required=True)
    format = fields.String(required=True)
    location = fields.String(allow_none=True)
    directions = fields.String(allow_none=True)
    access_features = fields.List(fields.String(), required=True)
    joining_url = fields.String(allow_none=True)
    bookings_count = fields.Integer(required=True)
    slots = fields.List(fields.Nested(SlotDetails), required=True)


class BookRequest(Schema):
    participant_id = fields.UUID(required=True)


class BookingDetails(Times):
    booking_id = fields.UUID(required=True)
    session_id = fields.UUID(required=True)
    slot_id = fields.UUID(required=True)
    participant_id = fields.UUID(required=True)
    status = fields.String(required=True)


def booking_details(result: BookingResult) -> dict[str, Any]:
    booking, slot = result.booking, result.slot
    return {
        "booking_id": booking.id,
        "session_id": booking.session_id,
        "slot_id": booking.slot_id,
        "participant_id": booking.participant_id,
        "status": booking.status,
        "starts_at": slot.starts_at,
        "ends_at": slot.ends_at,
    }
