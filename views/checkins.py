"""Check-ins: the answered call to action, the forms behind Done and Can't, reminders, and the
implementation check after a win."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from babel.dates import format_date, format_datetime

from core.calls import Card
from core.timing import zone
from models.vocab import BARRIER_LABELS, CHECK_ANSWER_LABELS, METHOD_LABELS, N_, Barrier, CheckStage, Outcome
from views.calls import audience_text
from views.i18n import ENGLISH, SPANISH, _, language, n_
from views.text import answer, button, context, esc, input_block, option, person, plain, section, shorten, state_value

# Slack ids of forms and buttons; each is also the name of its listener in handlers.checkins.
DONE_ACTION = "checkin_done"
WILL_ACTION = "checkin_will"
CANT_ACTION = "checkin_cant"
DETAILS_ACTION = "checkin_details"
DONE_FORM = "checkin_done_form"
CANT_FORM = "checkin_cant_form"
IMPL_YES = "impl_yes"
IMPL_NO = "impl_no"
IMPL_UNSURE = "impl_unsure"
IMPL_DETAILS = "impl_details"
IMPL_FORM = "impl_form"
LINK_ERROR = N_("A plain link starting with http:// or https://, or nothing.")  # shown as _(LINK_ERROR)
METADATA_TYPE = "drumbeat_delivery"  # a delivered ask's message metadata: finds it again after a crash

Block = dict[str, Any]


def worded(card: Card) -> Card:
    """The card in the reader's words: for a Spanish reader, the organizer's Spanish where she wrote it;
    otherwise her words as written."""
    if language() != SPANISH:
        return card
    return replace(card, objective=card.objective_es or card.objective, ask=card.ask_es or card.ask)


def call_to_action(card: Card, delivery_id: int, tz: str) -> dict[str, Any]:
    """The DM a messenger receives. Button values carry the delivery id; metadata lets us find it again.
    `tz`: the coalition's zone (an event's time where Slack cannot show it in the reader's)."""
    card = worded(card)
    tactic = _(METHOD_LABELS[card.tactic][0])
    lines = [
        f"*{esc(card.objective)}*",
        _("*Campaign:* {campaign}   *Tactic:* {tactic}", campaign=esc(card.campaign), tactic=tactic),
        _("*Audience:* {audience}", audience=audience_text(card)),
    ]
    if card.due_date:
        lines.append(_("*Please do it by:* {day}", day=day_name(card.due_date)))
    if card.event_at is not None:
        lines.append(
            _("*When:* {when}   *Where:* {place}", when=local_time(card.event_at, tz), place=esc(card.event_place))
        )
    blocks: list[Block] = [
        {"type": "header", "text": plain(_("An event") if card.event_at is not None else _("A call to action"), 150)},
        section("\n".join(lines)),
    ]
    if card.ask:
        blocks.append(section(esc(card.ask)))
    if card.links:
        blocks.append(section(_("*Links:* {links}", links=" ".join(esc(link) for link in card.links.split()))))
    value = str(delivery_id)
    if card.event_at is not None:
        choices = [button(_("I'll be there"), EVENT_GOING, value, style="primary")]
        if card.speakers:
            choices.append(button(_("I can speak"), EVENT_SPEAK, value))
        choices.append(button(_("Can't make it"), EVENT_CANCEL, value))
    else:
        choices = [
            button(_(label), action_id, value, style="primary" if kind == Outcome.DONE else None)
            for label, action_id, kind in _CHOICES
        ]
    blocks += [
        {"type": "actions", "block_id": "checkin", "elements": choices},
        context(_("Reply in this thread to tell organizers what happened. Reply STOP to stop all messages.")),
    ]
    return {
        "text": _("Call to action: {objective}", objective=esc(shorten(card.objective, 200))),
        "blocks": blocks,
        "metadata": {"event_type": METADATA_TYPE, "event_payload": {"delivery_id": delivery_id}},
    }


def as_they_get_it(card: Card, tz: str) -> list[Block]:
    """The DM a call to action becomes, for the organizer's preview: its words as sent, its buttons named
    (not clickable: there is nothing to answer yet)."""
    message = call_to_action(card, 0, tz)
    shown = [b for b in message["blocks"] if b.get("type") in ("header", "section")]
    buttons = next(b for b in message["blocks"] if b.get("block_id") == "checkin")["elements"]
    named = " · ".join(f"[{b['text']['text']}]" for b in buttons)
    return [context(_("*What each messenger gets in their DM:*")), *shown, context(_("Buttons: {named}", named=named))]


