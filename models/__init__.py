"""Drumbeat's data: typed SQLAlchemy models, the engine and sessions, migrations."""

from models.db import Database
from models.tables import (
    Base,
    Call,
    Campaign,
    CheckIn,
    DecisionMaker,
    Delivery,
    DoNotContact,
    ImplementationCheck,
    Messenger,
    Meta,
    Notice,
    Organizer,
    SlackEvent,
    StatusChange,
)

__all__ = [
    "Base",
    "Call",
    "Campaign",
    "CheckIn",
    "Database",
    "DecisionMaker",
    "Delivery",
    "DoNotContact",
    "ImplementationCheck",
    "Messenger",
    "Meta",
    "Notice",
    "Organizer",
    "SlackEvent",
    "StatusChange",
]
