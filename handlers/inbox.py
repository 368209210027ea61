"""The open line, for organizers: `/drumbeat inbox`, *Reply* (a form; the answer reaches the messenger's
DM signed with the organizer's name) and *Done*. What messengers write arrives through handlers.dm."""

from __future__ import annotations

import logging
from typing import Any

from slack_bolt import App

from core import inbox
from handlers.request import Reply, Request, replace, say, show, then
from handlers.routes import routes_of
from runtime import daytime
from runtime.deps import Deps
from views import inbox as views
from views.status import note

log = logging.getLogger("drumbeat.inbox")


def register(app: App) -> None:
    routes = routes_of(app)
    routes.command(["inbox"], show_inbox, organizers=True)
    routes.action(views.MORE, inbox_more, organizers=True)
    routes.action(views.REPLY, inbox_reply, organizers=True, form="Reply")
    routes.action(views.DONE, inbox_done, organizers=True)
    routes.form(views.REPLY_FORM, inbox_reply_form, organizers=True)


def _page(deps: Deps, team_id: str, start: int) -> dict[str, Any]:
    with deps.db.reading() as session:
        threads, total = inbox.open_threads(session, team_id, offset=start)
    return views.inbox_message(threads, total, deps.settings.timezone, start=start)


def show_inbox(request: Request, deps: Deps) -> Reply | None:
    return say(_page(deps, request.team_id, 0))


def inbox_more(request: Request, deps: Deps) -> Reply | None:
    return replace(_page(deps, request.team_id, request.number or 0))


def inbox_reply(request: Request, deps: Deps) -> Reply | None:
    """The Reply button: the form (opened first by the route)."""
    with deps.db.reading() as session:
        threads, _ = inbox.open_threads(session, request.team_id, limit=1_000)
    found = next((t for t in threads if t.id == request.number), None)
    if found is None:
        return say(note("That thread was closed meanwhile."))
    return show(views.reply_form(found.id, found.user_id))


def inbox_reply_form(request: Request, deps: Deps) -> Reply | None:
    thread_id = views.form_thread(request.private_metadata)
    text = str((request.values.get("reply", {}).get("reply") or {}).get("value") or "").strip()
    if thread_id is None:
        return None
    if not text:
        return Reply(errors={"reply": "Write a reply, or press Cancel."})
    try:
        with deps.db.transaction() as session:
            user_id = inbox.reply(session, request.team_id, thread_id, request.user_id, text, deps.now())
    except inbox.NotOpen:
        return Reply(errors={"reply": "This thread was closed meanwhile; nothing was sent."})
    except inbox.MayNotMessage:
        return Reply(errors={"reply": "They asked Drumbeat to stop messaging them; nothing was sent."})
    organizer = request.user_id

    def send() -> None:
        sent = daytime.dm(
            deps, request.team_id, user_id, views.reply_dm(organizer, text), kind="inbox_reply", author=organizer
        )
        deps.slack.dm(organizer, note(views.reply_outcome(sent)))
        log.info("inbox thread %d: a reply %s", thread_id, sent.name.lower())

    return then(send)


def inbox_done(request: Request, deps: Deps) -> Reply | None:
    if request.number is None:
        return None
    with deps.db.transaction() as session:
        inbox.close(session, request.team_id, request.number, request.user_id, deps.now())
    return replace(_page(deps, request.team_id, 0))
