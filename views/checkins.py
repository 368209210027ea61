"""Check-ins: the answered call to action, the forms behind Done and Can't, reminders, and the
implementation check after a win."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from core.calls import Card
from core.timing import zone
from models.vocab import BARRIER_LABELS, CHECK_ANSWER_LABELS, METHOD_LABELS, Barrier, CheckStage, Outcome
from views.calls import audience_text
from views.text import answer, button, context, esc, input_block, option, plain, section, shorten, state_value

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
LINK_ERROR = "A plain link starting with http:// or https://, or nothing."
METADATA_TYPE = "drumbeat_delivery"  # a delivered ask's message metadata: finds it again after a crash

Block = dict[str, Any]


def call_to_action(card: Card, delivery_id: int, tz: str) -> dict[str, Any]:
    """The DM a messenger receives. Button values carry the delivery id; metadata lets us find it again.
    `tz`: the coalition's zone (an event's time where Slack cannot show it in the reader's)."""
    tactic = METHOD_LABELS[card.tactic][0]
    lines = [
        f"*{esc(card.objective)}*",
        f"*Campaign:* {esc(card.campaign)}   *Tactic:* {tactic}",
        f"*Audience:* {audience_text(card)}",
    ]
    if card.due_date:
        lines.append(f"*Please do it by:* {card.due_date.strftime('%A, %B %-d')}")
    if card.event_at is not None:
        lines.append(f"*When:* {local_time(card.event_at, tz)}   *Where:* {esc(card.event_place)}")
    blocks: list[Block] = [
        {"type": "header", "text": plain("An event" if card.event_at is not None else "A call to action", 150)},
        section("\n".join(lines)),
    ]
    if card.ask:
        blocks.append(section(esc(card.ask)))
    if card.links:
        blocks.append(section("*Links:* " + " ".join(esc(link) for link in card.links.split())))
    value = str(delivery_id)
    if card.event_at is not None:
        choices = [button("I'll be there", EVENT_GOING, value, style="primary")]
        if card.speakers:
            choices.append(button("I can speak", EVENT_SPEAK, value))
        choices.append(button("Can't make it", EVENT_CANCEL, value))
    else:
        choices = [
            button("Done", DONE_ACTION, value, style="primary"),
            button("I'll do it", WILL_ACTION, value),
            button("Can't this time", CANT_ACTION, value),
        ]
    blocks += [
        {"type": "actions", "block_id": "checkin", "elements": choices},
        context("Reply in this thread to tell organizers what happened. Reply STOP to stop all messages."),
    ]
    return {
        "text": f"Call to action: {esc(shorten(card.objective, 200))}",
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
    return [context("*What each messenger gets in their DM:*"), *shown, context(f"Buttons: {named}")]


ANSWER_TEXT = {
    Outcome.DONE: ":white_check_mark: *Done.* Thank you: every call adds up.",
    Outcome.WILL_DO: ":calendar: *You'll do it.* Thanks! We'll remind you once before it's due.",
    Outcome.CANT: ":pause_button: *Not this time.* Thanks for telling us; organizers will see what got in the way.",
}


def answered(card: Card, delivery_id: int, outcome: Outcome | None, barrier: Barrier | None, tz: str) -> dict[str, Any]:
    """The call to action, updated in place to show the answer, with a way to change it."""
    message = call_to_action(card, delivery_id, tz)
    blocks = [b for b in message["blocks"] if b.get("block_id") != "checkin" and b.get("type") != "context"]
    value = str(delivery_id)
    if outcome is not None and outcome in ANSWER_TEXT:
        text = ANSWER_TEXT[outcome]
        if outcome == Outcome.CANT and barrier is not None:
            text += f" ({BARRIER_LABELS[barrier]})"
        blocks.append(section(text))
        elements = [button(label, action_id, value) for label, action_id, kind in _CHOICES if kind != outcome]
        if outcome == Outcome.DONE:
            elements.insert(0, button("Add details", DETAILS_ACTION, value, style="primary"))
        blocks.append({"type": "actions", "block_id": "checkin", "elements": elements})
        blocks.append(context("Changed your mind? Pick another answer. Reply in this thread to add a note."))
    else:
        blocks.append(
            {
                "type": "actions",
                "block_id": "checkin",
                "elements": [button(label, action_id, value) for label, action_id, _ in _CHOICES],
            }
        )
    return {"text": message["text"], "blocks": blocks, "metadata": message["metadata"]}


_CHOICES = [
    ("Done", DONE_ACTION, Outcome.DONE),
    ("I'll do it", WILL_ACTION, Outcome.WILL_DO),
    ("Can't this time", CANT_ACTION, Outcome.CANT),
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
        "title": plain("Thank you!", 24),
        "submit": plain("Send"),
        "close": plain("Skip"),
        "blocks": [
            section("If you like, tell organizers how it went. Everything here is optional."),
            input_block(
                "reached",
                "Whom did you reach?",
                {"type": "plain_text_input", "max_length": 300},
                optional=True,
                hint="e.g. “Mayor Lee's scheduler”",
            ),
            input_block(
                "told",
                "What were you told?",
                {"type": "plain_text_input", "multiline": True, "max_length": 1500},
                optional=True,
            ),
            input_block(
                "evidence",
                "A link to show it",
                {"type": "plain_text_input", "max_length": 500},
                optional=True,
                hint="A published letter, a post, meeting notes.",
            ),
        ],
    }


def cant_form(delivery_id: int, response_url: str | None = None) -> dict[str, Any]:
    options = [option(b.value, BARRIER_LABELS[b]) for b in Barrier]
    return {
        "type": "modal",
        "callback_id": CANT_FORM,
        "private_metadata": _metadata(delivery_id, response_url),
        "title": plain("Not this time", 24),
        "submit": plain("Send"),
        "close": plain("Cancel"),
        "blocks": [
            section("No problem. What got in the way? It helps organizers support you and others."),
            input_block("barrier", "What got in the way", {"type": "radio_buttons", "options": options}),
            input_block(
                "words",
                "In a few words",
                {"type": "plain_text_input", "max_length": 500},
                optional=True,
                hint="Needed if you chose Other.",
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
        "A friendly reminder: you said you'd do this one."
        if said_will_do
        else "A friendly reminder about this call to action. Any answer helps, even “can't this time”."
    )
    blocks = [section(f"*{intro}*"), *[b for b in message["blocks"] if b.get("type") != "header"]]
    return {"text": f"Reminder: {esc(shorten(card.objective, 200))}", "blocks": blocks, "metadata": message["metadata"]}


def barrier_notice(who: str, action_id: int, objective: str, barrier: Barrier | None) -> dict[str, Any]:
    """For the organizers' channel: the category only. A person's own words never go to a channel; they are
    in `/drumbeat report`, and withheld there once the person opts out or deletes their data."""
    reason = BARRIER_LABELS[barrier] if barrier else "no reason given"
    text = f"{esc(who).capitalize()} can't do #{action_id} ({esc(shorten(objective, 80))}) this time: {reason}."
    if barrier == Barrier.OTHER:
        text += " Their words are in `/drumbeat report`."
    return {"text": text, "blocks": [section(text)]}


# ----- after a win -----------------------------------------------------------------------------------

IMPL_ACTIONS = {Outcome.YES: IMPL_YES, Outcome.NO: IMPL_NO, Outcome.NOT_SURE: IMPL_UNSURE}


def _check_buttons(check_id: int, *, leave_out: Outcome | None = None) -> list[dict[str, Any]]:
    """Yes / No / Not sure (without the answer already given), then "Tell us what you see"."""
    value = str(check_id)
    answers = [
        button(label, IMPL_ACTIONS[outcome], value, style="primary" if outcome == Outcome.YES else None)
        for outcome, label in CHECK_ANSWER_LABELS.items()
        if outcome != leave_out
    ]
    return [*answers, button("Tell us what you see", IMPL_DETAILS, value)]


STAGE_QUESTION = {
    CheckStage.IMPLEMENTED: "Is it being implemented as intended?",
    CheckStage.SUSTAINED: "Is it still in place and working as intended?",
}


def implementation_prompt(
    campaign: str, commitment: str | None, check_id: int, stage: CheckStage, days: int
) -> dict[str, Any]:
    lines = [f"*{esc(campaign)}* was won {days} days ago."]
    if commitment:
        lines.append(f"The commitment: {esc(shorten(commitment, 500))}")
    lines.append(f"*{STAGE_QUESTION[stage]}* What do you see on the ground?")
    return {
        "text": f"{esc(campaign)}: {STAGE_QUESTION[stage]}",
        "blocks": [
            section("\n".join(lines)),
            {
                "type": "actions",
                "block_id": "implementation",
                "elements": _check_buttons(check_id),
            },
            context("Your answer goes into the coalition's record of whether decision makers follow through."),
        ],
    }


def implementation_answered(campaign: str, stage: CheckStage, outcome: Outcome, check_id: int) -> dict[str, Any]:
    text = f"*{esc(campaign)}*: {STAGE_QUESTION[stage]} You said *{CHECK_ANSWER_LABELS[outcome]}*. Thank you."
    return {
        "text": text,
        "blocks": [
            section(text),
            {"type": "actions", "block_id": "implementation", "elements": _check_buttons(check_id, leave_out=outcome)},
            context("Changed your mind? Pick another answer."),
        ],
    }


def implementation_form(check_id: int) -> dict[str, Any]:
    answers = [option(outcome.value, label) for outcome, label in CHECK_ANSWER_LABELS.items()]
    return {
        "type": "modal",
        "callback_id": IMPL_FORM,
        "private_metadata": json.dumps({"check_id": check_id}),
        "title": plain("On the ground", 24),
        "submit": plain("Send"),
        "close": plain("Cancel"),
        "blocks": [
            input_block("answer", "Is it happening as intended?", {"type": "radio_buttons", "options": answers}),
            input_block(
                "seen",
                "What do you see?",
                {"type": "plain_text_input", "multiline": True, "max_length": 1500},
                optional=True,
            ),
            input_block(
                "evidence", "A link to show it", {"type": "plain_text_input", "max_length": 500}, optional=True
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


def local_time(moment: datetime, tz: str) -> str:
    """A moment Slack shows in each reader's own time zone; where Slack cannot (a notification, an old
    client) the fallback reads it in the coalition's zone `tz`, e.g. "Friday, December 11, 6:00 PM CST"."""
    fallback = moment.astimezone(zone(tz)).strftime("%A, %B %-d, %-I:%M %p %Z")
    return f"<!date^{int(moment.timestamp())}^{{date_long_pretty}} at {{time}}|{fallback}>"


def follow_up_actions(check_id: int) -> dict[str, Any]:
    """*Draft a follow-up* for a flagged check (the check id follows a colon: unique in a message)."""
    return {
        "type": "actions",
        "elements": [button("Draft a follow-up", f"{FOLLOW_UP}:{check_id}", str(check_id), "primary")],
    }


def flag_notice(campaign: str, days: int, check_id: int) -> dict[str, Any]:
    text = (
        f":warning: *{esc(campaign)}*: most messengers answering the {days}-day implementation check say "
        "“no” or “not sure”. `/drumbeat ledger` has what they see."
    )
    return {"text": text, "blocks": [section(text), follow_up_actions(check_id)]}


NOT_YOURS = "That call to action was sent to someone else, so I can't record an answer from you."
NOT_ASKED = "I couldn't find that question, or it was not asked of you."


def not_yours() -> dict[str, Any]:
    return answer(NOT_YOURS)


def not_asked() -> dict[str, Any]:
    return answer(NOT_ASKED)


PICK_BARRIER = "Pick what got in the way."
SAY_WHY = "Tell us in a few words."
PICK_CHECK_ANSWER = "Pick yes, no or not sure."
