"""Organizers schedule calls to action over Slack; Drumbeat matches and delivers them."""

from __future__ import annotations

import time
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from core.timing import zone
from models import Call, Campaign, Delivery, Organizer
from models.vocab import CallStatus, DeliveryState, Level, MessengerStatus, Method
from runtime.slack_client import Pacer
from scheduler.delivery import Sender, Stats
from slacksim import message_text, view_text
from tests import when
from tests.conftest import Bot, told
from tests.factories import add_campaign, add_messenger, add_messengers
from views.forms import REFUSAL, SORRY

CHICAGO = zone("America/Chicago")


def deliver(bot: Bot) -> Stats:
    return Sender(bot.deps, pool=8, retry_base=1.0).run()


def deliveries(bot: Bot) -> list[Delivery]:
    with bot.db.transaction() as s:
        return list(s.scalars(select(Delivery).order_by(Delivery.id)))


def crowd(bot: Bot, n: int = 3, **fields: Any) -> list[str]:
    users = []
    for i in range(n):
        user_id = f"U0M{i:03d}"
        add_messenger(bot.db, bot.sim, user_id, bot.clock.now, **fields)
        users.append(user_id)
    return users


# ----- organizers -------------------------------------------------------------------------------


def test_organizers_add_remove_list(bot: Bot) -> None:
    olivia = bot.person("U0ORGANIZER")
    assert "Added <@U0ALICE>" in olivia.answer("organizers add <@U0ALICE|alice>")
    alice = bot.person("U0ALICE")
    assert "<@U0ALICE>" in alice.answer("organizers list"), "alice may now steer"
    assert "Removed <@U0ALICE>" in olivia.answer("organizers remove <@U0ALICE|alice>")
    assert alice.answer("organizers") == REFUSAL
    assert alice.answer("organizers remove <@U0ORGANIZER|olivia>") == REFUSAL


ORGANIZER_COMMANDS = [
    "organizers add <@U0BOB|bob>",
    "organizers remove <@U0ORGANIZER|olivia>",
    "organizers list",
    "campaign new",
    "campaigns",
    "new",
    'new "Call Mayor Lee" tactic=outreach',
    "actions",
    "action 1",
    "cancel 1",
    f"reschedule 1 {when.typed(35, 10)}",
    "invite <@U0BOB|bob>",
    "plan",
    "plan 1",
    "plan 1 remove 1",
    "coverage",
    "export plan",
    "inbox",
    "event 1",
    f'event "Rally" on={when.typed(35, 18)} place=park attendees=5',
]


@pytest.mark.parametrize("command", ORGANIZER_COMMANDS)
def test_organizer_commands_are_refused_politely_for_others(bot: Bot, command: str) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)  # a messenger, not an organizer
    before = _snapshot(bot)
    for user_id in ("U0ALICE", "U0STRANGER"):
        person = bot.person(user_id)
        reply = person.command(command)
        assert reply.status == 200
        text = (reply.json() or {}).get("text", "") if reply.body else told(person)
        assert text == REFUSAL, f"{user_id} was not told why"
        if person.modal is not None:  # a command that opens a form opens it first; the form says why
            person.close()
    assert _snapshot(bot) == before, "nothing changed"
    assert bot.person("U0BOB").dms == []


def _snapshot(bot: Bot) -> tuple[int, ...]:
    with bot.db.transaction() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0 for t in (Organizer, Campaign, Call, Delivery))


# ----- campaigns ----------------------------------------------------------------------------------


def test_campaign_new_and_list(bot: Bot) -> None:
    olivia = bot.person("U0ORGANIZER")
    olivia.command("campaign new")
    olivia.submit({"name": "Reentry ID cards", "change_type": "funding", "decision_makers": ""})
    assert "decision_makers" in olivia.modal_errors
    olivia.submit(
        {
            "name": "Reentry ID cards",
            "change_type": "funding",
            "goal": "Fund ID cards for people leaving jail",
            "decision_makers": "Mayor Lee, Mayor\nCounty Board",
        }
    )
    assert olivia.modal is None
    assert "Campaign *#1 Reentry ID cards* created" in message_text(olivia.last_dm)
    listing = olivia.answer("campaigns")
    assert "Reentry ID cards" in listing
    assert "Mayor Lee (Mayor)" in listing
    assert "County Board" in listing


# ----- the form, the preview, scheduling -------------------------------------------------------


