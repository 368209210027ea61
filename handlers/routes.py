"""Slack's way in: a table of feature listeners, and the Bolt listeners that serve it.

Every feature listener is `(request, deps) -> Reply | None` (see `handlers.request`). Feature modules fill
a `Routes` table (`register(routes)`; they never see Bolt). `decide` is the one way a Request reaches its
listener: "organizers only" is checked there, and the listener learns whether the person is an organizer.
`serve(app, routes)` gives Bolt one listener per kind of request, and carries out every Reply, once for all:
- the Request is built from Bolt's payload;
- commands and clicks are acknowledged at once and their work runs on `deps.background`, so Bolt's
  threads are always free to acknowledge; the Reply goes back through the response URL;
- a command or click registered with `form=` opens its form first, right after acknowledging and before
  any other work (Slack's trigger dies 3 s after the click, and work queued ahead of it, or a slow Slack
  call, used to outlast it): a "one moment" form, which the listener's `show(view)` then fills in with
  views.update; a message Reply shows in that form instead;
- forms run at once (their errors and next view travel in the acknowledgement), then their effects; a
  click inside a form (a button in it) answers in that form: its view, or its message as a short form;
- events are acknowledged by Bolt and run on `deps.incoming`; events and shortcuts no feature claimed are
  acknowledged and logged by type only (Slack adds new ones; a 200 stops it retrying).

A click's or a form's id is its listener's name (`checkin_done` -> `def checkin_done`), so one search
for an id finds its listener. Bolt tries listeners one by one (measured: 0.24 ms per request with one
listener, 0.65 ms with fifty ahead of it); a dictionary finds ours at once.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from slack_bolt import Ack, App, BoltContext, BoltRequest

from core import languages
from handlers import request as requests
from handlers.request import Kind, Reply, Request
from runtime.deps import Deps
from runtime.effects import carry_out
from runtime.executor import acknowledgements
from runtime.languages import language_of
from runtime.organizers import is_organizer
from views import forms as form_views
from views.i18n import speaking

log = logging.getLogger("drumbeat.routes")
Listener = Callable[[Request, Deps], Reply | None]
ANYTHING = re.compile(".*")


FormTitle = str | Callable[[Request], str | None]


@dataclass(frozen=True)
class Route:
    listener: Listener
    organizers: bool = False
    form: FormTitle | None = None  # the title of the form it opens, or which (None: no form this time)
    role: bool = False  # the listener needs to know whether the person is an organizer (Request.organizer)

    def opens_form(self, request: Request) -> str | None:
        return self.form(request) if callable(self.form) else self.form

    @property
    def name(self) -> str:
        return getattr(self.listener, "__name__", "listener")


def _deps(context: BoltContext) -> Deps:
    deps: Deps = context["deps"]
    return deps


class Routes:
    """Which listener answers which command, click, form, select and event (no Bolt here)."""

    def __init__(self) -> None:
        self.commands: dict[str, Route] = {}
        self.default_command: Route | None = None
        self.actions: dict[str, Route] = {}
        self.forms: dict[str, Route] = {}
        self.suggestions: dict[str, Route] = {}
        self.events: dict[str, Route] = {}

    def command(
        self, names: Iterable[str], listener: Listener, *, organizers: bool = False, form: FormTitle | None = None
    ) -> None:
        """`form`: the title of the form the command opens (opened first; see the module's docstring), or a
        function of the request that says it (None: not this time, e.g. `/drumbeat new` with a one-liner)."""
        for name in names:
            self.commands[name.lower()] = Route(listener, organizers, form)

    def other_commands(self, listener: Listener, *, role: bool = False) -> None:
        """What answers a subcommand nobody claimed (and a bare `/drumbeat`)."""
        self.default_command = Route(listener, role=role)

    def action(
        self, action_id: str, listener: Listener, *, organizers: bool = False, form: FormTitle | None = None
    ) -> None:
        """A click on `action_id` (also `action_id:<anything>`: App Home ids carry a suffix to be unique)."""
        self.actions[_named(action_id, listener)] = Route(listener, organizers, form)

    def form(self, callback_id: str, listener: Listener, *, organizers: bool = False) -> None:
        self.forms[_named(callback_id, listener)] = Route(listener, organizers)

    def options(self, action_id: str, listener: Listener, *, organizers: bool = False) -> None:
        """Suggestions for the external select `action_id`."""
        self.suggestions[action_id] = Route(listener, organizers)

    def event(self, event_type: str, listener: Listener) -> None:
        """An Events API event; its Reply holds only effects (nobody clicked or typed: no one to answer)."""
        self.events[event_type] = Route(listener)

    def route(self, request: Request) -> Route | None:
        """The route that answers `request`, if any."""
        if request.kind == Kind.COMMAND:
            return self.commands.get(request.command) or self.default_command
        if request.kind == Kind.ACTION:
            return self.actions.get(request.action_id)
        if request.kind == Kind.FORM:
            return self.forms.get(request.callback_id)
        if request.kind == Kind.OPTIONS:
            return self.suggestions.get(request.action_id)
        return self.events.get(str(request.event.get("type", "")))


def decide(route: Route, request: Request, deps: Deps) -> Reply | None:
    """The route's listener's decision; everyone but organizers is refused where the route says so."""
    organizer = (route.organizers or route.role) and is_organizer(deps, request.team_id, request.user_id)
    if route.organizers and not organizer:
        if request.kind == Kind.FORM:
            return Reply(view=form_views.refusal_view())
        if request.kind == Kind.OPTIONS:
            return Reply(options=())
        return requests.say(form_views.refusal())
    language = request.language or languages.of(deps.db, request.team_id, request.user_id) or deps.settings.language
    with speaking(language):  # everything said to this person, in their language (views.i18n)
        return route.listener(dataclasses.replace(request, organizer=organizer, language=language), deps)


def serve(app: App, routes: Routes) -> None:
    """Bolt's listeners for the table: commands, clicks, forms, selects, events, and what nobody claimed."""
    edge = _Edge(routes)
    app.command("/drumbeat")(edge.on_command)
    app.action(ANYTHING)(edge.on_action)
    app.view(ANYTHING)(edge.on_form)
    app.options(ANYTHING)(edge.on_options)
    for event_type, route in routes.events.items():
        app.event(event_type)(edge.on_event(route))
    app.event(ANYTHING)(ignore_event)
    app.shortcut(ANYTHING)(ignore_shortcut)


class _Edge:
    """What Bolt calls: acknowledge, build the Request, decide, carry out the Reply."""

    def __init__(self, routes: Routes) -> None:
        self.routes = routes

    def on_command(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        request = requests.from_command(body)
        route = self.routes.route(request)
        if route is not None:
            self._in_background(route, _open_first(route, request, _deps(context)), _deps(context))

    def on_action(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        request = requests.from_action(body)
        route = self.routes.route(request)
        if route is None:  # a button from an old message, say
            log.info("ignored a click with no listener")
            return
        self._in_background(route, _open_first(route, request, _deps(context)), _deps(context))

    def on_form(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        """Forms answer in the acknowledgement (errors stay in the form); their effects run after."""
        request = requests.from_form(body)
        route = self.routes.route(request)
        if route is None:
            ack()
            log.info("ignored a form with no listener")
            return
        deps = _deps(context)
        reply = decide(route, request, deps) or Reply()
        if reply.errors:
            ack(response_action="errors", errors=dict(reply.errors))
        elif reply.view is not None:
            ack(response_action="update", view=dict(reply.view))
        else:
            ack()
        if reply.effects:  # after Slack has its answer
            deps.background.submit(_guarded(lambda: carry_out(deps, reply.effects), route.name))

    def on_options(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        request = requests.from_options(body)
        route = self.routes.route(request)
        reply = (decide(route, request, _deps(context)) if route is not None else None) or Reply()
        answer = [dict(option) for option in reply.options or []]
        if answer and "options" in answer[0]:
            ack(option_groups=answer)
        else:
            ack(options=answer)

    def on_event(self, route: Route) -> Callable[[dict[str, Any], BoltContext, BoltRequest], None]:
        def on_event(body: dict[str, Any], context: BoltContext, request: BoltRequest) -> None:
            deps, event = _deps(context), requests.from_event(body, request.headers)

            def run() -> None:
                acknowledgements.give_way()
                if event.retry:
                    log.info("event %s is Slack's retry number %d", event.event_id, event.retry)
                try:
                    reply = decide(route, event, deps)
                    if reply is not None:
                        carry_out(deps, reply.effects)
                except Exception as error:
                    log.error("%s failed: %s", route.name, type(error).__name__, exc_info=error)

            deps.incoming.submit(run)

        on_event.__name__ = route.name
        return on_event

    def _in_background(self, route: Route, request: Request, deps: Deps) -> None:
        opened = route.opens_form(request) is not None

        def run() -> None:
            acknowledgements.give_way()
            try:
                reply = decide(route, _speaking(deps, request) if request.kind == Kind.COMMAND else request, deps)
            except Exception as error:
                log.error("%s failed: %s", route.name, type(error).__name__, exc_info=error)
                reply = requests.say(form_views.sorry()) if request.response_url or opened else None
            if opened:
                fill_form(deps, request, reply or Reply(), route.name)
            elif reply is not None and in_a_form(request) and (reply.view is not None or reply.message is not None):
                change_form(deps, request, reply)
            elif reply is not None and reply.message is not None:
                answer(deps, request, reply)
            if reply is not None and reply.effects:
                try:
                    carry_out(deps, reply.effects)
                except Exception as error:
                    log.error("%s's effects failed: %s", route.name, type(error).__name__, exc_info=error)

        deps.background.submit(run)


def _speaking(deps: Deps, request: Request) -> Request:
    """A command with its person's language: as stored, else their Slack locale (asked once, here at the
    edge). Only a command may be the first time Drumbeat writes to someone it has not welcomed; clicks
    answer what it wrote (the language was learned then: the welcome, the join), and a DM's words say
    their own language where it matters (a stop word: `core.messengers.stop_word_language`)."""
    return dataclasses.replace(request, language=language_of(deps, request.team_id, request.user_id))


def ignore_event(event: dict[str, Any]) -> None:
    log.info("ignored a %s event", str(event.get("type", "?"))[:40])


def ignore_shortcut(ack: Ack, body: dict[str, Any]) -> None:
    ack()
    log.info("ignored a %s interaction", str(body.get("type", "?"))[:40])


def _open_first(route: Route, request: Request, deps: Deps) -> Request:
    """Open the route's form now, in the thread that acknowledged, before any other work: a form that says
    "one moment", filled in once the listener has done its work (see `fill_form`)."""
    title = route.opens_form(request)
    if title is None or not request.trigger_id:
        return request
    with speaking(languages.of(deps.db, request.team_id, request.user_id) or deps.settings.language):
        loading = form_views.loading(title)
    view_id = deps.slack.open_form(request.trigger_id, loading)
    return dataclasses.replace(request, form_id=view_id)


def fill_form(deps: Deps, request: Request, reply: Reply, name: str) -> None:
    """Put the listener's answer into the form opened first: its view, or its message as a short form. If
    Slack did not open the form, the person hears so where they typed or clicked, and can try again."""
    if reply.message is not None and reply.replace:
        answer(deps, request, reply)  # the clicked message changes too
    if request.form_id is None:
        if reply.view is not None or reply.message is not None:
            answer(deps, request, requests.say(form_views.form_did_not_open()))
        return
    if reply.view is not None:
        deps.slack.update_form(request.form_id, reply.view)
    elif reply.message is not None:
        deps.slack.update_form(request.form_id, form_views.message_form(reply.message))
    else:
        log.warning("%s opened a form and left it empty", name)
        deps.slack.update_form(request.form_id, form_views.nothing_here())


def in_a_form(request: Request) -> bool:
    """A click inside an open form (not the App Home, not a message)."""
    return request.kind == Kind.ACTION and bool(request.view_id) and not request.on_home


def change_form(deps: Deps, request: Request, reply: Reply) -> None:
    """A click inside a form answers in that form: its Reply's view takes the form's place (views.update),
    or its message shows there as a short form (a form has no response URL and no channel)."""
    view = reply.view if reply.view is not None else form_views.message_form(dict(reply.message or {}))
    deps.slack.update_form(request.view_id, view)


def answer(deps: Deps, request: Request, reply: Reply) -> None:
    """Tell the person who typed or clicked: through the response URL when Slack gave one (a message that
    replaces the clicked one is rewritten by chat.update if the URL fails), else ephemerally where they
    clicked. A click on the App Home has neither: its view changes instead."""
    assert reply.message is not None
    if request.response_url:
        if deps.slack.respond(request.response_url, reply.message, replace=reply.replace):
            return
        if reply.replace and request.channel_id and request.message_ts:  # the URL expired or was used up
            deps.slack.update(request.channel_id, request.message_ts, reply.message)
    elif request.channel_id and not request.on_home:
        deps.slack.ephemeral(request.channel_id, request.user_id, reply.message)
    else:
        log.info("no place to answer a %s", request.kind.value)


def _guarded(work: Callable[[], None], name: str) -> Callable[[], None]:
    def run() -> None:
        try:
            work()
        except Exception as error:
            log.error("%s (after the form) failed: %s", name, type(error).__name__, exc_info=error)

    return run


def _named(identifier: str, listener: Listener) -> str:
    """A click's or form's id is its listener's name: one search finds one from the other."""
    name = getattr(listener, "__name__", "")
    if name != identifier:
        raise ValueError(f"the listener for {identifier!r} must be named {identifier!r}, not {name!r}")
    return identifier


__all__ = ["Kind", "Listener", "Route", "Routes", "answer", "decide", "serve"]
