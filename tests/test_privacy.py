"""The promises Drumbeat makes to people who may be formerly incarcerated, held at every edge:
STOP stops everything, deletion erases every word, channels get categories, logs get ids, and
everything typed is escaped before Slack shows it."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import MetaData, func, select, text

from models import Acquaintance, District, Messenger
from models.vocab import Frequency, MessengerStatus
from runtime.logs import configure_logging
from scheduler import jobs
from scheduler.delivery import Sender
from slacksim import Person, message_text, view_text
from tests import when
from tests.conftest import BOT_TOKEN, SIGNING_SECRET, Bot, told
from tests.factories import add_campaign, add_districts, add_messenger
from tests.handlers.test_checkins import ask_of, send_action
from views.forms import REFUSAL

MARK = "Zebra7731"  # put in every free-text field; must be gone after deletion
PROFILE = {"level": "participate", "methods": ["outreach", "social"], "credit": ["yes"]}


@pytest.fixture
def settings_overrides() -> dict[str, Any]:
    return {"coalition_channel": "C0COALITION"}


def status_of(bot: Bot, user_id: str) -> MessengerStatus | None:
    with bot.db.reading() as s:
        return s.scalar(select(Messenger.status).where(Messenger.user_id == user_id))


def seen_by(person: Person) -> int:
    """Every message Drumbeat has put in front of this person: DMs, ephemerals, anything in their DM."""
    channel = person.sim.dm_channel(person.user_id)
    with person.sim.lock:
        return sum(
            1
            for m in person.sim.messages
            if m.user == person.sim.bot_user_id and (m.ephemeral_to == person.user_id or m.channel == channel)
        )


def welcomed_and_joined(bot: Bot, user_id: str, profile: dict[str, Any] | None = None) -> Person:
    """Invited by an organizer, then Get started on the welcome DM, then the form."""
    bot.person("U0ORGANIZER").command(f"invite <@{user_id}>")
    person = bot.person(user_id)
    assert "Welcome to Drumbeat" in message_text(person.last_dm)
    person.click("onboard_start")
    person.submit(profile or PROFILE)
    assert person.modal_errors == {}
    assert status_of(bot, user_id) is MessengerStatus.ACTIVE
    return person


def team_join(bot: Bot, user_id: str) -> None:
    bot.driver.send_event({"type": "team_join", "user": dict(bot.sim.users[user_id])})


def joins_coalition_channel(bot: Bot, user_id: str) -> None:
    bot.driver.send_event({"type": "member_joined_channel", "user": user_id, "channel": "C0COALITION"})


# ----- STOP ----------------------------------------------------------------------------------------------


def test_opening_a_form_after_stop_changes_nothing(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    alice = welcomed_and_joined(bot, "U0ALICE")
    summary = alice.last_dm
    welcome = next(m for m in alice.dms if "Welcome to Drumbeat" in message_text(m))
    alice.say("STOP")
    assert status_of(bot, "U0ALICE") is MessengerStatus.OPTED_OUT
    alice.open_home()
    for action_id, message in [("profile_edit", summary), ("onboard_start", welcome), ("onboard_start", None)]:
        if message is None:
            alice.click_home(action_id)
        else:
            alice.click(action_id, message=message)
        assert alice.modal is not None
        assert "/drumbeat join" in view_text(alice.modal), "the form says how to come back instead"
        assert alice.modal["callback_id"] != "profile_form", "no profile form to save"
        alice.close()
        assert status_of(bot, "U0ALICE") is MessengerStatus.OPTED_OUT, action_id
    alice.command("join")
    assert alice.modal is not None
    assert alice.modal["callback_id"] == "profile_form"
    alice.close()
    assert status_of(bot, "U0ALICE") is MessengerStatus.OPTED_OUT, "opening /drumbeat join changes nothing"
    add_messenger(bot.db, bot.sim, "U0BOB", bot.clock.now)  # someone the call can reach
    send_action(bot, '"Call Mayor Lee" tactic=outreach')
    assert [m for m in alice.dms if m.metadata] == [], "no call to action reached her"
    alice.command("join")
    alice.submit()
    assert status_of(bot, "U0ALICE") is MessengerStatus.ACTIVE, "only her own saved join restarts messages"


def test_a_profile_form_left_open_across_stop_restarts_nothing(bot: Bot) -> None:
    alice = welcomed_and_joined(bot, "U0ALICE")
    alice.command("profile")
    assert alice.modal is not None
    bot.person("U0ALICE").say("STOP")
    before = seen_by(alice)
    alice.submit({"level": "lead"})
    assert status_of(bot, "U0ALICE") is MessengerStatus.OPTED_OUT
    assert "/drumbeat join" in view_text(alice.modal)
    assert seen_by(alice) == before, "no summary DM"
    with bot.db.reading() as s:
        assert s.scalar(select(Messenger.level).where(Messenger.user_id == "U0ALICE")).value == "participate"


def test_stop_stops_every_path_until_her_own_join(bot: Bot) -> None:
    """Call to action, spread slot, reminder, implementation check, digest mention, welcome, invite,
    rejoining the coalition channel, Home "Get started", an old message's buttons: after STOP, nothing."""
    add_campaign(bot.db, bot.clock.now)
    alice = welcomed_and_joined(bot, "U0ALICE", {**PROFILE, "frequency": "twice_weekly"})
    welcomed_and_joined(bot, "U0BOB", {**PROFILE, "frequency": "twice_weekly"})
    olivia = bot.person("U0ORGANIZER")
    send_action(bot, f'"Call Mayor Lee" tactic=outreach due={when.typed(3)}')
    first_ask = ask_of(alice)
    alice.click("checkin_will", message=first_ask)  # a reminder would be due before the due day
    olivia.command('new "Letters to the editor" tactic=outreach spread=5 people=<@U0ALICE>')
    olivia.click("call_schedule")  # slots over five working days, not yet due
    assert "won" in olivia.answer('campaign 1 won checks=1 "The budget funds ID cards"')
    summary = next(m for m in alice.dms if "Your Drumbeat profile" in (m.text or ""))

    alice.say("STOP")
    assert message_text(alice.last_dm).startswith("You're opted out"), "one confirmation"
    before = seen_by(alice)

    for _ in range(8):  # the spread's slots, the reminder, the implementation check come due
        bot.clock.advance(hours=12)
        Sender(bot.deps, pool=4, retry_base=1.0).run()
        jobs.remind()
        jobs.ask_implementation()
    add_messenger(bot.db, bot.sim, "U0CARMEN", bot.clock.now)  # someone the next call can reach
    send_action(bot, '"Share the hearing date" tactic=outreach')
    bot.clock.now = when.local(6, 9)  # a Monday morning
    jobs.digest()
    team_join(bot, "U0ALICE")
    olivia.command("invite <@U0ALICE>")
    assert "1 opted out" in message_text(olivia.last_dm), "the invite's summary, by DM"
    joins_coalition_channel(bot, "U0ALICE")
    welcome = next(m for m in alice.dms if "Welcome to Drumbeat" in message_text(m))
    alice.click("onboard_start", message=welcome)
    alice.close()
    alice.open_home()
    alice.click_home("onboard_start")
    alice.close()
    alice.click("profile_edit", message=summary)
    alice.close()
    alice.click("checkin_done", message=first_ask)

    assert seen_by(alice) == before, "not one message after STOP"
    assert "/drumbeat join" in told(alice), "the form that opened says she stopped, and asks nothing"
    alice.close()
    alice.click("checkin_cant", message=first_ask)
    assert "/drumbeat join" in told(alice)
    clicked = bot.sim.find_message(first_ask.channel, first_ask.ts)
    assert clicked is not None
    assert "Call Mayor Lee" in message_text(clicked), "the ask she clicked keeps its words"
    assert "/drumbeat join" not in message_text(clicked)
    bob = bot.person("U0BOB")
    assert any("implemented as intended" in message_text(m) for m in bob.dms), "the paths ran (for Bob)"
    assert any("reminder" in (m.text or "").lower() for m in bob.dms)
    (digest,) = [m for m in bot.sim.messages_in("C0REPORTS") if "weekly digest" in message_text(m)]
    assert "alice" not in message_text(digest).lower()
    assert status_of(bot, "U0ALICE") is MessengerStatus.OPTED_OUT

    alice.command("join")
    alice.submit()
    send_action(bot, '"Come to the hearing" tactic=outreach')
    assert "Come to the hearing" in message_text(ask_of(alice)), "after her own saved join, asks reach her"


