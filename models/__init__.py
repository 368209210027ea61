"""Drumbeat's data: typed SQLAlchemy models, the engine and sessions, migrations."""

from models.db import Database
from models.tables import (
    Action,
    Base,
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
    "Action",
    "Base",
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
