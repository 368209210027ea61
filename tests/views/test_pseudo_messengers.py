"""Every word messengers read goes through the catalog (tests.pseudo): the welcome and the profile form
(views.onboarding), asks and check-ins (views.checkins), pause, stop and delete (views.status), the open line
(views.inbox), events (views.attendance), wins (views.wins) and the monthly note (views.monthly).

Sample data has no plain vowels, so a word found is one that bypassed the catalog. Allowed as they are:
day and month names (Babel's own words: the pseudo-language writes dates as English does), the product's
name, the coalition's time zone as Slack names it, languages named in their own language, and method keys
(what organizers type after `method=`)."""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from core.attendance import ATTENDEE, GOING, SPEAKER, WAITING, Due, Roster, Taken
from core.calls import Card
from core.campaigns import Person
from core.inbox import Line, Thread
from core.invalid import Invalid
from core.messengers import Choices, Profile
from core.monthly import Month, Note, Totals
from core.oneline import ParseError
from core.privacy import ANONYMOUS
from core.wins import NAMED_SHOWN, Carrier, WinNews
from models.vocab import (
    METHOD_KEYS,
    Audience,
    Barrier,
    CheckStage,
    Connection,
    Frequency,
    Level,
    Method,
    NoticeKind,
    Outcome,
    Skill,
)
from tests import when
from tests.pseudo import in_pseudo
from views import attendance, checkins, inbox, monthly, onboarding, status, wins
from views.examples import Examples
from views.i18n import LANGUAGE_NAMES

TZ = "America/Chicago"
ALLOWED = (
    *calendar.day_name,
    *calendar.month_name[1:],
    "Drumbeat",
    TZ,
    *LANGUAGE_NAMES.values(),
    *METHOD_KEYS.values(),
)
NOW = when.START
EX = Examples(when.day(0))

# The audience is a decision maker by name: "The public" and "The press" are views.calls' words.
CARD = Card(
    call_id=7,
    campaign="Crwth nymph",
    tactic=Method.OUTREACH,
    objective="Cwm fjrd bnk",
    audience=Audience.DECISION_MAKER,
    decision_maker="Lynn Smyth, Myr",
    ask="Cll Lynn Smyth tdy",
    links="https://x.test/brr https://y.test",
    due_date=when.day(3),
)
EVENT = Card(
    call_id=8,
    campaign="Crwth nymph",
    tactic=Method.MEETINGS,
    objective="Brr rlly",
    audience=Audience.DECISION_MAKER,
    decision_maker="Lynn Smyth",
    ask="",
    links=None,
    due_date=None,
    event_at=NOW + timedelta(days=3),
    event_place="Cty Hll",
    speakers=2,
)
BARE = Card(7, "Crwth", Method.SOCIAL, "Cwm fjrd", Audience.DECISION_MAKER, "Lynn Smyth", "", None, None)

FULL = Profile(
    level=Level.LEAD,
    methods=Method.OUTREACH | Method.SOCIAL,
    skills=Skill.TRANSLATION | Skill.PUBLIC_SPEAKING,
    skills_note="Crwth",
    connections=Connection.FAITH,
    ties="Lynn Smyth frm chrch",
    frequency=Frequency.WEEKLY,
    credit_ok=True,
    district_id=1,
    knows=frozenset({"k1"}),
)
PLAIN = Profile(level=Level.OCCASIONAL)
PEOPLE = (Person("k1", "Lynn Smyth", "Myr", 1), Person("k2", "Glynn Wyn", None, None))
FOUND = Choices(districts=((1, "Brr"), (2, "Xyz")), people=PEOPLE)
MANY = Choices(districts=tuple((i, f"Wrd {i}") for i in range(1, 150)), people=PEOPLE)

Build = Callable[[], Any]


def case(name: str, build: Build) -> Any:
    return pytest.param(build, id=name)


