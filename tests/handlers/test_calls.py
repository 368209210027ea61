"""Organizers schedule calls to action over Slack; Drumbeat matches and delivers them. Decisions are read
from the listeners' Replies (tests.replies); the whole way from the form to the asks in people's DMs, what
reaches Slack when a command is refused, and the sender's pace run over the test Slack server."""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from core import outbox
from core.timing import zone
from models import Call, Campaign, Database, Delivery, Organizer
from models.vocab import CallStatus, DeliveryState, Level, MessengerStatus, Method
from runtime.effects import DM, Progress, Reconcile, WakeDelivery
from runtime.slack_client import Pacer
from scheduler.delivery import Sender, Stats
from slacksim import SlackSim, message_text, view_text
from tests import when
from tests.conftest import Bot, told
from tests.factories import add_campaign, add_messenger, add_messengers
from tests.replies import ORGANIZER, Desk, action_ids, button_value, effects_of, errors_of, schedule, text_of
from tests.replies import message_text as said
from views.forms import REFUSAL, SORRY

CHICAGO = zone("America/Chicago")


def deliver(bot: Bot) -> Stats:
    return Sender(bot.deps, pool=8, retry_base=1.0).run()


def crowd(db: Database, sim: SlackSim | None, now: Any, n: int = 3, **fields: Any) -> list[str]:
    users = []
    for i in range(n):
        user_id = f"U0M{i:03d}"
        add_messenger(db, sim, user_id, now, **fields)
        users.append(user_id)
    return users


def deliveries(db: Database) -> list[Delivery]:
    with db.reading() as s:
        return list(s.scalars(select(Delivery).order_by(Delivery.id)))


def due_times(db: Database) -> list[Any]:
    return [d.due_at for d in deliveries(db)]


def snapshot(db: Database) -> tuple[int, ...]:
    with db.reading() as s:
        return tuple(s.scalar(select(func.count()).select_from(t)) or 0 for t in (Organizer, Campaign, Call, Delivery))


def send_due(desk: Desk) -> list[str]:
    """What the sender would post now: its own claim of the due rows (`core.outbox`, which skips whoever said
    STOP and what was cancelled), each recorded as posted, as the sender records Slack's answer. To whom."""
    claimed, _ = outbox.claim_due_now(desk.db, desk.now(), 100_000, None)
    results = [outbox.Result(c.delivery_id, channel="D" + c.user_id[1:], ts=f"1.{c.delivery_id:06d}") for c in claimed]
    outbox.record_results(desk.db, {c.delivery_id: c for c in claimed}, results, desk.now(), 1.0)
    return [c.user_id for c in claimed]


# ----- end to end: the form, the preview, the asks in people's DMs ---------------------------------------


def test_new_with_the_form_preview_then_schedule_now(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    crowd(bot.db, bot.sim, bot.clock.now, 3, level=Level.OCCASIONAL)
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
    olivia.click("call_edit")  # back to the form, as she filled it in: she changes her mind about the ask
    assert olivia.modal is not None
    assert olivia.modal["title"]["text"] == "Edit #1"
    olivia.submit({"ask": "Call the Mayor's office at 555-0100 and ask for ID card funding this week."})
    assert "3 messengers match" in view_text(olivia.modal), "the same choices, read back from the form"
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
        assert "ID card funding this week" in text
        assert dm.metadata["event_payload"]["delivery_id"] > 0
    for other in ("U0LEAD", "U0PAUSED", "U0OUT"):
        assert bot.person(other).dms == []
    assert "done: sent 3 of 3" in message_text(olivia.last_dm), "the status message is updated in place"
    assert len(olivia.dms) == 1


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


def test_a_refusal_reaches_slack_in_the_form_that_opened_first_or_where_they_typed(bot: Bot) -> None:
    """A command that opens a form opens it before the organizer gate is asked (Slack's trigger dies in 3 s):
    the form then says no and holds nothing to fill in; other commands are told ephemerally."""
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now)  # a messenger, not an organizer
    before = snapshot(bot.db)
    for user_id in ("U0ALICE", "U0STRANGER"):
        person = bot.person(user_id)
        for command in ("new", "campaign new", "organizers add <@U0BOB|bob>"):
            reply = person.command(command)
            assert reply.status == 200
            text = (reply.json() or {}).get("text", "") if reply.body else told(person)
            assert text == REFUSAL, f"{user_id} was not told why"
            if person.modal is not None:
                person.close()
    assert snapshot(bot.db) == before, "nothing changed"
    assert bot.person("U0BOB").dms == []


