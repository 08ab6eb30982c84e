"""Scheduling's Flask app factory: nothing connects until create_app() is called."""

from __future__ import annotations

from flask import Flask

from services.scheduling.adapters.tables.people import staff_names
from services.scheduling.arrangements.entrypoints.pages import arrangement_pages
from services.scheduling.attendance.entrypoints import register_pages
from services.scheduling.booking.entrypoints.activity_pages import activity_pages
from services.scheduling.booking.entrypoints.api import blp
from services.scheduling.booking.entrypoints.booking_pages import booking_pages
from services.scheduling.bootstrap import bootstrap
from services.scheduling.calendar_feed.entrypoints import calendar_pages
from services.scheduling.config import settings_for
from services.scheduling.feedback.entrypoints.form_pages import form_pages as feedback_pages
from services.scheduling.feedback.entrypoints.summary_pages import summary_pages as feedback_summary
from services.scheduling.my_data.entrypoints import my_data_pages
from services.scheduling.panels.entrypoints.manage_pages import panel_manage_pages
from services.scheduling.panels.entrypoints.member_pages import panel_member_pages
from services.scheduling.polls.entrypoints.poll_api import blp as poll_blp
from services.scheduling.polls.entrypoints.poll_manage_pages import poll_manage_pages
from services.scheduling.polls.entrypoints.poll_pages import poll_pages
from services.scheduling.sessions.entrypoints.coordinator_pages import coordinator_pages
from services.scheduling.sessions.entrypoints.decision_pages import decision_pages
from services.scheduling.sessions.entrypoints.organiser_api import blp as organiser_blp
from services.scheduling.sessions.entrypoints.session_pages import session_pages
from services.scheduling.waitlist.entrypoints import blp as waitlist_blp
from shared.bus.messagebus import MessageBus
from shared.db import make_engine
from shared.logging import configure_logging
from shared.staff_sessions import projected_checks
from shared.web import create_service_app, install_bus


def create_app(message_bus: MessageBus | None = None) -> Flask:
    """The web app around a bus bootstrap built; with none, from the environment's settings
    (gunicorn's `create_app()`), refusing unsafe ones."""
    if message_bus is None:
        settings = settings_for("web")
        message_bus = bootstrap(settings=settings, engine=make_engine(settings.database_url))
    settings, engine = message_bus.dependencies["settings"], message_bus.dependencies["engine"]
    if settings is None or engine is None:
        raise ValueError("the web app needs a bus bootstrapped with settings and an engine")
    configure_logging("scheduling")
    checks = projected_checks(engine, staff_names)
    app, api = create_service_app(settings, "Chorus scheduling", engine, checks, __name__)
    install_bus(app, message_bus)
    # Every blueprint renders from this module's templates folder (entrypoints/templates).
    # Staff-only and cookie-authenticated, so CSRF stays on: callers send X-CSRFToken.
    api.register_blueprint(blp)
    api.register_blueprint(organiser_blp)
    api.register_blueprint(waitlist_blp)
    api.register_blueprint(poll_blp)
    app.register_blueprint(booking_pages)  # participants' /book pages
    app.register_blueprint(activity_pages)  # choose a time for an activity; waitlists; holds
    app.register_blueprint(my_data_pages)  # /book/me/data(.json): their own data
    app.register_blueprint(coordinator_pages)  # coordinators' /book/manage pages
    app.register_blueprint(decision_pages)  # approvals, adding to waitlists, lapsed holds seen
    app.register_blueprint(register_pages)  # the register and the sign-in sheet
    app.register_blueprint(session_pages)  # coordinators' new sessions and more times
    app.register_blueprint(poll_pages)  # participants' /book/polls/<id> pages
    app.register_blueprint(poll_manage_pages)  # coordinators' /book/manage/polls pages
    app.register_blueprint(arrangement_pages)  # arrangements for needs; /book/manage/venues
    app.register_blueprint(feedback_pages)  # participants' /book/feedback/<id> form
    app.register_blueprint(feedback_summary)  # coordinators' feedback summary and switch
    app.register_blueprint(calendar_pages)  # a coordinator's private calendar feed
    app.register_blueprint(panel_manage_pages)  # coordinators' /book/manage/panels pages
    app.register_blueprint(panel_member_pages)  # members' /book/panels/<activity_id> pages
    return app
