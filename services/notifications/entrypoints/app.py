"""Notifications' Flask app factory."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine

from services.notifications.adapters.staff_tables import staff_members
from services.notifications.entrypoints.api import blp
from services.notifications.entrypoints.bootstrap import uow_factory
from services.notifications.entrypoints.dev_pages import dev_pages
from services.notifications.entrypoints.my_pages import my_pages
from services.notifications.entrypoints.staff_pages import previews, staff_pages
from services.notifications.entrypoints.staff_preferences import staff_preferences
from services.notifications.entrypoints.twilio_webhooks import twilio
from shared.config import Settings
from shared.db import make_engine
from shared.logging import configure_logging
from shared.pages import csrf
from shared.staff_sessions import projected_checks
from shared.startup_checks import settings_for
from shared.web import create_service_app


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Flask:
    settings = settings or settings_for("notifications", "web")  # refuses unsafe settings
    configure_logging("notifications")
    engine = engine or make_engine(settings.database_url)
    checks = projected_checks(engine, staff_members)  # the staff directory has roles, active
    app, api = create_service_app(settings, "Chorus notifications", engine, checks, __name__)
    app.config["CHORUS_DEVELOPMENT"] = settings.is_development
    app.config["CHORUS_SETTINGS"] = settings
    app.extensions["chorus.uow"] = uow_factory(engine)
    app.extensions["chorus.engine"] = engine
    api.register_blueprint(blp)
    api.register_blueprint(twilio)
    csrf.exempt(twilio)  # Twilio's signature protects it, not a session
    app.register_blueprint(dev_pages)
    app.register_blueprint(staff_pages)
    app.register_blueprint(my_pages)
    app.register_blueprint(staff_preferences)
    api.register_blueprint(previews)
    return app
