"""What people write in their DM with Drumbeat: STOP (and its variants) opts them out at once; other
words, in the thread of a call to action or just after one, are kept as a note on it."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App, BoltContext

from core import checkins, messengers
from handlers.common import deps_of, once_per_event, post_dm, team_of
from views import status as status_views

log = logging.getLogger("drumbeat.dm")


def register(app: App) -> None:
    app.event("message")(on_message)


def on_message(body: dict[str, Any], event: dict[str, Any], context: BoltContext) -> None:
    if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
        return  # edits, joins, our own posts: not a person writing to us
    user_id = str(event.get("user") or "")
    if not user_id:
        return
    deps = deps_of(context)
    team_id = team_of(body)
    text = event.get("text")
    if messengers.is_stop_word(text):
        # The opt-out is stored with the event's id, in one transaction: it cannot be lost between them.
        now = deps.now()
        if once_per_event(deps, body, lambda s: messengers.opt_out(s, team_id, user_id, now, via="dm_stop")):
            log.info("messenger opted out via dm_stop")
            post_dm(deps, user_id, status_views.opted_out_confirmation())
        return
    thread_ts = event.get("thread_ts")

    noted = once_per_event(
        deps,
        body,
        lambda session: checkins.note_from_message(
            session, team_id, user_id, text or "", deps.now(), thread_ts=thread_ts
        ),
    )
    if noted is not None:
        log.info("note kept on delivery %d", noted.delivery_id)
        if noted.ts:
            post_dm(deps, user_id, {"text": "Thanks, noted for the organizers."}, thread_ts=noted.ts)
