"""Typed settings read from the environment (and `.env`), failing fast with one clear line.

Every setting is documented in `.env.example`; this module is the single place that reads them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dotenv import dotenv_values

from core import numbers

DEFAULT_SLACK_API_URL = "https://slack.com/api/"
DEFAULT_DATABASE_URL = "sqlite:///drumbeat.db"
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


class SettingsError(Exception):
    """A missing or malformed setting; the message names the variable and the fix."""


@dataclass(frozen=True)
class Settings:
    slack_bot_token: str
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 3000
    organizers: frozenset[str] = field(default_factory=frozenset)
    timezone: str = "UTC"
    language: str = "en"  # the coalition's: channel posts, and anyone whose own Drumbeat has not learned
    report_channel: str | None = None
    coalition_channel: str | None = None
    log_level: str = "INFO"
    run_scheduler: bool = True
    clock_offset_file: str | None = None  # playground only: see runtime.clock
    slack_pace: float | None = 0.9  # the fraction of Slack's published limits to stay under (None: no pacing)
    posts_per_minute: int = 500  # messages posted per minute, all channels (Slack does not publish this limit)
    inbox_days: int = 90  # an inbox thread's words are erased this many days after it is closed
    autopilot: tuple[int, int] | None = (3, 10 * 60)  # weekday (0 = Monday) and minute the week's asks are drafted

    @property
    def socket_mode(self) -> bool:
        return self.slack_app_token is not None

    def __repr__(self) -> str:  # never print secrets, even by accident
        return f"Settings(socket_mode={self.socket_mode}, port={self.port}, timezone={self.timezone!r})"


def _clean(env: Mapping[str, str | None], name: str) -> str | None:
    value = env.get(name)
    if value is None:
        return None
    value = value.strip()
    return value or None


def load_settings(env: Mapping[str, str | None] | None = None, dotenv: Path | None = Path(".env")) -> Settings:
    """Read settings from `env` (default: the process environment) over `.env`; the environment wins."""
    merged: dict[str, str | None] = {}
    if dotenv is not None and dotenv.is_file():
        merged.update(dotenv_values(dotenv))
    merged.update(os.environ if env is None else env)

    bot_token = _clean(merged, "SLACK_BOT_TOKEN")
    if bot_token is None:
        raise SettingsError(
            "SLACK_BOT_TOKEN is not set: copy the Bot User OAuth Token (xoxb-...) from your Slack app's "
            "'OAuth & Permissions' page into .env (see .env.example)."
        )
    if not bot_token.startswith("xoxb-"):
        raise SettingsError(
            "SLACK_BOT_TOKEN must be a bot token starting with 'xoxb-' (Slack app > OAuth & Permissions)."
        )

    app_token = _clean(merged, "SLACK_APP_TOKEN")
    if app_token is not None and not app_token.startswith("xapp-"):
        raise SettingsError(
            "SLACK_APP_TOKEN must be an app-level token starting with 'xapp-' (Slack app > Basic Information > "
            "App-Level Tokens, scope connections:write), or unset it to run in HTTP mode."
        )

    signing_secret = _clean(merged, "SLACK_SIGNING_SECRET")
    if signing_secret is None and app_token is None:
        raise SettingsError(
            "SLACK_SIGNING_SECRET is not set: HTTP mode needs it (Slack app > Basic Information > App Credentials "
            "> Signing Secret), or set SLACK_APP_TOKEN to use Socket Mode."
        )

    api_url = _clean(merged, "SLACK_API_URL") or DEFAULT_SLACK_API_URL
    if not re.match(r"^https?://[^\s/]+", api_url):
        raise SettingsError(f"SLACK_API_URL must be an http(s) URL such as {DEFAULT_SLACK_API_URL}; got {api_url!r}.")
    if not api_url.endswith("/"):
        api_url += "/"

    database_url = _clean(merged, "DATABASE_URL") or DEFAULT_DATABASE_URL
    if not re.match(r"^(sqlite|postgresql)(\+\w+)?://", database_url):
        raise SettingsError(
            "DATABASE_URL must start with sqlite:/// or postgresql://, e.g. "
            "postgresql://user@localhost/drumbeat or sqlite:///drumbeat.db."
        )

    port_text = _clean(merged, "PORT") or "3000"
    port = numbers.read_or_none(port_text, low=0, high=65535)  # 0: any free port (the log says which)
    if port is None:
        raise SettingsError(f"PORT must be a number from 1 to 65535 (or 0: any free port); got {port_text!r}.")

    organizers_text = _clean(merged, "DRUMBEAT_ORGANIZERS") or ""
    organizers = frozenset(part.strip() for part in organizers_text.split(",") if part.strip())
    for user_id in organizers:
        if not _USER_ID.match(user_id):
            raise SettingsError(
                f"DRUMBEAT_ORGANIZERS must be comma-separated Slack user IDs like U01ABCDEF "
                f"(profile > ... > Copy member ID); {user_id!r} is not one."
            )

    timezone = _clean(merged, "DRUMBEAT_TIMEZONE") or "UTC"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(
            f"DRUMBEAT_TIMEZONE must be an IANA time zone name such as America/Chicago; got {timezone!r}."
        ) from None

    language = (_clean(merged, "DRUMBEAT_LANGUAGE") or "en").lower()
    if language not in ("en", "es"):
        raise SettingsError(f"DRUMBEAT_LANGUAGE must be en (English) or es (Spanish); got {language!r}.")

    channels: dict[str, str | None] = {}
    for name in ("DRUMBEAT_REPORT_CHANNEL", "DRUMBEAT_CHANNEL"):
        value = _clean(merged, name)
        if value is not None and not _CHANNEL_ID.match(value):
            raise SettingsError(
                f"{name} must be a channel ID like C01ABCDEF (channel details > About > Channel ID), "
                f"not a name; got {value!r}."
            )
        channels[name] = value

    log_level = (_clean(merged, "LOG_LEVEL") or "INFO").upper()
    if log_level not in _LOG_LEVELS:
        raise SettingsError(f"LOG_LEVEL must be one of {', '.join(_LOG_LEVELS)}; got {log_level!r}.")

    scheduler_text = (_clean(merged, "DRUMBEAT_SCHEDULER") or "on").lower()
    if scheduler_text not in ("on", "off"):
        raise SettingsError(f"DRUMBEAT_SCHEDULER must be 'on' or 'off'; got {scheduler_text!r}.")

    clock_offset_file = _clean(merged, "DRUMBEAT_CLOCK_OFFSET_FILE")

    pace_text = (_clean(merged, "DRUMBEAT_SLACK_PACE") or "0.9").lower()
    try:
        slack_pace: float | None = None if pace_text == "off" else float(pace_text)
    except ValueError:
        slack_pace = -1.0
    if slack_pace is not None and not 0 < slack_pace <= 1:
        raise SettingsError(
            "DRUMBEAT_SLACK_PACE must be the fraction of Slack's rate limits to use, above 0 and at most 1 "
            f"(0.9 keeps a margin), or off; got {pace_text!r}."
        )
    posts_text = _clean(merged, "DRUMBEAT_POSTS_PER_MINUTE") or "500"
    posts_per_minute = numbers.read_or_none(posts_text, low=1)
    if posts_per_minute is None:
        raise SettingsError(
            f"DRUMBEAT_POSTS_PER_MINUTE must be a whole number of messages, at least 1; got {posts_text!r}."
        )

    autopilot = parse_autopilot(_clean(merged, "DRUMBEAT_AUTOPILOT") or "thu 10:00")
    inbox_text = _clean(merged, "DRUMBEAT_INBOX_DAYS") or "90"
    inbox_days = numbers.read_or_none(inbox_text, low=1, high=3650)
    if inbox_days is None:
        raise SettingsError(f"DRUMBEAT_INBOX_DAYS must be a whole number of days from 1 to 3650; got {inbox_text!r}.")

    return Settings(
        slack_bot_token=bot_token,
        slack_signing_secret=signing_secret,
        slack_app_token=app_token,
        slack_api_url=api_url,
        database_url=database_url,
        port=port,
        organizers=organizers,
        timezone=timezone,
        language=language,
        report_channel=channels["DRUMBEAT_REPORT_CHANNEL"],
        coalition_channel=channels["DRUMBEAT_CHANNEL"],
        log_level=log_level,
        run_scheduler=scheduler_text == "on",
        clock_offset_file=clock_offset_file,
        slack_pace=slack_pace,
        posts_per_minute=posts_per_minute,
        autopilot=autopilot,
        inbox_days=inbox_days,
    )


_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_autopilot(text: str) -> tuple[int, int] | None:
    """`thu 10:00` -> (3, 600): when each week's drafts are made (in DRUMBEAT_TIMEZONE); `off`: never."""
    if text.lower() == "off":
        return None
    parts = text.lower().split()
    day = parts[0][:3] if parts else ""
    hours, _, minutes = (parts[1] if len(parts) == 2 else "").partition(":")
    hour, minute = numbers.read_or_none(hours), numbers.read_or_none(minutes or "0")
    if day not in _DAYS or hour is None or minute is None:
        raise SettingsError(f"DRUMBEAT_AUTOPILOT must be a weekday and a time, like `thu 10:00`, or off; got {text!r}.")
    if not (0 <= hour < 24 and 0 <= minute < 60):
        raise SettingsError(f"DRUMBEAT_AUTOPILOT's time must be between 00:00 and 23:59; got {text!r}.")
    return _DAYS.index(day), hour * 60 + minute