# ----- deletion ------------------------------------------------------------------------------------------


def test_deletion_erases_every_word_and_id_everywhere(bot: Bot) -> None:
    """Fill every table through Slack for one person, with a marker in every free-text field, delete, then
    look in every column of every table in the database (found from the database, not a list)."""
    add_campaign(bot.db, bot.clock.now, makers="Mayor Lee, Mayor")
    add_districts(bot.db, bot.clock.now, "Ward 1")
    add_messenger(bot.db, bot.sim, "U0BOB", bot.clock.now, name="bob")
    with bot.db.reading() as s:
        ward = s.scalar(select(District.id))
    alice = welcomed_and_joined(
        bot,
        "U0ALICE",
        {
            **PROFILE,
            "knows": ["mayor lee"],
            "district": str(ward),
            "frequency": "twice_weekly",
            "skills": ["translation", "other"],
            "skills_note": f"Spanish {MARK}",
            "ties": f"I know Mayor Lee {MARK}",
            "connections": ["faith"],
        },
    )
    send_action(bot, f'"Call Mayor Lee" tactic=outreach people=<@U0ALICE|alice>,<@U0BOB|bob> due={when.typed(3)}')
    ask = ask_of(alice)
    alice.click("checkin_done", message=ask)
    alice.submit({"reached": f"the scheduler {MARK}", "told": f"soon {MARK}", "evidence": f"https://x.example/{MARK}"})
    alice.say(f"thread reply {MARK}", thread_ts=ask.ts)
    alice.say(f"a DM note {MARK}")
    send_action(bot, '"Visit the County Board" tactic=outreach')
    alice.click("checkin_will", message=ask_of(alice))
    bot.clock.advance(days=3)
    jobs.remind()
    alice.click("checkin_cant", message=ask_of(alice))
    alice.submit({"barrier": "other", "words": f"no ride {MARK}"})
    bot.person("U0ORGANIZER").answer('campaign 1 won checks=1 "Funded"')
    bot.clock.advance(days=6)  # the check comes due once her week has room for another ask
    jobs.ask_implementation()
    alice.click("impl_details")
    alice.submit({"answer": "no", "seen": f"nothing yet {MARK}", "evidence": f"https://x.example/e/{MARK}"})
    alice.command("pause 1w")
    alice.command("resume")
    assert MARK in dump_database(bot), "the scenario put the marker in the database"
    assert "U0ALICE" in dump_database(bot)

    with bot.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Acquaintance)) == 1, "her pick is stored"
    alice.command("delete-me")
    alice.click("delete_confirm")

    with bot.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(Acquaintance)) == 0, "and gone with her"
    everything = dump_database(bot)
    assert MARK not in everything, [line for line in everything.splitlines() if MARK in line]
    assert "U0ALICE" not in everything, [line for line in everything.splitlines() if "U0ALICE" in line]
    assert "U0BOB" in everything, "other people's data stays"