ANSWER_TEXT = {  # shown as _(ANSWER_TEXT[outcome])
    Outcome.DONE: N_(":white_check_mark: *Done.* Thank you: every call adds up."),
    Outcome.WILL_DO: N_(":calendar: *You'll do it.* Thanks! We'll remind you once before it's due."),
    Outcome.CANT: N_(":pause_button: *Not this time.* Thanks for telling us; organizers will see what got in the way."),
}


def answered(card: Card, delivery_id: int, outcome: Outcome | None, barrier: Barrier | None, tz: str) -> dict[str, Any]:
    """The call to action, updated in place to show the answer, with a way to change it."""
    message = call_to_action(card, delivery_id, tz)
    blocks = [b for b in message["blocks"] if b.get("block_id") != "checkin" and b.get("type") != "context"]
    value = str(delivery_id)
    if outcome is not None and outcome in ANSWER_TEXT:
        text = _(ANSWER_TEXT[outcome])
        if outcome == Outcome.CANT and barrier is not None:
            text += f" ({_(BARRIER_LABELS[barrier])})"
        blocks.append(section(text))
        elements = [button(_(label), action_id, value) for label, action_id, kind in _CHOICES if kind != outcome]
        if outcome == Outcome.DONE:
            elements.insert(0, button(_("Add details"), DETAILS_ACTION, value, style="primary"))
        blocks.append({"type": "actions", "block_id": "checkin", "elements": elements})
        blocks.append(context(_("Changed your mind? Pick another answer. Reply in this thread to add a note.")))
    else:
        blocks.append(
            {
                "type": "actions",
                "block_id": "checkin",
                "elements": [button(_(label), action_id, value) for label, action_id, _kind in _CHOICES],
            }
        )
    return {"text": message["text"], "blocks": blocks, "metadata": message["metadata"]}


_CHOICES = [  # (button, action id, answer); each button shown as _(label)
    (N_("Done"), DONE_ACTION, Outcome.DONE),
    (N_("I'll do it"), WILL_ACTION, Outcome.WILL_DO),
    (N_("Can't this time"), CANT_ACTION, Outcome.CANT),
]


def _metadata(delivery_id: int, response_url: str | None) -> str:
    """The form's private metadata: which call to action, and the clicked message's response URL (so the
    answer shows in that message without a chat.update)."""
    found: dict[str, Any] = {"delivery_id": delivery_id}
    if response_url:
        found["response_url"] = response_url
    return json.dumps(found)


def response_url_of(private_metadata: str | None) -> str | None:
    """The response URL kept in a form's metadata (Slack returns the metadata as we set it)."""
    try:
        value = json.loads(private_metadata or "{}").get("response_url")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, str) and value.startswith("http") else None


def done_form(delivery_id: int, response_url: str | None = None) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": DONE_FORM,
        "private_metadata": _metadata(delivery_id, response_url),
        "title": plain(_("Thank you!"), 24),
        "submit": plain(_("Send")),
        "close": plain(_("Skip")),
        "blocks": [
            section(_("If you like, tell organizers how it went. Everything here is optional.")),
            input_block(
                "reached",
                _("Whom did you reach?"),
                {"type": "plain_text_input", "max_length": 300},
                optional=True,
                hint=_("e.g. “Mayor Lee's scheduler”"),
            ),
            input_block(
                "told",
                _("What were you told?"),
                {"type": "plain_text_input", "multiline": True, "max_length": 1500},
                optional=True,
            ),
            input_block(
                "evidence",
                _("A link to show it"),
                {"type": "plain_text_input", "max_length": 500},
                optional=True,
                hint=_("A published letter, a post, meeting notes."),
            ),
        ],
    }


def cant_form(delivery_id: int, response_url: str | None = None) -> dict[str, Any]:
    options = [option(b.value, _(BARRIER_LABELS[b])) for b in Barrier]
    return {
        "type": "modal",
        "callback_id": CANT_FORM,
        "private_metadata": _metadata(delivery_id, response_url),
        "title": plain(_("Not this time"), 24),
        "submit": plain(_("Send")),
        "close": plain(_("Cancel")),
        "blocks": [
            section(_("No problem. What got in the way? It helps organizers support you and others.")),
            input_block("barrier", _("What got in the way"), {"type": "radio_buttons", "options": options}),
            input_block(
                "words",
                _("In a few words"),
                {"type": "plain_text_input", "max_length": 500},
                optional=True,
                hint=_("Needed if you chose Other."),
            ),
        ],
    }


