"""Scheduling's Flask app factory: nothing connects until create_app() is called."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from sqlalchemy import Engine

from services.scheduling.adapters.orm import staff_names, start_mappers
from services.scheduling.adapters.unit_of_work import SchedulingUnitOfWork
from services.scheduling.attendance.entrypoints import register_pages
from services.scheduling.booking.entrypoints.activity_pages import activity_pages
from services.scheduling.booking.entrypoints.api import blp
from services.scheduling.booking.entrypoints.booking_pages import booking_pages
from services.scheduling.config import SchedulingSettings
from services.scheduling.config import load_settings as extended
from services.scheduling.my_data.entrypoints import my_data_pages
from services.scheduling.polls.entrypoints.poll_api import blp as poll_blp
from services.scheduling.polls.entrypoints.poll_manage_pages import poll_manage_pages
from services.scheduling.polls.entrypoints.poll_pages import poll_pages
from services.scheduling.sessions.entrypoints.coordinator_pages import coordinator_pages
from services.scheduling.sessions.entrypoints.decision_pages import decision_pages
from services.scheduling.sessions.entrypoints.organiser_api import blp as organiser_blp
from services.scheduling.sessions.entrypoints.session_pages import session_pages
from services.scheduling.waitlist.entrypoints import blp as waitlist_blp
from shared.config import Settings
from shared.db import make_engine, make_session_factory
from shared.logging import configure_logging
from shared.staff_sessions import projected_checks
from shared.startup_checks import settings_for
from shared.web import create_service_app


def scheduling_settings(settings: Settings) -> SchedulingSettings:
    return settings if isinstance(settings, SchedulingSettings) else extended(settings)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Flask:
    settings = settings or settings_for("scheduling", "web")  # refuses unsafe settings
    configure_logging("scheduling")
    engine = engine or make_engine(settings.database_url)
    start_mappers()
    sessions = make_session_factory(engine)
    checks = projected_checks(engine, staff_names)
    app, api = create_service_app(settings, "Chorus scheduling", engine, checks, __name__)
    hold_for = timedelta(hours=scheduling_settings(settings).hold_hours)
    app.extensions["chorus.uow"] = lambda: SchedulingUnitOfWork(sessions, hold_for=hold_for)
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
    return app