ONBOARDING = [
    case("welcome", onboarding.welcome_message),
    case("declined", onboarding.declined_message),
    case("people all", lambda: onboarding.people_suggestions(list(PEOPLE), 2)),
    case("people some", lambda: onboarding.people_suggestions(list(PEOPLE), 40)),
    case("districts all", lambda: onboarding.district_suggestions([(1, "Brr")], 1)),
    case("districts some", lambda: onboarding.district_suggestions([(1, "Brr")], 300)),
    case("form new", lambda: onboarding.profile_modal(None, tz=None, first_time=True)),
    case("form filled", lambda: onboarding.profile_modal(FULL, tz=TZ, first_time=False, found=FOUND)),
    case("form many districts", lambda: onboarding.profile_modal(PLAIN, tz=TZ, first_time=False, found=MANY)),
    case("stopped", onboarding.stopped_modal),
    case("lines full", lambda: onboarding.profile_lines(FULL, TZ, FOUND)),
    case("lines plain", lambda: onboarding.profile_lines(PLAIN, None)),
    case("summary first", lambda: onboarding.profile_summary(FULL, TZ, first_time=True, found=FOUND)),
    case("summary again", lambda: onboarding.profile_summary(PLAIN, None, first_time=False)),
    case("new messenger", lambda: onboarding.new_messenger_notice(FULL)),
    case("new messenger no methods", lambda: onboarding.new_messenger_notice(PLAIN)),
]


def _to(audience: Audience) -> Card:
    """The card, to another audience (the public, the press...: words views.calls writes)."""
    return replace(CARD, audience=audience, decision_maker=None)


CHECKINS = [
    case("ask", lambda: checkins.call_to_action(CARD, 1, TZ)),
    case("ask bare", lambda: checkins.call_to_action(BARE, 1, TZ)),
    *[
        case(
            f"ask to {a.value}",
            lambda a=a: checkins.call_to_action(replace(CARD, audience=a, decision_maker=None), 1, TZ),
        )
        for a in Audience
    ],
    case("event", lambda: checkins.call_to_action(EVENT, 1, TZ)),
    case("preview", lambda: checkins.as_they_get_it(CARD, TZ)),
    case("preview event", lambda: checkins.as_they_get_it(EVENT, TZ)),
    *[
        case(f"answered {o} {b}", lambda o=o, b=b: checkins.answered(CARD, 1, o, b, TZ))
        for o, b in [
            (Outcome.DONE, None),
            (Outcome.WILL_DO, None),
            (Outcome.CANT, Barrier.CHILDCARE),
            (Outcome.CANT, None),
            (None, None),
        ]
    ],
    case("done form", lambda: checkins.done_form(1, "https://hooks.test/x")),
    case("cant form", lambda: checkins.cant_form(1)),
    case("reminder will", lambda: checkins.reminder(CARD, 1, True, TZ)),
    case("reminder", lambda: checkins.reminder(CARD, 1, False, TZ)),
    case("cant notice anonymous", lambda: checkins.barrier_notice(ANONYMOUS, 7, "Cwm fjrd", Barrier.TIME)),
    case("cant notice other", lambda: checkins.barrier_notice("Lynn Smyth", 7, "Cwm fjrd", Barrier.OTHER)),
    case("cant notice no reason", lambda: checkins.barrier_notice("Lynn Smyth", 7, "Cwm fjrd", None)),
    case("check", lambda: checkins.implementation_prompt("Crwth", "Fnd th prgrm", 3, CheckStage.IMPLEMENTED, 1)),
    case("check later", lambda: checkins.implementation_prompt("Crwth", None, 3, CheckStage.SUSTAINED, 180)),
    *[
        case(f"checked {o}", lambda o=o: checkins.implementation_answered("Crwth", CheckStage.SUSTAINED, o, 3))
        for o in (Outcome.YES, Outcome.NO, Outcome.NOT_SURE)
    ],
    case("check form", lambda: checkins.implementation_form(3)),
    case("day", lambda: checkins.day_name(when.day(3))),
    case("time", lambda: checkins.local_time(NOW, TZ)),
    case("follow-up", lambda: checkins.follow_up_actions(3)),
    case("flag", lambda: checkins.flag_notice("Crwth", 90, 3)),
    case("not yours", checkins.not_yours),
    case("not asked", checkins.not_asked),
]

THREAD = Thread(
    4,
    "U0BRR",
    NOW,
    [Line(None, f"Hyps {i}", NOW) for i in range(5)] + [Line("U0RG", "Thnks", NOW), Line(None, "x" * 900, NOW)],
)
SHORT = Thread(5, "U0XYZ", NOW, [Line(None, "Hlp", NOW)])

