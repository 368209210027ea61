"""What people write in their DM with Drumbeat: STOP (and its variants) opts them out at once; a reply in
the thread of a call to action is kept as its details; anything else goes to the organizers' inbox
(core.inbox), and the first message of a thread is acknowledged."""

from __future__ import annotations

import logging

from core import checkins, languages, messengers
from handlers.request import Reply, Request, only
from handlers.routes import Routes
from handlers.stopping import after_stop
from runtime.deps import Deps
from runtime.effects import DM
from views import inbox as views
from views.i18n import speaking

log = logging.getLogger("drumbeat.dm")
# A photo with words (`file_share`) is a message too: its words are kept like any other.
KEPT = frozenset({None, "file_share"})
FILE_MARK = "[sent a photo or file]"  # what the note says in place of a file Drumbeat does not keep


def register(routes: Routes) -> None:
    routes.event("message", on_message)


def on_message(request: Request, deps: Deps) -> Reply | None:
    event = request.event
    subtype = event.get("subtype")
    if event.get("channel_type") != "im" or subtype not in KEPT or event.get("bot_id") or not request.user_id:
        return None  # edits, joins, our own posts: not a person writing to us
    text = str(event.get("text") or "")
    with_file = subtype == "file_share" or bool(event.get("files"))
    now = deps.now()
    if messengers.is_stop_word(text):
        # The opt-out is stored with the event's id, in one transaction: it cannot be lost between them.
        left = messengers.stop(deps.db, request.team_id, request.user_id, now, via="dm_stop", event_id=request.event_id)
        if left.changed:
            log.info("messenger opted out via dm_stop")
        # Confirmed in their language, or, if Drumbeat has not learned it, in the language of the word they used.
        spoken = languages.of(deps.db, request.team_id, request.user_id) or messengers.stop_word_language(text)
        with speaking(spoken):
            return only(*after_stop(deps, request.team_id, request.user_id, left))
    thread_ts = event.get("thread_ts")
    words = f"{text} {FILE_MARK}".strip() if with_file else text
    heard = checkins.hear(
        deps.db,
        request.team_id,
        request.user_id,
        words,
        now,
        thread_ts=str(thread_ts) if thread_ts else None,
        event_id=request.event_id,
    )
    if heard.noted is not None:
        log.info("note kept on delivery %d", heard.noted.delivery_id)
        if heard.noted.ts:
            return only(DM(request.team_id, request.user_id, views.noted(with_file), thread_ts=heard.noted.ts))
    if heard.received is not None:
        log.info("inbox thread %d: a message%s", heard.received.thread_id, " opened it" if heard.received.new else "")
        if heard.received.new:
            return only(DM(request.team_id, request.user_id, views.received(with_file)))
    return None
