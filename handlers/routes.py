"""Slack's way in: one Bolt listener per kind of request, a dictionary to each feature's listener.

Every feature listener is `(request, deps) -> Reply | None` (see `handlers.request`). Here, once for all:
- the Request is built from Bolt's payload;
- commands and clicks are acknowledged at once and their work runs on `deps.background`, so Bolt's
  threads are always free to acknowledge; the Reply goes back through the response URL;
- a command or click registered with `form=` opens its form first, right after acknowledging and before
  any other work (Slack's trigger dies 3 s after the click, and work queued ahead of it, or a slow Slack
  call, used to outlast it): a "one moment" form, which the listener's `show(view)` then fills in with
  views.update; a message Reply shows in that form instead;
- forms run at once (their errors and next view travel in the acknowledgement), then their `then`;
- routes registered `organizers=True` refuse everyone else before the listener runs.

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
from weakref import WeakKeyDictionary

from slack_bolt import Ack, App, BoltContext, BoltRequest

from handlers import request as requests
from handlers.request import Kind, Reply, Request
from runtime.deps import Deps
from runtime.effects import carry_out
from runtime.executor import acknowledgements
from runtime.organizers import is_organizer
from views import forms as form_views

log = logging.getLogger("drumbeat.routes")
Listener = Callable[[Request, Deps], Reply | None]
ANYTHING = re.compile(".*")
_routes: WeakKeyDictionary[App, Routes] = WeakKeyDictionary()


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
    def __init__(self, app: App) -> None:
        self.commands: dict[str, Route] = {}
        self.default_command: Route | None = None
        self.actions: dict[str, Route] = {}
        self.forms: dict[str, Route] = {}
        self.suggestions: dict[str, Route] = {}
        self.app = app
        app.command("/drumbeat")(self._on_command)
        app.action(ANYTHING)(self._on_action)
        app.view(ANYTHING)(self._on_form)
        app.options(ANYTHING)(self._on_options)

    # ----- what feature modules call ----------------------------------------------------------------

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
        """An Events API event: acknowledged at once (by Bolt), handled on `deps.incoming`; its Reply holds
        only effects (nobody clicked or typed: there is no one to answer)."""

        def on_event(body: dict[str, Any], context: BoltContext, request: BoltRequest) -> None:
            deps, event = _deps(context), requests.from_event(body, request.headers)

            def run() -> None:
                acknowledgements.give_way()
                if event.retry:
                    log.info("event %s is Slack's retry number %d", event.event_id, event.retry)
                try:
                    reply = listener(event, deps)
                    if reply is not None:
                        carry_out(deps, reply.effects)
                except Exception as error:
                    log.error("%s failed: %s", on_event.__name__, type(error).__name__, exc_info=error)

            deps.incoming.submit(run)

        on_event.__name__ = getattr(listener, "__name__", "on_event")
        self.app.event(event_type)(on_event)

    # ----- what Bolt calls ----------------------------------------------------------------------------

    def _on_command(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        request = requests.from_command(body)
        route = self.commands.get(request.command) or self.default_command
        if route is not None:
            self._in_background(route, _open_first(route, request, _deps(context)), _deps(context))

    def _on_action(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        ack()
        request = requests.from_action(body)
        route = self.actions.get(request.action_id)
        if route is None:  # a button from an old message, say
            log.info("ignored a click with no listener")
            return
        self._in_background(route, _open_first(route, request, _deps(context)), _deps(context))

    def _on_form(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        """Forms answer in the acknowledgement (errors stay in the form); their follow-up runs after."""
        request = requests.from_form(body)
        route = self.forms.get(request.callback_id)
        if route is None:
            ack()
            log.info("ignored a form with no listener")
            return
        deps = _deps(context)
        if route.organizers and not is_organizer(deps, request.team_id, request.user_id):
            ack(response_action="update", view=form_views.refusal_view())
            return
        reply = route.listener(dataclasses.replace(request, organizer=route.organizers), deps) or Reply()
        if reply.errors:
            ack(response_action="errors", errors=dict(reply.errors))
        elif reply.view is not None:
            ack(response_action="update", view=dict(reply.view))
        else:
            ack()
        if reply.effects:  # after Slack has its answer
            deps.background.submit(_guarded(lambda: carry_out(deps, reply.effects), route.name))

    def _on_options(self, ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
        request = requests.from_options(body)
        route = self.suggestions.get(request.action_id)
        deps = _deps(context)
        if route is None or (route.organizers and not is_organizer(deps, request.team_id, request.user_id)):
            ack(options=[])
            return
        reply = route.listener(request, deps) or Reply()
        answer = [dict(option) for option in reply.options or []]
        if answer and "options" in answer[0]:
            ack(option_groups=answer)
        else:
            ack(options=answer)

    # ----- running and answering ------------------------------------------------------------------

    def _in_background(self, route: Route, request: Request, deps: Deps) -> None:
        opened = route.opens_form(request) is not None

        def run() -> None:
            acknowledgements.give_way()
            try:
                organizer = (route.organizers or route.role) and is_organizer(deps, request.team_id, request.user_id)
                if route.organizers and not organizer:
                    reply: Reply | None = requests.say(form_views.refusal())
                else:
                    reply = route.listener(dataclasses.replace(request, organizer=organizer), deps)
            except Exception as error:
                log.error("%s failed: %s", route.name, type(error).__name__, exc_info=error)
                reply = requests.say(form_views.sorry()) if request.response_url or opened else None
            if opened:
                fill_form(deps, request, reply or Reply(), route.name)
            elif reply is not None and reply.message is not None:
                answer(deps, request, reply)
            if reply is not None and reply.effects:
                try:
                    carry_out(deps, reply.effects)
                except Exception as error:
                    log.error("%s's effects failed: %s", route.name, type(error).__name__, exc_info=error)

        deps.background.submit(run)


def _open_first(route: Route, request: Request, deps: Deps) -> Request:
    """Open the route's form now, in the thread that acknowledged, before any other work: a form that says
    "one moment", filled in once the listener has done its work (see `fill_form`)."""
    title = route.opens_form(request)
    if title is None or not request.trigger_id:
        return request
    view_id = deps.slack.open_form(request.trigger_id, form_views.loading(title))
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


def answer(deps: Deps, request: Request, reply: Reply) -> None:
    """Tell the person who typed or clicked: through the response URL when Slack gave one, else ephemerally
    where they clicked. A click on the App Home has neither: its view changes instead."""
    assert reply.message is not None
    if request.response_url:
        deps.slack.respond(request.response_url, reply.message, replace=reply.replace)
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


def routes_of(app: App) -> Routes:
    """The app's routes, created (with their Bolt listeners) on first use."""
    if app not in _routes:
        _routes[app] = Routes(app)
    return _routes[app]


__all__ = ["Kind", "Listener", "Route", "Routes", "answer", "routes_of"]
