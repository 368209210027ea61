"""Slack's way in: one module per feature, each with `register(routes)` filling the table of listeners.

A feature listener takes a `Request`, asks `core`, and returns a `Reply` built with `views`; it never calls
Slack, the scheduler or the database session itself (`handlers.routes` carries the Reply out). `help`
answers the subcommands nobody claimed; `handlers.routes` acknowledges whatever no feature claimed.
"""

from __future__ import annotations

from types import ModuleType

from slack_bolt import App

from handlers import (
    attendance,
    calls,
    campaigns,
    checkins,
    districts,
    dm,
    help,
    home,
    inbox,
    languages,
    membership,
    monthly,
    onboarding,
    organizers,
    plan,
    problems,
    reports,
    status,
)
from handlers.routes import Routes
from handlers.routes import serve as serve_routes

MODULES: list[ModuleType] = [
    onboarding,
    membership,
    status,
    languages,
    organizers,
    campaigns,
    calls,
    attendance,
    checkins,
    districts,
    plan,
    reports,
    problems,
    inbox,
    monthly,
    dm,
    home,
    help,
]


def routes() -> Routes:
    """Every feature's listeners, in one table."""
    table = Routes()
    for module in MODULES:
        module.register(table)
    return table


def serve(app: App) -> Routes:
    """Give Bolt the listeners (bot.py; the tests' bot)."""
    table = routes()
    serve_routes(app, table)
    return table
