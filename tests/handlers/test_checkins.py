"""Check-ins: buttons, forms, thread replies, reminders, no duplicates. Decisions are read from the listeners'
Replies (tests.replies); one scenario and what only Slack's side can show run over the test Slack server."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from core import accountability, checkins
from core.timing import zone
from models import CheckIn, Database, Delivery
from models.vocab import Barrier, CheckInSource, DeliveryState, Level, Outcome
from runtime.effects import DM, ChannelNotice
from scheduler import jobs
from scheduler.delivery import Sender
from slacksim import Message, Person, message_text
from tests import when
from tests.conftest import Bot
from tests.factories import add_campaign, add_messenger
from tests.replies import ORGANIZER, Ask, Desk, effects_of, errors_of, schedule, sent, text_of
from tests.replies import message_text as said


def send_action(bot: Bot, line: str) -> int:
    """An organizer schedules a call to action in one line and Drumbeat delivers what is due."""
    olivia = bot.person("U0ORGANIZER")
    olivia.command(f"new {line}")
    olivia.click("call_schedule")
    text = olivia.last_ephemeral_text
    assert "Scheduled call to action #" in text, text
    Sender(bot.deps, pool=8, retry_base=1.0).run()
    return int(text.split("#", 1)[1].split(":", 1)[0])


def ask_of(person: Person) -> Message:
    asks = [m for m in person.dms if m.metadata]
    assert asks, f"{person.user_id} got no call to action"
    return asks[-1]


def check_ins(bot: Bot) -> list[CheckIn]:
    with bot.db.transaction() as s:
        return list(s.scalars(select(CheckIn).order_by(CheckIn.id)))


def setup_alice(bot: Bot, **fields: object) -> Person:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now, name="alice", **fields)  # type: ignore[arg-type]
    return bot.person("U0ALICE")


def test_an_ask_shows_its_answer_even_when_the_clicks_response_url_has_expired(bot: Bot) -> None:
    """Slack's response URL lasts 30 minutes and 5 uses; past that, the ask is rewritten by chat.update."""
    alice = setup_alice(bot)
    send_action(bot, f'"Call Mayor Lee about ID cards" tactic=outreach due={when.typed(4)}')
    ask = ask_of(alice)
    bot.driver.after_request = None  # settled below, once the URL has expired
    held = bot.sim.hold("response_url")
    alice.click("checkin_will", message=ask)
    assert held.wait_for_waiting(1), "the answer is on its way through the response URL"
    real = bot.sim.timer
    bot.sim.timer = lambda: real() + 31 * 60  # the URL is past Slack's 30 minutes when it arrives
    assert held.release()
    assert bot.deps.drain(10)
    updated = bot.sim.find_message(ask.channel, ask.ts)
    assert updated is not None
    assert updated.edited >= 1, "rewritten in place all the same"
    assert "You'll do it" in message_text(updated)


def test_done_updates_the_dm_in_place_and_the_form_adds_details(bot: Bot) -> None:
    alice = setup_alice(bot)
    send_action(bot, f'"Call Mayor Lee about ID cards" tactic=outreach due={when.typed(4)}')
    ask = ask_of(alice)
    assert "Call Mayor Lee about ID cards" in message_text(ask)
    alice.click("checkin_done", message=ask)
    updated = bot.sim.find_message(ask.channel, ask.ts)
    assert updated is not None
    assert updated.edited >= 1, "the DM is updated in place"
    assert "Done." in message_text(updated)
    assert alice.modal is not None, "an optional form follows"
    alice.submit({"reached": "Mayor Lee's scheduler", "told": "They will look at it", "evidence": "https://x.test/n"})
    rows = check_ins(bot)
    assert [(r.outcome, r.source) for r in rows] == [
        (Outcome.DONE, CheckInSource.BUTTON),
        (Outcome.DONE, CheckInSource.FORM),
    ]
    assert rows[1].note == "Reached: Mayor Lee's scheduler\nTold: They will look at it"
    assert rows[1].evidence == "https://x.test/n"
    alice._find("checkin_cant")  # a way to change the answer stays


