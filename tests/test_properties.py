"""Hostile and random input, property-based: slash command text and every form, through the real app.

For each case: never an unhandled exception (the app's error handler would log one), always an answer
to the person (a message, a modal, or inline form errors), and afterwards every read still works.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Bot
from tests.factories import add_campaign, add_messenger

HOSTILE = [
    "",
    " ",
    "\x00\x01\x02",
    "\u202e\u200b\ufeff",
    "🙂" * 50,
    "x" * 5000,
    "'; DROP TABLE messengers; --",
    "<@U0NOBODY|ghost>",
    "<#C0NOWHERE|void>",
    "<!channel> <!here>",
    "<https://evil.test|click>",
    "1970-01-01",
    "2020-01-01T10:00",
    "9999-12-31T23:59",
    "-1",
    "1e309",
    "NaN",
    '"unclosed',
    "{{7*7}}",
    "%s%s%s%n",
    "../../etc/passwd",
    "until 1900-01-01",
]
SUBCOMMANDS = [
    "",
    "help",
    "join",
    "profile",
    "pause",
    "resume",
    "stop",
    "delete-me",
    "invite",
    "organizers",
    "organizers add",
    "campaign",
    "campaign 1 won",
    "campaign 1 status",
    "campaigns",
    "new",
    "actions",
    "action",
    "cancel",
    "reschedule 1",
    "report",
    "export",
    "ledger",
    "nonsense",
]
text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.from_regex(r"[a-z]{1,8}=[^ ]{0,12}( [a-z]{1,8}=[^ ]{0,12}){0,4}", fullmatch=True),
)


class Errors(logging.Handler):
    """Counts the app's "unhandled error" records."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture
def errors() -> Iterator[Errors]:
    handler = Errors()
    logger = logging.getLogger("runtime.app")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


@pytest.fixture
def world(bot: Bot) -> Bot:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)
    return bot


def answered(bot: Bot, user_id: str, reply: Any, before: int) -> bool:
    """Did the person get an answer: an acknowledgement with text, a modal, or a new message?"""
    body = reply.json() if reply.body else None
    if isinstance(body, dict) and (body.get("text") or body.get("blocks")):
        return True
    person = bot.person(user_id)
    return person.modal is not None or len(bot.sim.messages) > before


CASE = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)


@CASE
@given(sub=st.sampled_from(SUBCOMMANDS), rest=text, who=st.sampled_from(["U0ORGANIZER", "U0ALICE", "U0STRANGER"]))
def test_slash_command_text(
    world: Bot, errors: Errors, property_cases: Counter[str], sub: str, rest: str, who: str
) -> None:
    property_cases["slash commands"] += 1
    with world.sim.lock:
        world.sim.modal_stacks.pop(who, None)
    before = len(world.sim.messages)
    reply = world.driver.command(who, f"{sub} {rest}".strip())
    assert reply.status == 200
    assert answered(world, who, reply, before), (sub, rest)
    assert errors.records == [], [r.getMessage() for r in errors.records]


def option_value() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            [
                "lead",
                "outreach",
                "public",
                "press",
                "dm:1",
                "dm:999",
                "1",
                "now",
                "at",
                "local",
                "childcare",
                "other",
                "yes",
                "no",
                "not_sure",
                "funding",
                "won",
            ]
        ),
        st.text(max_size=20),
    )


