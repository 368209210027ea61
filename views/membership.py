"""What organizers read about an invite: started, progress, summary, and what went wrong."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from core.messengers import WelcomeSkip
from views.i18n import _, n_
from views.text import answer, esc, section


@dataclass
class InviteTally:
    total: int
    invited: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    interrupted: bool = False

    @property
    def done(self) -> int:
        return self.invited + sum(self.skipped.values())


def invite_started(users: list[str], channels: list[str]) -> dict[str, Any]:
    named = [n_("{n} person", "{n} people", len(users))] if users else []
    named += [f"<#{c}>" for c in channels]
    who = (" " + _("and") + " ").join(named)
    return answer(
        _(
            "Inviting {who}. I'll send you a DM as it goes, and a summary when it's done. "
            "Anyone Drumbeat already knows is skipped.",
            who=who,
        )
    )


def _reason(reason: str, count: int) -> str:
    """How many were skipped for one reason (`core.messengers.WelcomeSkip`), in the reader's words."""
    if reason == WelcomeSkip.ONBOARDED:
        return n_("{n} already onboarded", "{n} already onboarded", count)
    if reason == WelcomeSkip.OPTED_OUT:
        return n_("{n} opted out", "{n} opted out", count)
    if reason == WelcomeSkip.INVITED:
        return n_("{n} already invited", "{n} already invited", count)
    if reason == WelcomeSkip.BOT:
        return n_("{n} bots", "{n} bots", count)
    if reason == WelcomeSkip.DEACTIVATED:
        return n_("{n} deactivated", "{n} deactivated", count)
    return f"{count} {esc(reason)}"  # no other reason exists


def _skipped(tally: InviteTally) -> str:
    if not tally.skipped:
        return ""
    detail = ", ".join(_reason(reason, count) for reason, count in tally.skipped.most_common())
    return " " + _("Skipped {skipped}: {detail}.", skipped=sum(tally.skipped.values()), detail=detail)


def invite_progress(tally: InviteTally, *, finished: bool = False) -> dict[str, Any]:
    counts = {"done": tally.done, "total": tally.total, "invited": tally.invited}
    if finished and not tally.interrupted:
        text = _("Invite (done): {done} of {total} looked at. Invited {invited}.", **counts)
    elif finished:
        text = _("Invite (stopped): {done} of {total} looked at. Invited {invited}.", **counts)
    else:
        text = _("Invite (going): {done} of {total} looked at. Invited {invited}.", **counts)
    text += _skipped(tally)
    return {"text": text, "blocks": [section(text)]}


def _invite_summary_text(tally: InviteTally) -> str:
    text = _("Invited {invited}.", invited=tally.invited) + _skipped(tally)
    if tally.interrupted:
        left = tally.total - tally.done
        text += " " + _(
            "Drumbeat was restarting, so {left} were not looked at yet: run the same `/drumbeat invite` again to "
            "finish (everyone already invited is skipped).",
            left=left,
        )
    return text


def _invite_cannot_see_text(channel: str) -> str:
    return _(
        "I can't see who is in <#{channel}>. Invite Drumbeat there first: `/invite @Drumbeat`, then invite again.",
        channel=channel,
    )


def _invite_failed_text() -> str:
    return _(
        "Your invite stopped because something went wrong on Drumbeat's side. Run the same `/drumbeat invite` "
        "again: everyone already invited is skipped."
    )


def invite_summary(tally: InviteTally) -> dict[str, Any]:
    return answer(_invite_summary_text(tally))


def invite_cannot_see(channel: str) -> dict[str, Any]:
    return answer(_invite_cannot_see_text(channel))


def invite_failed() -> dict[str, Any]:
    return answer(_invite_failed_text())


def unreadable_invite(unknown: list[str]) -> dict[str, Any]:
    bad = ", ".join(f"`{esc(w)}`" for w in unknown[:5])
    problem = _("I couldn't read {bad} as a person or channel.", bad=bad) + " " if unknown else ""
    return answer(problem + _("Try `/drumbeat invite @ana @ben` or `/drumbeat invite #coalition`."))
