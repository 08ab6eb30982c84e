"""Payments Flask app factory: nothing connects until create_app() is called."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import Engine
from werkzeug import exceptions as http

from services.payments.adapters.orm import staff_names
from services.payments.bootstrap import bootstrap, uow_factory
from services.payments.choices.entrypoints import pay_pages
from services.payments.config import load_settings, settings_for
from services.payments.console.entrypoints.claims import console_claims
from services.payments.console.entrypoints.pages import console_pages
from services.payments.destinations.entrypoints.api import destination_blp
from services.payments.destinations.entrypoints.pages import console_destinations
from services.payments.entitlements.entrypoints.api import blp
from services.payments.entitlements.service_layer import NotFound
from services.payments.expenses.entrypoints.api import expense_blp
from services.payments.expenses.entrypoints.pages import expense_pages
from services.payments.my_data.entrypoints import my_data_pages
from services.payments.payouts.entrypoints import stripe_hooks
from services.payments.reconcile.entrypoints import reconcile_blp
from shared.bus.messagebus import MessageBus
from shared.config import Settings
from shared.db import make_engine
from shared.logging import configure_logging
from shared.pages import csrf
from shared.staff_sessions import projected_checks
from shared.web import create_service_app, install_bus


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    bus: MessageBus | None = None,
    **adapters: Any,
) -> Flask:
    """The web app around a bus: bootstrap's, from these settings, engine and any adapters
    given (transfers, connect, receipts, clock), unless a bus is given."""
    # From the environment: checked (refuses unsafe settings); a caller's own are taken as given.
    own = load_settings(settings) if settings else settings_for("web")
    configure_logging("payments")
    engine = engine or make_engine(own.database_url)
    bus = bus or bootstrap(uow_factory=uow_factory(engine), settings=own, **adapters)
    own = bus.dependencies["settings"]
    checks = projected_checks(engine, staff_names)
    app, api = create_service_app(own, "Chorus payments", engine, checks, __name__)
    install_bus(app, bus)
    api.register_blueprint(blp)
    api.register_blueprint(expense_blp)  # expense claims, budgets, finance export
    api.register_blueprint(reconcile_blp)  # our payouts against Stripe's transfers
    api.register_blueprint(destination_blp)  # where someone is paid: four eyes
    app.register_blueprint(stripe_hooks)
    csrf.exempt(stripe_hooks)  # Stripe's signature protects it, not a session
    app.register_blueprint(pay_pages)  # /pay, and finance's tax-year totals
    app.register_blueprint(expense_pages)  # /pay/expenses: the participant's expense form
    app.register_blueprint(console_pages)  # /pay/manage: staff decide, pay and try again
    app.register_blueprint(console_claims)  # budgets, and claims entered for SMS-only people
    app.register_blueprint(console_destinations)  # where people are paid: the second person
    app.register_blueprint(my_data_pages)  # /pay/me/data(.json): the participant's download

    @app.errorhandler(NotFound)
    def not_here(_exc: NotFound) -> Any:
        # Another organisation's id (the unit of work's scope) answers as an unknown one.
        return app.handle_http_exception(http.NotFound())

    return app