STATUS_AND_INBOX = [
    case("paused", lambda: status.paused(NOW + timedelta(days=14), TZ)),
    case("bad pause", lambda: status.bad_pause(Invalid("pause_unreadable", {"typed": "xyz"}), when.typed(40))),
    case("resumed", lambda: status.resumed(True)),
    case("not paused", lambda: status.resumed(False)),
    case("not joined", status.not_joined),
    case("opted out", status.opted_out_confirmation),
    case("already out", status.already_opted_out),
    case("delete?", status.delete_prompt),
    case("deleted", status.deleted),
    case("kept", status.delete_cancelled),
    case("when", lambda: status.when(NOW, TZ)),
    case("thread", lambda: inbox.thread_blocks(THREAD, TZ)),
    case("inbox empty", lambda: inbox.inbox_message([], 0, TZ)),
    case("inbox", lambda: inbox.inbox_message([THREAD, SHORT], 2, TZ)),
    case("inbox next", lambda: inbox.inbox_message([THREAD, SHORT], 40, TZ, start=20)),
    case("inbox full", lambda: inbox.inbox_message([THREAD] * 30, 30, TZ)),
    case("reply form", lambda: inbox.reply_form(4, "U0BRR")),
    case("reply", lambda: inbox.reply_dm("U0RG", "Thnks, Lynn")),
    case("home none", lambda: inbox.home_lines(0, [])),
    case("home", lambda: inbox.home_lines(2, [THREAD, SHORT])),
    case("reached", inbox.reply_reached),
    case("held", inbox.reply_held),
    case("failed", inbox.reply_failed),
    case("closed", inbox.thread_closed),
    *[case(f"noted {f}", lambda f=f: inbox.noted(f)) for f in (True, False)],
    *[case(f"received {f}", lambda f=f: inbox.received(f)) for f in (True, False)],
]

ROSTER = Roster(
    call_id=8,
    objective="Brr rlly",
    starts_at=NOW + timedelta(days=3),
    place="Cty Hll",
    slots={SPEAKER: 2, ATTENDEE: 25},
    going={SPEAKER: ["U0BRR", "U0XYZ"], ATTENDEE: []},
    waiting={SPEAKER: ["U0WYN"], ATTENDEE: []},
    attended=3,
)
NOBODY: dict[str, list[str]] = {SPEAKER: [], ATTENDEE: []}
EMPTY = Roster(8, "Brr", NOW, "Cty", {SPEAKER: 0, ATTENDEE: 3}, NOBODY, NOBODY)
DUE = Due(1, "T0", "U0BRR", 8, NoticeKind.EVENT_DAY, NOW + timedelta(days=1), "Cty Hll", "Brr rlly")
TAKEN = [Taken(SPEAKER, GOING, 0, True), Taken(ATTENDEE, GOING, 0, True)]
TAKEN += [Taken(SPEAKER, WAITING, 2, True), Taken(ATTENDEE, WAITING, 5, False)]
LINE_ERROR = ParseError("n=xyz", Invalid("line_time", {"what": "the event's time"}))

