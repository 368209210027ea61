"""The open line, for organizers: `/drumbeat inbox`, *Reply* (a form; the answer reaches the messenger's
DM signed with the organizer's name, in their daytime) and *Done*. What messengers write arrives through
handlers.dm."""

from __future__ import annotations

import logging

from core import inbox
from handlers.request import Reply, Request, form_errors, only, replace, say, show
from handlers.routes import Routes
from models.vocab import N_
from runtime.deps import Deps
from runtime.effects import DM, Receipt
from runtime.languages import theirs
from views import inbox as views
from views.i18n import _

log = logging.getLogger("drumbeat.inbox")


def register(routes: Routes) -> None:
    routes.command(["inbox"], show_inbox, organizers=True)
    routes.action(views.MORE, inbox_more, organizers=True)
    routes.action(views.REPLY, inbox_reply, organizers=True, form=N_("Reply"))
    routes.action(views.DONE, inbox_done, organizers=True)
    routes.form(views.REPLY_FORM, inbox_reply_form, organizers=True)


def _page(deps: Deps, team_id: str, start: int) -> dict[str, object]:
    threads, total = inbox.page(deps.db, team_id, start)
    return views.inbox_message(threads, total, deps.settings.timezone, start=start)


def show_inbox(request: Request, deps: Deps) -> Reply | None:
    return say(_page(deps, request.team_id, 0))


def inbox_more(request: Request, deps: Deps) -> Reply | None:
    return replace(_page(deps, request.team_id, request.number or 0))


def inbox_reply(request: Request, deps: Deps) -> Reply | None:
    """The Reply button: the form (opened first by the route)."""
    found = inbox.open_thread(deps.db, request.team_id, request.number)
    if found is None:
        return say(views.thread_closed())
    return show(views.reply_form(found.id, found.user_id))


def inbox_reply_form(request: Request, deps: Deps) -> Reply | None:
    thread_id = views.form_thread(request.private_metadata)
    text = str((request.values.get("reply", {}).get("reply") or {}).get("value") or "").strip()
    if thread_id is None:
        return None
    if not text:
        return form_errors({"reply": _(views.WRITE_A_REPLY)})
    try:
        user_id = inbox.answer(deps.db, request.team_id, thread_id, request.user_id, text, deps.now())
    except inbox.NotOpen:
        return form_errors({"reply": _(views.CLOSED_NOTHING_SENT)})
    except inbox.MayNotMessage:
        return form_errors({"reply": _(views.STOPPED_NOTHING_SENT)})
    organizer = request.user_id
    log.info("inbox thread %d: a reply", thread_id)
    receipt = Receipt(organizer, views.reply_reached(), views.reply_held(), views.reply_failed())
    with theirs(deps, request.team_id, user_id):  # the messenger reads it in their language
        reply = views.reply_dm(organizer, text)
    return only(
        DM(request.team_id, user_id, reply, daytime=True, kind="inbox_reply", author=organizer, receipt=receipt)
    )


def inbox_done(request: Request, deps: Deps) -> Reply | None:
    if request.number is None:
        return None
    inbox.done(deps.db, request.team_id, request.number, request.user_id, deps.now())
    return replace(_page(deps, request.team_id, 0))
