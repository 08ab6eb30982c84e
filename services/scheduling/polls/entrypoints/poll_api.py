"""Availability polls ("find a time first"), under /api/scheduling/polls, coordinators and admins
only: propose up to 9 times, invite people, read the counts with the help those who can come
would need, close the poll, and turn the best times into a session's slots."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from services.scheduling.polls.commands import (
    ClosePoll,
    CreatePoll,
    InviteToPoll,
    ScheduleFromPoll,
)
from services.scheduling.polls.domain import MAX_OPTIONS, OptionPlan, PollRefused, PollRejected
from services.scheduling.ports import NotFound
from services.scheduling.sessions.domain.planning import (
    ACCESS_FEATURES,
    FORMATS,
    MAX_CAPACITY,
    SessionRejected,
)
from services.scheduling.web import handle, now, reads
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

blp = Blueprint(
    "scheduling_polls",
    __name__,
    url_prefix="/api/scheduling/polls",
    description="Availability polls: find a time before fixing slots",
)


class OptionRequest(Schema):
    starts_at = fields.AwareDateTime(required=True, metadata={"example": "2026-12-03T10:30:00Z"})
    ends_at = fields.AwareDateTime(required=True)


class CreatePollRequest(Schema):
    activity_id = fields.UUID(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=120))
    format = fields.String(required=True, validate=validate.OneOf(FORMATS))
    location = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=300))
    joining_url = fields.Url(
        load_default=None, allow_none=True, schemes={"https"}, validate=validate.Length(max=500)
    )
    options = fields.List(
        fields.Nested(OptionRequest),
        required=True,
        validate=validate.Length(1, MAX_OPTIONS),
        metadata={"description": "Numbered 1 to 9 in time order."},
    )
    closes_at = fields.AwareDateTime(required=True)


class NumberedOption(Schema):
    number = fields.Integer()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()


class CreatedPoll(Schema):
    poll_id = fields.String()
    options = fields.List(fields.Nested(NumberedOption))


class InviteRequest(Schema):
    participant_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(1, 500))


class Invited(Schema):
    invited = fields.List(fields.String(), metadata={"description": "newly invited"})
    already_invited = fields.List(fields.String())


class OptionResult(Schema):
    number = fields.Integer()
    starts_at = fields.AwareDateTime()
    ends_at = fields.AwareDateTime()
    count = fields.Integer(metadata={"description": "how many it suits"})
    participants = fields.List(fields.String())
    needs = fields.Dict(keys=fields.String(), values=fields.Integer())
    needs_summary = fields.String(metadata={"example": "2 need step-free access, 1 carer"})
    session_id = fields.String(
        allow_none=True, metadata={"description": "the session this time became, if it did"}
    )


class PollResults(Schema):
    poll_id = fields.String()
    activity_id = fields.String()
    title = fields.String()
    format = fields.String()
    location = fields.String(allow_none=True)
    joining_url = fields.String(allow_none=True)
    closes_at = fields.AwareDateTime()
    status = fields.String(metadata={"description": "open | closed"})
    invited = fields.Integer()
    answered = fields.Integer()
    none_suit = fields.Integer()
    options = fields.List(fields.Nested(OptionResult))


class ScheduleRequest(Schema):
    options = fields.List(
        fields.Integer(validate=validate.Range(1, MAX_OPTIONS)),
        required=True,
        validate=validate.Length(1, MAX_OPTIONS),
        metadata={"description": "the option numbers to offer as slots"},
    )
    capacity = fields.Integer(required=True, validate=validate.Range(1, MAX_CAPACITY))
    access_features = fields.List(
        fields.String(validate=validate.OneOf(ACCESS_FEATURES)), load_default=list
    )
    requires_approval = fields.Boolean(load_default=False)


class Scheduled(Schema):
    session_id = fields.String()
    slot_ids = fields.List(fields.String())


def _results(poll_id: str) -> dict[str, Any]:
    found = reads("poll_reads").results(poll_id, now())
    if found is None:
        abort(404, message="There is no such poll.")
    return found


@blp.route("")
class Polls(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(CreatePollRequest)
    @blp.response(201, CreatedPoll)
    @blp.alt_response(404, description="The activity is another organisation's.")
    @blp.alt_response(422, description="A time or the closing time does not fit.")
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Propose up to 9 times; nobody is asked until they are invited."""
        cmd = CreatePoll(
            activity_id=str(body["activity_id"]),
            title=body["title"],
            format=body["format"],
            location=body["location"],
            joining_url=body["joining_url"],
            options=tuple(OptionPlan(o["starts_at"], o["ends_at"]) for o in body["options"]),
            closes_at=body["closes_at"],
        )
        try:
            poll = handle(cmd)
        except NotFound as exc:
            abort(404, message=str(exc))  # another organisation's activity
        except PollRejected as exc:
            abort(422, errors={"json": {exc.field: [exc.message]}}, message=exc.message)
        options = [
            {"number": o.number, "starts_at": o.starts_at, "ends_at": o.ends_at}
            for o in poll.options
        ]
        return {"poll_id": poll.id, "options": options}