def read_done_form(values: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(note, evidence) from the Done form."""
    reached = (state_value(values, "reached").get("value") or "").strip()
    told = (state_value(values, "told").get("value") or "").strip()
    parts = [f"Reached: {reached}"] if reached else []
    if told:
        parts.append(f"Told: {told}")
    evidence = (state_value(values, "evidence").get("value") or "").strip()
    return ("\n".join(parts) or None), (evidence or None)


def read_cant_form(values: Mapping[str, Any]) -> tuple[Barrier | None, str | None]:
    chosen = (state_value(values, "barrier").get("selected_option") or {}).get("value")
    barrier = next((b for b in Barrier if b.value == chosen), None)
    words = (state_value(values, "words").get("value") or "").strip()
    return barrier, (words or None)


def delivery_of(private_metadata: str | None, key: str = "delivery_id") -> int | None:
    try:
        value = json.loads(private_metadata or "{}").get(key)
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def reminder(card: Card, delivery_id: int, said_will_do: bool, tz: str) -> dict[str, Any]:
    message = call_to_action(card, delivery_id, tz)
    intro = (
        _("A friendly reminder: you said you'd do this one.")
        if said_will_do
        else _("A friendly reminder about this call to action. Any answer helps, even “can't this time”.")
    )
    blocks = [section(f"*{intro}*"), *[b for b in message["blocks"] if b.get("type") != "header"]]
    text = _("Reminder: {objective}", objective=esc(shorten(worded(card).objective, 200)))
    return {"text": text, "blocks": blocks, "metadata": message["metadata"]}


def _capitalized(text: str) -> str:
    """The first letter upper case, the rest as written ("a messenger" -> "A messenger"; names kept)."""
    return text[:1].upper() + text[1:]


def barrier_notice(who: str, action_id: int, objective: str, barrier: Barrier | None) -> dict[str, Any]:
    """For the organizers' channel: the category only. A person's own words never go to a channel; they are
    in `/drumbeat report`, and withheld there once the person opts out or deletes their data."""
    reason = _(BARRIER_LABELS[barrier]) if barrier else _("no reason given")
    text = _(
        "{who} can't do #{action_id} ({objective}) this time: {reason}.",
        who=_capitalized(person(who)),
        action_id=action_id,
        objective=esc(shorten(objective, 80)),
        reason=reason,
    )
    if barrier == Barrier.OTHER:
        text += " " + _("Their words are in `/drumbeat report`.")
    return {"text": text, "blocks": [section(text)]}


# ----- after a win -----------------------------------------------------------------------------------

IMPL_ACTIONS = {Outcome.YES: IMPL_YES, Outcome.NO: IMPL_NO, Outcome.NOT_SURE: IMPL_UNSURE}


def _check_buttons(check_id: int, *, leave_out: Outcome | None = None) -> list[dict[str, Any]]:
    """Yes / No / Not sure (without the answer already given), then "Tell us what you see"."""
    value = str(check_id)
    answers = [
        button(_(label), IMPL_ACTIONS[outcome], value, style="primary" if outcome == Outcome.YES else None)
        for outcome, label in CHECK_ANSWER_LABELS.items()
        if outcome != leave_out
    ]
    return [*answers, button(_("Tell us what you see"), IMPL_DETAILS, value)]


STAGE_QUESTION = {  # shown as _(STAGE_QUESTION[stage])
    CheckStage.IMPLEMENTED: N_("Is it being implemented as intended?"),
    CheckStage.SUSTAINED: N_("Is it still in place and working as intended?"),
}


def implementation_prompt(
    campaign: str, commitment: str | None, check_id: int, stage: CheckStage, days: int
) -> dict[str, Any]:
    question = _(STAGE_QUESTION[stage])
    lines = [
        n_("*{campaign}* was won {n} day ago.", "*{campaign}* was won {n} days ago.", days, campaign=esc(campaign))
    ]
    if commitment:
        lines.append(_("The commitment: {commitment}", commitment=esc(shorten(commitment, 500))))
    lines.append(_("*{question}* What do you see on the ground?", question=question))
    return {
        "text": f"{esc(campaign)}: {question}",
        "blocks": [
            section("\n".join(lines)),
            {
                "type": "actions",
                "block_id": "implementation",
                "elements": _check_buttons(check_id),
            },
            context(_("Your answer goes into the coalition's record of whether decision makers follow through.")),
        ],
    }


def implementation_answered(campaign: str, stage: CheckStage, outcome: Outcome, check_id: int) -> dict[str, Any]:
    text = _(
        "*{campaign}*: {question} You said *{answer}*. Thank you.",
        campaign=esc(campaign),
        question=_(STAGE_QUESTION[stage]),
        answer=_(CHECK_ANSWER_LABELS[outcome]),
    )
    return {
        "text": text,
        "blocks": [
            section(text),
            {"type": "actions", "block_id": "implementation", "elements": _check_buttons(check_id, leave_out=outcome)},
            context(_("Changed your mind? Pick another answer.")),
        ],
    }


def implementation_form(check_id: int) -> dict[str, Any]:
    answers = [option(outcome.value, _(label)) for outcome, label in CHECK_ANSWER_LABELS.items()]
    return {
        "type": "modal",
        "callback_id": IMPL_FORM,
        "private_metadata": json.dumps({"check_id": check_id}),
        "title": plain(_("On the ground"), 24),
        "submit": plain(_("Send")),
        "close": plain(_("Cancel")),
        "blocks": [
            input_block("answer", _("Is it happening as intended?"), {"type": "radio_buttons", "options": answers}),
            input_block(
                "seen",
                _("What do you see?"),
                {"type": "plain_text_input", "multiline": True, "max_length": 1500},
                optional=True,
            ),
            input_block(
                "evidence", _("A link to show it"), {"type": "plain_text_input", "max_length": 500}, optional=True
            ),
        ],
    }


def read_implementation_form(values: Mapping[str, Any]) -> tuple[Outcome | None, str | None, str | None]:
    chosen = (state_value(values, "answer").get("selected_option") or {}).get("value")
    outcome = next((o for o in CHECK_ANSWER_LABELS if o.value == chosen), None)
    seen = (state_value(values, "seen").get("value") or "").strip() or None
    evidence = (state_value(values, "evidence").get("value") or "").strip() or None
    return outcome, seen, evidence


EVENT_GOING = "event_going"  # also the names of their listeners in handlers.attendance
EVENT_SPEAK = "event_speak"
EVENT_CANCEL = "event_cancel"
EVENT_THERE = "event_there"
EVENT_MISSED = "event_missed"
FOLLOW_UP = "followup_draft"  # also the name of its listener in handlers.problems


def _locale() -> str:
    """The Babel locale of the language being written in (the test pseudo-language: English)."""
    return language() if language() in (ENGLISH, SPANISH) else ENGLISH


def day_name(day: date) -> str:
    """A day in the reader's words: "Friday, December 11", "viernes 11 de diciembre"."""
    return format_date(day, "EEEE d 'de' MMMM" if _locale() == SPANISH else "EEEE, MMMM d", locale=_locale())


def local_time(moment: datetime, tz: str) -> str:
    """A moment Slack shows in each reader's own time zone; where Slack cannot (a notification, an old
    client) the fallback reads it in the coalition's zone `tz`, e.g. "Friday, December 11, 6:00 PM CST"
    ("viernes 11 de diciembre, 18:00 CST" in Spanish)."""
    there = moment.astimezone(zone(tz))
    if _locale() == SPANISH:
        fallback = format_datetime(there, "EEEE d 'de' MMMM, H:mm", locale=SPANISH) + there.strftime(" %Z")
    else:
        fallback = there.strftime("%A, %B %-d, %-I:%M %p %Z")
    # Slack fills its own {date_long_pretty} and {time}, in the reader's Slack language
    shown = _("{day} at {time}", day="{date_long_pretty}", time="{time}")
    return f"<!date^{int(moment.timestamp())}^{shown}|{fallback}>"


def follow_up_actions(check_id: int) -> dict[str, Any]:
    """*Draft a follow-up* for a flagged check (the check id follows a colon: unique in a message)."""
    return {
        "type": "actions",
        "elements": [button(_("Draft a follow-up"), f"{FOLLOW_UP}:{check_id}", str(check_id), "primary")],
    }


def flag_notice(campaign: str, days: int, check_id: int) -> dict[str, Any]:
    text = n_(
        ":warning: *{campaign}*: most messengers answering the {n}-day implementation check say "
        "“no” or “not sure”. `/drumbeat ledger` has what they see.",
        ":warning: *{campaign}*: most messengers answering the {n}-day implementation check say "
        "“no” or “not sure”. `/drumbeat ledger` has what they see.",
        days,
        campaign=esc(campaign),
    )
    return {"text": text, "blocks": [section(text), follow_up_actions(check_id)]}


NOT_YOURS = N_("That call to action was sent to someone else, so I can't record an answer from you.")
NOT_ASKED = N_("I couldn't find that question, or it was not asked of you.")


def not_yours() -> dict[str, Any]:
    return answer(_(NOT_YOURS))


def not_asked() -> dict[str, Any]:
    return answer(_(NOT_ASKED))


# A form's errors, in English here: shown as _(PICK_BARRIER) and so on.
PICK_BARRIER = N_("Pick what got in the way.")
SAY_WHY = N_("Tell us in a few words.")
PICK_CHECK_ANSWER = N_("Pick yes, no or not sure.")
