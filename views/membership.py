"""What organizers read about an invite: started, progress, summary, and what went wrong."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from views.text import answer, counted, esc, section


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
    named = [counted(len(users), "person", "people")] if users else []
    named += [f"<#{c}>" for c in channels]
    return answer(
        f"Inviting {' and '.join(named)}. I'll send you a DM as it goes, and a summary when it's done. "
        "Anyone Drumbeat already knows is skipped."
    )


def _skipped(tally: InviteTally) -> str:
    if not tally.skipped:
        return ""
    detail = ", ".join(f"{count} {reason}" for reason, count in tally.skipped.most_common())
    return f" Skipped {sum(tally.skipped.values())}: {detail}."


def invite_progress(tally: InviteTally, *, finished: bool = False) -> dict[str, Any]:
    state = "done" if finished and not tally.interrupted else "stopped" if finished else "going"
    text = f"Invite ({state}): {tally.done} of {tally.total} looked at. Invited {tally.invited}.{_skipped(tally)}"
    return {"text": text, "blocks": [section(text)]}


def _invite_summary_text(tally: InviteTally) -> str:
    text = f"Invited {tally.invited}.{_skipped(tally)}"
    if tally.interrupted:
        left = tally.total - tally.done
        text += (
            f" Drumbeat was restarting, so {left} were not looked at yet: run the same `/drumbeat invite` again to "
            "finish (everyone already invited is skipped)."
        )
    return text


def _invite_cannot_see_text(channel: str) -> str:
    return f"I can't see who is in <#{channel}>. Invite Drumbeat there first: `/invite @Drumbeat`, then invite again."


def _invite_failed_text() -> str:
    return (
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
    problem = f"I couldn't read {bad} as a person or channel. " if unknown else ""
    return answer(f"{problem}Try `/drumbeat invite @ana @ben` or `/drumbeat invite #coalition`.")
