"""Drumbeat's data: typed SQLAlchemy models, the engine and sessions, migrations."""

from models.db import Database
from models.tables import (
    Acquaintance,
    Base,
    Call,
    Campaign,
    CheckIn,
    DecisionMaker,
    Delivery,
    District,
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
    "Acquaintance",
    "Base",
    "Call",
    "Campaign",
    "CheckIn",
    "Database",
    "DecisionMaker",
    "Delivery",
    "District",
    "DoNotContact",
    "ImplementationCheck",
    "Messenger",
    "Meta",
    "Notice",
    "Organizer",
    "SlackEvent",
    "StatusChange",
]
