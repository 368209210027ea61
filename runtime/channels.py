"""The channels Drumbeat is configured to use (DRUMBEAT_REPORT_CHANNEL, DRUMBEAT_CHANNEL): is it in them?

Slack lets a bot post in a channel, and tells it who joins one, only once someone has run `/invite
@Drumbeat` there. If nobody has, digests and notices fail with `not_in_channel` and joins go unseen.
Drumbeat checks on start and whenever posting to one fails, and says so in one line: in the log, and in
a DM to each configured organizer (at most once a day per channel, so a restart loop is not a flood).
A private channel works the same way (the manifest's `groups:read` lets Drumbeat see it once invited).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from models.vocab import NoticeKind
from runtime.deps import Deps
from runtime.effects import DM, Once, perform
from views.text import answer

log = logging.getLogger("drumbeat.channels")

# Slack's answers that mean "Drumbeat cannot use this channel as things stand".
CHANNEL_ERRORS = frozenset({"not_in_channel", "channel_not_found", "is_archived", "missing_scope"})


@dataclass(frozen=True)
class Problem:
    channel: str
    setting: str  # the environment variable that names it
    reason: str  # Slack's word: not_in_channel, channel_not_found, ...

    def line(self) -> str:
        """The one line that says what is wrong and how to fix it."""
        if self.reason == "missing_scope":
            return (
                f"Drumbeat can't read <#{self.channel}> ({self.setting}): the app lacks a permission. Reinstall it "
                "from the manifest (it asks for groups:read for private channels)."
            )
        if self.reason == "is_archived":
            return f"<#{self.channel}> ({self.setting}) is archived. Unarchive it, or set {self.setting} to another."
        return (
            f"Drumbeat is not in <#{self.channel}> ({self.setting}), so it can't post there"
            + (" or see who joins" if self.setting == "DRUMBEAT_CHANNEL" else "")
            + ". Fix: open that channel and type `/invite @Drumbeat`."
        )


def configured(deps: Deps) -> dict[str, str]:
    """channel id -> the setting that names it."""
    found = {}
    if deps.settings.report_channel:
        found[deps.settings.report_channel] = "DRUMBEAT_REPORT_CHANNEL"
    if deps.settings.coalition_channel:
        found[deps.settings.coalition_channel] = "DRUMBEAT_CHANNEL"
    return found


def check(deps: Deps) -> list[Problem]:
    """Ask Slack about each configured channel (conversations.info)."""
    problems = []
    for channel, setting in configured(deps).items():
        reason = deps.slack.membership(channel)
        if reason is not None:
            problems.append(Problem(channel, setting, reason))
    return problems


def tell(deps: Deps, problems: list[Problem]) -> None:
    """One line each in the log, and a DM to each configured organizer at most once a day per channel."""
    day = deps.now().date().isoformat()
    team_id = deps.team_id or ""
    for problem in problems:
        log.warning(
            "channel %s (%s): %s; fix: /invite @Drumbeat there", problem.channel, problem.setting, problem.reason
        )
        once = Once(team_id, NoticeKind.CHANNEL, f"{problem.channel}:{day}")
        for organizer in sorted(deps.settings.organizers):
            perform(deps, DM(team_id, organizer, answer(problem.line()), once=once))


def check_and_tell(deps: Deps) -> list[Problem]:
    problems = check(deps)
    tell(deps, problems)
    return problems


def watch(deps: Deps) -> None:
    """From now on, a failed post to one of Drumbeat's channels says how to fix it; and check them now (on
    the background pool: starting up does not wait for Slack's answer)."""
    deps.slack.channel_trouble = lambda channel, reason: post_failed(deps, channel, reason)
    deps.background.submit(check_and_tell, deps)


def post_failed(deps: Deps, channel: str, reason: str) -> None:
    """A post to a channel failed: if it is one of Drumbeat's channels and the reason is the channel's, say how
    to fix it."""
    setting = configured(deps).get(channel)
    if setting is not None and reason in CHANNEL_ERRORS:
        tell(deps, [Problem(channel, setting, reason)])
