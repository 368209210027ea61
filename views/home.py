"""The App Home tab: for messengers, their profile, open asks, history and controls; for organizers,
also campaigns, upcoming sends, response rates and what needs attention."""

from __future__ import annotations

from typing import Any

from core.calls import Card
from core.checkins import Ask
from core.home import Home, OrganizerPanel, WaitingDraft
from models.vocab import BARRIER_LABELS, MessengerStatus, Outcome
from views import inbox as inbox_views
from views import problems as problems_views
from views.calls import when_text
from views.campaigns import STATUS_LABELS
from views.checkins import CANT_ACTION, DONE_ACTION, WILL_ACTION
from views.onboarding import EDIT_ACTION, START_ACTION, profile_lines
from views.reports import attention_lines, tally_text
from views.status import when
from views.text import button, context, counted, esc, listing, plain, section, shorten

# Slack ids of the Home's buttons; each is also the name of its listener in handlers.home.
PAUSE_ACTION = "home_pause"
RESUME_ACTION = "home_resume"
STOP_ACTION = "home_stop"
MAX_BLOCKS = 100


def _ask_blocks(ask: Ask, card: Card) -> list[dict[str, Any]]:
    value = str(ask.delivery_id)
    line = f"*{esc(card.objective)}*  ({esc(card.campaign)})"
    if card.due_date:
        line += f"\nBy {card.due_date.strftime('%A, %B %-d')}"
    if ask.outcome == Outcome.WILL_DO:
        line += "\nYou said you'd do it."
    suffix = f":{ask.delivery_id}"
    return [
        section(line),
        {
            "type": "actions",
            "block_id": f"ask_{ask.delivery_id}",
            "elements": [
                button("Done", DONE_ACTION + suffix, value, style="primary"),
                button("I'll do it", WILL_ACTION + suffix, value),
                button("Can't this time", CANT_ACTION + suffix, value),
            ],
        },
    ]


def _history_line(ask: Ask, card: Card) -> str:
    said = {
        Outcome.DONE: "done",
        Outcome.CANT: "couldn't" + (f" ({BARRIER_LABELS[ask.barrier].lower()})" if ask.barrier else ""),
    }.get(ask.outcome or Outcome.NOTE, "no answer")
    return f"• {esc(shorten(card.objective, 80))}: {said}"


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
                "Drumbeat sends you calls to action from the reentry coalition that fit how you like to help, "
                "never more often than you choose, and asks how it went."
            ),
            {
                "type": "actions",
                "block_id": "home_start",
                "elements": [button("Get started", START_ACTION, "home", style="primary")],
            },
        ]
    else:
        assert profile is not None
        state = {
            MessengerStatus.ACTIVE: "Active: you'll get asks that fit your profile.",
            MessengerStatus.PAUSED: "Paused" + (f" until {when(paused_until, tz)}." if paused_until else "."),
            MessengerStatus.PENDING: "Not finished: press Edit to complete your profile.",
        }.get(status, "")  # type: ignore[arg-type]
        controls = [button("Edit profile", EDIT_ACTION, "home")]
        if status == MessengerStatus.PAUSED:
            controls.append(button("Resume now", RESUME_ACTION, "home", style="primary"))
        else:
            controls.append(button("Pause for 2 weeks", PAUSE_ACTION, "home"))
        stop = button("Stop all messages", STOP_ACTION, "home", style="danger")
        stop["confirm"] = {
            "title": plain("Stop all messages?"),
            "text": plain("Drumbeat won't message you again until you type /drumbeat join.", 300),
            "confirm": plain("Stop"),
            "deny": plain("Keep them"),
        }
        controls.append(stop)
        controls.append(button("Report a problem", problems_views.OPEN, "home"))
        blocks += [
            section(f"*Your status:* {state}"),
            {"type": "actions", "block_id": "home_controls", "elements": controls},
        ]
        open_asks = [(a, c) for a, c in asks or [] if a.outcome in (None, Outcome.WILL_DO)]
        answered = [(a, c) for a, c in asks or [] if a.outcome in (Outcome.DONE, Outcome.CANT)]
        blocks += [{"type": "divider"}, section("*Your open asks*" if open_asks else "*No open asks.* Thank you!")]
        for ask, card in open_asks[:OPEN_ASKS_SHOWN]:
            blocks += _ask_blocks(ask, card)
        if len(open_asks) > OPEN_ASKS_SHOWN:
            hidden = len(open_asks) - OPEN_ASKS_SHOWN
            blocks.append(context(f"…and {hidden} more open, older: each is in your DMs with Drumbeat."))
        if answered:
            history = [_history_line(a, c) for a, c in answered]
            blocks += listing(history, heading="*What you've done lately*", max_lines=10, more=" before these")
        blocks += [{"type": "divider"}, section("*Your profile*\n" + profile_lines(profile, tz, found.choices))]
    if organizer is not None:
        blocks += _organizer_blocks(organizer, coalition_tz)
    blocks.append(context("Reply STOP in our DM to stop all messages. `/drumbeat help` lists commands."))
    if len(blocks) > MAX_BLOCKS:
        blocks = [*blocks[: MAX_BLOCKS - 1], context("More in `/drumbeat report`.")]
    return {"type": "home", "blocks": blocks}


def _organizer_blocks(panel: OrganizerPanel, tz: str) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = [{"type": "divider"}, {"type": "header", "text": plain("For organizers")}]
    if panel.campaigns:
        lines = [f"• {esc(name)}: {STATUS_LABELS[status]}" for name, status in panel.campaigns]
        blocks += listing(lines, heading="*Campaigns*", max_lines=15, more=": `/drumbeat campaigns` lists all")
    else:
        blocks.append(section("*No campaigns yet.* `/drumbeat campaign new` starts one."))
    if panel.upcoming:
        lines = [
            f"• #{u.call_id} {esc(shorten(u.objective, 60))}: {u.pending} from {when_text(u.next_due, tz)}"
            for u in panel.upcoming
        ]
        blocks += listing(lines, heading="*Upcoming sends*", max_lines=15, more=": `/drumbeat actions` lists all")
    if panel.inbox_open:
        blocks.append(section("\n".join(inbox_views.home_lines(panel.inbox_open, panel.inbox))))
    blocks.append(section("*Last 30 days:* " + tally_text(panel.recent)))
    if panel.plan or panel.drafts:
        lines = [
            f"• {esc(line.label)} ({esc(line.campaign)}): {sum(line.weekly.values())} of "
            f"{sum(line.targets.values())} completed contacts"
            for line in panel.plan
        ]
        lines += [
            f"• Drafts waiting for approval: {counted(d.asks, 'ask')}, planned week #{d.planned_week_id} ({_where(d)})"
            for d in panel.drafts
        ]
        blocks += listing(
            lines, heading="*The drumbeat this week*", max_lines=15, more=": `/drumbeat coverage` has them all"
        )
    needs = attention_lines(panel.attention)
    blocks.append(section("*Needs attention*\n" + ("\n".join(f"• {line}" for line in needs) if needs else "Nothing.")))
    return blocks


def _where(draft: WaitingDraft) -> str:
    """Where a planned week's buttons are: organizers may need to ask the one who has them."""
    if draft.yours:
        return "*Approve* is in our DM"
    if draft.sent_to:
        return "*Approve* is in the DM of " + ", ".join(f"<@{u}>" for u in draft.sent_to)
    return "on its way to the organizers' DMs"
