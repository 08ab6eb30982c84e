"""Scheduling Flask app factory.

Health and OpenAPI now; its pages and API come with the scheduling issue.
"""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine

from shared.config import Settings, load_settings
from shared.db import make_engine
from shared.logging import configure_logging
from shared.staff_sessions import valid_after_lookup
from shared.web import create_service_app


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Flask:
    settings = settings or load_settings("scheduling")
    configure_logging("scheduling")
    engine = engine or make_engine(settings.database_url)
    app, _api = create_service_app(
        settings, "Chorus scheduling", engine, valid_after_lookup(engine), __name__
    )
    return app