@blp.route("/<poll_id>")
class InvitedPoll(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, PollResults)
    @blp.alt_response(404, description="No such poll.")
    def get(self, poll_id: str) -> dict[str, Any]:
        """How many each time suits, and the help those people would need."""
        return _results(poll_id)


@blp.route("/<poll_id>/invitations")
class Invitations(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(InviteRequest)
    @blp.response(200, Invited)
    @blp.alt_response(
        404,
        description="No such poll, or someone the poll's organisation does not know (an"
        " unknown id, or another organisation's person): nobody is invited.",
    )
    @blp.alt_response(409, description="The poll has closed.")
    def post(self, body: dict[str, Any], poll_id: str) -> dict[str, Any]:
        """Invite people recruitment invited to one of the organisation's activities: each is
        told the numbered times once, by their preferred way."""
        asked = [str(p) for p in body["participant_ids"]]
        try:
            invited = handle(InviteToPoll(poll_id, asked))
        except NotFound as exc:  # PeopleNotFound says how many were not found, the same for
            abort(404, message=str(exc))  # an unknown id and another organisation's person
        except PollRefused as exc:
            abort(409, message=exc.message)
        already = [p for p in dict.fromkeys(asked) if p not in invited]
        return {"invited": invited, "already_invited": already}


@blp.route("/<poll_id>/close")
class Close(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, PollResults)
    @blp.alt_response(404, description="No such poll.")
    def post(self, poll_id: str) -> dict[str, Any]:
        """Stop taking answers (closing twice changes nothing)."""
        try:
            handle(ClosePoll(poll_id))
        except NotFound as exc:
            abort(404, message=str(exc))
        return _results(poll_id)


@blp.route("/<poll_id>/sessions")
class Sessions(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(ScheduleRequest)
    @blp.response(201, Scheduled)
    @blp.alt_response(404, description="No such poll.")
    @blp.alt_response(409, description="A chosen time is already a session.")
    @blp.alt_response(422, description="Not one of the poll's times, or a time has passed.")
    def post(self, body: dict[str, Any], poll_id: str) -> dict[str, Any]:
        """Turn the chosen times into a session's slots; each slot is announced."""
        try:
            session = handle(
                ScheduleFromPoll(
                    poll_id,
                    body["options"],
                    body["capacity"],
                    tuple(body["access_features"]),
                    body["requires_approval"],
                )
            )
        except NotFound as exc:
            abort(404, message=str(exc))
        except PollRefused as exc:
            abort(409 if exc.reason == "scheduled" else 422, message=exc.message)
        except SessionRejected as exc:
            abort(422, errors={"json": {exc.field: [exc.message]}}, message=exc.message)
        return {"session_id": session.id, "slot_ids": [slot.id for slot in session.slots]}
