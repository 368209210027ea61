"""Security: signatures, who may do what, and logs that never carry secrets or what people wrote."""

from __future__ import annotations

import io
import json
import logging
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import func, select

from models import Call, Campaign, CheckIn, DecisionMaker, Delivery, ImplementationCheck, Messenger, Organizer
from models.vocab import MessengerStatus
from runtime.logs import configure_logging
from slacksim import message_text, view_text
from tests import when
from tests.conftest import BOT_TOKEN, SIGNING_SECRET, Bot, told
from tests.factories import add_campaign, add_messenger
from tests.handlers.test_checkins import ask_of, send_action
from views.forms import REFUSAL

TABLES = (Organizer, Campaign, DecisionMaker, Call, Delivery, CheckIn, ImplementationCheck, Messenger)


def snapshot(bot: Bot) -> dict[str, object]:
    """Everything that could change, as plain values."""
    with bot.db.transaction() as s:
        counts = {t.__tablename__: s.scalar(select(func.count()).select_from(t)) for t in TABLES}
        statuses = sorted((m.user_id, m.status.value) for m in s.scalars(select(Messenger)))
        campaigns = sorted((c.id, c.status.value) for c in s.scalars(select(Campaign)))
        actions = sorted((a.id, a.status.value) for a in s.scalars(select(Call)))
        deliveries = sorted((d.id, d.state.value, d.due_at.isoformat()) for d in s.scalars(select(Delivery)))
    return {
        "counts": counts,
        "statuses": statuses,
        "campaigns": campaigns,
        "actions": actions,
        "deliveries": deliveries,
    }


# ----- signatures -------------------------------------------------------------------------------


def test_bad_signatures_get_401_and_have_no_effect(bot: Bot) -> None:
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    before, calls = snapshot(bot), len(bot.sim.calls)
    body = b"command=%2Fdrumbeat&text=stop&user_id=U0ALICE&team_id=T0DRUMBEAT&response_url=x&trigger_id=1"
    form = "application/x-www-form-urlencoded"
    driver = bot.driver
    assert driver.post(body, form, signature="").status == 401, "missing"
    assert driver.post(body, form, signature="v0=" + "ab" * 32).status == 401, "wrong"
    assert driver.post(body, form, timestamp=int(time.time()) - 301).status == 401, "stale: over five minutes"
    ts = str(int(time.time()))
    signature = driver.sign(ts, body)
    replayed = body.replace(b"text=stop", b"text=delete-me")
    assert driver.post(replayed, form, timestamp=int(ts), signature=signature).status == 401, "replay, new body"
    from tests.conftest import SlackDriver

    other = SlackDriver(bot.sim, bot.url, "another-apps-secret")
    assert other.command("U0ALICE", "stop").status == 401
    assert snapshot(bot) == before
    assert len(bot.sim.calls) == calls, "not one Slack call was made"


def test_malformed_payloads_get_400_or_200_never_500(bot: Bot) -> None:
    form, js = "application/x-www-form-urlencoded", "application/json"

    def payload(data: dict[str, object]) -> bytes:
        from urllib.parse import urlencode

        return urlencode({"payload": json.dumps(data)}).encode()

    cases = [
        (b"{not json", js, 400),
        (b"[1, 2, 3]", js, 400),
        (b"", form, 200),
        (b"\xff\xfe\x00garbage", form, 400),
        (b"payload=%7Bnope", form, 400),
        (b"text=hello&user_id=U0ALICE", form, 200),
        (payload({"type": "view_submission", "user": {"id": "U0ALICE"}, "view": {"callback_id": "x"}}), form, 400),
        (
            json.dumps({"type": "event_callback", "event_id": "Ev1", "event": {"type": "reaction_added"}}).encode(),
            js,
            200,
        ),
        (json.dumps({"type": "event_callback", "event_id": "Ev2", "event": {}}).encode(), js, 200),
        (json.dumps({"type": "app_rate_limited", "team_id": "T0DRUMBEAT"}).encode(), js, 200),
        (
            payload(
                {
                    "type": "block_actions",
                    "user": {"id": "U0ALICE"},
                    "team": {"id": "T0DRUMBEAT"},
                    "actions": [{"action_id": "from_an_old_version", "block_id": "b", "type": "button"}],
                }
            ),
            form,
            200,
        ),
        (
            payload(
                {
                    "type": "block_actions",
                    "user": {"id": "U0ALICE"},
                    "team": {"id": "T0DRUMBEAT"},
                    "trigger_id": "1",
                    "actions": [{"action_id": "checkin_done", "value": "DROP TABLE"}],
                }
            ),
            form,
            200,
        ),
        (
            payload(
                {
                    "type": "shortcut",
                    "callback_id": "x",
                    "user": {"id": "U0ALICE"},
                    "team": {"id": "T0DRUMBEAT"},
                    "trigger_id": "1",
                }
            ),
            form,
            200,
        ),
    ]
    for body, content_type, status in cases:
        assert bot.driver.post(body, content_type).status == status, body[:60]


