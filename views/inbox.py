"""The open line: the organizers' inbox, the reply form, what the messenger hears."""

from __future__ import annotations

import json
from typing import Any

from core.inbox import Thread
from models.vocab import N_
from views.i18n import _, n_
from views.status import when
from views.text import MESSAGE_BLOCKS, answer, button, context, esc, input_block, plain, section, shorten

REPLY = "inbox_reply"  # also the names of their listeners in handlers.inbox
DONE = "inbox_done"
MORE = "inbox_more"
REPLY_FORM = "inbox_reply_form"
LINE_CHARS = 700  # of one message, in the list; longer ones say how much is not shown
LINES_SHOWN = 4  # the latest messages of a thread

RECEIVED = N_(  # shown as _(RECEIVED)
    "Thanks. An organizer will read this; their replies come here. Anything else you write here reaches "
    "them too. (STOP still stops everything.)"
)


def _cut(text: str) -> str:
    if len(text) <= LINE_CHARS:
        return esc(text)
    left = len(text) - LINE_CHARS
    return esc(text[:LINE_CHARS]) + n_("… ({n} more character)", "… ({n} more characters)", left)


def thread_blocks(thread: Thread, tz: str) -> list[dict[str, Any]]:
    shown = thread.lines[-LINES_SHOWN:]
    earlier = len(thread.lines) - len(shown)
    lines = [f"<@{thread.user_id}> · {when(thread.last_at, tz)}"]  # a mention stands out as it is
    if earlier:
        lines.append(n_("_{n} earlier message_", "_{n} earlier messages_", earlier))
    for line in shown:
        lines.append(f"“{_cut(line.text)}”" if line.who is None else f"↳ <@{line.who}>: {_cut(line.text)}")
    value = str(thread.id)
    return [
        section("\n".join(lines)),
        {
            "type": "actions",
            "elements": [  # action ids are unique in a message: the thread id follows a colon (routes drop it)
                button(_("Reply"), f"{REPLY}:{value}", value, "primary"),
                button(_("Done"), f"{DONE}:{value}", value),
            ],
        },
    ]


def inbox_message(threads: list[Thread], total: int, tz: str, *, start: int = 0) -> dict[str, Any]:
    if not total:
        return answer(_("The inbox is empty: no open messages from messengers."))
    if start:
        heading = n_(
            "*Inbox*: {n} open, newest first (from {start})",
            "*Inbox*: {n} open, newest first (from {start})",
            total,
            start=start + 1,
        )
    else:
        heading = n_("*Inbox*: {n} open, newest first", "*Inbox*: {n} open, newest first", total)
    blocks: list[dict[str, Any]] = [section(heading)]
    for thread in threads:
        if len(blocks) + 2 > MESSAGE_BLOCKS - 2:
            break
        blocks += thread_blocks(thread, tz)
    shown = start + (len(blocks) - 1) // 2
    if shown < total:
        blocks.append(
            {"type": "actions", "elements": [button(_("Next ({n} more)", n=total - shown), MORE, str(shown))]}
        )
    blocks.append(context(_("*Reply* sends your answer to their DM, signed with your name. *Done* closes the thread.")))
    return {"response_type": "ephemeral", "text": heading, "blocks": blocks}


def reply_form(thread_id: int, user_id: str) -> dict[str, Any]:
    return {
        "type": "modal",
        "callback_id": REPLY_FORM,
        "title": plain(_("Reply"), 24),
        "submit": plain(_("Send")),
        "close": plain(_("Cancel")),
        "private_metadata": json.dumps({"thread": thread_id}),
        "blocks": [
            section(_("To <@{user_id}>, in their DM with Drumbeat, signed with your name.", user_id=user_id)),
            input_block("reply", _("Your reply"), {"type": "plain_text_input", "multiline": True, "max_length": 3000}),
        ],
    }


def form_thread(private_metadata: str) -> int | None:
    try:
        value = json.loads(private_metadata or "{}").get("thread")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) else None


def reply_dm(organizer: str, text: str) -> dict[str, Any]:
    headline = _("A reply from an organizer")
    return {
        "text": headline,
        "blocks": [
            section(_("*From <@{organizer}>, an organizer:*\n{text}", organizer=organizer, text=esc(text))),
            context(_("Reply here: it reaches the organizers. STOP stops everything.")),
        ],
    }


def home_lines(total: int, threads: list[Thread]) -> list[str]:
    if not total:
        return []
    latest = [f"• <@{t.user_id}>: “{esc(shorten(t.lines[-1].text, 80))}”" for t in threads[:3] if t.lines]
    heading = n_(
        "*Inbox*: {n} open · `/drumbeat inbox` to read and reply",
        "*Inbox*: {n} open · `/drumbeat inbox` to read and reply",
        total,
    )
    return [heading, *latest]


def reply_reached() -> dict[str, Any]:
    return answer(_("Your reply reached their DM."))


def reply_held() -> dict[str, Any]:
    return answer(_("It's their quiet hours: your reply reaches their DM when they end."))


def reply_failed() -> dict[str, Any]:
    return answer(_("Slack did not take the reply; try again."))


def thread_closed() -> dict[str, Any]:
    return answer(_("That thread was closed meanwhile."))


# The reply form's errors, in English here: shown as _(WRITE_A_REPLY) and so on.
WRITE_A_REPLY = N_("Write a reply, or press Cancel.")
CLOSED_NOTHING_SENT = N_("This thread was closed meanwhile; nothing was sent.")
STOPPED_NOTHING_SENT = N_("They asked Drumbeat to stop messaging them; nothing was sent.")


THANKS = N_("Thanks, noted for the organizers.")
FILES_NOT_KEPT = N_("Drumbeat keeps your words, not files: if organizers should see it, paste a link to it.")


def _with_file(text: str, with_file: bool) -> str:
    return f"{_(text)} {_(FILES_NOT_KEPT)}" if with_file else _(text)


def noted(with_file: bool) -> dict[str, Any]:
    """The reply in an ask's thread to what was written there (its details, for the organizers)."""
    return {"text": _with_file(THANKS, with_file)}


def received(with_file: bool) -> dict[str, Any]:
    """The one acknowledgement when a message opens a thread in the organizers' inbox."""
    return {"text": _with_file(RECEIVED, with_file)}
