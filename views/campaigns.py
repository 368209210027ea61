"""Campaigns: the new-campaign form and the list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.campaigns import GOAL_MAX, NAME_MAX, CampaignInput, newest_open_first
from core.invalid import Invalid
from models import Campaign
from models.vocab import N_, CampaignStatus, ChangeType
from views.i18n import _
from views.invalid import text_of
from views.text import MESSAGE_BLOCKS, answer, esc, input_block, listing, option, plain, shorten, state_value

CAMPAIGN_FORM = "campaign_form"  # also the name of its listener in handlers.campaigns

# Marked for the catalog; shown translated where they are used: `_(STATUS_LABELS[status])`.
STATUS_LABELS = {
    CampaignStatus.ADVOCATING: N_("Advocating"),
    CampaignStatus.WON: N_("Won"),
    CampaignStatus.IMPLEMENTING: N_("Implementing"),
    CampaignStatus.SUSTAINED: N_("Sustained"),
    CampaignStatus.STALLED: N_("Stalled"),
}
# The kind of change a campaign seeks, as people read it (each, lowercased, is its value in English).
CHANGE_LABELS = {
    ChangeType.POLICY: N_("Policy"),
    ChangeType.PRACTICE: N_("Practice"),
    ChangeType.FUNDING: N_("Funding"),
}


def new_campaign_modal() -> dict[str, Any]:
    statuses = [option(s.value, _(STATUS_LABELS[s])) for s in CampaignStatus]
    changes = [option(c.value, _(CHANGE_LABELS[c])) for c in ChangeType]
    return {
        "type": "modal",
        "callback_id": CAMPAIGN_FORM,
        "title": plain(_("New campaign"), 24),
        "submit": plain(_("Create")),
        "close": plain(_("Cancel")),
        "blocks": [
            input_block("name", _("Name"), {"type": "plain_text_input", "max_length": NAME_MAX}),
            input_block(
                "change_type",
                _("The change sought is a change of"),
                {"type": "static_select", "options": changes},
            ),
            input_block(
                "goal",
                _("The change sought"),
                {"type": "plain_text_input", "multiline": True, "max_length": GOAL_MAX},
                optional=True,
                hint=_("e.g. “Fund a reentry ID card program in the 2027 city budget.”"),
            ),
            input_block(
                "decision_makers",
                _("Decision makers"),
                {"type": "plain_text_input", "multiline": True},
                hint=_("One per line, name then role: “Mayor Lee, Mayor” or “County Board”."),
            ),
            input_block(
                "status", _("Status"), {"type": "static_select", "options": statuses, "initial_option": statuses[0]}
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
        return answer(_("No campaigns yet. `/drumbeat campaign new` starts one."))
    lines = []
    for c in newest_open_first(campaigns):  # (core.campaigns)
        makers = ", ".join(esc(m.name) + (f" ({esc(m.role)})" if m.role else "") for m in c.decision_makers)
        change = _(CHANGE_LABELS[c.change_type]).lower()
        lines.append(f"*#{c.id} {esc(c.name)}* ({change}; {_(STATUS_LABELS[c.status])}): {makers}")
    heading = _("*Campaigns* ({count}, open and newest first)", count=len(lines))
    more = " " + _("(the oldest closed ones)")
    blocks = listing(lines, heading=heading, max_blocks=MESSAGE_BLOCKS, more=more)
    return {"response_type": "ephemeral", "text": heading, "blocks": blocks}


def created(campaign: Campaign) -> dict[str, Any]:
    return answer(
        _(
            "Campaign *#{id} {name}* created. `/drumbeat new` sends a call to action for it.",
            id=campaign.id,
            name=esc(campaign.name),
        )
    )


def usage_text() -> str:
    """How to use `/drumbeat campaign`, in the reader's language (the status words are typed as they are)."""
    return _(
        'Try `/drumbeat campaign new`, `/drumbeat campaign 2 won checks=30,90,180 "the commitment, with a link"` '
        "or `/drumbeat campaign 2 status stalled` (statuses: {statuses}).",
        statuses=", ".join(s.value for s in CampaignStatus),
    )


def usage() -> dict[str, Any]:
    return answer(usage_text())


def quote_open() -> dict[str, Any]:
    return answer(_("A quote is not closed.") + " " + usage_text())


def unknown(ref: str) -> dict[str, Any]:
    return answer(_("I don't know the campaign `{ref}`. `/drumbeat campaigns` lists them.", ref=esc(shorten(ref, 40))))


def bad_checks(why: Invalid) -> dict[str, Any]:
    return answer(f"{text_of(why)}. " + usage_text())


def won(name: str, days: tuple[int, ...]) -> dict[str, Any]:
    return answer(
        _(
            "Congratulations! *{name}* is won. Messengers connected to it will be asked "
            "whether it is implemented as intended after {days} days. "
            "`/drumbeat ledger` shows what they say.",
            name=esc(name),
            days=", ".join(str(d) for d in days),
        )
    )


def not_a_status(word: str) -> dict[str, Any]:
    return answer(_("`{word}` is not a status.", word=esc(shorten(word, 20))) + " " + usage_text())


def record_win_instead() -> dict[str, Any]:
    return answer(_("To record a win with its implementation checks: `/drumbeat campaign 2 won`."))


def status_set(name: str, status: CampaignStatus) -> dict[str, Any]:
    return answer(_("*{name}* is now {status}.", name=esc(name), status=_(STATUS_LABELS[status]).lower()))