def test_the_clicked_message_changes_through_its_response_url_not_chat_update(bot: Bot) -> None:
    """chat.update is Tier 3, about 50 a minute for the whole workspace; a click's response URL is not
    counted against it. The click, and the form it opened, both update the message that way."""
    alice = setup_alice(bot)
    send_action(bot, f'"Call Mayor Lee about ID cards" tactic=outreach due={when.typed(4)}')
    ask, sent = ask_of(alice), len(bot.sim.calls)
    alice.click("checkin_cant", message=ask)
    alice.submit({"barrier": "childcare"})
    alice.click("checkin_done", message=bot.sim.find_message(ask.channel, ask.ts))
    alice.submit({"told": "They will look at it"})
    updated = bot.sim.find_message(ask.channel, ask.ts)
    assert updated is not None
    assert "Done." in message_text(updated)
    answering = bot.sim.calls[sent:]
    assert [c.method for c in answering if c.method in ("chat.update", "response_url")] == ["response_url"] * 4


def test_double_clicks_make_one_answer(bot: Bot) -> None:
    alice = setup_alice(bot)
    send_action(bot, '"Call the Mayor" tactic=outreach')
    ask = ask_of(alice)
    element = next(
        e
        for b in ask.blocks or []
        if b.get("block_id") == "checkin"
        for e in b["elements"]
        if e["action_id"] == "checkin_will"
    )
    threads = [
        threading.Thread(target=bot.driver.block_action, args=("U0ALICE", element, "checkin"), kwargs={"message": ask})
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert bot.deps.drain()
    assert [r.outcome for r in check_ins(bot)] == [Outcome.WILL_DO], "five clicks in a second: one answer"


def test_thread_replies_and_dm_notes_are_kept_once(bot: Bot, caplog: pytest.LogCaptureFixture) -> None:
    alice = setup_alice(bot)
    send_action(bot, '"Call the Mayor" tactic=outreach')
    ask = ask_of(alice)
    with caplog.at_level("INFO", logger="drumbeat.routes"):
        alice.say("Left a voicemail with the scheduler", thread_ts=ask.ts, retries=3)
    retries = [r.getMessage().rsplit(" ", 1)[1] for r in caplog.records if "Slack's retry number" in r.getMessage()]
    assert sorted(retries) == ["1", "2", "3"], "Slack's retry number is read from its header"
    rows = check_ins(bot)
    assert [(r.outcome, r.source, r.note) for r in rows] == [
        (Outcome.NOTE, CheckInSource.THREAD, "Left a voicemail with the scheduler"),
    ], "Slack's retries of the same event made no duplicates"
    replies = [m for m in bot.sim.messages_in(ask.channel) if m.thread_ts == ask.ts and m.user == bot.sim.bot_user_id]
    assert len(replies) == 1
    alice.say("They said to call back Monday")  # in the DM, not the ask's thread: the open line
    assert len(check_ins(bot)) == 1, "not taken as the ask's details"
    assert "They said to call back Monday" in bot.person("U0ORGANIZER").answer("inbox")


def test_one_reminder_for_will_do_before_the_due_date(bot: Bot) -> None:
    alice = setup_alice(bot)
    send_action(bot, f'"Write a letter to the editor" tactic=media effort=quick due={when.typed(7)}')
    alice.click("checkin_will", message=ask_of(alice))
    before = len(alice.dms)
    bot.clock.now = when.local(5, 6)
    jobs.remind()
    assert len(alice.dms) == before, "not yet"
    bot.clock.now = when.local(6, 10)  # 10:00 in Chicago the day before it is due
    jobs.remind()
    jobs.remind()
    assert len(alice.dms) == before + 1, "one reminder"
    assert "you said you'd do this one" in message_text(alice.last_dm)
    bot.clock.advance(days=3)
    jobs.remind()
    assert len(alice.dms) == before + 1, "then nothing more for that call"


def test_non_responders_get_one_reminder_outside_quiet_hours(bot: Bot) -> None:
    alice = setup_alice(bot, quiet=(20 * 60, 10 * 60 + 30))  # quiet until 10:30
    add_messenger(bot.db, bot.sim, "U0BOB", bot.clock.now)
    bot.clock.now = when.local(0, 11)  # 11:00 in Chicago
    send_action(bot, '"Share the post" tactic=social')
    bob = bot.person("U0BOB")
    bob.click("checkin_done", message=ask_of(bob))
    bot.clock.now = when.local(2, 10)  # two days later, 10:00 in Chicago: Alice is quiet
    jobs.remind()
    assert len([m for m in alice.dms if "reminder" in (m.text or "").lower()]) == 0
    bot.clock.now = when.local(2, 10, 30)  # 10:30: the end of her quiet hours
    jobs.remind()
    assert len([m for m in alice.dms if "reminder" in (m.text or "").lower()]) == 1
    bot.clock.advance(days=2)
    jobs.remind()
    assert len([m for m in alice.dms if "reminder" in (m.text or "").lower()]) == 1
    assert not any("reminder" in (m.text or "").lower() for m in bob.dms), "answered: no reminder"


LOS_ANGELES = zone("America/Los_Angeles")


def reminders(person: Person) -> list[Message]:
    return [m for m in person.dms if "reminder" in (m.text or "").lower()]


def test_a_reminder_that_came_due_while_the_bot_was_down_waits_for_their_morning(bot: Bot) -> None:
    """Carmen lives in Los Angeles, quiet 21:00-08:00. Her reminder came due the day before the due date
    while the bot was down; it comes back at 3:25 AM her time. The reminder waits for her morning."""
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0CARMEN", bot.clock.now, tz="America/Los_Angeles", quiet=(21 * 60, 8 * 60))
    carmen = bot.person("U0CARMEN")
    bot.clock.now = when.local(0, 11)  # 9:00 for her
    send_action(bot, f'"Write a letter to the editor" tactic=media effort=quick due={when.typed(4)}')
    carmen.click("checkin_will", message=ask_of(carmen))
    bot.clock.now = when.local(4, 3, 25, tz=LOS_ANGELES)  # back up in her night, on the due day
    jobs.remind()
    assert reminders(carmen) == [], "nothing in her quiet hours"
    bot.clock.now = when.local(4, 8, 5, tz=LOS_ANGELES)
    jobs.remind()
    assert len(reminders(carmen)) == 1, "in her morning, still before the due date ends"


def test_no_reminder_for_an_ask_long_past(bot: Bot) -> None:
    alice = setup_alice(bot)
    send_action(bot, f'"Call the clerk" tactic=outreach due={when.typed(2)}')
    send_action(bot, '"Share the post" tactic=social')  # no due date: a reminder two days after the ask
    bot.clock.now = when.local(9, 11)  # the bot was down for a week: both reminders long past
    jobs.remind()
    assert reminders(alice) == [], "a reminder after the due date, or days late, is no reminder"


def test_an_organizers_reply_in_the_night_waits_for_the_morning_and_goes_once(bot: Bot) -> None:
    add_messenger(bot.db, bot.sim, "U0CARMEN", bot.clock.now, tz="America/Los_Angeles", quiet=(21 * 60, 8 * 60))
    carmen = bot.person("U0CARMEN")
    carmen.say("Is there a ride to the hearing?")
    bot.clock.now = when.local(1, 23, tz=LOS_ANGELES)  # the organizer answers late: 23:00 for Carmen
    olivia = bot.person("U0ORGANIZER")
    olivia.command("inbox")
    olivia.click("inbox_reply:1")
    olivia.submit({"reply": "Yes: Dee drives from the library at 5"})
    assert "quiet hours" in message_text(olivia.last_dm), "the organizer hears when it will arrive"
    before = len(carmen.dms)
    jobs.send_held()
    assert len(carmen.dms) == before, "held through her night"
    bot.clock.now = when.local(2, 8, 1, tz=LOS_ANGELES)
    jobs.send_held()
    jobs.send_held()
    assert len(carmen.dms) == before + 1, "in her morning, once"
    assert "Dee drives from the library" in message_text(carmen.last_dm)


def test_stop_drops_what_was_held_for_the_morning(bot: Bot) -> None:
    add_messenger(bot.db, bot.sim, "U0CARMEN", bot.clock.now, tz="America/Los_Angeles", quiet=(21 * 60, 8 * 60))
    carmen = bot.person("U0CARMEN")
    carmen.say("Is there a ride to the hearing?")
    bot.clock.now = when.local(1, 23, tz=LOS_ANGELES)
    olivia = bot.person("U0ORGANIZER")
    olivia.command("inbox")
    olivia.click("inbox_reply:1")
    olivia.submit({"reply": "Yes"})
    carmen.say("STOP")
    before = len(carmen.dms)
    bot.clock.now = when.local(2, 9, tz=LOS_ANGELES)
    jobs.send_held()
    assert len(carmen.dms) == before, "STOP stops everything, what was held too"


def test_no_reminder_after_stop(bot: Bot) -> None:
    alice = setup_alice(bot)
    send_action(bot, '"Share the post" tactic=social')
    alice.say("STOP")
    count = len(alice.dms)
    bot.clock.advance(days=5)
    jobs.remind()
    assert len(alice.dms) == count


# ----- decisions, read from the Reply -----------------------------------------------------------------


def alice_asked(desk: Desk, line: str = '"Call Mayor Lee about ID cards" tactic=outreach', **fields: object) -> Ask:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ALICE", desk.now(), name="alice", **fields)  # type: ignore[arg-type]
    return sent(desk.db, schedule(desk, line))["U0ALICE"]


def outcomes(db: Database) -> list[Outcome]:
    with db.reading() as s:
        return list(s.scalars(select(CheckIn.outcome).order_by(CheckIn.id)))


def test_the_done_forms_link_must_be_a_plain_link_and_its_words_reach_the_report(desk: Desk) -> None:
    ask = alice_asked(desk)
    form = desk.click("U0ALICE", "checkin_done", ask.delivery_id, **ask.place).view
    refused = desk.submit("U0ALICE", form, {"reached": "the scheduler", "evidence": "javascript:alert(1)"})
    assert "evidence" in errors_of(refused), "refused, with the form kept open"
    assert outcomes(desk.db) == [Outcome.DONE], "nothing stored as typed"
    kept = desk.submit(
        "U0ALICE", form, {"reached": "the scheduler", "told": "they will call back", "evidence": "https://x.test/n"}
    )
    assert (kept.errors, kept.view) == (None, None), "the form closes"
    report = text_of(desk.command(ORGANIZER, "report"))
    assert "Reached: the scheduler" in report, "what the Done form said is in the report organizers read"
    assert "they will call back" in report
    assert "https://x.test/n" in report
    desk.command(ORGANIZER, 'campaign 1 won checks=1 "Funded"')
    desk.clock.advance(days=2)
    (check,) = accountability.prompts_now(desk.db, desk.now())  # the implementation check is due
    details = desk.click("U0ALICE", "impl_details", check.check_id).view
    refused = desk.submit("U0ALICE", details, {"answer": "yes", "evidence": "javascript:alert(1)"})
    assert "evidence" in errors_of(refused), "the implementation check's link too"


def test_cant_asks_what_got_in_the_way_and_tells_organizers(desk: Desk) -> None:
    ask = alice_asked(desk, '"Visit the County Board" tactic=meetings')
    clicked = desk.click("U0ALICE", "checkin_cant", ask.delivery_id, **ask.place)
    assert clicked.replace, "the ask in her DM changes"
    assert "Not this time" in said(clicked.message), "to show the answer"
    form = clicked.view
    refused = desk.submit("U0ALICE", form, {"barrier": "other"})
    assert "words" in errors_of(refused), "Other needs a few words"
    answered = desk.submit("U0ALICE", form, {"barrier": "childcare", "words": "No sitter on Tuesdays"})
    with desk.db.reading() as s:
        latest = s.scalars(select(CheckIn).order_by(CheckIn.id.desc())).first()
        assert latest is not None
        assert (latest.outcome, latest.barrier, latest.note) == (
            Outcome.CANT,
            Barrier.CHILDCARE,
            "No sitter on Tuesdays",
        )
    (notice,) = effects_of(answered, ChannelNotice)
    assert notice.channel == "C0REPORTS"
    assert "A messenger can't do #1" in notice.message["text"]
    assert "Childcare" in notice.message["text"]
    assert "alice" not in str(notice.message).lower(), "not credited: not named"
    assert "No sitter" not in str(notice.message), "her words stay out of the channel"


def test_the_latest_answer_counts_and_history_is_kept(desk: Desk) -> None:
    ask = alice_asked(desk, '"Share the op-ed" tactic=social')
    desk.click("U0ALICE", "checkin_will", ask.delivery_id, **ask.place)
    desk.click("U0ALICE", "checkin_done", ask.delivery_id, **ask.place)
    again = desk.click("U0ALICE", "checkin_done", ask.delivery_id, **ask.place)
    assert again.message is None, "the same answer again changes nothing: the DM shows it already"
    desk.click("U0ALICE", "checkin_will", ask.delivery_id, **ask.place)
    assert outcomes(desk.db) == [Outcome.WILL_DO, Outcome.DONE, Outcome.WILL_DO]
    with desk.db.reading() as s:
        assert checkins.latest(s, ask.delivery_id).outcome is Outcome.WILL_DO  # type: ignore[union-attr]


def test_someone_elses_ask_is_refused(desk: Desk) -> None:
    ask = alice_asked(desk)
    add_messenger(desk.db, None, "U0BOB", desk.now())
    for action in ("checkin_done", "checkin_will", "checkin_cant", "checkin_details"):
        refused = desk.click("U0BOB", action, ask.delivery_id, **ask.place)
        assert "sent to someone else" in text_of(refused), action
        assert (refused.view, refused.effects) == (None, ())
    assert outcomes(desk.db) == []


def test_a_photo_with_words_is_kept_as_a_note_and_the_person_told_files_are_not(desk: Desk) -> None:
    ask = alice_asked(desk, '"Rally at City Hall" tactic=meetings')
    reply = desk.dm("U0ALICE", "We were forty people!", thread_ts=ask.ts, subtype="file_share")
    with desk.db.reading() as s:
        assert list(s.scalars(select(CheckIn.note))) == ["We were forty people! [sent a photo or file]"]
    (thanks,) = effects_of(reply, DM)
    assert (thanks.user_id, thanks.thread_ts) == ("U0ALICE", ask.ts), "in the ask's thread"
    assert "paste a link" in thanks.message["text"]


def test_a_reply_faster_than_the_sender_records_its_ask_is_kept(desk: Desk) -> None:
    """The sender records results in batches: a reply in the ask's thread can come first. It is kept on the
    ask on its way to them, not lost."""
    ask = alice_asked(desk)
    with desk.db.transaction() as s:  # as the sender leaves it between posting and recording
        delivery = s.get(Delivery, ask.delivery_id)
        assert delivery is not None
        delivery.state, delivery.ts, delivery.channel = DeliveryState.SENDING, None, None
    reply = desk.dm("U0ALICE", "Called, left a message", thread_ts=ask.ts)
    with desk.db.reading() as s:
        rows = [(r.delivery_id, r.outcome, r.note) for r in s.scalars(select(CheckIn))]
    assert rows == [(ask.delivery_id, Outcome.NOTE, "Called, left a message")]
    (thanks,) = effects_of(reply, DM)
    assert thanks.message["text"] == "Thanks, noted for the organizers."


def test_levels_are_kept_on_deliveries_for_reports(desk: Desk) -> None:
    alice_asked(desk, '"Testify at the hearing" tactic=meetings level=lead', level=Level.LEAD)
    with desk.db.reading() as s:
        assert list(s.scalars(select(Delivery.level))) == [Level.LEAD]
