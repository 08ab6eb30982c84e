"""Coordinators' equality monitoring report: counts only, never a person, small numbers hidden.
Under /api/recruitment; coordinators and admins."""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields, validate

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.equality.service_layer import equality
from services.recruitment.web import dependency, unit_of_work
from shared.auth import require_staff
from shared.vocabulary.recruitment import ORGANISERS

blp = Blueprint(
    "recruitment_equality",
    __name__,
    url_prefix="/api/recruitment",
    description="Equality monitoring, in aggregate only",
)


class WhoQuery(Schema):
    who = fields.String(load_default="signed_up", validate=validate.OneOf(equality.WHO))


class CellAnswer(Schema):
    answer = fields.String()
    count = fields.Integer(allow_none=True, metadata={"description": "null when hidden"})
    shown = fields.String(metadata={"description": 'the count, or "fewer than 5"'})


class QuestionAnswer(Schema):
    question = fields.String()
    total = fields.Integer(allow_none=True)
    rows = fields.List(fields.Nested(CellAnswer))


class EqualityReport(Schema):
    activity_id = fields.String()
    who = fields.String()
    people = fields.Integer(allow_none=True)
    suppressed_below = fields.Integer(dump_default=5)
    questions = fields.List(fields.Nested(QuestionAnswer))


def report(activity_id: str, who: str) -> dict[str, Any]:
    try:
        return equality.equality_report(
            activity_id, who, unit_of_work(), dependency("answers_on"), dependency("deprivation")
        )
    except NotFound:
        abort(404, message="There is no activity with this id.")


@blp.route("/activities/<activity_id>/equality")
class ActivityEquality(MethodView):
    @require_staff(*ORGANISERS)
    @blp.arguments(WhoQuery, location="query")
    @blp.response(200, EqualityReport)
    def get(self, query: dict[str, Any], activity_id: str) -> dict[str, Any]:
        """Answers to the equality questions of everyone who signed up (or took part), counted;
        any count under 5 is shown as "fewer than 5", and one more is hidden if needed so that
        no hidden count can be worked out from the total."""
        return report(activity_id, query["who"])