# ----- who may do what -----------------------------------------------------------------------------

ORGANIZER_ONLY = [
    "organizers add <@U0BOB|bob>",
    "organizers remove <@U0ORGANIZER|olivia>",
    "campaigns",
    "campaign new",
    "campaign 1 won",
    "campaign 1 status stalled",
    "new",
    'new "Call Mayor Lee" tactic=outreach',
    "actions",
    "action 1",
    "cancel 1",
    f"reschedule 1 {when.typed(35, 10)}",
    "invite <@U0BOB|bob>",
    "report",
    "export",
    "ledger 1",
]


@pytest.fixture
def world(bot: Bot) -> Bot:
    """A campaign, a messenger with an answered ask, a draft waiting for its Schedule click."""
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now, ties="I know Mayor Lee")
    add_messenger(bot.db, bot.sim, "U0CARMEN", bot.clock.now)
    send_action(bot, '"Call Mayor Lee" tactic=outreach')
    bot.person("U0ALICE").click("checkin_done", message=ask_of(bot.person("U0ALICE")))
    bot.person("U0ALICE").submit({"told": "secret-note-from-alice"})
    bot.person("U0ORGANIZER").command(f'new "A draft" tactic=social at={when.typed(35, 10)}')
    return bot


@pytest.mark.parametrize("user_id", ["U0CARMEN", "U0STRANGER"], ids=["messenger", "stranger"])
def test_organizer_commands_refused_for_messengers_and_strangers(world: Bot, user_id: str) -> None:
    before, files = snapshot(world), len(world.sim.files)
    person = world.person(user_id)
    for command in ORGANIZER_ONLY:
        reply = person.command(command)
        text = (reply.json() or {}).get("text", "") if reply.body else told(person)
        assert text == REFUSAL, command
        if person.modal is not None:  # the form that opened first says so, and holds nothing to fill in
            person.close()
    assert snapshot(world) == before
    assert len(world.sim.files) == files, "no report, chart or export reached them"
    assert "secret-note-from-alice" not in str([m.blocks for m in world.sim.messages if m.ephemeral_to == user_id])


@pytest.mark.parametrize("user_id", ["U0CARMEN", "U0STRANGER"], ids=["messenger", "stranger"])
def test_organizer_buttons_and_forms_refused(world: Bot, user_id: str) -> None:
    olivia = world.person("U0ORGANIZER")
    draft_preview = olivia.ephemerals[-1]
    before = snapshot(world)
    driver = world.driver
    for action_id in ("call_schedule", "call_discard"):
        element = next(
            e for b in draft_preview.blocks or [] for e in b.get("elements", []) if e.get("action_id") == action_id
        )
        driver.block_action(user_id, element, "preview", message=draft_preview)
    cancel = {"type": "button", "action_id": "call_cancel", "value": "1", "text": {"type": "plain_text", "text": "x"}}
    driver.block_action(user_id, cancel, "action_detail")
    for callback, values in [
        ("campaign_form", {"name": {"name": {"type": "plain_text_input", "value": "Hijack"}}}),
        ("call_preview", {}),
        ("call_form", {"objective": {"objective": {"type": "plain_text_input", "value": "Hijack"}}}),
    ]:
        view = {
            "id": "VFORGED",
            "type": "modal",
            "callback_id": callback,
            "private_metadata": '{"action_id": 2}',
            "state": {"values": values},
        }
        reply = driver.view_submission(user_id, view)
        assert reply.status == 200
        answer = reply.json() or {}
        assert answer.get("response_action") == "update", "the form answers with a refusal"
        assert view_text(answer["view"]) == REFUSAL
    assert snapshot(world) == before


