"""Notifications' Flask app factory."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine

from services.notifications.bootstrap import bootstrap, sqlalchemy_uow_factory
from services.notifications.config import NotificationsSettings, load_settings, settings_for
from services.notifications.dev_outbox.entrypoints.api import blp
from services.notifications.dev_outbox.entrypoints.pages import dev_pages
from services.notifications.inbound.entrypoints.twilio_webhooks import twilio
from services.notifications.messages.entrypoints.staff_pages import previews, staff_pages
from services.notifications.my_data.entrypoints import my_pages
from services.notifications.staff_notices.adapters.tables import staff_members
from services.notifications.staff_notices.entrypoints.preferences import staff_preferences
from shared.bus.messagebus import MessageBus
from shared.db import make_engine
from shared.logging import configure_logging
from shared.pages import csrf
from shared.staff_sessions import projected_checks
from shared.web import create_service_app, install_bus


def create_app(
    settings: NotificationsSettings | None = None,
    engine: Engine | None = None,
    bus: MessageBus | None = None,
) -> Flask:
    """The web app around a bus (bootstrapped from the settings and engine when not given)."""
    settings = settings or settings_for("web")  # refuses unsafe
    if not isinstance(settings, NotificationsSettings):  # a caller with only the shared ones
        settings = load_settings(common=settings)
    configure_logging("notifications")
    engine = engine or make_engine(settings.database_url)
    bus = bus or bootstrap(uow_factory=sqlalchemy_uow_factory(engine), settings=settings)
    checks = projected_checks(engine, staff_members)  # the staff directory has roles, active
    app, api = create_service_app(settings, "Chorus notifications", engine, checks, __name__)
    app.config["CHORUS_DEVELOPMENT"] = settings.is_development
    install_bus(app, bus)
    api.register_blueprint(blp)
    api.register_blueprint(twilio)
    csrf.exempt(twilio)  # Twilio's signature protects it, not a session
    app.register_blueprint(dev_pages)
    app.register_blueprint(staff_pages)
    app.register_blueprint(my_pages)
    app.register_blueprint(staff_preferences)
    api.register_blueprint(previews)
    return app
