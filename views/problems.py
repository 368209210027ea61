"""Reporting a problem with a won change, any time: the form, and what the person hears."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core import numbers
from core.accountability import FollowUp
from core.invalid import Errors
from models import Campaign
from models.vocab import N_
from views.i18n import _, n_
from views.invalid import texts_of
from views.text import answer, esc, input_block, option, plain, section, state_value

PROBLEM_FORM = "problem_form"  # also the name of its listener in handlers.problems
OPEN = "problem_open"  # the Home's button
CAMPAIGNS_SHOWN = 100  # a static select's limit; won campaigns, newest win first


def problem_form(won: list[Campaign]) -> dict[str, Any]:
    choices = [option(str(c.id), c.name) for c in won[:CAMPAIGNS_SHOWN]]
    blocks: list[dict[str, Any]] = [
        section(
            _(
                "A change the coalition won is not carried out as promised? Say what you see: it goes in the "
                "campaign's accountability ledger and to the organizers."
            )
        ),
        input_block(
            "campaign",
            _("Which change"),
            {"type": "static_select", "options": choices, **({"initial_option": choices[0]} if choices else {})},
        ),
        input_block("what", _("What do you see?"), {"type": "plain_text_input", "multiline": True, "max_length": 1500}),
        input_block("where", _("Where?"), {"type": "plain_text_input", "max_length": 300}, optional=True),
        input_block(
            "link",
            _("A link (a photo, a post, an article)"),
            {"type": "url_text_input"},
            optional=True,
            hint=_("Only http(s) links; never share anything that could identify someone who asked not to be named."),
        ),
    ]
    return {
        "type": "modal",
        "callback_id": PROBLEM_FORM,
        "title": plain(_("Report a problem"), 24),
        "submit": plain(_("Send")),
        "close": plain(_("Cancel")),
        "blocks": blocks,
    }


def read_problem_form(values: Mapping[str, Any]) -> tuple[int | None, str, str, str]:
    chosen = str((state_value(values, "campaign").get("selected_option") or {}).get("value") or "")
    return (
        numbers.an_id(chosen),
        str(state_value(values, "what").get("value") or "").strip(),
        str(state_value(values, "where").get("value") or "").strip(),
        str(state_value(values, "link").get("value") or "").strip(),
    )


def nothing_won() -> dict[str, Any]:
    return answer(_("No change has been won yet, so there is nothing to report on. Thank you for keeping watch!"))


def reported(campaign: str) -> dict[str, Any]:
    return answer(
        _(
            "Thank you. Your report on *{campaign}* is in its accountability ledger and with the organizers; "
            "their replies come here.",
            campaign=esc(campaign),
        )
    )


def inbox_text(campaign: str, what: str, where: str, link: str) -> str:
    """How the report reads in the organizers' inbox (their words, escaped when shown), in the language of the
    person reporting, like the rest of what they write there."""
    parts = [_("Problem report on {campaign}: {what}", campaign=campaign, what=what)]
    if where:
        parts.append(_("Where: {where}", where=where))
    if link:
        parts.append(_("Link: {link}", link=link))
    return "\n".join(parts)


# Form errors: shown translated, `_(PICK_CHANGE)`.
PICK_CHANGE = N_("Pick the change.")
SAY_WHAT = N_("Say what you see, in a sentence or two.")
JOIN_FIRST = N_("Join first (`/drumbeat join`): then your report is yours to change or erase.")
NOT_WON_NOW = N_("That campaign is no longer a won one; pick another.")


def check_gone() -> dict[str, Any]:
    return answer(_("That implementation check no longer exists."))


def cannot_draft(errors: Errors) -> dict[str, Any]:
    return answer(_("I couldn't draft it: {errors}", errors=" ".join(texts_of(errors).values())))


def follow_up_words(found: FollowUp) -> tuple[str, str]:
    """A follow-up call to action's objective and ask: the commitment and the check's counts, never names."""
    target = found.decision_maker or _("the decision makers")
    said_no = n_(
        "{n} of {answers} messengers said it is not carried out as promised",
        "{n} of {answers} messengers said it is not carried out as promised",
        found.said_no,
        answers=found.answers,
    )
    not_sure = n_("{n} were not sure", "{n} were not sure", found.not_sure)
    reported_ = _(
        "At the {days}-day check, {said_no} and {not_sure}.",
        days=found.days_after_win,
        said_no=said_no,
        not_sure=not_sure,
    )
    promise = _("The commitment: {commitment}", commitment=found.commitment) + ". " if found.commitment else ""
    objective = _("Hold {target} to the promise on {campaign}", target=target, campaign=found.campaign)
    ask = promise + _(
        "{reported} Contact {target}: ask when it will be carried out as promised, and tell us what they say.",
        reported=reported_,
        target=target,
    )
    return objective, ask


def follow_up_section(ask: str) -> dict[str, Any]:
    return section(_("*The ask, drafted from the ledger* (counts, never names):\n{ask}", ask=esc(ask)))
