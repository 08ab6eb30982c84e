"""Coordinators' reach reports: sign-ups and took-part against the activity's targets, by group,
channel and partner (JSON and CSV), and per partner organisation. Under /api/recruitment."""

from __future__ import annotations

from typing import Any

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields

from services.recruitment.activities.service_layer.activities import NotFound
from services.recruitment.outcomes.service_layer.views import told_counts
from services.recruitment.reach.domain.reach import Reach
from services.recruitment.reach.service_layer import reach
from services.recruitment.web import unit_of_work
from shared.auth import require_staff
from shared.csv_cells import csv_text
from shared.vocabulary.recruitment import ORGANISERS

blp = Blueprint(
    "recruitment_reach",
    __name__,
    url_prefix="/api/recruitment",
    description="Reach against target, and the per-partner report",
)
NO_ACTIVITY = "There is no activity with this id."


class TargetRow(Schema):
    group = fields.String()
    target = fields.Integer()
    signed_up = fields.Integer()
    took_part = fields.Integer()
    short = fields.Integer(metadata={"description": "how many more sign-ups the target needs"})
    took_part_short = fields.Integer()
    met = fields.Boolean()
    gap = fields.String(metadata={"example": "place:LS7: 3 of 10, 7 short"})


class GroupRow(Schema):
    value = fields.String()
    signed_up = fields.Integer()
    took_part = fields.Integer()


class ToldRow(Schema):
    outcome_id = fields.String()
    title = fields.String()
    told = fields.Integer(metadata={"description": "contributors told when it was published"})


class ToldAnswer(Schema):
    told = fields.Integer(metadata={"description": "all published outcomes' told added up"})
    outcomes = fields.List(fields.Nested(ToldRow), metadata={"description": "published only"})


class ReachAnswer(Schema):
    activity_id = fields.String()
    title = fields.String()
    signed_up = fields.Integer()
    took_part = fields.Integer()
    withdrawn = fields.Integer()
    targets = fields.List(fields.Nested(TargetRow))
    gaps = fields.List(fields.String(), metadata={"description": "targets not yet met"})
    by_group = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(GroupRow)))
    told = fields.Nested(
        ToldAnswer, metadata={"description": '"You said, we did": how many contributors were told'}
    )


class PartnerRow(Schema):
    partner = fields.String(allow_none=True, metadata={"description": "null: no partner"})
    codes = fields.List(fields.String())
    signed_up = fields.Integer()
    took_part = fields.Integer()
    withdrawn = fields.Integer()


def reach_view(activity_id: str) -> dict[str, Any]:
    try:
        title, found = reach.activity_reach(activity_id, unit_of_work())
    except NotFound:
        abort(404, message=NO_ACTIVITY)
    # After the 404: another organisation's activity says nothing of its outcomes.
    return {**_as_dict(activity_id, title, found), "told": told_counts(activity_id, unit_of_work())}


def _as_dict(activity_id: str, title: str, found: Reach) -> dict[str, Any]:
    groups = {
        kind: [{"value": v, "signed_up": s, "took_part": t} for v, (s, t) in rows.items()]
        for kind, rows in found.by_group.items()
    }
    return {
        "activity_id": activity_id,
        "title": title,
        "signed_up": found.signed_up,
        "took_part": found.took_part,
        "withdrawn": found.withdrawn,
        "targets": found.targets,
        # Biggest shortfall first: that is where re-targeting helps most.
        "gaps": [
            t.gap for t in sorted(found.targets, key=lambda t: (-t.short, t.group)) if not t.met
        ],
        "by_group": groups,
    }


@blp.route("/activities/<activity_id>/reach")
class ActivityReach(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, ReachAnswer)
    def get(self, activity_id: str) -> dict[str, Any]:
        """Who signed up and who took part, against each target, with the gaps."""
        return reach_view(activity_id)


@blp.route("/activities/<activity_id>/reach.csv")
class ActivityReachCsv(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, content_type="text/csv")
    def get(self, activity_id: str) -> Response:
        """The same as /reach, one row per target and per group, for a spreadsheet."""
        view = reach_view(activity_id)
        rows: list[list[object]] = [
            ["section", "group", "target", "signed_up", "took_part", "short", "gap"]
        ]
        for t in view["targets"]:
            rows.append(["target", t.group, t.target, t.signed_up, t.took_part, t.short, t.gap])
        for kind, groups in view["by_group"].items():
            for row in groups:
                group = f"{kind}:{row['value']}"
                rows.append(["group", group, "", row["signed_up"], row["took_part"], "", ""])
        name = f"reach-{activity_id}.csv"
        return Response(
            csv_text(rows),
            mimetype="text/csv",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


@blp.route("/activities/<activity_id>/partners")
class ActivityPartners(MethodView):
    @require_staff(*ORGANISERS)
    @blp.response(200, PartnerRow(many=True))
    def get(self, activity_id: str) -> list[dict[str, Any]]:
        """Sign-ups and took-part per partner organisation, with the codes they hand out."""
        try:
            return reach.partner_report(activity_id, unit_of_work())
        except NotFound:
            abort(404, message=NO_ACTIVITY)