def test_an_organizers_deletion_erases_her_words_and_id_and_ends_her_role(bot: Bot) -> None:
    """Dee steers: a campaign, a call to action, a plan row, an approved week, inbox replies, a closed
    thread. She deletes her data: her words and her id are gone everywhere, and she no longer steers. The
    coalition keeps what it made through her (the campaign, the call, the plan row), without her id."""
    bot.sim.add_user("U0DEE", name="dee", tz="America/Chicago")
    olivia, dee = bot.person("U0ORGANIZER"), bot.person("U0DEE")
    olivia.answer("organizers add <@U0DEE|dee>")
    dee.answer("organizers add <@U0BOB|bob>")
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now, name="alice")
    for n in range(4):
        add_messenger(bot.db, bot.sim, f"U0M{n}", bot.clock.now)
    dee.command("campaign new")
    dee.submit({"name": "Reentry ID cards", "change_type": "funding", "decision_makers": "Mayor Lee, Mayor"})
    dee.command('new "Call Mayor Lee" tactic=outreach')
    dee.click("call_schedule")
    Sender(bot.deps, pool=4, retry_base=1.0).run()
    dee.command("plan 1")
    dee.submit({"tactic": "outreach", "audience": "public", "objective": "Weekly", "effort": "quick", "per_week": "1"})
    bot.clock.now = when.local(2, 10)
    jobs.plan_week()
    dee.click("plan_approve", message=next(m for m in dee.dms if "Next week:" in message_text(m)))
    bot.person("U0ALICE").say("Is there a ride to the hearing?")
    dee.command("inbox")
    dee.click("inbox_reply:1")
    dee.submit({"reply": f"Yes, I can drive you {MARK}"})
    dee.command("inbox")
    dee.click("inbox_done:1")
    everything = dump_database(bot)
    assert "U0DEE" in everything
    assert MARK in everything

    dee.command("delete-me")
    dee.click("delete_confirm")
    everything = dump_database(bot)
    assert MARK not in everything, [line for line in everything.splitlines() if MARK in line]
    for trace in ("U0DEE", "D0DEE"):  # her id, and her DM with Drumbeat
        assert trace not in everything, [line for line in everything.splitlines() if trace in line]
    assert "Call Mayor Lee" in everything, "the coalition keeps its call to action"
    assert "Reentry ID cards" in everything
    assert dee.answer("campaigns") == REFUSAL, "her organizer role ended"
    assert "<@U0BOB>" in olivia.answer("organizers list"), "whom she added stays an organizer"


