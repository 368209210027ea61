"""What people write in their DM with Drumbeat: STOP (and its variants) opts them out at once; other
words, in the thread of a call to action or just after one, are kept as a note on it; anything else
goes to the organizers' inbox (core.inbox), and the first message of a thread is acknowledged."""

from __future__ import annotations

import logging

from slack_bolt import App

from core import checkins, events, inbox, messengers
from handlers.request import Request
from handlers.routes import routes_of
from handlers.status import tell_moved_up
from runtime.deps import Deps
from views import inbox as inbox_views
from views import status as views

log = logging.getLogger("drumbeat.dm")
# A photo with words (`file_share`) is a message too: its words are kept like any other.
KEPT = frozenset({None, "file_share"})
FILE_MARK = "[sent a photo or file]"  # what the note says in place of a file Drumbeat does not keep
THANKS = "Thanks, noted for the organizers."
FILES_NOT_KEPT = " Drumbeat keeps your words, not files: if organizers should see it, paste a link to it."


def register(app: App) -> None:
    routes_of(app).event("message", on_message)


def on_message(request: Request, deps: Deps) -> None:
    event = request.event
    subtype = event.get("subtype")
    if event.get("channel_type") != "im" or subtype not in KEPT or event.get("bot_id") or not request.user_id:
        return  # edits, joins, our own posts: not a person writing to us
    text = str(event.get("text") or "")
    with_file = subtype == "file_share" or bool(event.get("files"))
    now = deps.now()
    if messengers.is_stop_word(text):
        # The opt-out is stored with the event's id, in one transaction: it cannot be lost between them.
        with deps.db.transaction() as session:
            left = (
                messengers.opt_out(session, request.team_id, request.user_id, now, via="dm_stop")
                if events.claim(session, request.event_id, now)
                else None
            )
        if left is not None and left.changed:
            log.info("messenger opted out via dm_stop")
            deps.slack.dm(request.user_id, views.opted_out_confirmation())
        if left is not None:
            tell_moved_up(deps, request.team_id, left)
        return
    thread_ts = event.get("thread_ts")
    with deps.db.transaction() as session:
        if not events.claim(session, request.event_id, now):
            return
        words = f"{text} {FILE_MARK}".strip() if with_file else text
        noted = checkins.note_from_message(
            session, request.team_id, request.user_id, words, now, thread_ts=str(thread_ts) if thread_ts else None
        )
        # Not an answer to an ask: the open line to the organizers.
        received = inbox.receive(session, request.team_id, request.user_id, words, now) if noted is None else None
    if received is not None:
        log.info("inbox thread %d: a message%s", received.thread_id, " opened it" if received.new else "")
        if received.new:
            deps.slack.dm(request.user_id, {"text": inbox_views.RECEIVED + (FILES_NOT_KEPT if with_file else "")})
    if noted is not None:
        log.info("note kept on delivery %d", noted.delivery_id)
        if noted.ts:
            thanks = THANKS + (FILES_NOT_KEPT if with_file else "")
            deps.slack.dm(request.user_id, {"text": thanks}, thread_ts=noted.ts)