def test_a_messenger_cannot_touch_anothers_answers(world: Bot) -> None:
    carmen = world.person("U0CARMEN")
    alice_ask = ask_of(world.person("U0ALICE"))
    before = snapshot(world)
    for action_id in ("checkin_done", "checkin_will", "checkin_cant", "checkin_details"):
        element = {
            "type": "button",
            "action_id": action_id,
            "value": str(alice_ask.metadata["event_payload"]["delivery_id"]),  # type: ignore[index]
            "text": {"type": "plain_text", "text": "x"},
        }
        world.driver.block_action("U0CARMEN", element, "checkin", message=alice_ask)
        assert "sent to someone else" in told(carmen)
        if carmen.modal is not None:
            carmen.close()
    delivery = alice_ask.metadata["event_payload"]["delivery_id"]  # type: ignore[index]
    for callback, values in [
        ("checkin_done_form", {"told": {"told": {"type": "plain_text_input", "value": "forged"}}}),
        (
            "checkin_cant_form",
            {"barrier": {"barrier": {"type": "radio_buttons", "selected_option": {"value": "time"}}}},
        ),
    ]:
        view = {
            "id": "VFORGED",
            "type": "modal",
            "callback_id": callback,
            "private_metadata": json.dumps({"delivery_id": delivery}),
            "state": {"values": values},
        }
        world.driver.view_submission("U0CARMEN", view)
    impl = {"type": "button", "action_id": "impl_no", "value": "1", "text": {"type": "plain_text", "text": "x"}}
    world.driver.block_action("U0CARMEN", impl, "implementation")
    assert snapshot(world) == before, "nothing recorded for or about someone else"
    carmen.open_home()
    assert "secret-note-from-alice" not in json.dumps(carmen.home)


# ----- logs ------------------------------------------------------------------------------------------


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging("DEBUG", secrets=[BOT_TOKEN, SIGNING_SECRET], stream=stream)
    try:
        yield stream
    finally:
        configure_logging("WARNING")
        logging.getLogger().setLevel(logging.WARNING)


def test_logs_never_carry_tokens_secrets_or_message_text(bot: Bot, captured_logs: io.StringIO) -> None:
    texts = [
        "I know Councilmember Ortiz from church",
        "Call Mayor Lee about reentry ID cards",
        "Ask for funding at 555-0100",
        "Left a voicemail with the scheduler",
        "No sitter on Tuesdays",
        "We could not get a ride",
    ]
    add_campaign(bot.db, bot.clock.now)
    alice = bot.person("U0ALICE")
    alice.command("join")
    alice.submit({"level": "lead", "methods": ["outreach"], "ties": texts[0]})
    send_action(bot, f'"{texts[1]}" tactic=outreach ask="{texts[2]}"')
    ask = ask_of(alice)
    alice.say(texts[3], thread_ts=ask.ts)
    alice.click("checkin_cant", message=ask)
    alice.submit({"barrier": "childcare", "words": texts[4]})
    alice.say(texts[5])
    bot.person("U0ORGANIZER").command("report")
    bot.person("U0ORGANIZER").command("export")
    bot.sim.inject("chat.postMessage", "server_error", status=500, times=1)
    bot.person("U0BOB").command("stop")  # its confirmation meets a Slack error, which is logged
    alice.say("STOP")
    logged = captured_logs.getvalue()
    assert "profile saved" in logged, "the scenario was logged at DEBUG"
    assert BOT_TOKEN not in logged
    assert "xoxb-" not in logged
    assert SIGNING_SECRET not in logged
    for text in texts:
        assert text not in logged, text
    with bot.db.transaction() as s:
        assert s.scalar(select(Messenger.status).where(Messenger.user_id == "U0ALICE")) is MessengerStatus.OPTED_OUT
    assert message_text(alice.last_dm).startswith("You're opted out")
