"""The one WebClient: Retry-After is honoured by every thread, 5xx is retried."""

from __future__ import annotations

import threading
import time
from http.client import RemoteDisconnected

import pytest
from slack_sdk.errors import SlackApiError

from runtime.slack_client import build_client
from slacksim import SlackSim
from tests.conftest import make_settings


def test_429_closes_the_gate_for_every_thread(sim: SlackSim) -> None:
    client = build_client(make_settings(sim, "sqlite://"), retry_backoff=0.01)
    sim.rate_limit_grace = 0.0  # the others start only once the 429 is in: any call before Retry-After is early
    sim.inject("chat.postMessage", "rate_limited", retry_after=0.2, times=1)
    started = time.monotonic()
    first = threading.Thread(target=client.chat_postMessage, kwargs={"channel": "U0ALICE", "text": "m0"})
    first.start()
    deadline = time.monotonic() + 10
    while client.gate.remaining("chat.postMessage") == 0:  # until the 429 has closed the gate
        assert time.monotonic() < deadline, "the 429 closed the gate"
        time.sleep(0.001)
    others = [
        threading.Thread(target=client.chat_postMessage, kwargs={"channel": "U0ALICE", "text": f"m{i}"})
        for i in range(1, 5)
    ]
    for thread in others:
        thread.start()
    for thread in [first, *others]:
        thread.join()
    assert len(sim.dms_to("U0ALICE")) == 5
    assert sim.early_calls == [], "no thread called before Retry-After passed"
    assert time.monotonic() - started >= 0.2


def test_5xx_and_dropped_connections_are_retried_where_a_repeat_is_harmless(sim: SlackSim) -> None:
    client = build_client(make_settings(sim, "sqlite://"), retry_backoff=0.01)
    sim.inject("users.info", "server_error", status=503, times=1)
    assert client.users_info(user="U0ALICE")["ok"]
    assert [c.status for c in sim.calls_to("users.info")] == [503, 200]
    sim.inject("conversations.history", "drop", times=1)
    assert client.conversations_history(channel="D0ALICE")["ok"]


def test_posting_is_not_retried_blindly(sim: SlackSim) -> None:
    """A repeat after 5xx or a dropped connection could be a second copy: the outbox checks instead."""
    client = build_client(make_settings(sim, "sqlite://"), retry_backoff=0.01)
    sim.inject("chat.postMessage", "server_error", status=503, times=1)
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="U0ALICE", text="hi")
    sim.inject("chat.postMessage", "drop", times=1)
    with pytest.raises(RemoteDisconnected):
        client.chat_postMessage(channel="U0ALICE", text="hi")
    assert len(sim.calls_to("chat.postMessage")) == 2
