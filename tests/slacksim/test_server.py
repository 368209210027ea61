"""The test Slack server refuses what Slack refuses and injects the faults tests need."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from slacksim import SlackSim
from slacksim.limits import RateLimits

TOKEN = "xoxb-sim-test"
SECTION = {"type": "section", "text": {"type": "mrkdwn", "text": "hello"}}


@pytest.fixture
def sim() -> Iterator[SlackSim]:
    with SlackSim(bot_token=TOKEN) as server:
        server.add_user("U1", name="alice", tz="America/Chicago")
        server.add_user("U2", name="bob", tz="Europe/Berlin", deleted=True)
        yield server


@pytest.fixture
def client(sim: SlackSim) -> WebClient:
    return WebClient(token=TOKEN, base_url=sim.api_url, retry_handlers=[])  # see each answer as it is


def error_of(call) -> str:
    with pytest.raises(SlackApiError) as raised:
        call()
    return str(raised.value.response["error"])


def test_unknown_method_is_refused(client: WebClient) -> None:
    assert error_of(lambda: client.api_call("chat.postMessageTwice", json={"channel": "U1"})) == "unknown_method"


def test_missing_required_argument_is_refused(client: WebClient, sim: SlackSim) -> None:
    with pytest.raises(SlackApiError) as raised:
        client.api_call("chat.postMessage", json={"text": "no channel"})
    assert raised.value.response["error"] == "invalid_arguments"
    assert "channel" in raised.value.response["response_metadata"]["messages"][0]
    assert error_of(lambda: client.api_call("chat.update", json={"channel": "U1", "text": "x"})) == (
        "invalid_arguments"
    )


def test_wrong_token_is_refused(sim: SlackSim) -> None:
    other = WebClient(token="xoxb-wrong", base_url=sim.api_url)
    assert error_of(other.auth_test) == "invalid_auth"


@pytest.mark.parametrize(
    "blocks",
    [
        [{"type": "sektion", "text": {"type": "mrkdwn", "text": "typo"}}],
        [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}],
        [{"type": "section", "text": {"type": "mrkdwn", "text": "ok"}, "colour": "red"}],
        [
            {
                "type": "actions",
                "elements": [
                    {"type": "button", "action_id": "same", "text": {"type": "plain_text", "text": "A"}},
                    {"type": "button", "action_id": "same", "text": {"type": "plain_text", "text": "B"}},
                ],
            }
        ],
        [SECTION] * 51,
    ],
    ids=["unknown-type", "text-too-long", "unknown-field", "duplicate-action-id", "too-many-blocks"],
)
def test_invalid_blocks_are_refused(client: WebClient, blocks: list) -> None:
    assert error_of(lambda: client.chat_postMessage(channel="U1", text="t", blocks=blocks)) == "invalid_blocks"


def test_invalid_view_is_refused(client: WebClient, sim: SlackSim) -> None:
    trigger = sim.new_trigger("U1")
    view = {"type": "modal", "title": {"type": "plain_text", "text": "x" * 30}, "blocks": [SECTION]}
    assert error_of(lambda: client.views_open(trigger_id=trigger, view=view)) == "invalid_arguments"


def test_messages_threads_and_updates_are_kept(client: WebClient, sim: SlackSim) -> None:
    posted = client.chat_postMessage(
        channel="U1",
        text="hi",
        blocks=[SECTION],
        metadata={"event_type": "drumbeat_delivery", "event_payload": {"delivery_id": 7}},
    )
    assert posted["channel"] == "D1"
    reply = client.chat_postMessage(channel="D1", text="in thread", thread_ts=posted["ts"])
    client.chat_update(channel="D1", ts=posted["ts"], text="edited", blocks=[SECTION])
    assert [m.text for m in sim.dms_to("U1")] == ["edited", "in thread"]
    assert sim.find_message("D1", reply["ts"]).thread_ts == posted["ts"]
    history = client.conversations_history(channel="D1", include_all_metadata=True)
    assert any(m.get("metadata", {}).get("event_payload") == {"delivery_id": 7} for m in history["messages"])
    assert error_of(lambda: client.chat_update(channel="D1", ts="1.2", text="x")) == "message_not_found"


def test_dm_to_deleted_or_unknown_user_or_bot(client: WebClient, sim: SlackSim) -> None:
    assert error_of(lambda: client.chat_postMessage(channel="U2", text="x")) == "account_inactive"
    assert error_of(lambda: client.chat_postMessage(channel="U404", text="x")) == "user_not_found"
    assert error_of(lambda: client.chat_postMessage(channel=sim.bot_user_id, text="x")) == "cannot_dm_bot"


def test_users_info_has_tz_and_users_list_pages(client: WebClient, sim: SlackSim) -> None:
    assert client.users_info(user="U1")["user"]["tz"] == "America/Chicago"
    for n in range(5):
        sim.add_user(f"U9{n}")
    seen, cursor = [], None
    while True:
        page = client.users_list(limit=3, cursor=cursor)
        seen += [m["id"] for m in page["members"]]
        cursor = page["response_metadata"]["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(sim.users) == len(set(seen))


def test_views_need_a_fresh_trigger(client: WebClient, sim: SlackSim) -> None:
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": [SECTION]}
    assert error_of(lambda: client.views_open(trigger_id="made-up", view=view)) == "invalid_trigger_id"
    opened = client.views_open(trigger_id=sim.new_trigger("U1"), view=view)
    pushed = client.views_push(trigger_id=sim.new_trigger("U1"), view=view)
    client.views_update(view_id=opened["view"]["id"], view={**view, "title": {"type": "plain_text", "text": "New"}})
    assert sim.modal_stacks["U1"] == [opened["view"]["id"], pushed["view"]["id"]]
    client.views_publish(user_id="U1", view={"type": "home", "blocks": [SECTION]})
    assert sim.home["U1"] in sim.views


def test_file_upload_v2(client: WebClient, sim: SlackSim) -> None:
    sim.add_channel("C1", "reports")
    assert error_of(lambda: client.files_upload_v2(channel="C1", content=b"x", filename="x.csv")) == "not_in_channel"
    sim.invite_bot("C1")
    client.files_upload_v2(channel="C1", content=b"a,b\n1,2\n", filename="x.csv", title="Export")
    (stored,) = [f for f in sim.files.values() if f["shared"]]
    assert stored["content"] == b"a,b\n1,2\n"
    assert stored["shared"]
    assert stored["channel"] == "C1"


def test_response_url_posts(sim: SlackSim) -> None:
    url = sim.new_response_url("U1", "D1")
    request = urllib.request.Request(url, data=json.dumps({"text": "only you"}).encode(), method="POST")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request) as answer:
        assert answer.status == 200
    assert [m.text for m in sim.ephemerals_to("U1")] == ["only you"]


def test_injects_429_with_retry_after(client: WebClient, sim: SlackSim) -> None:
    sim.inject("chat.postMessage", "rate_limited", retry_after=60, times=1)
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="U1", text="x")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "60"
    client.users_info(user="U1")  # other methods are not limited
    sim.rate_limit_grace = 0.0  # one caller, one call at a time: nothing else was on the wire
    client.chat_postMessage(channel="U1", text="too early")
    assert len(sim.early_calls) == 1  # the server notices a call made before Retry-After passed


def test_injects_5xx_for_a_while(client: WebClient, sim: SlackSim) -> None:
    fault = sim.inject("*", "server_error", status=503, seconds=60)
    with pytest.raises(SlackApiError) as raised:
        client.auth_test()
    assert raised.value.response.status_code == 503
    fault.until = time.monotonic()  # its minute is up
    assert client.auth_test()["ok"]


def test_injects_every_nth_and_slow_and_dropped(client: WebClient, sim: SlackSim) -> None:
    sim.inject("auth.test", "server_error", status=500, every=3)
    statuses = []
    for _ in range(6):
        try:
            client.auth_test()
            statuses.append(200)
        except SlackApiError as error:
            statuses.append(error.response.status_code)
    assert statuses == [200, 200, 500, 200, 200, 500]
    sim.clear_faults()
    sim.inject("users.info", "slow", delay=0.2, times=1)
    started = time.perf_counter()
    client.users_info(user="U1")
    assert time.perf_counter() - started >= 0.2
    sim.inject("users.info", "drop", times=1)
    with pytest.raises(Exception) as raised:  # noqa: PT011 - urllib's own error types vary
        client.users_info(user="U1")
    assert not isinstance(raised.value, SlackApiError)
    assert client.users_info(user="U1")["ok"]


def test_every_call_is_recorded(client: WebClient, sim: SlackSim) -> None:
    client.auth_test()
    with pytest.raises(SlackApiError):
        client.api_call("nope.nope")
    assert [(c.method, c.ok) for c in sim.calls] == [("auth.test", True), ("nope.nope", False)]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def timer(sim: SlackSim) -> Clock:
    clock = Clock()
    sim.timer = clock
    return clock


def test_a_trigger_expires_3s_after_the_interaction(client: WebClient, sim: SlackSim, timer: Clock) -> None:
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": [SECTION]}
    in_time, late = sim.new_trigger("U1"), sim.new_trigger("U1")
    timer.now += 2.9
    client.views_open(trigger_id=in_time, view=view)
    timer.now += 0.2
    assert error_of(lambda: client.views_open(trigger_id=late, view=view)) == "expired_trigger_id"
    assert sim.expired_triggers == 1


def test_each_tier_answers_429_with_retry_after_past_its_rate(client: WebClient, sim: SlackSim, timer: Clock) -> None:
    sim.add_channel("C1", "reports", [sim.bot_user_id])
    for _ in range(50):  # chat.update is Tier 3: 50 a minute
        client.conversations_info(channel="C1")
    with pytest.raises(SlackApiError) as raised:
        client.conversations_info(channel="C1")
    assert raised.value.response.status_code == 429
    assert raised.value.response.headers["Retry-After"] == "60"
    assert sim.paced == [("conversations.info", "")]
    for _ in range(100):  # users.info is Tier 4, counted apart
        client.users_info(user="U1")
    assert error_of(lambda: client.users_info(user="U1")) == "ratelimited"
    timer.now += 30
    assert error_of(lambda: client.conversations_info(channel="C1")) == "ratelimited"
    timer.now += 30.5
    client.conversations_info(channel="C1")  # the first of the 50 is a minute old
    client.users_info(user="U1")


def test_posting_is_limited_per_channel(client: WebClient, sim: SlackSim, timer: Clock) -> None:
    for i in range(10):  # about one a second, short bursts allowed: ten in any ten seconds
        client.chat_postMessage(channel="U1", text=f"m{i}")
        timer.now += 0.1
    with pytest.raises(SlackApiError) as raised:
        client.chat_postMessage(channel="U1", text="m10")
    assert raised.value.response.headers["Retry-After"] == "9"  # when the first of the ten is 10 s old
    assert sim.paced == [("chat.postMessage", "D1")]
    sim.add_user("U3", name="carol")
    client.chat_postMessage(channel="U3", text="another channel is not held back")
    timer.now += 9.1
    client.chat_postMessage(channel="U1", text="m10")


def test_other_tokens_and_lifted_limits_are_not_paced(client: WebClient, sim: SlackSim, timer: Clock) -> None:
    sim.rate_limits.enabled = False
    for i in range(10):
        client.chat_postMessage(channel="U1", text=f"m{i}")
    assert sim.paced == []


def test_channel_posts_need_the_bot_in_the_channel(client: WebClient, sim: SlackSim) -> None:
    sim.add_channel("C1", "reports")
    assert error_of(lambda: client.chat_postMessage(channel="C1", text="x")) == "not_in_channel"
    assert not client.conversations_info(channel="C1")["channel"]["is_member"]
    sim.invite_bot("C1")
    client.chat_postMessage(channel="C1", text="x")
    assert client.conversations_info(channel="C1")["channel"]["is_member"]


def test_private_channels_need_groups_read_and_membership(sim: SlackSim) -> None:
    sim.add_channel("G1", "organizers", private=True)
    without = WebClient(token=TOKEN, base_url=sim.api_url, retry_handlers=[])
    assert error_of(lambda: without.conversations_info(channel="G1")) == "channel_not_found"  # invisible
    sim.invite_bot("G1")
    assert without.conversations_info(channel="G1")["channel"]["is_private"]
    sim.scopes.discard("groups:read")
    assert error_of(lambda: without.conversations_info(channel="G1")) == "missing_scope"


def test_a_response_url_takes_5_uses_in_30_minutes(sim: SlackSim, timer: Clock) -> None:
    def use(url: str) -> int:
        request = urllib.request.Request(url, data=json.dumps({"text": "hi"}).encode(), method="POST")
        request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request) as answer:
                return int(answer.status)
        except urllib.error.HTTPError as error:
            return int(error.code)

    url = sim.new_response_url("U1", "D1")
    assert [use(url) for _ in range(6)] == [200, 200, 200, 200, 200, 404]
    later = sim.new_response_url("U1", "D1")
    timer.now += 30 * 60 + 1
    assert use(later) == 404


def test_limits_on_a_faster_time_scale_are_the_same_limits_sooner() -> None:
    """At time_scale 0.1 one of Slack's seconds lasts a tenth of a second: ten posts a channel in any 1 s, 50
    conversations.info in any 6 s, and Retry-After in tenths (whole Slack seconds, on the same scale)."""
    now = [100.0]
    limits = RateLimits(lambda: now[0], time_scale=0.1)
    for _ in range(10):
        assert limits.check("chat.postMessage", "D1") is None
    assert limits.check("chat.postMessage", "D1") == pytest.approx(1.0), "the first is 10 Slack seconds old in 1 s"
    now[0] += 0.55
    assert limits.check("chat.postMessage", "D1") == pytest.approx(0.5), "5 Slack seconds left"
    now[0] += 0.46
    assert limits.check("chat.postMessage", "D1") is None
    for _ in range(50):
        assert limits.check("conversations.info", None) is None
    assert limits.check("conversations.info", None) == pytest.approx(6.0)
    now[0] += 6.01
    assert limits.check("conversations.info", None) is None
    with pytest.raises(ValueError, match="time_scale"):
        RateLimits(time_scale=0)