def dump_database(bot: Bot) -> str:
    """Every value of every column of every table, one row per line."""
    metadata = MetaData()
    metadata.reflect(bot.db.engine)
    lines = []
    with bot.db.engine.connect() as conn:
        for table in metadata.sorted_tables:
            for row in conn.execute(table.select()):
                values = [v.decode("latin-1") if isinstance(v, bytes) else json.dumps(v, default=str) for v in row]
                lines.append(f"{table.name}: " + " ".join(values))
    return "\n".join(lines)


def test_deleted_people_are_never_messaged_again(bot: Bot) -> None:
    alice = welcomed_and_joined(bot, "U0ALICE")
    alice.command("delete-me")
    alice.click("delete_confirm")
    assert "We won't message you" in alice.last_ephemeral_text
    before = seen_by(alice)
    olivia = bot.person("U0ORGANIZER")
    olivia.command("invite <@U0ALICE>")
    assert "1 opted out" in message_text(olivia.last_dm), "the invite's summary, by DM"
    team_join(bot, "U0ALICE")
    joins_coalition_channel(bot, "U0ALICE")
    alice.say("STOP")  # nothing to stop: no new record about her, no confirmation
    assert seen_by(alice) == before
    assert status_of(bot, "U0ALICE") is None
    alice.command("join")
    alice.submit(PROFILE)
    assert status_of(bot, "U0ALICE") is MessengerStatus.ACTIVE, "her own join starts fresh"


def test_stop_then_deletion_keeps_the_stop(bot: Bot) -> None:
    alice = welcomed_and_joined(bot, "U0ALICE")
    alice.say("STOP")
    alice.command("delete-me")
    alice.click("delete_confirm")
    before = seen_by(alice)
    bot.person("U0ORGANIZER").command("invite <@U0ALICE>")
    joins_coalition_channel(bot, "U0ALICE")
    assert seen_by(alice) == before


# ----- channels get categories --------------------------------------------------------------------------


