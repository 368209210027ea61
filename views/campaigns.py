"""Campaigns: the new-campaign form and the list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.campaigns import GOAL_MAX, NAME_MAX, CampaignInput, newest_open_first
from core.invalid import Invalid
from models import Campaign
from models.vocab import CampaignStatus, ChangeType
from views.invalid import text_of
from views.text import MESSAGE_BLOCKS, answer, esc, input_block, listing, option, plain, shorten, state_value

CAMPAIGN_FORM = "campaign_form"  # also the name of its listener in handlers.campaigns

STATUS_LABELS = {
    CampaignStatus.ADVOCATING: "Advocating",
    CampaignStatus.WON: "Won",
    CampaignStatus.IMPLEMENTING: "Implementing",
    CampaignStatus.SUSTAINED: "Sustained",
    CampaignStatus.STALLED: "Stalled",
}


def new_campaign_modal() -> dict[str, Any]:
    statuses = [option(s.value, STATUS_LABELS[s]) for s in CampaignStatus]
    return {
        "type": "modal",
        "callback_id": CAMPAIGN_FORM,
        "title": plain("New campaign", 24),
        "submit": plain("Create"),
        "close": plain("Cancel"),
        "blocks": [
            input_block("name", "Name", {"type": "plain_text_input", "max_length": NAME_MAX}),
            input_block(
                "change_type",
                "The change sought is a change of",
                {"type": "static_select", "options": [option(c.value, c.value.title()) for c in ChangeType]},
            ),
            input_block(
                "goal",
                "The change sought",
                {"type": "plain_text_input", "multiline": True, "max_length": GOAL_MAX},
                optional=True,
                hint="e.g. “Fund a reentry ID card program in the 2027 city budget.”",
            ),
            input_block(
                "decision_makers",
                "Decision makers",
                {"type": "plain_text_input", "multiline": True},
                hint="One per line, name then role: “Mayor Lee, Mayor” or “County Board”.",
            ),
            input_block(
                "status", "Status", {"type": "static_select", "options": statuses, "initial_option": statuses[0]}
            ),
        ],
    }


def read_campaign_form(values: Mapping[str, Any]) -> CampaignInput:
    change = (state_value(values, "change_type").get("selected_option") or {}).get("value")
    status = (state_value(values, "status").get("selected_option") or {}).get("value")
    return CampaignInput(
        name=state_value(values, "name").get("value") or "",
        change_type=next((c for c in ChangeType if c.value == change), None),
        goal=state_value(values, "goal").get("value") or "",
        decision_makers=state_value(values, "decision_makers").get("value") or "",
        status=next((s for s in CampaignStatus if s.value == status), CampaignStatus.ADVOCATING),
    )


def campaign_list(campaigns: list[Campaign]) -> dict[str, Any]:
    if not campaigns:
        return answer("No campaigns yet. `/drumbeat campaign new` starts one.")
    lines = []
    for c in newest_open_first(campaigns):  # (core.campaigns)
        makers = ", ".join(esc(m.name) + (f" ({esc(m.role)})" if m.role else "") for m in c.decision_makers)
        lines.append(f"*#{c.id} {esc(c.name)}* ({c.change_type.value}; {STATUS_LABELS[c.status]}): {makers}")
    heading = f"*Campaigns* ({len(lines)}, open and newest first)"
    blocks = listing(lines, heading=heading, max_blocks=MESSAGE_BLOCKS, more=" (the oldest closed ones)")
    return {"response_type": "ephemeral", "text": heading, "blocks": blocks}


def created(campaign: Campaign) -> dict[str, Any]:
    return answer(
        f"Campaign *#{campaign.id} {esc(campaign.name)}* created. `/drumbeat new` sends a call to action for it."
    )


USAGE = (
    'Try `/drumbeat campaign new`, `/drumbeat campaign 2 won checks=30,90,180 "the commitment, with a link"` '
    f"or `/drumbeat campaign 2 status stalled` (statuses: {', '.join(s.value for s in CampaignStatus)})."
)


def usage() -> dict[str, Any]:
    return answer(USAGE)


def quote_open() -> dict[str, Any]:
    return answer("A quote is not closed. " + USAGE)


def unknown(ref: str) -> dict[str, Any]:
    return answer(f"I don't know the campaign `{esc(shorten(ref, 40))}`. `/drumbeat campaigns` lists them.")


def bad_checks(why: Invalid) -> dict[str, Any]:
    return answer(f"{text_of(why)}. " + USAGE)


def won(name: str, days: tuple[int, ...]) -> dict[str, Any]:
    return answer(
        f"Congratulations! *{esc(name)}* is won. Messengers connected to it will be asked "
        f"whether it is implemented as intended after {', '.join(str(d) for d in days)} days. "
        "`/drumbeat ledger` shows what they say."
    )


def not_a_status(word: str) -> dict[str, Any]:
    return answer(f"`{esc(shorten(word, 20))}` is not a status. " + USAGE)


def record_win_instead() -> dict[str, Any]:
    return answer("To record a win with its implementation checks: `/drumbeat campaign 2 won`.")


def status_set(name: str, status: CampaignStatus) -> dict[str, Any]:
    return answer(f"*{esc(name)}* is now {status.value}.")
