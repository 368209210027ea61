"""The drumbeat plan: rows through the form, the autopilot's weekly draft (approve, edit, skip), coverage
counted in Done answers with its heat map, gap alerts and *Draft asks now*, the tactics chart.

Decisions are read from the listeners' Replies (tests.replies); the autopilot's and the gap alerts' jobs,
who they reach, and the weekly scenario run over the test Slack server.

The clock starts on a Tuesday at 9:00 in Chicago (the coalition's zone, `tests.when.START`, day 0); the
autopilot drafts on Thursdays at 10:00, for the week starting the Monday after (day 6).
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, select

from core import coverage, outbox, plan
from core.timing import zone
from handlers.request import Reply
from models import Call, Database, Delivery, Notice, PlannedWeek, PlanRow
from models.vocab import CallStatus, Effort, Frequency, Level, Method, NoticeKind, WeekState
from runtime.effects import DM, Progress, Upload, WakeDelivery
from scheduler import jobs
from scheduler.delivery import Sender
from slacksim import Message, Person, message_text, view_text
from tests import when
from tests.conftest import Bot
from tests.factories import TEAM, add_campaign, add_messenger
from tests.handlers.test_checkins import ask_of, send_action
from tests.handlers.test_reports import png_text
from tests.replies import ORGANIZER, Ask, Desk, button_value, effects_of, errors_of, schedule, sent, text_of
from tests.replies import message_text as said
from views import plan as plan_views

CHICAGO = zone("America/Chicago")
TZ = "America/Chicago"
NEXT_WEEK = [when.day(6) + timedelta(days=i) for i in range(5)]
ROW = {
    "tactic": "outreach",
    "audience": "dm:1",
    "objective": "Mayor Lee hears from constituents every week",
    "effort": "quick",
    "per_week": "3",
    "weeks": "8",
    "asks": "Call the Mayor's office about ID cards\nhttps://example.org/script",
}


def add_row(bot: Bot, *, by: str = "U0ORGANIZER", **fields: object) -> None:
    """An organizer adds a plan row to campaign 1 through the form."""
    olivia = bot.person(by)
    olivia.command("plan 1")
    values = {**ROW, **{k: str(v) for k, v in fields.items()}}
    olivia.submit(values)
    assert olivia.modal is None, olivia.modal_errors


def people(bot: Bot, n: int, prefix: str = "U0P", **fields: object) -> list[str]:
    users = [f"{prefix}{i:03d}" for i in range(n)]
    for user_id in users:
        add_messenger(bot.db, bot.sim, user_id, bot.clock.now, **fields)  # type: ignore[arg-type]
    return users


def autopilot(bot: Bot) -> Message:
    """Thursday 10:00 in Chicago: the autopilot drafts next week and DMs the organizer."""
    bot.clock.now = when.local(2, 10)
    before = len(bot.person("U0ORGANIZER").dms)
    jobs.plan_week()
    olivia = bot.person("U0ORGANIZER")
    assert len(olivia.dms) == before + 1, "one DM for the week"
    return olivia.last_dm


def drafted(db: Database) -> list[tuple[str, date, int]]:
    """(user, day in Chicago, minute in their zone) of every drafted ask, from the draft calls' targeting."""
    found = []
    with db.reading() as s:
        for call in s.scalars(select(Call).where(Call.status == CallStatus.DRAFT)):
            hour, minute = (int(p) for p in (call.local_time or "0:0").split(":"))
            for user_id in call.targeting["user_ids"]:
                found.append((user_id, call.send_at.astimezone(CHICAGO).date(), hour * 60 + minute))
    return found


def the(person: Person, message: Message) -> Message:
    """The message as it is now (a click replaced it)."""
    (found,) = [m for m in person.dms if m.ts == message.ts]
    return found


def count(db: Database, table: type) -> int:
    with db.reading() as s:
        return int(s.scalar(select(func.count()).select_from(table)) or 0)


