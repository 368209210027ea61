"""Slack's side, as the playground needs it: external-select suggestions, closing modals, what a person
sees in a channel (threads and ephemerals), and a change counter to wait on."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from runtime.web import HttpServer, wsgi_app
from slacksim import Message, SlackDriver, SlackSim

SECRET = "driver-test-secret"
TOKEN = "xoxb-driver-test"
PICK = {"type": "external_select", "action_id": "pick", "placeholder": {"type": "plain_text", "text": "Find"}}
MODAL = {
    "type": "modal",
    "callback_id": "survey",
    "notify_on_close": True,
    "title": {"type": "plain_text", "text": "Survey"},
    "submit": {"type": "plain_text", "text": "Send"},
    "blocks": [{"type": "input", "block_id": "pick", "label": {"type": "plain_text", "text": "Pick"}, "element": PICK}],
}


@pytest.fixture
def world() -> Iterator[tuple[SlackSim, SlackDriver, dict[str, list[Any]]]]:
    seen: dict[str, list[Any]] = {"typed": [], "closed": [], "submitted": []}
    with SlackSim(bot_token=TOKEN, signing_secret=SECRET) as sim:
        sim.add_user("U1", name="ana")
        app = App(
            client=WebClient(token=TOKEN, base_url=sim.api_url),
            signing_secret=SECRET,
            token_verification_enabled=False,
            request_verification_enabled=False,
        )

        @app.options("pick")
        def options(ack: Any, payload: dict[str, Any]) -> None:
            seen["typed"].append(payload["value"])
            ack(
                option_groups=[
                    {
                        "label": {"type": "plain_text", "text": "Decision makers"},
                        "options": [
                            {"text": {"type": "plain_text", "text": "Mayor Lee"}, "value": "lee"},
                            {"text": {"type": "plain_text", "text": "Mayor Leeds"}, "value": "leeds"},
                        ],
                    }
                ]
            )

        @app.view_closed("survey")
        def closed(ack: Any, body: dict[str, Any]) -> None:
            ack()
            seen["closed"].append(body)

        @app.view("survey")
        def submitted(ack: Any, view: dict[str, Any]) -> None:
            ack()
            seen["submitted"].append(view["state"]["values"])

        server = HttpServer(wsgi_app(app, None, SECRET), host="127.0.0.1", port=0, threads=4).start()
        try:
            yield sim, SlackDriver(sim, f"http://127.0.0.1:{server.port}", SECRET), seen
        finally:
            server.stop()


def _open(sim: SlackSim) -> None:
    client = WebClient(token=TOKEN, base_url=sim.api_url)
    client.views_open(trigger_id=sim.new_trigger("U1"), view=MODAL)


def test_suggestions_come_from_the_app_and_only_they_can_be_chosen(world: Any) -> None:
    sim, driver, seen = world
    _open(sim)
    ana = driver.person("U1")
    offered = ana.suggest("pick", "Lee")
    assert seen["typed"] == ["Lee"]
    assert [o["value"] for o in offered] == ["lee", "leeds"], "option groups are offered flattened"
    with pytest.raises(LookupError):
        ana.submit({"pick": "someone-else"})  # Slack lets a person pick only what the app suggested
    ana.submit({"pick": "lee"})
    assert seen["submitted"] == [{"pick": {"pick": {"type": "external_select", "selected_option": offered[0]}}}]
    with pytest.raises(TypeError):
        driver.block_suggestion("U1", {"type": "static_select", "action_id": "x"}, "b", "Lee")


def test_closing_a_modal_tells_the_app_only_when_asked(world: Any) -> None:
    sim, driver, seen = world
    _open(sim)
    ana = driver.person("U1")
    ana.close()
    assert ana.modal is None
    assert len(seen["closed"]) == 1
    assert seen["closed"][0]["type"] == "view_closed"
    assert seen["closed"][0]["is_cleared"] is False

    client = WebClient(token=TOKEN, base_url=sim.api_url)
    client.views_open(trigger_id=sim.new_trigger("U1"), view={**MODAL, "notify_on_close": False})
    ana.close()
    assert len(seen["closed"]) == 1, "no view_closed for a view that did not ask"


def test_what_a_person_sees_in_a_channel_with_threads_and_ephemerals(world: Any) -> None:
    sim, driver, _ = world
    sim.add_user("U2", name="ben")
    sim.add_channel("C1", "coalition", ["U1", "U2"])
    ana, ben = driver.person("U1"), driver.person("U2")
    root = ana.say("Who is going to the hearing?", channel="C1")
    ben.say("I am", channel="C1", thread_ts=root)
    with sim.lock:
        sim.messages.append(Message("C1", sim.next_ts(), "only for ana", None, sim.bot_user_id, ephemeral_to="U1"))
    assert [m.text for m in sim.conversation("U1", "C1")] == ["Who is going to the hearing?", "I am", "only for ana"]
    assert [m.text for m in sim.conversation("U2", "C1")] == ["Who is going to the hearing?", "I am"]
    assert sim.conversation("U2", "C1")[1].thread_ts == root
    assert [c["id"] for c in sim.channels_of("U1")] == ["C1"]
    sim.add_user("U3", name="cy")
    with pytest.raises(LookupError):
        driver.person("U3").say("let me in", channel="C1")  # not a member
    with pytest.raises(LookupError):
        ana.say("a reply to nothing", channel="C1", thread_ts="1.000000")


def test_the_change_counter_wakes_a_waiter(world: Any) -> None:
    sim, _, _ = world
    before = sim.version
    assert sim.wait_change(before, timeout=0.01) == before, "nothing changed: returns after the timeout"
    woke: list[int] = []
    waiter = threading.Thread(target=lambda: woke.append(sim.wait_change(before, timeout=10)))
    waiter.start()
    WebClient(token=TOKEN, base_url=sim.api_url).chat_postMessage(channel="U1", text="hello")
    waiter.join(10)
    assert woke
    assert woke[0] > before
    reads = sim.version
    WebClient(token=TOKEN, base_url=sim.api_url).users_info(user="U1")
    assert sim.version == reads, "reading changes nothing a person sees"
