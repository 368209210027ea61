"""Slack's way in: one module per feature, each with `register(app)`.

A handler acks first, turns the payload into plain values, calls `core`, and renders a `views` builder.
Subcommands, buttons and forms go through `handlers.routes` (one Bolt listener each, a dictionary
lookup to the module's listener); `help` answers the subcommands nobody claimed, and `fallbacks`,
registered last, acknowledges events and shortcuts no feature claimed.
"""

from __future__ import annotations

from types import ModuleType

from handlers import (
    attendance,
    calls,
    campaigns,
    checkins,
    districts,
    dm,
    fallbacks,
    help,
    home,
    inbox,
    membership,
    monthly,
    onboarding,
    organizers,
    plan,
    problems,
    reports,
    status,
)

MODULES: list[ModuleType] = [
    onboarding,
    membership,
    status,
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
    fallbacks,
]
