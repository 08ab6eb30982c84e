"""Recruitment's Flask app factory: nothing connects until create_app() is called."""

from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine

from services.recruitment.adapters.orm import start_mappers
from services.recruitment.adapters.unit_of_work import RecruitmentUnitOfWork
from services.recruitment.entrypoints.api import blp
from shared.config import Settings, load_settings
from shared.db import make_engine, make_session_factory
from shared.logging import configure_logging
from shared.web import create_service_app


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> Flask:
    settings = settings or load_settings("recruitment")
    configure_logging("recruitment")
    engine = engine or make_engine(settings.database_url)
    start_mappers()
    sessions = make_session_factory(engine)
    app, api = create_service_app(settings, "Chorus recruitment", engine)
    app.extensions["chorus.uow"] = lambda: RecruitmentUnitOfWork(sessions)
    api.register_blueprint(blp)
    return app