# ----- decisions, read from the Reply -----------------------------------------------------------------


def test_organizers_add_remove_list(desk: Desk) -> None:
    assert "Added <@U0ALICE>" in text_of(desk.command(ORGANIZER, "organizers add <@U0ALICE|alice>"))
    assert "<@U0ALICE>" in text_of(desk.command("U0ALICE", "organizers list")), "alice may now steer"
    assert "Removed <@U0ALICE>" in text_of(desk.command(ORGANIZER, "organizers remove <@U0ALICE|alice>"))
    assert text_of(desk.command("U0ALICE", "organizers")) == REFUSAL
    assert text_of(desk.command("U0ALICE", "organizers remove <@U0ORGANIZER|olivia>")) == REFUSAL


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
def test_organizer_commands_are_refused_politely_for_others(desk: Desk, command: str) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ALICE", desk.now())  # a messenger, not an organizer
    before = snapshot(desk.db)
    for user_id in ("U0ALICE", "U0STRANGER"):
        refused = desk.command(user_id, command)
        assert text_of(refused) == REFUSAL, f"{user_id} was not told why"
        assert (refused.view, refused.effects) == (None, ()), "nothing else happens: no form, no DM to Bob"
    assert snapshot(desk.db) == before, "nothing changed"


def test_campaign_new_and_list(desk: Desk) -> None:
    form = desk.command(ORGANIZER, "campaign new").view
    refused = desk.submit(
        ORGANIZER, form, {"name": "Reentry ID cards", "change_type": "funding", "decision_makers": ""}
    )
    assert "decision_makers" in errors_of(refused)
    created = desk.submit(
        ORGANIZER,
        form,
        {
            "name": "Reentry ID cards",
            "change_type": "funding",
            "goal": "Fund ID cards for people leaving jail",
            "decision_makers": "Mayor Lee, Mayor\nCounty Board",
        },
    )
    assert (created.errors, created.view) == (None, None), "the form closes"
    (dm,) = effects_of(created, DM)
    assert dm.user_id == ORGANIZER
    assert "Campaign *#1 Reentry ID cards* created" in said(dm.message)
    listing = text_of(desk.command(ORGANIZER, "campaigns"))
    assert "Reentry ID cards" in listing
    assert "Mayor Lee (Mayor)" in listing
    assert "County Board" in listing


def test_the_forms_preview_schedules_with_a_progress_message_and_a_wake(desk: Desk) -> None:
    """The preview form's Schedule: the form closes, the organizer's progress DM is posted and the delivery
    woken, as from the preview message's button."""
    add_campaign(desk.db, desk.now())
    crowd(desk.db, None, desk.now(), 3, level=Level.OCCASIONAL)
    form = desk.command(ORGANIZER, "new").view
    preview = desk.submit(
        ORGANIZER, form, {"campaign": "1", "tactic": "outreach", "objective": "Fund ID cards", "audience": "public"}
    )
    assert "3 messengers match" in text_of(preview)
    scheduled = desk.submit(ORGANIZER, preview.view)
    assert (scheduled.errors, scheduled.view, scheduled.message) == (None, None, None), "the form closes"
    (progress,) = effects_of(scheduled, Progress)
    assert (progress.call_id, progress.organizer) == (1, ORGANIZER)
    assert "sent 0 of 3" in said(progress.message)
    assert effects_of(scheduled, WakeDelivery) == [WakeDelivery(1, desk.now())], "due now"