def test_new_with_the_form_preview_then_schedule_now(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    crowd(bot, 3, level=Level.OCCASIONAL)
    add_messenger(bot.db, bot.sim, "U0LEAD", bot.clock.now, level=Level.LEAD)
    add_messenger(
        bot.db,
        bot.sim,
        "U0PAUSED",
        bot.clock.now,
        level=Level.OCCASIONAL,
        status=MessengerStatus.PAUSED,
        paused_until=bot.clock.now + timedelta(days=9),
    )
    add_messenger(bot.db, bot.sim, "U0OUT", bot.clock.now, level=Level.OCCASIONAL, status=MessengerStatus.OPTED_OUT)
    olivia = bot.person("U0ORGANIZER")
    olivia.command("new")
    form = olivia.modal
    assert form is not None
    olivia.submit({"campaign": "1", "tactic": "outreach", "objective": "", "audience": "public"})
    assert "objective" in olivia.modal_errors, "every call to action needs an objective"
    olivia.submit(
        {
            "campaign": "1",
            "tactic": "outreach",
            "objective": "Get Mayor Lee to fund reentry ID cards",
            "audience": "dm:1",
            "ask": "Call the Mayor's office at 555-0100 and ask for ID card funding.",
            "levels": ["occasional"],
        }
    )
    preview = view_text(olivia.modal)
    assert "3 messengers match" in preview
    assert "1 paused" in preview
    assert "1 opted out" in preview
    olivia.submit()  # Schedule
    assert olivia.modal is None
    assert "sent 0 of 3" in message_text(olivia.last_dm)
    stats = deliver(bot)
    assert stats.sent == 3
    for user_id in ("U0M000", "U0M001", "U0M002"):
        (dm,) = bot.person(user_id).dms
        text = message_text(dm)
        assert "Get Mayor Lee to fund reentry ID cards" in text
        assert "Mayor Lee, Mayor" in text
        assert "555-0100" in text
        assert dm.metadata["event_payload"]["delivery_id"] > 0
    for other in ("U0LEAD", "U0PAUSED", "U0OUT"):
        assert bot.person(other).dms == []
    assert "done: sent 3 of 3" in message_text(olivia.last_dm), "the status message is updated in place"
    assert len(olivia.dms) == 1


def test_one_line_form_at_a_time_in_the_coalition_zone(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    crowd(bot, 2, level=Level.PARTICIPATE)
    olivia = bot.person("U0ORGANIZER")
    olivia.command(
        'new "Call Mayor Lee about ID cards" tactic=outreach level=occasional,participate '
        f"at={when.typed(1, 10)} due={when.typed(4)} to=Lee"
    )
    assert "2 messengers match" in olivia.last_ephemeral_text
    olivia.click("call_schedule")
    assert "Scheduled call to action #1: 2 messengers" in olivia.last_ephemeral_text
    with bot.db.transaction() as s:
        due = {d.due_at for d in s.scalars(select(Delivery))}
    assert due == {when.local(1, 10)}
    assert deliver(bot).sent == 0, "not yet"
    bot.clock.now = when.local(1, 10)
    assert deliver(bot).sent == 2


@pytest.mark.parametrize(
    ("line", "points_at"),
    [
        ('new "x" tactic=phone', "`tactic=phone`"),
        ('new "x"', "`tactic=`"),
        ('new "x" tactic=outreach level=boss', "`boss`"),
        ('new "x" tactic=outreach at=tomorrow', "`tomorrow`"),
        ('new "x" tactic=outreach colour=red', "`colour=red`"),
        ('new "unclosed tactic=outreach', "quote is not closed"),
        ('new "x" tactic=outreach to=Governor', "`to=Governor`"),
        ('new "x" tactic=outreach spread=lots', "`spread=lots`"),
        ('new "x" tactic=outreach at=2020-01-01T10:00', "has passed"),
        ('new "x" tactic=outreach links="javascript:alert(1)"', "plain addresses starting with http"),
    ],
)
def test_one_line_errors_point_at_the_bad_part(bot: Bot, line: str, points_at: str) -> None:
    add_campaign(bot.db, bot.clock.now)
    answer = bot.person("U0ORGANIZER").answer(line)
    assert points_at in answer
    assert "/drumbeat new" in answer, "with an example"
    with bot.db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 0


ODD_NUMBERS = [
    "report ①",
    "coverage ²",
    "event ²",
    "campaign ² status stalled",
    "export ²",
    "event 99999999999999999999999",
    'event 99999999999999999999999 message "hello"',
    'event "Rally" on=9999-12-31T23:59 place=park attendees=5',
    'event "Rally" on=2020-01-01T10:00 place=park attendees=²',
    "action 99999999999999999999999",
    "cancel ²",
    f"reschedule 99999999999999999999999 {when.typed(30)}",
    "plan 1 remove 99999999999999999999999",
    'new "x" tactic=outreach limit=²',
    'new "x" tactic=outreach spread=①',
    "campaign 1 won checks=³⁰",
]


@pytest.mark.parametrize("command", ODD_NUMBERS)
def test_odd_digits_and_huge_numbers_get_a_clear_message(bot: Bot, command: str) -> None:
    """`isdigit()` accepts "²" and "①", which `int()` refuses; the database refuses 23 digits: each got the
    generic apology instead of a message the organizer can act on."""
    add_campaign(bot.db, bot.clock.now)
    olivia = bot.person("U0ORGANIZER")
    olivia.command(command)
    said = told(olivia)
    assert said, command
    assert SORRY not in said, command
    with bot.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 0, "nothing made"


def test_a_call_that_matches_nobody_cannot_be_scheduled_and_the_preview_says_why(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0M000", bot.clock.now, level=Level.OCCASIONAL)
    olivia = bot.person("U0ORGANIZER")
    olivia.command('new "Testify at the hearing" tactic=meetings effort=lead')
    preview = olivia.ephemerals[-1]
    assert "Nobody matches, so there is nothing to schedule" in message_text(preview)
    assert "call_schedule" not in str(preview.blocks), "no Schedule button"
    schedule = {"type": "button", "action_id": "call_schedule", "value": "1"}
    bot.driver.block_action("U0ORGANIZER", schedule, "preview", message=preview)  # a forged or old click
    assert "Nobody matches" in olivia.last_ephemeral_text
    with bot.db.reading() as s:
        assert s.get(Call, 1).status is CallStatus.DRAFT  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Delivery)) == 0
    olivia.command("new")
    olivia.submit(
        {"campaign": "1", "tactic": "meetings", "objective": "Testify", "audience": "public", "effort": "lead"}
    )
    assert "Nobody matches" in view_text(olivia.modal)
    assert "submit" not in olivia.modal, "the form has nothing to schedule"


def test_discard_does_not_undo_a_scheduled_call(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    crowd(bot, 2)
    olivia = bot.person("U0ORGANIZER")
    olivia.command(f'new "Call the Mayor" tactic=outreach at={when.typed(2, 10)}')
    preview = olivia.ephemerals[-1]
    discard = next(e for b in preview.blocks or [] for e in b.get("elements", []) if e["action_id"] == "call_discard")
    olivia.click("call_schedule", message=preview)
    bot.driver.block_action("U0ORGANIZER", discard, "preview", message=preview)  # a late second click
    assert "already scheduled" in olivia.last_ephemeral_text
    with bot.db.transaction() as s:
        assert s.get(Call, 1).status is CallStatus.SCHEDULED  # type: ignore[union-attr]


def test_local_time_in_each_messengers_zone(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0CHI", bot.clock.now, tz="America/Chicago")
    add_messenger(bot.db, bot.sim, "U0NYC", bot.clock.now, tz="America/New_York")
    olivia = bot.person("U0ORGANIZER")
    olivia.command(f'new "Post about ID cards" tactic=social at={when.typed(1)} local=10:00')
    olivia.click("call_schedule")
    with bot.db.transaction() as s:
        due = {d.messenger.user_id: d.due_at for d in s.scalars(select(Delivery))}  # type: ignore[union-attr]
    assert due == {
        "U0CHI": when.local(1, 10),
        "U0NYC": when.local(1, 10, tz=zone("America/New_York")),
    }


def test_spread_over_working_days_and_cancel_mid_spread(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    users = crowd(bot, 40, quiet=(22 * 60, 6 * 60))
    olivia = bot.person("U0ORGANIZER")
    olivia.command('new "Letters to the editor on ID cards" tactic=media effort=quick spread=5')
    assert "40 messengers match" in olivia.last_ephemeral_text
    olivia.click("call_schedule")
    with bot.db.transaction() as s:
        due = sorted(d.due_at for d in s.scalars(select(Delivery)))
    per_day = Counter(d.astimezone(CHICAGO).date() for d in due)
    assert sorted(per_day.values()) == [8] * 5, "a steady drumbeat: 8 a day for 5 working days"
    assert max(Counter(d.astimezone(CHICAGO).replace(minute=0, second=0) for d in due).values()) == 1
    # Day one: the asks due by the end of the day go out.
    bot.clock.now = when.local(0, 17)
    assert deliver(bot).sent == 8
    olivia.command("cancel 1")
    assert "32 not sent; 8 had already gone out" in olivia.last_ephemeral_text
    bot.clock.advance(days=14)
    assert deliver(bot).sent == 0, "nothing after cancelling"
    assert sum(len(bot.person(u).dms) for u in users) == 8
    with bot.db.transaction() as s:
        assert s.get(Call, 1).status is CallStatus.CANCELLED  # type: ignore[union-attr]


def test_actions_list_detail_and_reschedule(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    crowd(bot, 2)
    olivia = bot.person("U0ORGANIZER")
    olivia.command(f'new "Visit the County Board" tactic=meetings at={when.typed(2, 10)}')
    olivia.click("call_schedule")
    listing = olivia.answer("actions")
    assert "#1" in listing
    assert "upcoming" in listing
    assert "sent 0 of 2" in listing
    assert "Visit the County Board" in olivia.answer("action 1")
    answer = olivia.answer(f"reschedule 1 {when.typed(3, 11)}")
    assert "Moved #1: 2 messengers" in answer
    with bot.db.transaction() as s:
        assert {d.due_at for d in s.scalars(select(Delivery))} == {when.local(3, 11)}
    olivia.command("action 1")
    olivia.click("call_cancel")
    assert "Cancelled call to action #1: 2 not sent" in olivia.last_ephemeral_text


def test_ask_limits_and_quiet_hours_in_the_preview(bot: Bot) -> None:
    campaign = add_campaign(bot.db, bot.clock.now)
    from models.vocab import Frequency
    from tests.factories import add_sent_ask

    busy = add_messenger(bot.db, bot.sim, "U0BUSY", bot.clock.now, frequency=Frequency.WEEKLY)
    add_sent_ask(bot.db, campaign.id, busy, bot.clock.now - timedelta(days=1))
    add_messenger(bot.db, bot.sim, "U0TOKYO", bot.clock.now, tz="Asia/Tokyo", quiet=(20 * 60, 9 * 60))
    add_messenger(bot.db, bot.sim, "U0FREE", bot.clock.now)
    olivia = bot.person("U0ORGANIZER")
    olivia.command('new "Share the op-ed" tactic=social')
    preview = olivia.last_ephemeral_text
    assert "2 messengers match" in preview
    assert "1 at their ask limit" in preview
    assert "1 are in quiet hours then, so they get it later" in preview


def test_after_stop_no_call_to_action_reaches_them(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now, methods=Method.OUTREACH)
    olivia = bot.person("U0ORGANIZER")
    olivia.command('new "Call the Mayor" tactic=outreach spread=2')
    olivia.click("call_schedule")
    alice = bot.person("U0ALICE")
    alice.say("STOP")
    dms = len(alice.dms)
    olivia.command('new "Call the Mayor again" tactic=outreach')
    assert "0 messengers match" in olivia.last_ephemeral_text
    assert "1 opted out" in olivia.last_ephemeral_text
    bot.clock.advance(days=5)
    deliver(bot)
    assert len(alice.dms) == dms, "nothing after STOP, whatever was scheduled"
    assert [d.state for d in deliveries(bot)] == [DeliveryState.SKIPPED]


def test_the_progress_message_is_edited_at_most_every_30_seconds(bot: Bot) -> None:
    """chat.update is Tier 3, shared by everything Drumbeat edits: a send's progress takes little of it."""
    add_campaign(bot.db, bot.clock.now)
    add_messengers(bot.db, bot.sim, [f"U0K{i:04d}" for i in range(300)], bot.clock.now)
    bot.deps.client.pacer = Pacer(posts_per_minute=3000)  # at most 100 posts a second: the send takes seconds
    olivia = bot.person("U0ORGANIZER")
    olivia.command('new "Call Mayor Lee" tactic=outreach')
    olivia.click("call_schedule")
    (status,) = olivia.dms
    started = time.monotonic()
    assert Sender(bot.deps, pool=20).run().sent == 300
    took = time.monotonic() - started
    edits = [c for c in bot.sim.calls_to("chat.update") if c.args.get("ts") == status.ts]
    assert "done: sent 300 of 300" in message_text(olivia.last_dm)
    assert took > 2, "the send took a while"
    assert len(edits) <= 2 + took // 30, f"{len(edits)} edits in {took:.1f} s"
