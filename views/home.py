"""The App Home tab: for messengers, their profile, open asks, history and controls; for organizers,
also campaigns, upcoming sends, response rates and what needs attention."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from core.calls import Card
from core.checkins import Ask
from core.coverage import Line
from core.home import Home, OrganizerPanel, WaitingDraft
from models.vocab import AUDIENCE_LABELS, BARRIER_LABELS, MessengerStatus, Outcome
from views import inbox as inbox_views
from views import problems as problems_views
from views.calls import when_text
from views.campaigns import STATUS_LABELS
from views.checkins import CANT_ACTION, DONE_ACTION, WILL_ACTION, day_name
from views.i18n import _, n_
from views.onboarding import EDIT_ACTION, START_ACTION, profile_lines
from views.reports import attention_lines, tally_text
from views.status import when
from views.text import button, context, esc, listing, plain, section, shorten

# Slack ids of the Home's buttons; each is also the name of its listener in handlers.home.
PAUSE_ACTION = "home_pause"
RESUME_ACTION = "home_resume"
STOP_ACTION = "home_stop"
MAX_BLOCKS = 100


def _ask_blocks(ask: Ask, card: Card) -> list[dict[str, Any]]:
    value = str(ask.delivery_id)
    line = f"*{esc(card.objective)}*  ({esc(card.campaign)})"
    if card.due_date:
        line += "\n" + _("By {day}", day=day_name(card.due_date))
    if ask.outcome == Outcome.WILL_DO:
        line += "\n" + _("You said you'd do it.")
    suffix = f":{ask.delivery_id}"
    return [
        section(line),
        {
            "type": "actions",
            "block_id": f"ask_{ask.delivery_id}",
            "elements": [
                button(_("Done"), DONE_ACTION + suffix, value, style="primary"),
                button(_("I'll do it"), WILL_ACTION + suffix, value),
                button(_("Can't this time"), CANT_ACTION + suffix, value),
            ],
        },
    ]


def _history_line(ask: Ask, card: Card) -> str:
    """What they answered to one ask: "• Call Mayor Lee: done"."""
    objective = esc(shorten(card.objective, 80))
    if ask.outcome == Outcome.DONE:
        said = _("{objective}: done", objective=objective)
    elif ask.outcome == Outcome.CANT and ask.barrier:
        reason = _(BARRIER_LABELS[ask.barrier]).lower()
        said = _("{objective}: couldn't ({reason})", objective=objective, reason=reason)
    elif ask.outcome == Outcome.CANT:
        said = _("{objective}: couldn't", objective=objective)
    else:
        said = _("{objective}: no answer", objective=objective)
    return f"• {said}"


OPEN_ASKS_SHOWN = 10


def home_view(found: Home, coalition_tz: str = "UTC") -> dict[str, Any]:
    """The Home tab. A messenger's own times are in their zone; the organizers' panel in the coalition's."""
    profile, tz, status, paused_until, asks, organizer = (
        found.profile,
        found.tz,
        found.status,
        found.paused_until,
        found.asks,
        found.organizer,
    )
    blocks: list[dict[str, Any]] = [{"type": "header", "text": plain("Drumbeat")}]
    joined = profile is not None and profile.level is not None and status not in (None, MessengerStatus.OPTED_OUT)
    if not joined:
        blocks += [
            section(
                _(
                    "Drumbeat sends you calls to action from the reentry coalition that fit how you like to help, "
                    "never more often than you choose, and asks how it went."
                )
            ),
            {
                "type": "actions",
                "block_id": "home_start",
                "elements": [button(_("Get started"), START_ACTION, "home", style="primary")],
            },
        ]
    else:
        assert profile is not None
        state = _state(status, paused_until, tz)
        controls = [button(_("Edit profile"), EDIT_ACTION, "home")]
        if status == MessengerStatus.PAUSED:
            controls.append(button(_("Resume now"), RESUME_ACTION, "home", style="primary"))
        else:
            controls.append(button(_("Pause for 2 weeks"), PAUSE_ACTION, "home"))
        stop = button(_("Stop all messages"), STOP_ACTION, "home", style="danger")
        stop["confirm"] = {
            "title": plain(_("Stop all messages?")),
            "text": plain(_("Drumbeat won't message you again until you type /drumbeat join."), 300),
            "confirm": plain(_("Stop")),
            "deny": plain(_("Keep them")),
        }
        controls.append(stop)
        controls.append(button(_("Report a problem"), problems_views.OPEN, "home"))
        blocks += [
            section(_("*Your status:* {state}", state=state)),
            {"type": "actions", "block_id": "home_controls", "elements": controls},
        ]
        open_asks = [(a, c) for a, c in asks or [] if a.outcome in (None, Outcome.WILL_DO)]
        answered = [(a, c) for a, c in asks or [] if a.outcome in (Outcome.DONE, Outcome.CANT)]
        blocks += [
            {"type": "divider"},
            section(_("*Your open asks*") if open_asks else _("*No open asks.* Thank you!")),
        ]
        for ask, card in open_asks[:OPEN_ASKS_SHOWN]:
            blocks += _ask_blocks(ask, card)
        if len(open_asks) > OPEN_ASKS_SHOWN:
            hidden = len(open_asks) - OPEN_ASKS_SHOWN
            blocks.append(
                context(
                    n_(
                        "…and {n} more open, older: each is in your DMs with Drumbeat.",
                        "…and {n} more open, older: each is in your DMs with Drumbeat.",
                        hidden,
                    )
                )
            )
        if answered:
            history = [_history_line(a, c) for a, c in answered]
            blocks += listing(history, heading=_("*What you've done lately*"), max_lines=10, more=_(" before these"))
        blocks += [{"type": "divider"}, section(_("*Your profile*") + "\n" + profile_lines(profile, tz, found.choices))]
    if organizer is not None:
        blocks += _organizer_blocks(organizer, coalition_tz)
    blocks.append(context(_("Reply STOP in our DM to stop all messages. `/drumbeat help` lists commands.")))
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], context(_("More in `/drumbeat report`."))]
    return {"type": "home", "blocks": blocks}