def test_one_line_form_at_a_time_in_the_coalition_zone(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    crowd(desk.db, None, desk.now(), 2, level=Level.PARTICIPATE)
    preview = desk.command(
        ORGANIZER,
        'new "Call Mayor Lee about ID cards" tactic=outreach level=occasional,participate '
        f"at={when.typed(1, 10)} due={when.typed(4)} to=Lee",
    )
    assert "2 messengers match" in text_of(preview)
    scheduled = desk.click(ORGANIZER, "call_schedule", button_value(preview, "call_schedule"))
    assert "Scheduled call to action #1: 2 messengers" in text_of(scheduled)
    assert scheduled.replace, "in place of the preview"
    assert set(due_times(desk.db)) == {when.local(1, 10)}
    assert effects_of(scheduled, WakeDelivery) == [WakeDelivery(1, when.local(1, 10))]
    assert send_due(desk) == [], "not yet"
    desk.clock.now = when.local(1, 10)
    assert len(send_due(desk)) == 2


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
def test_one_line_errors_point_at_the_bad_part(desk: Desk, line: str, points_at: str) -> None:
    add_campaign(desk.db, desk.now())
    answer = text_of(desk.command(ORGANIZER, line))
    assert points_at in answer
    assert "/drumbeat new" in answer, "with an example"
    assert snapshot(desk.db)[2] == 0, "no call made"


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
def test_odd_digits_and_huge_numbers_get_a_clear_message(desk: Desk, command: str) -> None:
    """`isdigit()` accepts "²" and "①", which `int()` refuses; the database refuses 23 digits: each got the
    generic apology instead of a message the organizer can act on. (A listener that raised would fail here
    outright: the apology is what the edge says for it.)"""
    add_campaign(desk.db, desk.now())
    answer = text_of(desk.command(ORGANIZER, command))
    assert answer, command
    assert SORRY not in answer, command
    assert snapshot(desk.db)[2] == 0, "nothing made"


def test_a_call_that_matches_nobody_cannot_be_scheduled_and_the_preview_says_why(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0M000", desk.now(), level=Level.OCCASIONAL)
    preview = desk.command(ORGANIZER, 'new "Testify at the hearing" tactic=meetings effort=lead')
    assert "Nobody matches, so there is nothing to schedule" in text_of(preview)
    assert preview.message is not None
    assert "call_schedule" not in str(preview.message["blocks"]), "no Schedule button"
    assert "call_discard" in action_ids(preview.message)
    forged = desk.click(ORGANIZER, "call_schedule", 1)  # a forged or old click
    assert "Nobody matches" in text_of(forged)
    assert effects_of(forged, Progress) == []
    with desk.db.reading() as s:
        assert s.get(Call, 1).status is CallStatus.DRAFT  # type: ignore[union-attr]
        assert s.scalar(select(func.count()).select_from(Delivery)) == 0
    form = desk.command(ORGANIZER, "new").view
    shown = desk.submit(
        ORGANIZER,
        form,
        {"campaign": "1", "tactic": "meetings", "objective": "Testify", "audience": "public", "effort": "lead"},
    )
    assert "Nobody matches" in text_of(shown)
    assert shown.view is not None
    assert "submit" not in shown.view, "the form has nothing to schedule"


def test_discard_does_not_undo_a_scheduled_call(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    crowd(desk.db, None, desk.now(), 2)
    preview = desk.command(ORGANIZER, f'new "Call the Mayor" tactic=outreach at={when.typed(2, 10)}')
    desk.click(ORGANIZER, "call_schedule", button_value(preview, "call_schedule"))
    late = desk.click(ORGANIZER, "call_discard", button_value(preview, "call_discard"))  # a late second click
    assert "already scheduled" in text_of(late)
    with desk.db.reading() as s:
        assert s.get(Call, 1).status is CallStatus.SCHEDULED  # type: ignore[union-attr]


def test_local_time_in_each_messengers_zone(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0CHI", desk.now(), tz="America/Chicago")
    add_messenger(desk.db, None, "U0NYC", desk.now(), tz="America/New_York")
    schedule(desk, f'"Post about ID cards" tactic=social at={when.typed(1)} local=10:00')
    with desk.db.reading() as s:
        due = {d.messenger.user_id: d.due_at for d in s.scalars(select(Delivery))}  # type: ignore[union-attr]
    assert due == {
        "U0CHI": when.local(1, 10),
        "U0NYC": when.local(1, 10, tz=zone("America/New_York")),
    }


def test_spread_over_working_days_and_cancel_mid_spread(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    users = crowd(desk.db, None, desk.now(), 40, quiet=(22 * 60, 6 * 60))
    preview = desk.command(ORGANIZER, 'new "Letters to the editor on ID cards" tactic=media effort=quick spread=5')
    assert "40 messengers match" in text_of(preview)
    desk.click(ORGANIZER, "call_schedule", button_value(preview, "call_schedule"))
    due = sorted(due_times(desk.db))
    per_day = Counter(d.astimezone(CHICAGO).date() for d in due)
    assert sorted(per_day.values()) == [8] * 5, "a steady drumbeat: 8 a day for 5 working days"
    assert max(Counter(d.astimezone(CHICAGO).replace(minute=0, second=0) for d in due).values()) == 1
    # Day one: the asks due by the end of the day go out.
    desk.clock.now = when.local(0, 17)
    assert len(send_due(desk)) == 8
    cancelled = desk.command(ORGANIZER, "cancel 1")
    assert "32 not sent; 8 had already gone out" in text_of(cancelled)
    assert effects_of(cancelled, Reconcile) == [Reconcile()], "the job store forgets the rest"
    desk.clock.advance(days=14)
    assert send_due(desk) == [], "nothing after cancelling"
    reached = [d for d in deliveries(desk.db) if d.state is DeliveryState.SENT]
    assert len(reached) == 8
    with desk.db.reading() as s:
        assert {d.messenger.user_id for d in s.scalars(select(Delivery))} == set(users)  # type: ignore[union-attr]
        assert s.get(Call, 1).status is CallStatus.CANCELLED  # type: ignore[union-attr]


def test_actions_list_detail_and_reschedule(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    crowd(desk.db, None, desk.now(), 2)
    schedule(desk, f'"Visit the County Board" tactic=meetings at={when.typed(2, 10)}')
    listing = text_of(desk.command(ORGANIZER, "actions"))
    assert "#1" in listing
    assert "upcoming" in listing
    assert "sent 0 of 2" in listing
    assert "Visit the County Board" in text_of(desk.command(ORGANIZER, "action 1"))
    moved = desk.command(ORGANIZER, f"reschedule 1 {when.typed(3, 11)}")
    assert "Moved #1: 2 messengers" in text_of(moved)
    assert set(due_times(desk.db)) == {when.local(3, 11)}
    assert effects_of(moved, WakeDelivery) == [WakeDelivery(1, when.local(3, 11))]
    assert effects_of(moved, Reconcile) == [Reconcile()]
    detail = desk.command(ORGANIZER, "action 1")
    cancelled = desk.click(ORGANIZER, "call_cancel", button_value(detail, "call_cancel"))
    assert "Cancelled call to action #1: 2 not sent" in text_of(cancelled)
    assert cancelled.replace, "in place of the detail"
    assert effects_of(cancelled, Reconcile) == [Reconcile()]


def test_ask_limits_and_quiet_hours_in_the_preview(desk: Desk) -> None:
    campaign = add_campaign(desk.db, desk.now())
    from models.vocab import Frequency
    from tests.factories import add_sent_ask

    busy = add_messenger(desk.db, None, "U0BUSY", desk.now(), frequency=Frequency.WEEKLY)
    add_sent_ask(desk.db, campaign.id, busy, desk.now() - timedelta(days=1))
    add_messenger(desk.db, None, "U0TOKYO", desk.now(), tz="Asia/Tokyo", quiet=(20 * 60, 9 * 60))
    add_messenger(desk.db, None, "U0FREE", desk.now())
    preview = text_of(desk.command(ORGANIZER, 'new "Share the op-ed" tactic=social'))
    assert "2 messengers match" in preview
    assert "1 at their ask limit" in preview
    assert "1 are in quiet hours then, so they get it later" in preview


def test_after_stop_no_call_to_action_reaches_them(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ALICE", desk.now(), methods=Method.OUTREACH)
    schedule(desk, '"Call the Mayor" tactic=outreach spread=2')
    stopped = desk.dm("U0ALICE", "STOP")
    assert [dm.user_id for dm in effects_of(stopped, DM)] == ["U0ALICE"], "only the STOP's confirmation"
    preview = text_of(desk.command(ORGANIZER, 'new "Call the Mayor again" tactic=outreach'))
    assert "0 messengers match" in preview
    assert "1 opted out" in preview
    desk.clock.advance(days=5)
    assert send_due(desk) == [], "nothing after STOP, whatever was scheduled"
    assert [d.state for d in deliveries(desk.db)] == [DeliveryState.SKIPPED]


@pytest.mark.parametrize("days_on", [0, 400])
def test_every_example_date_is_ahead_of_the_clock(desk: Desk, days_on: int) -> None:
    """Help and hints suggest moments worked out from the clock, whatever day they are read."""
    desk.clock.advance(days=days_on)
    add_campaign(desk.db, desk.now())
    today = desk.now().astimezone(zone("America/Chicago")).date()
    shown = [
        said(desk.command(ORGANIZER, "help").message),
        text_of(desk.command(ORGANIZER, "reschedule")),
        text_of(desk.command(ORGANIZER, "reschedule 12 tomorrowish")),
        text_of(desk.command(ORGANIZER, 'new "Call Mayor Lee" tactic=phone')),
        text_of(desk.command(ORGANIZER, 'event "Town hall"')),
    ]
    days = [date.fromisoformat(day) for text in shown for day in re.findall(r"\d{4}-\d\d-\d\d", text)]
    assert len(days) >= 6, shown
    assert all(day > today for day in days), (today, days)


def test_the_preview_shows_the_dm_people_will_get_and_names_the_organizers_picks(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    for user_id in ("U0ANA", "U0BEN", "U0CAL"):
        add_messenger(desk.db, None, user_id, desk.now())
    line = '"Call Mayor Lee" tactic=outreach ask="Say: fund ID cards" people=<@U0ANA|ana>,<@U0BEN|ben>'
    preview = desk.command(ORGANIZER, f"new {line}")
    text = text_of(preview)
    assert "Picked by you: <@U0ANA>, <@U0BEN>." in text, "the organizer's own picks, by name"
    assert "a messenger" not in text
    assert "What each messenger gets in their DM" in text
    assert "Say: fund ID cards" in text, "the ask's own words, as sent"
    assert "[Done] · [I'll do it] · [Can't this time]" in text
    assert action_ids(preview.message) == ["call_schedule", "call_edit", "call_discard"], (
        "no answer buttons in a preview"
    )


def test_the_preview_says_why_the_first_ask_goes_out_later_than_asked(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    for user_id in ("U0ANA", "U0BEN", "U0CAL"):
        add_messenger(desk.db, None, user_id, desk.now())

    def first_ask(line: str) -> str:
        preview = text_of(desk.command(ORGANIZER, f'new "Call Mayor Lee" tactic=outreach {line}'))
        return next(part for part in preview.split("\n") if part.startswith("First ask"))

    assert first_ask(f"at={when.typed(2, 10)}").endswith(", 10:00 AM."), "on time: nothing to explain"
    spread = first_ask(f"at={when.typed(2, 10)} spread=5")
    assert re.search(r"not 10:00 AM: the 3 asks are spread through working hours, about one every \d+ h", spread)
    assert ", 10:00 AM" not in spread.split(", not")[0]
    passed = first_ask("local=08:00")  # the desk's clock reads 9:00 in Chicago
    assert "not 8:00 AM: that time has passed, so it starts now." in passed, passed


def test_the_preview_says_when_quiet_hours_move_the_first_ask(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ANA", desk.now(), quiet=(9 * 60, 12 * 60))
    first = text_of(desk.command(ORGANIZER, f'new "Call Mayor Lee" tactic=outreach at={when.typed(2, 10)}'))
    assert "First ask goes out" in first
    assert "12:00 PM, not 10:00 AM: the first people are in their quiet" in first


def _saved(db: Database, call_id: int) -> dict[str, Any]:
    """What a draft holds that the organizer chose (not when it was made)."""
    with db.reading() as s:
        call = s.get(Call, call_id)
        assert call is not None
        names = ("campaign_id", "tactic", "objective", "audience", "decision_maker_id", "ask", "links", "targeting")
        more = ("schedule_kind", "send_at", "local_time", "spread_days", "due_date", "effort", "status")
        saved = {name: getattr(call, name) for name in names + more}
        if call.local_time:  # at each messenger's own time: only the day counts
            saved["send_at"] = call.send_at.astimezone(CHICAGO).date()
        return saved


@pytest.mark.parametrize(
    "line",
    [
        f'"Call Mayor Lee" tactic=outreach to=Lee connected=yes ask="Say: fund ID cards" links=https://x.test '
        f"level=occasional,participate skill=speaking community=faith,business limit=4 at={when.typed(2, 10)} "
        f"spread=3 due={when.typed(9)}",
        f'"Post the op-ed" tactic=social method=any effort=lead to=press local=10:00 at={when.typed(3)}',
        f'"Visit the board" tactic=meetings method=outreach,social people=<@U0ANA|ana> to=coalition at={when.typed(1)}',
        '"Share the news" tactic=media',
    ],
)
def test_edit_shows_the_form_as_filled_in_and_changes_the_same_draft(desk: Desk, line: str) -> None:
    add_campaign(desk.db, desk.now())
    crowd(desk.db, None, desk.now(), 2, level=Level.PARTICIPATE)
    add_messenger(desk.db, None, "U0ANA", desk.now())
    preview = desk.command(ORGANIZER, f"new {line}")
    assert "call_edit" in action_ids(preview.message), "also when nobody matches: Edit is the way on"
    before = _saved(desk.db, 1)
    form = desk.click(ORGANIZER, "call_edit", button_value(preview, "call_edit")).view
    assert form is not None
    assert form["title"]["text"] == "Edit #1"
    again = desk.submit(ORGANIZER, form)  # Preview again, nothing changed
    assert again.errors is None, again.errors
    assert _saved(desk.db, 1) == before, "the form gave back exactly what was chosen"
    changed = desk.submit(ORGANIZER, form, {"objective": "Call Mayor Lee today"})
    assert changed.view is not None
    assert "Call Mayor Lee today" in text_of(changed)
    with desk.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Call)) == 1, "the same draft, changed in place"
    assert _saved(desk.db, 1) == {**before, "objective": "Call Mayor Lee today"}


def test_edit_in_the_preview_form_brings_the_form_back_and_a_scheduled_call_cannot_be_edited(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    crowd(desk.db, None, desk.now(), 2, level=Level.OCCASIONAL)
    form = desk.command(ORGANIZER, "new").view
    typed = {"campaign": "1", "tactic": "outreach", "objective": "Fund ID cards", "audience": "press", "spread": 2}
    preview = desk.submit(ORGANIZER, form, typed)
    assert preview.view is not None
    assert "call_edit" in action_ids(preview.view)
    edit = desk.click(ORGANIZER, "call_edit", "1", form={**preview.view, "id": "V0PREVIEW"})
    assert edit.view is not None, "the preview form becomes the filled-in form"
    assert edit.view["private_metadata"] == '{"editing": 1}'
    filled = {b["block_id"]: b["element"] for b in edit.view["blocks"] if b["type"] == "input"}
    assert filled["objective"]["initial_value"] == "Fund ID cards"
    assert filled["audience"]["initial_option"]["value"] == "press"
    assert filled["spread"]["initial_value"] == "2"
    desk.submit(ORGANIZER, preview.view)  # Schedule
    late = desk.click(ORGANIZER, "call_edit", "1", form={**preview.view, "id": "V0PREVIEW"})
    assert "already scheduled or discarded" in text_of(late)
