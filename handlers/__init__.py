"""Slack's way in: one module per feature, each with `register(app)`.

A handler acks first, turns the payload into plain values, calls `core`, and renders a `views` builder.
Order matters for `/drumbeat`: each module claims its own subcommands; `help` comes last and answers
everything else.
"""

from __future__ import annotations

from types import ModuleType

from handlers import (
    actions,
    campaigns,
    checkins,
    dm,
    help,
    home,
    membership,
    onboarding,
    organizers,
    reports,
    status,
)

MODULES: list[ModuleType] = [
    onboarding,
    membership,
    status,
    organizers,
    campaigns,
    actions,
    checkins,
    reports,
    dm,
    home,
    help,
]
