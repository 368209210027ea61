"""Registered last: answer whatever no feature claimed, so Slack gets a 200 and does not retry.

Unknown event types (Slack adds new ones) and shortcuts: logged by type only, and acknowledged. Clicks,
forms and suggestions nobody claimed are answered by `handlers.routes`.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt import Ack, App

log = logging.getLogger("drumbeat.fallbacks")
ANYTHING = re.compile(".*")


def register(app: App) -> None:
    app.event(ANYTHING)(ignore_event)
    app.shortcut(ANYTHING)(ignore_shortcut)


def ignore_event(event: dict[str, Any]) -> None:
    log.info("ignored a %s event", str(event.get("type", "?"))[:40])


def ignore_shortcut(ack: Ack, body: dict[str, Any]) -> None:
    ack()
    log.info("ignored a %s interaction", str(body.get("type", "?"))[:40])
