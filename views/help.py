"""The help for `/drumbeat`: the commands for the caller's role, each with an example."""

from __future__ import annotations

from typing import Any

from views.examples import Examples
from views.i18n import _
from views.text import context, esc, section, shorten


def messenger_commands(ex: Examples) -> list[tuple[str, str]]:
    """Each command (its words stay as typed) and what it does, in the reader's language."""
    return [
        ("/drumbeat join", _("tell us how you'd like to help (opens a short form)")),
        ("/drumbeat profile", _("see or change your answers")),
        (
            "/drumbeat pause 2w",
            _("no asks for a while: `10d`, `2w`, `1 month` or `until {day}`", day=ex.pause_until),
        ),
        ("/drumbeat resume", _("end a pause now")),
        ("/drumbeat stop", _("stop all messages (or reply STOP in our DM)")),
        ("/drumbeat delete-me", _("erase your profile and what you wrote")),
        ("/drumbeat monthly off", _("no monthly note (`monthly on` brings it back)")),
        ("/drumbeat problem", _("a won change is not carried out as promised: say what you see")),
        ("/drumbeat language es", _("switch to Spanish (or `/drumbeat idioma es`)")),
        ("/drumbeat help", _("this list")),
    ]


def organizer_commands(ex: Examples) -> list[tuple[str, str]]:
    return [
        (
            "/drumbeat invite @ana @ben",
            _("send the welcome DM to people, or `/drumbeat invite #channel` to a channel"),
        ),
        ("/drumbeat campaign new", _("start a campaign: the change sought and its decision makers")),
        ("/drumbeat campaigns", _("list campaigns")),
        ("/drumbeat new", _("a call to action (opens a form with a preview)")),
        (
            _(
                '/drumbeat new "Call Mayor Lee about ID cards" tactic=outreach level=occasional,participate '
                "at={at} due={due}",
                at=ex.at,
                due=ex.due,
            ),
            _(
                'the same in one line. Keys: tactic= campaign= to=public|press|coalition|<decision maker> ask="..." '
                "links= effort=quick|take_part|organize|lead method=any|<methods> level= skill= community= "
                "connected=yes constituents=yes people=@a,@b limit=N at=now|<date>T<time> local=10:00 "
                "spread=<working days> due=<date>"
            ),
        ),
        ("/drumbeat actions", _("upcoming and sent calls to action, with counts")),
        ("/drumbeat action 12", _("one call to action, with a Cancel button")),
        ("/drumbeat cancel 12", _("stop what has not gone out yet")),
        (f"/drumbeat reschedule 12 {ex.at}", _("move one that has not started")),
        (
            "/drumbeat plan 2",
            _("add a row to campaign 2's drumbeat plan; `/drumbeat plan` shows them, `plan 2 remove 5`"),
        ),
        ("/drumbeat coverage 2", _("completed contacts per audience and week against the plan, with a heat map")),
        (
            "/drumbeat report 2 30d",
            _("what was sent and done, with a chart; `/drumbeat export` (CSV), `export plan`"),
        ),
        ("/drumbeat ledger 2", _("after a win: is it implemented as intended")),
        (
            _(
                '/drumbeat event "Town hall" on={on} place="City Hall" speakers=2 attendees=25',
                on=ex.event,
            ),
            _(
                "an event with places by role (then the usual keys: to=, campaign=, ...); `event 5` is its roster, "
                '`event 5 message "..."` writes to all signed up'
            ),
        ),
        ("/drumbeat inbox", _("what messengers wrote to Drumbeat: reply (to their DM, signed) or mark done")),
        ("/drumbeat roster", _("how many active messengers at each level and way of helping, and by district")),
        (
            "/drumbeat districts",
            _("the coalition's districts; `add Ward 1, Ward 2`, `remove`, `set Diaz = Ward 3`"),
        ),
        ("/drumbeat organizers add @ana", _("also `remove @ana` and `list`")),
    ]


def help_message(
    ex: Examples, *, unknown: str | None = None, organizer: bool = False, extra: str | None = None
) -> dict[str, Any]:
    lines = [f"`{command}`: {what}" for command, what in messenger_commands(ex)]
    blocks: list[dict[str, Any]] = []
    if unknown:
        blocks.append(
            section(_("I don't know `{command}`. Here is what you can do:", command=esc(shorten(unknown, 40))))
        )
    elif extra:
        blocks.append(section(extra))
    blocks.append(section(_("*Drumbeat commands*") + "\n" + "\n".join(lines)))
    if organizer:
        organizer_lines = [f"`{command}`: {what}" for command, what in organizer_commands(ex)]
        blocks.append(section(_("*For organizers*") + "\n" + "\n".join(organizer_lines)))
    blocks.append(context(_("Questions? Ask an organizer in the coalition channel.")))
    text = "\n".join(lines)
    return {"response_type": "ephemeral", "text": text, "blocks": blocks}
