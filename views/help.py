"""The help for `/drumbeat`: the commands for the caller's role, each with an example."""

from __future__ import annotations

from typing import Any

from views.examples import Examples
from views.text import context, esc, section, shorten


def messenger_commands(ex: Examples) -> list[tuple[str, str]]:
    return [
        ("/drumbeat join", "tell us how you'd like to help (opens a short form)"),
        ("/drumbeat profile", "see or change your answers"),
        ("/drumbeat pause 2w", f"no asks for a while: `10d`, `2w`, `1 month` or `until {ex.pause_until}`"),
        ("/drumbeat resume", "end a pause now"),
        ("/drumbeat stop", "stop all messages (or reply STOP in our DM)"),
        ("/drumbeat delete-me", "erase your profile and what you wrote"),
        ("/drumbeat monthly off", "no monthly note (`monthly on` brings it back)"),
        ("/drumbeat problem", "a won change is not carried out as promised: say what you see"),
        ("/drumbeat help", "this list"),
    ]


def organizer_commands(ex: Examples) -> list[tuple[str, str]]:
    return [
        ("/drumbeat invite @ana @ben", "send the welcome DM to people, or `/drumbeat invite #channel` to a channel"),
        ("/drumbeat campaign new", "start a campaign: the change sought and its decision makers"),
        ("/drumbeat campaigns", "list campaigns"),
        ("/drumbeat new", "a call to action (opens a form with a preview)"),
        (
            '/drumbeat new "Call Mayor Lee about ID cards" tactic=outreach level=occasional,participate '
            f"at={ex.at} due={ex.due}",
            'the same in one line. Keys: tactic= campaign= to=public|press|coalition|<decision maker> ask="..." '
            "links= effort=quick|take_part|organize|lead method=any|<methods> level= skill= community= "
            "connected=yes constituents=yes people=@a,@b limit=N at=now|<date>T<time> local=10:00 "
            "spread=<working days> due=<date>",
        ),
        ("/drumbeat actions", "upcoming and sent calls to action, with counts"),
        ("/drumbeat action 12", "one call to action, with a Cancel button"),
        ("/drumbeat cancel 12", "stop what has not gone out yet"),
        (f"/drumbeat reschedule 12 {ex.at}", "move one that has not started"),
        ("/drumbeat plan 2", "add a row to campaign 2's drumbeat plan; `/drumbeat plan` shows them, `plan 2 remove 5`"),
        ("/drumbeat coverage 2", "completed contacts per audience and week against the plan, with a heat map"),
        ("/drumbeat report 2 30d", "what was sent and done, with a chart; `/drumbeat export` (CSV), `export plan`"),
        ("/drumbeat ledger 2", "after a win: is it implemented as intended"),
        (
            f'/drumbeat event "Town hall" on={ex.event} place="City Hall" speakers=2 attendees=25',
            "an event with places by role (then the usual keys: to=, campaign=, ...); `event 5` is its roster, "
            '`event 5 message "..."` writes to all signed up',
        ),
        ("/drumbeat inbox", "what messengers wrote to Drumbeat: reply (to their DM, signed) or mark done"),
        ("/drumbeat roster", "how many active messengers at each level and way of helping, and by district"),
        ("/drumbeat districts", "the coalition's districts; `add Ward 1, Ward 2`, `remove`, `set Diaz = Ward 3`"),
        ("/drumbeat organizers add @ana", "also `remove @ana` and `list`"),
    ]


def help_message(
    ex: Examples, *, unknown: str | None = None, organizer: bool = False, extra: str | None = None
) -> dict[str, Any]:
    lines = [f"`{command}`: {what}" for command, what in messenger_commands(ex)]
    blocks: list[dict[str, Any]] = []
    if unknown:
        blocks.append(section(f"I don't know `{esc(shorten(unknown, 40))}`. Here is what you can do:"))
    elif extra:
        blocks.append(section(extra))
    blocks.append(section("*Drumbeat commands*\n" + "\n".join(lines)))
    if organizer:
        organizer_lines = [f"`{command}`: {what}" for command, what in organizer_commands(ex)]
        blocks.append(section("*For organizers*\n" + "\n".join(organizer_lines)))
    blocks.append(context("Questions? Ask an organizer in the coalition channel."))
    text = "\n".join(lines)
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}