def _state(status: MessengerStatus | None, paused_until: datetime | None, tz: str) -> str:
    if status == MessengerStatus.ACTIVE:
        return _("Active: you'll get asks that fit your profile.")
    if status == MessengerStatus.PAUSED:
        return _("Paused until {day}.", day=when(paused_until, tz)) if paused_until else _("Paused.")
    if status == MessengerStatus.PENDING:
        return _("Not finished: press Edit to complete your profile.")
    return ""


def _audience(line: Line) -> str:
    """A plan line's audience: a decision maker's name as written, or the audience in the reader's words."""
    return _(line.label) if line.label == AUDIENCE_LABELS[line.audience] else esc(line.label)


def _organizer_blocks(panel: OrganizerPanel, tz: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "divider"}, {"type": "header", "text": plain(_("For organizers"))}]
    if panel.campaigns:
        lines = [f"• {esc(name)}: {_(STATUS_LABELS[status])}" for name, status in panel.campaigns]
        blocks += listing(lines, heading=_("*Campaigns*"), max_lines=15, more=_(": `/drumbeat campaigns` lists all"))
    else:
        blocks.append(section(_("*No campaigns yet.* `/drumbeat campaign new` starts one.")))
    if panel.upcoming:
        lines = [
            "• "
            + _(
                "#{call_id} {objective}: {pending} from {when}",
                call_id=u.call_id,
                objective=esc(shorten(u.objective, 60)),
                pending=u.pending,
                when=when_text(u.next_due, tz),
            )
            for u in panel.upcoming
        ]
        blocks += listing(lines, heading=_("*Upcoming sends*"), max_lines=15, more=_(": `/drumbeat actions` lists all"))
    if panel.inbox_open:
        blocks.append(section("\n".join(inbox_views.home_lines(panel.inbox_open, panel.inbox))))
    blocks.append(section(_("*Last 30 days:* {tally}", tally=tally_text(panel.recent))))
    if panel.plan or panel.drafts:
        lines = [
            "• "
            + _(
                "{audience} ({campaign}): {done} of {target} completed contacts",
                audience=_audience(line),
                campaign=esc(line.campaign),
                done=sum(line.weekly.values()),
                target=sum(line.targets.values()),
            )
            for line in panel.plan
        ]
        lines += [
            "• "
            + _(
                "Drafts waiting for approval: {asks}, planned week #{week} ({where})",
                asks=n_("{n} ask", "{n} asks", d.asks),
                week=d.planned_week_id,
                where=_where(d),
            )
            for d in panel.drafts
        ]
        blocks += listing(
            lines, heading=_("*The drumbeat this week*"), max_lines=15, more=_(": `/drumbeat coverage` has them all")
        )
    needs = attention_lines(panel.attention)
    listed = "\n".join(f"• {line}" for line in needs) if needs else _("Nothing.")
    blocks.append(section(_("*Needs attention*") + "\n" + listed))
    return blocks


def _where(draft: WaitingDraft) -> str:
    """Where a planned week's buttons are: organizers may need to ask the one who has them."""
    if draft.yours:
        return _("*Approve* is in our DM")
    if draft.sent_to:
        return _("*Approve* is in the DM of {people}", people=", ".join(f"<@{u}>" for u in draft.sent_to))
    return _("on its way to the organizers' DMs")