# ----- end to end: the autopilot's and the gap alerts' jobs, and whom they reach ------------------------


def test_the_weekly_draft_meets_the_target_from_the_expected_yield(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    users = people(bot, 14)
    add_row(bot)  # 3 completed contacts a week; nobody has history yet: 0.3 expected per ask
    message = autopilot(bot)
    assert "Next week: 10 asks for 1 plan row, expected 3 contacts" in message_text(message)
    asks = drafted(bot.db)
    assert len(asks) == 10
    assert len({user for user, _, _ in asks}) == 10, "nobody twice for one row"
    assert {user for user, _, _ in asks} == set(users[:10]), "in rotation: nobody was asked before, so by id"
    assert Counter(day for _, day, _ in asks) == dict.fromkeys(NEXT_WEEK, 2), "spread over the working days"
    assert {minute for _, _, minute in asks} == {600}
    assert count(bot.db, Delivery) == 0, "nothing is sent, or even planned, before Approve"
    Sender(bot.deps).run()
    assert [m for m in bot.sim.messages if m.metadata] == []

    olivia = bot.person("U0ORGANIZER")
    olivia.click("plan_approve", message=message)
    assert "Approved: 10 asks are scheduled" in message_text(the(olivia, message))
    progress = [message_text(m) for m in olivia.dms if "Call to action #" in message_text(m)]
    assert len(progress) == 5, "each call to action of the week has its live progress message, as if scheduled by hand"
    with bot.db.reading() as s:
        dues = sorted(d.due_at.astimezone(CHICAGO) for d in s.scalars(select(Delivery)))
    assert [(d.date(), d.hour) for d in dues] == [(day, 10) for day in NEXT_WEEK for _ in range(2)]
    jobs.plan_week()  # the autopilot again, the same week: nothing new
    assert count(bot.db, PlannedWeek) == 1
    bot.clock.now = when.local(10, 12)
    Sender(bot.deps).run()
    assert len([m for m in bot.sim.messages if m.metadata]) == 10


def test_a_gap_is_told_once_and_a_contact_ends_it(bot: Bot) -> None:
    """The job's side of a gap (scheduler.jobs.plan_gaps): when it is told, to whom, how often. What its
    *Draft asks now* button does is read from the Reply below."""
    add_campaign(bot.db, bot.clock.now)
    people(bot, 12)
    add_row(bot, starts_on=when.typed(-1))
    send_action(bot, '"Call Mayor Lee about ID cards" tactic=outreach to=Lee')  # 12 asks, nobody answers
    olivia = bot.person("U0ORGANIZER")
    bot.clock.advance(days=12)  # Sunday, day 12: 13 days since the row began (the Monday before START)
    jobs.plan_gaps()
    assert not any("completed contacts in" in message_text(m) for m in olivia.dms), "13 days: not yet a gap"
    bot.clock.advance(days=1)
    before = len(olivia.dms)
    jobs.plan_gaps()
    jobs.plan_gaps()
    alerts = [m for m in olivia.dms[before:] if "completed contacts in" in message_text(m)]
    assert len(alerts) == 1, "once per gap"
    assert (
        "*Mayor Lee* (Reentry ID cards): 0 completed contacts in 14 days (target 3 a week); 12 asks went out, 0 done"
        in message_text(alerts[0])
    )
    assert "plan_draft_now" in json.dumps(alerts[0].blocks), "with its *Draft asks now*"
    # a contact ends the gap; the next check says nothing more
    person = bot.person("U0P000")
    person.click("checkin_done", message=ask_of(person))
    person.submit({"told": ""})
    bot.clock.advance(days=1)
    told = len(olivia.dms)
    jobs.plan_gaps()
    assert len(olivia.dms) == told
    with bot.db.reading() as s:
        assert s.scalar(select(func.count()).where(Notice.kind == NoticeKind.GAP)) == 1


def test_what_the_autopilot_says_goes_to_people_who_are_organizers_when_it_is_sent(bot: Bot) -> None:
    """Dee adds the rows, then is removed as an organizer: the week's draft and the gap alerts go to the
    organizers there are, and the Home says where the draft's buttons are."""
    bot.sim.add_user("U0DEE", name="dee", tz="America/Chicago")
    olivia, dee = bot.person("U0ORGANIZER"), bot.person("U0DEE")
    assert "Added <@U0DEE>" in olivia.answer("organizers add <@U0DEE|dee>")
    add_campaign(bot.db, bot.clock.now)
    people(bot, 12)
    add_row(bot, by="U0DEE", starts_on=when.typed(-1))
    add_row(bot, by="U0DEE", audience="public", objective="The public hears about ID cards")
    assert "Removed <@U0DEE>" in olivia.answer("organizers remove <@U0DEE|dee>")

    before = len(dee.dms)
    message = autopilot(bot)  # to Olivia: asserts one new DM for her
    assert "Next week:" in message_text(message)
    assert len(dee.dms) == before, "not to someone who is no longer an organizer"
    olivia.open_home()
    assert "*Approve* is in our DM" in view_text(olivia.home)
    olivia.click("plan_approve", message=message)
    assert "Approved:" in message_text(the(olivia, message))

    send_action(bot, '"Call Mayor Lee about ID cards" tactic=outreach to=Lee')  # nobody answers: a gap
    bot.clock.now = when.local(13, 12)  # 14 days after the row began
    jobs.plan_gaps()
    assert [m for m in dee.dms if "completed contacts in" in message_text(m)] == []
    assert len([m for m in olivia.dms if "completed contacts in" in message_text(m)]) == 1


def test_a_draft_sent_to_an_organizer_who_is_then_removed_goes_to_the_others(bot: Bot) -> None:
    bot.sim.add_user("U0DEE", name="dee", tz="America/Chicago")
    olivia, dee = bot.person("U0ORGANIZER"), bot.person("U0DEE")
    olivia.answer("organizers add <@U0DEE|dee>")
    add_campaign(bot.db, bot.clock.now)
    people(bot, 12)
    add_row(bot, by="U0DEE")
    bot.clock.now = when.local(2, 10)  # Thursday: the autopilot drafts, and Dee gets it
    jobs.plan_week()
    assert any("Next week:" in message_text(m) for m in dee.dms)
    olivia.open_home()
    assert "*Approve* is in the DM of <@U0DEE>" in view_text(olivia.home)
    olivia.answer("organizers remove <@U0DEE|dee>")
    before = len(olivia.dms)
    jobs.plan_week()
    assert any("Next week:" in message_text(m) for m in olivia.dms[before:]), "handed to a current organizer"
    jobs.plan_week()
    assert len([m for m in olivia.dms if "Next week:" in message_text(m)]) == 1, "once"


def test_the_home_the_report_and_the_digest_count_the_same_contacts(bot: Bot) -> None:
    """Three places count contacts; two of them (the Home, published by an effect, and the weekly digest,
    posted by a job) are only seen on Slack's side."""
    add_campaign(bot.db, bot.clock.now)
    users = people(bot, 3)
    add_row(bot, starts_on=when.typed(-1))
    send_action(bot, '"Call Mayor Lee about ID cards" tactic=outreach to=Lee')
    for user_id in users[:2]:
        person = bot.person(user_id)
        person.click("checkin_done", message=ask_of(person))
        person.submit({"told": ""})
    olivia = bot.person("U0ORGANIZER")
    olivia.open_home()
    home = view_text(olivia.home)
    assert "The drumbeat this week" in home
    assert "Mayor Lee (Reentry ID cards): 2 of 3 completed contacts" in home
    olivia.command("report 1")
    assert "Mayor Lee (Reentry ID cards): 2 completed from 3 asks, against 3 planned" in olivia.last_ephemeral_text
    bot.clock.now = when.local(6, 9)  # Monday: the digest of last week
    jobs.digest()
    (digest,) = [m for m in bot.sim.messages_in("C0REPORTS") if "weekly digest" in (m.text or "")]
    assert "The drumbeat: 2 completed contacts against the plan's 3" in message_text(digest)
    assert "No completed contact in 21 days: County Board (Reentry ID cards)" in message_text(digest)


# ----- decisions, read from the Reply -----------------------------------------------------------------


def desk_people(desk: Desk, n: int, prefix: str = "U0P", **fields: object) -> list[str]:
    users = [f"{prefix}{i:03d}" for i in range(n)]
    for user_id in users:
        add_messenger(desk.db, None, user_id, desk.now(), **fields)  # type: ignore[arg-type]
    return users


def plan_row(desk: Desk, *, by: str = ORGANIZER, **fields: object) -> Reply:
    """An organizer adds a plan row to campaign 1 through the form; the form closes."""
    form = desk.command(by, "plan 1").view
    added = desk.submit(by, form, {**ROW, **{k: str(v) for k, v in fields.items()}})
    assert (errors_of(added), added.view) == ({}, None), errors_of(added)
    return added


def press(desk: Desk, message: Mapping[str, Any] | None, action_id: str, *, by: str = ORGANIZER) -> Reply:
    """`by` clicks the button `action_id` of `message`, in their DM with Drumbeat."""
    return desk.click(by, action_id, button_value(Reply(message=message), action_id))


def week_drafted(desk: Desk) -> dict[str, Any]:
    """Next week's draft as `scheduler.jobs.plan_week` makes it (core.plan) and DMs it to the organizer who owns
    the rows: what the organizer reads and clicks. That the job sends it, and to whom, is end to end above."""
    planned_week = plan.draft_next_week(desk.db, TEAM, desk.now(), TZ)
    assert planned_week is not None, "a week to draft"
    plan.record_sent_to(desk.db, planned_week.id, [ORGANIZER])
    return plan_views.draft_message(planned_week)


def drafts_next_week(desk: Desk) -> dict[str, Any]:
    """Thursday 10:00 in Chicago: the autopilot's draft of next week."""
    desk.clock.now = when.local(2, 10)
    return week_drafted(desk)


def answer(desk: Desk, user_id: str, action_id: str, ask: Ask) -> Reply:
    """A click on the ask in their DM (checkin_done, checkin_will, checkin_cant)."""
    return desk.click(user_id, action_id, ask.delivery_id, channel_id=ask.channel, message_ts=ask.ts)


def gap_alerts(desk: Desk) -> list[dict[str, Any]]:
    """The gap alerts `scheduler.jobs.plan_gaps` would DM now (that it does, once, is end to end above)."""
    return [plan_views.gap_message(gap) for gap in coverage.gaps_now(desk.db, TEAM, desk.now(), TZ)]


def test_a_plan_row_entered_through_the_form(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_campaign(desk.db, desk.now(), name="Second chances", makers="Judge Ortiz")
    form = desk.command(ORGANIZER, "plan 1").view
    assert form is not None
    assert "#1 Reentry ID cards" in view_text(dict(form))
    assert "Judge Ortiz" not in json.dumps(form), "only this campaign's decision makers"
    refused = desk.submit(ORGANIZER, form, {"tactic": "outreach", "objective": " ", "effort": "quick", "per_week": "0"})
    assert set(errors_of(refused)) == {"audience", "objective", "per_week"}
    assert refused.effects == ()
    past = desk.submit(ORGANIZER, form, {**ROW, "starts_on": when.typed(-8), "weeks": "1"})  # the week before last
    assert "have all passed" in errors_of(past)["starts_on"], "a row that would never send anything"
    assert past.effects == ()
    assert count(desk.db, PlanRow) == 0
    added = desk.submit(
        ORGANIZER,
        form,
        {
            "tactic": "outreach",
            "audience": "dm:1",
            "objective": "Mayor Lee hears from <!channel> constituents",
            "effort": "quick",
            "per_week": "3",
            "weeks": "8",
            "starts_on": when.typed(8),
            "asks": "Call the Mayor's office\nhttps://example.org/script\n---\nEmail the Mayor",
        },
    )
    assert (added.errors, added.view) == (None, None), "the form closes"
    with desk.db.reading() as s:
        row = s.scalars(select(PlanRow)).one()
        assert (row.tactic, row.per_week, row.weeks, row.effort) == (Method.OUTREACH, 3, 8, Effort.QUICK)
        assert row.decision_maker_id == 1
        assert row.starts_on == when.day(6), "the Monday of the week picked"
        assert row.constituents_first
        assert row.asks == [
            {"ask": "Call the Mayor's office", "links": "https://example.org/script"},
            {"ask": "Email the Mayor", "links": ""},
        ]
    (dm,) = effects_of(added, DM)
    assert dm.user_id == ORGANIZER, "in the organizer's DM"
    told = said(dm.message)
    assert "Added row #1" in told
    assert "Direct outreach to *Mayor Lee*" in told
    assert "3 completed contacts a week, constituents first" in told
    assert "&lt;!channel&gt;" in told, "what organizers type is escaped"
    listing = text_of(desk.command(ORGANIZER, "plan"))
    assert "#1 Reentry ID cards*: 1 plan row ·" in listing
    assert "Removed row #1" in text_of(desk.command(ORGANIZER, "plan 1 remove 1"))
    assert count(desk.db, PlanRow) == 0


def test_the_draft_respects_limits_quiet_hours_and_one_ask_a_day(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    normal = desk_people(desk, 5)  # twice a week at most
    add_messenger(desk.db, None, "U0QUIET", desk.now(), quiet=(8 * 60, 20 * 60))  # quiet all working day
    add_messenger(desk.db, None, "U0LATE", desk.now(), quiet=(22 * 60, 11 * 60))  # from 11:00
    add_messenger(desk.db, None, "U0MEDIA", desk.now(), methods=Method.MEDIA)  # not outreach
    add_messenger(desk.db, None, "U0ONCE", desk.now(), frequency=Frequency.WEEKLY)
    add_messenger(desk.db, None, "U0OCCAS", desk.now(), level=Level.OCCASIONAL)
    schedule(desk, f'"Come to the hearing" tactic=outreach at={when.typed(8, 10)} people=<@U0ONCE|once>')
    plan_row(desk, per_week=5)  # Mayor Lee: more than these few can reach
    plan_row(desk, audience="public", objective="The public hears about ID cards", per_week=5, effort="take_part")
    message = said(drafts_next_week(desk))
    asks = drafted(desk.db)
    by_person = Counter(user for user, _, _ in asks)
    assert by_person == {**dict.fromkeys([*normal, "U0LATE"], 2), "U0OCCAS": 1}, "twice a week at most"
    assert len({(user, day) for user, day, _ in asks}) == len(asks), "never two asks to one person in a day"
    assert {minute for user, _, minute in asks if user == "U0LATE"} == {11 * 60}, "after their quiet hours"
    occasional = {(user, day) for user, day, _ in asks if user == "U0OCCAS"}
    assert len(occasional) == 1, "a quick ask only: the public row asks more than they signed up for"
    # Mayor Lee: 9 fit (not U0MEDIA), 7 asked, U0ONCE is at their limit, U0QUIET has no working minute.
    # The public (take part): 8 fit (nor U0OCCAS), 6 asked.
    assert "Short: only 9 people fit; 1 at their ask limit or already asked each day; 1 with quiet hours" in message
    assert "Short: only 8 people fit; 1 at their ask limit" in message, "a row that cannot meet its target says why"


def test_approve_schedules_each_call_as_if_by_hand(desk: Desk) -> None:
    """The weekly scenario above shows what reaches Slack; here, what *Approve* decides."""
    add_campaign(desk.db, desk.now())
    desk_people(desk, 14)
    plan_row(desk)
    draft = drafts_next_week(desk)
    approved = press(desk, draft, "plan_approve")
    assert approved.replace, "the draft's DM changes in place"
    assert "Approved: 10 asks are scheduled (5 calls to action)" in said(approved.message)
    assert "plan_approve" not in json.dumps(approved.message), "its buttons are gone"
    progress = effects_of(approved, Progress)
    assert len(progress) == 5, "each call to action of the week has its live progress message, as if scheduled by hand"
    assert {p.organizer for p in progress} == {ORGANIZER}
    assert all("Call to action #" in said(p.message) for p in progress)
    wakes = sorted(effects_of(approved, WakeDelivery), key=lambda w: w.at)
    assert [(w.at.astimezone(CHICAGO).date(), w.at.astimezone(CHICAGO).hour) for w in wakes] == [
        (day, 10) for day in NEXT_WEEK
    ], "each call's delivery job wakes when its first asks are due"
    again = press(desk, draft, "plan_approve")  # from an old copy of the DM, say
    assert "This draft was already approved by <@U0ORGANIZER>" in said(again.message)
    assert again.effects == ()
    assert count(desk.db, Delivery) == 10


def test_rotation_asks_the_least_recently_asked_first(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    users = desk_people(desk, 14)
    plan_row(desk)
    press(desk, drafts_next_week(desk), "plan_approve")
    desk.clock.now = when.local(9, 10)  # the next Thursday
    week_drafted(desk)
    with desk.db.reading() as s:
        second = s.scalars(select(PlannedWeek).order_by(PlannedWeek.id.desc())).first()
        assert second is not None
        assert second.first_day == when.day(13)
    week_two = {user for user, _, _ in drafted(desk.db)}
    assert set(users[10:]) <= week_two, "those not asked last week come first"


def test_skip_week_sends_nothing(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    desk_people(desk, 14)
    plan_row(desk)
    skipped = press(desk, drafts_next_week(desk), "plan_skip")
    assert skipped.replace, "the draft's DM changes in place"
    assert "Skipped: nothing from this draft will be sent" in said(skipped.message)
    assert skipped.effects == ()
    assert count(desk.db, Call) == 0
    assert "plan_skip" not in json.dumps(skipped.message), "the buttons are gone"
    with desk.db.transaction() as s:  # a click from an old copy of the message, say
        planned_week = s.scalars(select(PlannedWeek)).one()
        again = plan.approve(s, TEAM, planned_week.id, "U0ORGANIZER", desk.now(), "America/Chicago")
        assert again is not None
        assert again.already
        assert planned_week.state is WeekState.SKIPPED
    desk.clock.advance(days=10)
    assert count(desk.db, Delivery) == 0
    assert outbox.pending(desk.db) == {}, "nothing for the sender to send"


def test_edit_keeps_only_what_the_organizer_ticks(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    desk_people(desk, 14)
    plan_row(desk)
    draft = drafts_next_week(desk)
    form = press(desk, draft, "plan_edit").view
    assert form is not None
    assert "Untick what should not go out" in view_text(dict(form))
    with desk.db.reading() as s:
        drafts = list(s.scalars(select(Call.id).where(Call.status == CallStatus.DRAFT).order_by(Call.id)))
    assert len(drafts) == 5, "one draft a day"
    kept = desk.submit(ORGANIZER, form, {"keep_0": [str(i) for i in drafts[:2]]})
    assert (kept.errors, kept.view) == (None, None), "the form closes"
    (dm,) = effects_of(kept, DM)
    assert dm.user_id == ORGANIZER
    assert "Kept 2 drafts" in said(dm.message)
    decided = press(desk, draft, "plan_approve")
    assert decided.replace
    assert "Approved: 4 asks are scheduled" in said(decided.message), "two days of two asks"


def test_coverage_counts_only_done_answers_and_draws_the_heat_map(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    users = desk_people(desk, 5)
    plan_row(desk, starts_on=when.typed(-1))  # this week: 3 a week to Mayor Lee
    lee = sent(desk.db, schedule(desk, '"Call Mayor Lee about ID cards" tactic=outreach to=Lee'))  # a one-off call
    post = sent(desk.db, schedule(desk, '"Share the post" tactic=social'))  # the public: not Mayor Lee's coverage

    def done(user_id: str, ask: Ask, told: str = "done") -> None:
        form = answer(desk, user_id, "checkin_done", ask).view
        assert errors_of(desk.submit(user_id, form, {"told": told})) == {}

    def cant(user_id: str, ask: Ask) -> None:
        form = answer(desk, user_id, "checkin_cant", ask).view
        assert errors_of(desk.submit(user_id, form, {"barrier": "time", "words": ""})) == {}

    done(users[0], lee[users[0]])
    done(users[1], lee[users[1]])
    answer(desk, users[2], "checkin_will", lee[users[2]])
    cant(users[3], post[users[3]])  # their last DM: the post (as the end-to-end version clicked it)
    done(users[4], lee[users[4]])
    cant(users[4], lee[users[4]])  # Done, then Can't: the latest answer counts
    done(users[0], post[users[0]], told="")  # the social post: done, but for the public

    answered = desk.command(ORGANIZER, "coverage 1")
    text = text_of(answered)
    assert "*Mayor Lee* (Reentry ID cards): 0 · 0 · 0 · 2/3" in text, "2 Done of the 5 asks; the target is 3"
    assert "2 contacts from 5 asks this week (direct outreach 2; 0 from constituents)" in text, "the real span"
    assert "*The public* (Reentry ID cards): 0 · 0 · 0 · 1" in text
    (png,) = effects_of(answered, Upload)
    assert (png.filename, png.user_id) == ("drumbeat-coverage.png", ORGANIZER), "in the organizer's DM"
    heat = json.loads(png_text(png.content, size=(600, 285))["Drumbeat-Heat"])  # 1 week, 3 audiences
    assert heat["audiences"] == [
        "County Board (Reentry ID cards)",
        "Mayor Lee (Reentry ID cards)",
        "The public (Reentry ID cards)",
    ]
    assert heat["weeks"] == [when.typed(-1)], "the axis starts at the first week with anything to count"
    assert heat["shades"][1] == [round(2 / 3, 3)], "Mayor Lee this week: 2 of 3"
    assert heat["shades"][0] == [None], "no target, no shade"
    assert heat["shades"][2] == [None], "the public's one contact had no target: written, not shaded"
    assert heat["white_text"] == [[1, 0]], "2/3 on a dark shade is written in white"


def test_draft_asks_now_fills_a_gap_in_place_of_its_alert(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    desk_people(desk, 12)
    plan_row(desk, starts_on=when.typed(-1))
    sent(desk.db, schedule(desk, '"Call Mayor Lee about ID cards" tactic=outreach to=Lee'))  # 12 asks, nobody answers
    desk.clock.advance(days=12)  # Sunday, day 12: 13 days since the row began (the Monday before START)
    assert gap_alerts(desk) == [], "13 days: not yet a gap"
    desk.clock.advance(days=1)
    (alert,) = gap_alerts(desk)
    assert (
        "*Mayor Lee* (Reentry ID cards): 0 completed contacts in 14 days (target 3 a week); 12 asks went out, 0 done"
        in said(alert)
    )
    draft = press(desk, alert, "plan_draft_now")
    assert draft.replace, "in place of the alert"
    assert "The next five working days: 12 asks for 1 plan row" in said(draft.message)
    with desk.db.reading() as s:
        planned_week = s.scalars(select(PlannedWeek)).one()
        assert planned_week.row_id == 1
    asks = drafted(desk.db)
    assert len(asks) == 12, "12 asks and no Done so far: a low expected yield, so everyone free is asked"
    days = sorted({day for _, day, _ in asks})
    assert days[0] > desk.now().astimezone(CHICAGO).date(), "from tomorrow"
    assert all(day.weekday() < 5 for day in days)
    assert count(desk.db, Delivery) == 12, "nothing more before Approve"
    approved = press(desk, draft.message, "plan_approve")
    assert "Approved: 12 asks are scheduled" in said(approved.message)
    assert count(desk.db, Delivery) == 24


def test_the_tactics_chart_is_a_csv(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    plan_row(desk)
    plan_row(desk, tactic="media", audience="press", objective="=HYPERLINK(evil)", effort="take_part", per_week=1)
    exported = desk.command(ORGANIZER, "export plan")
    assert "The tactics chart (2 plan rows) is in our DM" in text_of(exported)
    (upload,) = effects_of(exported, Upload)
    assert upload.filename.startswith("drumbeat-tactics-chart")
    assert upload.user_id == ORGANIZER, "in the organizer's DM"
    rows = list(csv.DictReader(io.StringIO(upload.content.decode("utf-8"))))
    assert [r["row"] for r in rows] == ["1", "2"]
    assert rows[0]["tactic"] == "Direct outreach"
    assert rows[0]["audience"] == "Mayor Lee"
    assert rows[0]["completed_contacts_per_week"] == "3"
    assert rows[0]["first_week"] == when.typed(6)
    assert rows[0]["last_day"] == when.typed(61)
    assert rows[0]["ask_templates"] == "Call the Mayor's office about ID cards\nhttps://example.org/script"
    assert rows[1]["audience"] == "The press"
    assert rows[1]["objective"] == "'=HYPERLINK(evil)", "a spreadsheet does not run it"


def test_a_draft_for_one_person_who_deletes_their_data_never_reaches_anyone_else(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    desk_people(desk, 8)
    plan_row(desk, per_week=1)  # 0.3 expected per ask: 4 asks, one a day
    draft = drafts_next_week(desk)
    asks = drafted(desk.db)
    assert len(asks) == 4
    alone = asks[0][0]
    desk.command(alone, "delete-me")
    assert "deleted" in text_of(desk.click(alone, "delete_confirm")).lower()
    press(desk, draft, "plan_approve")
    with desk.db.reading() as s:
        asked = {d.messenger.user_id for d in s.scalars(select(Delivery)) if d.messenger is not None}
    assert asked == {user for user, _, _ in asks} - {alone}, "the rest as drafted; nobody else"
    assert len(asked) == 3


def test_approving_late_drops_the_days_that_have_passed_and_removing_a_row_keeps_what_was_sent(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    desk_people(desk, 14)
    plan_row(desk)
    draft = drafts_next_week(desk)
    desk.clock.now = when.local(8, 9)  # Wednesday of the drafted week
    decided = press(desk, draft, "plan_approve")
    assert decided.replace
    assert "Approved: 6 asks are scheduled" in said(decided.message), "Wednesday to Friday"
    assert "4 asks drafted for days that have passed were dropped" in said(decided.message)
    assert "Removed row #1" in text_of(desk.command(ORGANIZER, "plan 1 remove 1"))
    assert count(desk.db, Delivery) == 6, "what was approved stays"
    assert count(desk.db, PlannedWeek) == 1


def test_a_plan_rows_spanish_words_go_into_the_asks_it_drafts(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    desk_people(desk, 6)
    plan_row(
        desk,
        objective_es="La alcaldía escucha a sus vecinos cada semana",
        asks_es="Llama a la alcaldía por las identificaciones",
    )
    drafts_next_week(desk)
    with desk.db.reading() as s:
        drafted = list(s.scalars(select(Call).where(Call.planned_week_id.is_not(None))))
    assert drafted, "the autopilot drafted asks"
    assert {(c.objective_es, c.ask_es) for c in drafted} == {
        ("La alcaldía escucha a sus vecinos cada semana", "Llama a la alcaldía por las identificaciones")
    }