def element_state(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    if kind in ("plain_text_input", "number_input"):
        return st.builds(lambda v: {"type": kind, "value": v}, st.one_of(st.none(), text))
    if kind in ("static_select", "radio_buttons"):
        return st.builds(
            lambda v: {"type": kind, "selected_option": v and {"value": v}}, st.one_of(st.none(), option_value())
        )
    if kind in ("checkboxes", "multi_static_select"):
        return st.builds(
            lambda vs: {"type": kind, "selected_options": [{"value": v} for v in vs]},
            st.lists(option_value(), max_size=6),
        )
    if kind == "datepicker":
        return st.builds(
            lambda v: {"type": kind, "selected_date": v},
            st.one_of(st.none(), st.dates().map(str), st.text(max_size=12)),
        )
    if kind == "timepicker":
        return st.builds(
            lambda v: {"type": kind, "selected_time": v},
            st.one_of(st.none(), st.sampled_from(["00:00", "09:00", "23:59", "24:00", "7", "ab:cd"])),
        )
    if kind == "multi_users_select":
        return st.builds(
            lambda vs: {"type": kind, "selected_users": vs},
            st.lists(st.sampled_from(["U0ALICE", "U0GHOST", "", "<@U1>"]), max_size=4),
        )
    return st.just({"type": kind})


def form_blocks(bot: Bot) -> dict[str, list[dict[str, Any]]]:
    """Every form Drumbeat shows, by callback id, with the inputs it contains."""
    from core.messengers import Profile
    from views import calls, campaigns, checkins, onboarding

    with bot.db.transaction() as s:
        from core import campaigns as campaign_rules

        all_campaigns = campaign_rules.all_of(s, "T0DRUMBEAT")
        modals = [
            onboarding.profile_modal(Profile(), tz="UTC", first_time=True),
            campaigns.new_campaign_modal(),
            calls.new_call_form(all_campaigns, "UTC"),
            checkins.done_form(1),
            checkins.cant_form(1),
            checkins.implementation_form(1),
        ]
    return {m["callback_id"]: [b for b in m["blocks"] if b["type"] == "input"] for m in modals}


@st.composite
def submission(draw: st.DrawFn, forms: dict[str, list[dict[str, Any]]]) -> tuple[str, dict[str, Any], str]:
    callback = draw(st.sampled_from([*sorted(forms), "call_preview"]))
    values: dict[str, Any] = {}
    for block in forms.get(callback, []):
        element = block["element"]
        if draw(st.booleans()) or not block.get("optional"):
            values[block["block_id"]] = {element["action_id"]: draw(element_state(element["type"]))}
    metadata = draw(
        st.one_of(
            st.just('{"delivery_id": 1}'),
            st.just('{"call_id": 1}'),
            st.just('{"first": true}'),
            st.just('{"check_id": 1}'),
            text,
        )
    )
    return callback, values, metadata


@pytest.fixture
def forms(world: Bot) -> dict[str, list[dict[str, Any]]]:
    return form_blocks(world)


def test_every_form_with_hostile_values(
    world: Bot, errors: Errors, forms: dict[str, list[dict[str, Any]]], property_cases: Counter[str]
) -> None:
    @CASE
    @given(case=submission(forms), who=st.sampled_from(["U0ORGANIZER", "U0ALICE", "U0STRANGER"]))
    def submit(case: tuple[str, dict[str, Any], str], who: str) -> None:
        property_cases["form submissions"] += 1
        callback, values, metadata = case
        view = {
            "id": "VPROP",
            "type": "modal",
            "callback_id": callback,
            "private_metadata": metadata,
            "state": {"values": values},
            "hash": "h",
        }
        reply = world.driver.view_submission(who, view)
        assert reply.status == 200, (callback, values)
        if reply.body:
            answer = json.loads(reply.body)
            assert answer.get("response_action") in ("errors", "update", "push", "clear"), answer
            if answer.get("response_action") == "errors":
                assert answer["errors"], "errors name the fields to fix"
        assert errors.records == [], [r.getMessage() for r in errors.records]

    submit()
    # Whatever was stored can still be read: lists, reports, exports, homes.
    for who, command in [
        ("U0ORGANIZER", "campaigns"),
        ("U0ORGANIZER", "actions"),
        ("U0ORGANIZER", "report"),
        ("U0ORGANIZER", "export"),
        ("U0ORGANIZER", "ledger"),
        ("U0ALICE", "profile"),
    ]:
        assert world.driver.command(who, command).status == 200
    for who in ("U0ORGANIZER", "U0ALICE"):
        assert world.person(who).open_home().status == 200
        assert world.person(who).home is not None
    assert errors.records == [], [r.getMessage() for r in errors.records]
