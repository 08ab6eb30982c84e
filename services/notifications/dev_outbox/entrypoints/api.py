"""Notifications' HTTP API, under /api/notifications."""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields

from services.notifications.web import views

blp = Blueprint(
    "notifications", __name__, url_prefix="/api/notifications", description="Messages to people"
)


class OutboxQuery(Schema):
    to = fields.String(required=True, metadata={"description": "E.164 number or email address"})


class OutboxMessage(Schema):
    id = fields.String()
    channel = fields.String()
    to = fields.String()
    template = fields.String()
    subject = fields.String()
    body = fields.String()
    status = fields.String()
    provider_ref = fields.String(allow_none=True)
    sender = fields.String(
        allow_none=True, metadata={"description": "What it went out as; null: the deployment"}
    )
    created_at = fields.AwareDateTime()
    sent_at = fields.AwareDateTime(allow_none=True)


@blp.route("/outbox")
class DevelopmentOutbox(MethodView):
    @blp.arguments(OutboxQuery, location="query")
    @blp.response(200, OutboxMessage(many=True))
    def get(self, query: dict[str, Any]) -> list[Any]:
        """What was sent (or would be) to one address, newest last. Development only."""
        if not current_app.config["CHORUS_DEVELOPMENT"]:
            abort(404)
        return views().messages_to(query["to"])
