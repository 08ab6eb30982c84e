"""Every route of every service is either public on purpose or checks roles.

The table is the apps' own URL maps (pages and flask-smorest APIs alike), so a new endpoint is
covered the moment it exists: it must either use shared.auth.require_staff or be listed below.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pytest
from flask import Flask

from services.recruitment.staff.domain.staff import ROLES
from shared.config import SERVICE_PORTS, load_settings
from tests.support import migrated_engine, service_app

# Endpoints anyone may use, and why. Anything else must require a staff role.
PUBLIC = {
    "static",  # Flask's own static files (empty folders today)
    "live",
    "ready",  # health checks for the orchestrator
    "metrics",  # scraped by Prometheus on the internal network; nginx does not route it
    "api-docs.openapi_json",  # the published API description
    "participants.Participants",  # the public sign-up API
    "notifications.DevelopmentOutbox",  # development only: 404 unless CHORUS_ENV=development
    "pages.home",
    "pages.privacy",
    "pages.accessibility",
    "pages.sign_in",
    "pages.sign_out",  # signing in and out must work when signed out
    "twilio.InboundSmsWebhook",  # authenticated by Twilio's signature, not a session
    "twilio.StatusCallbackWebhook",
    "stripe.stripe_webhook",  # authenticated by Stripe's signature and timestamp, not a session
    "dev.outbox",  # development only (404 otherwise): how a newcomer tries the SMS journeys
    "dev.simulator",
    "links.ask_for_link",  # a participant's way in: ask for a link, open it, leave
    "links.open_link",
    "links.new_link",  # a used or expired link asks for a fresh one, sent where the old one went
    "links.sign_out",
    "signup.open_activities",  # the public pages of open activities and their sign-up forms
    "signup.activity_page",
    "signup.channel_page",
    "calendar_feed.calendar_feed",  # a calendar app cannot sign in: the long secret is the key
    "outcomes.public_page",  # "you said, we did": an activity's published outcomes, for anyone
}


def make_app(service: str, tmp_path: Path) -> Flask:
    return service_app(service, load_settings(service), migrated_engine(service, tmp_path))


def routes(app: Flask) -> list[tuple[str, str, str, tuple[str, ...] | None]]:
    found = []
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        view_class = getattr(view, "view_class", None)  # flask-smorest MethodViews
        path = rule.rule
        for name in rule.arguments:
            path = path.replace(f"<{name}>", str(uuid.uuid4())).replace(f"<string:{name}>", "x")
            path = path.replace(f"<int:{name}>", "1")
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            handler = getattr(view_class, method.lower(), None)
            roles = getattr(view, "required_roles", None) or getattr(
                handler, "required_roles", None
            )
            found.append((rule.endpoint, method, path, roles))
    return found


def as_staff(client, roles: set[str]) -> None:  # type: ignore[no-untyped-def]
    with client.session_transaction() as session:
        session["staff"] = {
            "id": str(uuid.uuid4()),
            "name": "Test",
            "roles": sorted(roles),
            "issued_at": datetime.now(UTC).isoformat(),
        }


@pytest.mark.parametrize("service", list(SERVICE_PORTS))
def test_every_route_is_public_on_purpose_or_checks_roles(service: str, tmp_path: Path) -> None:
    app = make_app(service, tmp_path)
    app.config["WTF_CSRF_ENABLED"] = False  # this test is about roles; CSRF is tested elsewhere
    unlisted = [(e, m, p) for e, m, p, roles in routes(app) if roles is None and e not in PUBLIC]
    assert unlisted == [], "protect these with shared.auth.require_staff or add them to PUBLIC"

    for endpoint, method, path, roles in routes(app):
        if roles is None:
            continue
        anonymous = app.test_client().open(path, method=method)
        if roles == ("participant",):
            # Only a participant's own magic-link session opens these; staff do not either.
            staff = app.test_client()
            as_staff(staff, set(ROLES))
            for client_response in (anonymous, staff.open(path, method=method)):
                assert client_response.status_code == 302, (endpoint, method)
                # Asked for a link that comes back here.
                asked = client_response.headers["Location"]
                assert asked == f"/join/link?{urlencode({'next': path})}", (endpoint, method)
            continue
        if path.startswith("/api/"):
            assert anonymous.status_code == 401, (endpoint, method)
        else:
            assert anonymous.status_code == 302, (endpoint, method)
            assert anonymous.headers["Location"].startswith("/staff/sign-in?next=")
        wrong = set(ROLES) - set(roles)
        if roles == ("any staff",) or not wrong:
            continue
        client = app.test_client()
        as_staff(client, wrong)
        assert client.open(path, method=method).status_code == 403, (endpoint, method, wrong)
        allowed = app.test_client()
        as_staff(allowed, set(roles))
        assert allowed.open(path, method=method).status_code not in (401, 403), (endpoint, method)


def test_the_matrix_sees_protected_pages(tmp_path: Path) -> None:
    """Guard against a matrix that silently checks nothing."""
    protected = {e for e, _m, _p, roles in routes(make_app("recruitment", tmp_path)) if roles}
    assert {"pages.accounts", "pages.new_account", "pages.staff_home"} <= protected


def test_the_matrix_sees_protected_notifications_routes(tmp_path: Path) -> None:
    protected = {e for e, _m, _p, roles in routes(make_app("notifications", tmp_path)) if roles}
    assert {"staff_messages.message_log", "previews.TemplatePreview"} <= protected
