"""The one WebClient: Retry-After is honoured by every thread, 5xx is retried."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.client import RemoteDisconnected

import pytest
from slack_sdk.errors import SlackApiError

from runtime.slack_client import Pacer, RateGate, build_client
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
    while client.gate.remaining("chat.postMessage", "U0ALICE") == 0:  # until the 429 has closed the gate
        assert time.monotonic() < deadline, "the 429 closed the gate"
        time.sleep(0.001)
    others = [
        threading.Thread(target=client.chat_postMessage, kwargs={"channel": "U0ALICE", "text": f"m{i}"})
        for i in range(1, 5)  # five in all: within the per-channel pace, so only the 429 holds them
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


class FakeTime:
    """One clock for the test Slack server and the pacer: the pacer's waits move it on."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_the_pacer_keeps_every_method_under_slacks_limits(sim: SlackSim) -> None:
    fake = FakeTime()
    sim.timer = fake
    gate = RateGate(clock=fake, sleep=fake.sleep)  # were there a 429, its wait would not be real either
    client = build_client(make_settings(sim, "sqlite://"), gate=gate, retry_backoff=0.01)
    client.pacer = Pacer(0.9, posts_per_minute=120, clock=fake, sleep=fake.sleep)
    sim.add_channel("C1", "reports", [sim.bot_user_id])

    def took(calls: int, call: Callable[[int], object]) -> float:
        started = fake.now
        for i in range(calls):
            call(i)
        return fake.now - started

    posted = client.chat_postMessage(channel="C1", text="progress")
    # Tier 3, 50 a minute: 45 a minute, so 120 take two minutes and a bit
    assert took(120, lambda i: client.chat_update(channel="C1", ts=posted["ts"], text=f"progress {i}")) >= 120
    # one channel, about one a second: 9 in any 10 s
    assert took(30, lambda i: client.chat_postMessage(channel="U0ALICE", text=f"m{i}")) >= 30
    assert took(200, lambda i: client.users_info(user="U0ALICE")) >= 120  # Tier 4: 90 a minute
    assert sim.paced == [], "Drumbeat's own pace never earned a 429"
    assert len(sim.dms_to("U0ALICE")) == 30


def test_forms_are_never_held_back_by_the_pacer() -> None:
    fake = FakeTime()
    pacer = Pacer(0.9, clock=fake, sleep=fake.sleep)
    for _ in range(300):
        pacer.acquire("views.open")
    assert fake.now == 1000.0, "a trigger dies 3 s after the click: views.open never waits"
    for _ in range(91):
        pacer.acquire("views.update")
    assert fake.now == 1060.0, "the 91st views.update waits for the first to be a minute old"


def test_a_429_for_one_channel_holds_back_only_that_channel(sim: SlackSim) -> None:
    fake, answered = FakeTime(), threading.Event()
    gate = RateGate(clock=fake, sleep=lambda seconds: answered.wait(10) and fake.sleep(seconds))
    client = build_client(make_settings(sim, "sqlite://"), gate=gate, retry_backoff=0.01)
    sim.add_user("U0BOB", name="bob")
    sim.inject("chat.postMessage", "rate_limited", retry_after=30, times=1)
    held = threading.Thread(target=client.chat_postMessage, kwargs={"channel": "U0ALICE", "text": "waits"})
    held.start()
    deadline = time.monotonic() + 10
    while gate.remaining("chat.postMessage", "U0ALICE") == 0:
        assert time.monotonic() < deadline, "the 429 closed the gate"
        time.sleep(0.001)
    client.chat_postMessage(channel="U0BOB", text="goes at once")
    assert [m.text for m in sim.dms_to("U0BOB")] == ["goes at once"]
    assert sim.dms_to("U0ALICE") == [], "Alice's waits for Retry-After"
    answered.set()  # the 30 s pass
    held.join()
    assert [m.text for m in sim.dms_to("U0ALICE")] == ["waits"]


def test_the_pacer_keeps_to_a_faster_time_scale_as_the_test_server_does() -> None:
    """Against a test server whose limits run ten times faster, the same limits: 91 views.update wait for
    the first to be 6 s old, the eleventh post to a channel for the first to be 1 s old."""
    fake = FakeTime()
    pacer = Pacer(0.9, clock=fake, sleep=fake.sleep, time_scale=0.1)
    for _ in range(91):
        pacer.acquire("views.update")
    assert fake.now == pytest.approx(1006.0)
    start = fake.now
    for _ in range(10):
        pacer.acquire("chat.postMessage", "D1")
    assert fake.now == pytest.approx(start + 1.0), "nine in any (scaled) ten seconds"