EVENTS = [
    case("event section", lambda: attendance.event_section(NOW, "Cty Hll", 2, 25, TZ)),
    case("event section one", lambda: attendance.event_section(NOW, "Cty Hll", 1, 0, TZ)),
    case("event attendees only", lambda: attendance.event_section(NOW, "Cty Hll", 0, 1, TZ)),
    *[case(f"taken {i}", lambda t=t: attendance.taken_text(t)) for i, t in enumerate(TAKEN)],
    *[case(f"taken answer {i}", lambda t=t: attendance.taken(t)) for i, t in enumerate(TAKEN)],
    case("invitation", lambda: attendance.invitation(EVENT, 1, attendance.taken_text(TAKEN[0]), TZ)),
    case("moved up", lambda: attendance.moved_up("Brr rlly")),
    case("reminder day", lambda: attendance.reminder(DUE, TZ)),
    case("reminder hour", lambda: attendance.reminder(Due(**{**DUE.__dict__, "kind": NoticeKind.EVENT_HOUR}), TZ)),
    case("were you there", lambda: attendance.were_you_there(DUE)),
    case("roster", lambda: attendance.roster_message(ROSTER, TZ)),
    case("roster empty", lambda: attendance.roster_message(EMPTY, TZ)),
    case("organizer", lambda: attendance.organizer_message(ROSTER, "U0RG", "Brng yr crd")),
    case("sent one", lambda: attendance.message_sent(8, 1)),
    case("sent many", lambda: attendance.message_sent(8, 12)),
    case("example", lambda: attendance.example(EX)),
    case("needs", lambda: attendance.event_needs(EX)),
    case("unreadable", lambda: attendance.unreadable(LINE_ERROR, EX)),
    case("places", lambda: attendance.places_needed(EX)),
    case("too many", attendance.too_many_places),
    case("passed", lambda: attendance.time_passed(EX)),
    case("almost", lambda: attendance.almost({"place": Invalid("text_long", {"max": 200})})),
    case("no event", lambda: attendance.no_event("#99")),
    case("not an event", lambda: attendance.not_an_event(7)),
    case("no longer open", attendance.no_longer_open),
    case("speakers lead", attendance.speakers_lead),
    case("stopped", attendance.stopped),
    case("cant make it", attendance.cant_make_it),
    case("there", lambda: attendance.attendance_noted(True)),
    case("not there", lambda: attendance.attendance_noted(False)),
]

NEWS = WinNews(
    campaign="Crwth nymph",
    commitment="Fnd 200 crds",
    contacts=42,
    by_tactic=Counter({Method.OUTREACH: 30, Method.SOCIAL: 12}),
    credited=["Lynn Smyth", "Glynn Wyn"],
    asked=17,
)
CREDITED = [f"Lynn {i}" for i in range(NAMED_SHOWN + 3)]
LAST_MONTH = Month((when.day(0).replace(day=1) - timedelta(days=1)).replace(day=1))
QUIET = WinNews(campaign="Crwth", commitment=None, contacts=1, asked=1)

WINS_AND_MONTHLY = [
    case("win dm", lambda: wins.win_dm(NEWS, Carrier("U0BRR", asks=3, contacts=2))),
    case("win dm carried", lambda: wins.win_dm(QUIET, Carrier("U0BRR", asks=1))),
    case("win post", lambda: wins.win_post(NEWS)),
    case("win post many", lambda: wins.win_post(WinNews("Crwth", None, 3, credited=CREDITED, asked=40))),
    case("win post quiet", lambda: wins.win_post(QUIET)),
    case("monthly made", lambda: monthly.monthly_note(LAST_MONTH, Note("U0", 3, 2), Totals(40, ["Crwth"]))),
    case("monthly asked", lambda: monthly.monthly_note(LAST_MONTH, Note("U0", 1, 0), Totals(1, []))),
    case("monthly quiet", lambda: monthly.monthly_note(LAST_MONTH, Note("U0", 0, 0), Totals(0, []))),
    case("monthly off", monthly.turned_off),
    case("monthly on", monthly.turned_on),
    case("monthly stopped", monthly.stopped),
    case("join first", monthly.join_first),
    case("monthly usage", monthly.usage),
]


@pytest.mark.parametrize("build", ONBOARDING)
def test_joining_and_the_profile_are_all_in_the_catalog(build: Build) -> None:
    assert in_pseudo(build, ALLOWED) == []


@pytest.mark.parametrize("build", CHECKINS)
def test_asks_and_answers_are_all_in_the_catalog(build: Build) -> None:
    assert in_pseudo(build, ALLOWED) == []


@pytest.mark.parametrize("build", STATUS_AND_INBOX)
def test_pausing_stopping_and_the_open_line_are_all_in_the_catalog(build: Build) -> None:
    assert in_pseudo(build, ALLOWED) == []


@pytest.mark.parametrize("build", EVENTS)
def test_events_are_all_in_the_catalog(build: Build) -> None:
    assert in_pseudo(build, ALLOWED) == []


@pytest.mark.parametrize("build", WINS_AND_MONTHLY)
def test_wins_and_the_monthly_note_are_all_in_the_catalog(build: Build) -> None:
    assert in_pseudo(build, ALLOWED) == []