def test_channels_get_categories_never_words(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    alice = welcomed_and_joined(bot, "U0ALICE", {**PROFILE, "credit": []})
    send_action(bot, '"Visit the County Board" tactic=outreach')
    alice.click("checkin_cant", message=ask_of(alice))
    alice.submit({"barrier": "other", "words": f"my parole officer {MARK}"})
    channel = " ".join(f"{m.text} {message_text(m)}" for m in bot.sim.messages_in("C0REPORTS"))
    assert "Other" in channel, "the category reaches the channel"
    assert MARK not in channel, "her words never do"
    assert "alice" not in channel.lower(), "nor her name without consent"
    report = bot.person("U0ORGANIZER").answer("report")
    assert MARK in report, "organizers read her words in the report"
    alice.say("STOP")
    assert MARK not in bot.person("U0ORGANIZER").answer("report"), "withheld once she opts out"


def test_notes_reach_the_organizers_and_stop_with_the_person(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    alice = welcomed_and_joined(bot, "U0ALICE", {**PROFILE, "credit": []})
    send_action(bot, '"Call Mayor Lee" tactic=outreach')
    alice.say(f"The office was closed {MARK}", thread_ts=ask_of(alice).ts)
    alice.say(f"I'll try again tomorrow {MARK}")  # not in the ask's thread: the open line
    olivia = bot.person("U0ORGANIZER")
    report = olivia.answer("report")
    assert f"The office was closed {MARK}" in report
    assert "alice" not in report.lower()
    assert f"I'll try again tomorrow {MARK}" in olivia.answer("inbox"), "where an organizer can answer"
    olivia.command("export")
    (upload,) = [f for f in bot.sim.files.values() if f["name"].endswith(".csv")]
    assert f"The office was closed {MARK}" in upload["content"].decode()
    alice.say("STOP")
    assert MARK not in olivia.answer("report")


# ----- logs ----------------------------------------------------------------------------------------------


@pytest.fixture
def captured_logs() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    configure_logging("DEBUG", secrets=[BOT_TOKEN, SIGNING_SECRET], stream=stream)
    try:
        yield stream
    finally:
        configure_logging("WARNING")
        logging.getLogger().setLevel(logging.WARNING)


def test_database_errors_never_put_words_in_the_logs(bot: Bot, captured_logs: io.StringIO) -> None:
    add_campaign(bot.db, bot.clock.now)
    alice = welcomed_and_joined(bot, "U0ALICE")
    send_action(bot, '"Call Mayor Lee" tactic=outreach')
    alice.say("Is there a ride?")
    with bot.db.engine.begin() as conn:  # the database refuses her words, and says why in its own way
        for table, column in [("check_ins", "note"), ("inbox_messages", "text"), ("held_messages", "message")]:
            if bot.db.is_sqlite:
                conn.execute(
                    text(f"CREATE TRIGGER refuse_{table} BEFORE INSERT ON {table} BEGIN SELECT RAISE(ABORT, 'no'); END")
                )
            else:
                conn.execute(
                    text(f"ALTER TABLE {table} ADD CONSTRAINT refuse CHECK ({column}::text NOT LIKE '%{MARK}%')")
                )
    alice.say(f"my case number is {MARK}", thread_ts=ask_of(alice).ts)  # the ask's details
    alice.say(f"court date {MARK}")  # the open line
    bot.clock.now = when.local(0, 23)  # her quiet hours: an organizer's reply is held
    olivia = bot.person("U0ORGANIZER")
    olivia.command("inbox")
    olivia.click("inbox_reply:1")
    olivia.submit({"reply": f"about {MARK}"})
    logged = captured_logs.getvalue()
    assert "Error" in logged or "error" in logged, "the failures were logged"
    assert MARK not in logged


# ----- escaping ------------------------------------------------------------------------------------------

HOSTILE = ["<!channel>", "<!here>", "<@U0OTHER>", "<https://x.example|y>"]
TYPED = " ".join(HOSTILE)


def test_everything_typed_is_escaped_before_slack_shows_it(bot: Bot) -> None:
    bot.sim.add_user("U0HOSTILE", name=f"mallory {TYPED}")
    olivia = bot.person("U0ORGANIZER")
    olivia.command("campaign new")
    olivia.submit(
        {
            "name": f"Campaign {TYPED}",
            "change_type": "funding",
            "goal": f"Goal {TYPED}",
            "decision_makers": f"Mayor {TYPED}, Mayor {TYPED}\nCouncil Member Diaz",
        }
    )
    assert olivia.modal_errors == {}
    alice = welcomed_and_joined(
        bot,
        "U0HOSTILE",
        {**PROFILE, "skills": ["other"], "skills_note": f"skills {TYPED}", "ties": f"ties {TYPED}"},
    )
    olivia.command(
        f'new "Objective {TYPED}" tactic=outreach to=Diaz ask="Ask {TYPED}" links="https://x.example/a" '
        f"due={when.typed(3)}"
    )
    olivia.click("call_schedule")
    Sender(bot.deps, pool=4, retry_base=1.0).run()
    ask = ask_of(alice)
    alice.click("checkin_done", message=ask)
    alice.submit({"reached": f"reached {TYPED}", "told": f"told {TYPED}", "evidence": TYPED})
    alice.say(f"note {TYPED}", thread_ts=ask.ts)
    alice.click("checkin_cant", message=ask)
    alice.submit({"barrier": "other", "words": f"words {TYPED}"})
    olivia.command("new")
    olivia.close()
    for command in [
        "campaigns",
        "actions",
        "action 1",
        "report",
        "export",
        f"campaign {TYPED} status stalled",
        f"invite {TYPED}",
        f"organizers add {TYPED}",
        f'new "x" tactic=outreach to="{TYPED}"',
        f'campaign 1 won checks=1 "Commitment {TYPED}"',
    ]:
        olivia.command(command)
    bot.clock.advance(days=2)
    jobs.ask_implementation()
    alice.click("impl_details")
    alice.submit({"answer": "no", "seen": f"seen {TYPED}", "evidence": TYPED})
    for command in ["ledger", "report", f"{TYPED}", f"pause {TYPED}"]:
        olivia.command(command)
    # The plan, coverage, the inbox and a problem report carry typed words too.
    olivia.command("plan 1")
    olivia.submit(
        {
            "tactic": "outreach",
            "audience": "public",
            "objective": f"Row {TYPED}",
            "effort": "quick",
            "per_week": "2",
            "asks": f"Ask {TYPED}",
        }
    )
    for command in ["plan", "coverage", "export plan"]:
        olivia.command(command)
    alice.command("problem")
    alice.submit({"what": f"what {TYPED}", "where": f"where {TYPED}"})
    bot.clock.advance(days=3)
    alice.say(f"inbox {TYPED}")
    olivia.command("inbox")
    olivia.click("inbox_reply:1")
    olivia.submit({"reply": f"reply {TYPED}"})
    add_messenger(bot.db, bot.sim, "U0EVA", bot.clock.now, name=f"eva {TYPED}")  # alice is at her ask limit
    eva = bot.person("U0EVA")
    olivia.command(
        f'event "Event {TYPED}" on={when.typed(35, 18)} place="Place {TYPED}" attendees=1 people=<@U0EVA|eva>'
    )
    olivia.click("call_schedule")
    Sender(bot.deps, pool=4, retry_base=1.0).run()
    event = next(m for m in eva.dms if m.metadata and "Event" in message_text(m))
    eva.click("event_going", message=event)  # the invitation shows her choice
    event_id = event.metadata["event_payload"]["delivery_id"]
    olivia.command(f'event {event_id} message "Doors open {TYPED}"')
    olivia.command("event ²")
    olivia.command(f'new "Nobody {TYPED}" tactic=outreach people=<@U0STRANGER|sam>')
    alice.command(f"pause {TYPED}")
    alice.command(TYPED)
    olivia.open_home()
    alice.open_home()
    bot.clock.now = when.local(6, 9)
    jobs.digest()
    bot.clock.now = when.local(6, 23)  # her quiet hours: what an organizer sends now is held
    alice.say(f"late {TYPED}")
    olivia.command("inbox")
    olivia.click("inbox_reply:1")
    olivia.submit({"reply": f"held {TYPED}"})
    bot.clock.now = when.local(7, 10)
    jobs.send_held()
    first = when.first_of_month(1)
    bot.clock.now = when.local(max(when.days_until(first), 8), 10, 30)
    jobs.monthly_notes()

    texts = bot.sim.sent_texts()
    assert any("Objective" in t for _, t in texts)
    assert any("Commitment" in t for _, t in texts)
    assert sum(1 for _, t in texts if "&lt;!channel&gt;" in t) > 10, "the hostile text was shown, escaped"
    assert any("held &lt;!channel&gt;" in t for _, t in texts), "the reply held through her night went, escaped"
    raw = [(where, t[:160]) for where, t in texts if any(h in t for h in HOSTILE)]
    assert not raw, "unescaped:\n" + "\n".join(f"{where}: {t}" for where, t in raw)


def test_ledger_links_cannot_spoof_their_label(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    alice = welcomed_and_joined(bot, "U0ALICE")
    welcomed_and_joined(bot, "U0BOB")
    send_action(bot, '"Call Mayor Lee" tactic=outreach')
    olivia = bot.person("U0ORGANIZER")
    olivia.answer('campaign 1 won checks=1 "Funded"')
    bot.clock.advance(days=2)
    jobs.ask_implementation()
    alice.click("impl_details")
    alice.submit({"answer": "yes", "evidence": "http://evil.example/x|Official city report"})
    bob = bot.person("U0BOB")
    bob.click("impl_details")
    bob.submit({"answer": "yes", "evidence": "https://city.example/report?a=1&b=2"})
    olivia.command("ledger")
    blocks_text = message_text(olivia.ephemerals[-1])
    assert "|Official city report>" not in blocks_text, "a link's label is ours, never typed"
    assert "<https://city.example/report?a=1&amp;b=2|link>" in blocks_text, "a plain link stays a link"


# ----- smaller promises ----------------------------------------------------------------------------------


def test_a_decision_makers_name_is_not_a_pattern(bot: Bot) -> None:
    campaign = add_campaign(bot.db, bot.clock.now, makers="Commissioner %%%")
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now, ties="I know nobody at all")
    add_messenger(bot.db, bot.sim, "U0BOB", bot.clock.now, knows=("Commissioner %%%",))
    bot.person("U0ORGANIZER").answer(f'campaign {campaign.id} won checks=1 "Done"')
    bot.clock.advance(days=2)
    jobs.ask_implementation()
    assert not any("implemented" in message_text(m) for m in bot.person("U0ALICE").dms), "%%% is not everyone"
    assert any("implemented" in message_text(m) for m in bot.person("U0BOB").dms)


def test_admins_of_another_workspace_are_not_organizers(bot: Bot) -> None:
    outsider = bot.sim.add_user("U0EXTADMIN", name="xena", is_admin=True, is_owner=True)
    outsider["team_id"] = "T0SOMEWHEREELSE"  # a Slack Connect guest who is admin at home
    assert bot.person("U0EXTADMIN").answer("campaigns") == REFUSAL
    assert "No campaigns yet" in bot.person("U0ADMIN").answer("campaigns"), "our own admins are organizers"


def test_implementation_checks_count_toward_the_ask_limit(bot: Bot) -> None:
    campaign = add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ALICE", bot.clock.now, frequency=Frequency.MONTHLY)
    add_messenger(bot.db, bot.sim, "U0BOB", bot.clock.now, frequency=Frequency.WEEKLY)
    send_action(bot, '"Call Mayor Lee" tactic=outreach')  # both asked now
    olivia = bot.person("U0ORGANIZER")
    olivia.answer(f'campaign {campaign.id} won checks=8 "Funded"')
    bot.clock.advance(days=8, hours=1)
    jobs.ask_implementation()
    asked = {u for u in ("U0ALICE", "U0BOB") if any("implemented" in message_text(m) for m in bot.person(u).dms)}
    assert asked == {"U0BOB"}, "Bob agreed to once a week and his week has passed; Alice's month has not"
    olivia.command('new "Share the post" tactic=outreach')
    assert "2 at their ask limit" in olivia.last_ephemeral_text, "Bob's implementation check was an ask"
