"""Each person's language, at the edge: what Drumbeat stored, else their Slack locale (asked once, with
users.info's include_locale, and stored), else the coalition's (`Settings.language`)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import AbstractContextManager
from typing import Any

from core import languages
from runtime.deps import Deps
from views.i18n import of_locale, speaking


def language_of(
    deps: Deps, team_id: str, user_id: str, profile: Mapping[str, Any] | None = None, *, ask_slack: bool = True
) -> str:
    """The language to write to this person in. `profile`: their Slack user, if at hand; `ask_slack`: may
    Slack be asked (not while an acknowledgement waits)."""
    stored = languages.of(deps.db, team_id, user_id)
    if stored is not None:
        return stored
    locale = (profile or {}).get("locale")
    if locale is None and ask_slack:
        found = deps.slack.user(user_id)
        locale = (found or {}).get("locale")
    slack_language = of_locale(str(locale)) if locale else None
    if locale is None:  # Slack could not say: ask again next time
        return deps.settings.language
    # A locale Drumbeat does not speak (fr-FR, say) is remembered as the coalition's language, so Slack is
    # not asked again; a person can still choose theirs.
    return languages.learn(deps.db, team_id, user_id, slack_language or deps.settings.language, chosen=False)


def theirs(deps: Deps, team_id: str, user_id: str) -> AbstractContextManager[None]:
    """Write to this person in their language, as stored (unknown: the coalition's); asks Slack nothing."""
    return speaking(languages.of(deps.db, team_id, user_id) or deps.settings.language)


def coalitions(deps: Deps) -> AbstractContextManager[None]:
    """Write in the coalition's language: a channel's words are for everyone in it."""
    return speaking(deps.settings.language)
