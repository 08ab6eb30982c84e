"""What coordinators see: the message log (no message text) and template previews."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, render_template, request
from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest import Blueprint as ApiBlueprint
from flask_smorest import abort
from marshmallow import Schema, fields, validate

from services.notifications.domain.sending_as import sending_as
from services.notifications.domain.sms import segments
from services.notifications.messages.adapters.templates import SAMPLE_DATA, template_names
from services.notifications.web import bus, views
from shared.auth import require_staff
from shared.tenancy import organisation_in_scope

staff_pages = Blueprint("staff_messages", __name__, url_prefix="/messages")
previews = ApiBlueprint(
    "previews", __name__, url_prefix="/api/notifications", description="Templates"
)


@staff_pages.get("/log")
@require_staff("coordinator", "admin")
def message_log() -> tuple[str, int]:
    """Who was sent what kind of message, when, how, and what became of it. Never the text."""
    wanted = {name: request.args.get(name, "").strip() for name in ("participant", "activity")}
    errors = {
        name: _("Enter the ID exactly as it appears, like 3f0c9a52-6b1e-4d27-8a94-7c2e5b1d0f68")
        for name, value in wanted.items()
        if value and not _is_uuid(value)
    }
    rows = []
    if not errors:
        rows = views().message_log(wanted["participant"], wanted["activity"])
    page = render_template("messages/log.html", rows=rows, errors=errors, **wanted)
    return page, 400 if errors else 200


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True


class PreviewQuery(Schema):
    channel = fields.String(load_default="sms", validate=validate.OneOf(("sms", "email")))
    language = fields.String(load_default="en", validate=validate.OneOf(("en", "cy")))
    large_print = fields.Boolean(load_default=False)


class Preview(Schema):
    subject = fields.String()
    body = fields.String()
    html = fields.String()
    segments = fields.Integer(allow_none=True, metadata={"description": "SMS segments it costs"})


@previews.route("/templates/<template>/preview")
class TemplatePreview(MethodView):
    @previews.arguments(PreviewQuery, location="query")
    @previews.response(200, Preview)
    @require_staff("coordinator", "admin")
    def get(self, query: dict[str, Any], template: str) -> dict[str, Any]:
        """A template rendered with sample data (a long Welsh name, a full-length link)."""
        if template not in template_names():
            abort(404, message=f"No template called {template!r}.")
        # As the staff member's own organisation would send it (the deployment's outside one).
        mine = organisation_in_scope()
        found = bus().dependencies["organisation_reads"].get(mine) if mine else None
        sender = sending_as(found, query["language"], "")
        sample = {**SAMPLE_DATA, "organisation": sender.name_for(query["channel"])}
        rendered = (
            bus()
            .dependencies["templates"]
            .render(
                template,
                query["channel"],
                query["language"],
                sample,
                large_print=query["large_print"],
            )
        )
        count = segments(rendered.body) if query["channel"] == "sms" else None
        return {
            "subject": rendered.subject,
            "body": rendered.body,
            "html": rendered.html,
            "segments": count,
        }
