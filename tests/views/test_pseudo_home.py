"""Every word of views.home, views.help, views.membership, views.organizers, views.problems and views.forms
goes through the catalog (tests.pseudo).

Sample data has no plain vowels ("Lynn Smyth", "Crwth nymph"), so a word that keeps one bypassed the catalog.
Dates read in English in the pseudo-language (Babel has no locale for it): they are allowed as they are.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest

from core.accountability import FollowUp
from core.calls import Card
from core.checkins import Ask
from core.coverage import Line
from core.home import Home, OrganizerPanel, WaitingDraft
from core.inbox import Line as InboxLine
from core.inbox import Thread
from core.invalid import Invalid
from core.messengers import Choices, Profile, WelcomeSkip
from core.reports import Attention, Tally, UpcomingLine
from models import Campaign
from models.vocab import (
    Audience,
    Barrier,
    CampaignStatus,
    Level,
    MessengerStatus,
    Method,
    Outcome,
)
from tests import when
from tests.pseudo import in_pseudo
from views import forms, help, home, membership, organizers, problems
from views.calls import when_text
from views.checkins import day_name
from views.examples import Examples
from views.i18n import _
from views.status import when as day_of

NOW = when.START
TZ = "GMT"  # a zone's name is shown as it is (the profile's quiet hours): one with no plain vowel
DUE = when.day(10)
PAUSED_UNTIL = NOW + timedelta(days=14)
# Dates, in English in the pseudo-language, and the product's name: meant to stay as they are.
ALLOWED = (day_name(DUE), day_of(PAUSED_UNTIL, TZ), when_text(NOW, TZ), "Drumbeat")
EX = Examples(when.day(0))


def _card(n: int, due: bool = True) -> Card:
    return Card(
        call_id=n,
        campaign="Brr Crwth",
        tactic=Method.OUTREACH,
        objective=f"Crwth nymph {n}",
        audience=Audience.PUBLIC,
        decision_maker=None,
        ask="Hymn",
        links=None,
        due_date=DUE if due else None,
    )


def _ask(n: int, outcome: Outcome | None, barrier: Barrier | None = None) -> Ask:
    return Ask(delivery_id=n, call_id=n, sent_at=NOW, outcome=outcome, barrier=barrier)


def _asks(open_asks: int, answered: int) -> list[tuple[Ask, Card]]:
    asks = [(_ask(i, None if i % 2 else Outcome.WILL_DO), _card(i, due=i % 3 != 0)) for i in range(open_asks)]
    kinds = [(Outcome.DONE, None), (Outcome.CANT, Barrier.TIME), (Outcome.CANT, None)]
    for i in range(answered):
        outcome, barrier = kinds[i % len(kinds)]
        asks.append((_ask(100 + i, outcome, barrier), _card(100 + i)))
    return asks


PROFILE = Profile(
    level=Level.OCCASIONAL,
    methods=Method.OUTREACH | Method.SOCIAL,
    quiet_start=13 * 60,  # 1:00 pm to 10:00 pm: "am" would be a plain vowel of clock_time's own
    quiet_end=22 * 60,
)


def _home(status: MessengerStatus | None, *, paused: bool = False, asks: int = 0, answered: int = 0) -> Home:
    return Home(
        profile=PROFILE if status is not None else None,
        choices=Choices(),
        tz=TZ,
        status=status,
        paused_until=PAUSED_UNTIL if paused else None,
        asks=_asks(asks, answered),
        organizer=None,
    )


def _line(audience: Audience, label: str, maker: int | None) -> Line:
    week = when.monday()
    return Line(
        campaign_id=1,
        campaign="Brr Crwth",
        audience=audience,
        decision_maker_id=maker,
        label=label,
        weekly={week: 4},
        targets={week: 6},
    )


def _panel(full: bool) -> OrganizerPanel:
    if not full:
        return OrganizerPanel()
    return OrganizerPanel(
        campaigns=[(f"Crwth {i}", status) for i, status in enumerate(CampaignStatus)],
        upcoming=[UpcomingLine(call_id=7, objective="Crwth nymph", next_due=NOW, pending=12)],
        recent=Tally(sent=12, done=3, will_do=2, cant=3, barriers=Counter({Barrier.TIME: 2, Barrier.OTHER: 1})),
        attention=Attention(
            barriers=Counter({Barrier.CHILDCARE: 1}),
            stalled=["Brr"],
            quiet_decision_makers=["Lynn Smyth (Brr)"],
            flagged_checks=[("Crwth", 30)],
        ),
        plan=[
            _line(Audience.PUBLIC, "The public", None),  # the audience's label: translated
            _line(Audience.DECISION_MAKER, "Lynn Smyth", 3),  # a name: as written
        ],
        drafts=[
            WaitingDraft(planned_week_id=4, asks=1, sent_to=[], yours=True),
            WaitingDraft(planned_week_id=5, asks=12, sent_to=["U1", "U2"], yours=False),
            WaitingDraft(planned_week_id=6, asks=3, sent_to=[], yours=False),
        ],
        inbox=[Thread(id=1, user_id="U3", last_at=NOW, lines=[InboxLine(who=None, text="Hymn", at=NOW)])],
        inbox_open=2,
    )


@pytest.mark.parametrize(
    "found",
    [
        _home(None),  # not joined
        _home(MessengerStatus.OPTED_OUT),
        _home(MessengerStatus.PENDING),
        _home(MessengerStatus.ACTIVE),  # no asks
        _home(MessengerStatus.ACTIVE, asks=1, answered=3),
        _home(MessengerStatus.ACTIVE, asks=home.OPEN_ASKS_SHOWN + 3, answered=14),  # more than shown
        _home(MessengerStatus.PAUSED, paused=True, asks=2),
        _home(MessengerStatus.PAUSED),
    ],
)
def test_the_home_tab_is_all_in_the_catalog(found: Home) -> None:
    assert in_pseudo(lambda: home.home_view(found, TZ), ALLOWED) == []


@pytest.mark.parametrize("full", [False, True])
def test_the_organizers_home_is_all_in_the_catalog(full: bool) -> None:
    found = _home(MessengerStatus.ACTIVE, asks=1, answered=1)
    found.organizer = _panel(full)
    assert in_pseudo(lambda: home.home_view(found, TZ), ALLOWED) == []


def test_long_lists_are_cut_in_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    found = _home(MessengerStatus.ACTIVE, asks=home.OPEN_ASKS_SHOWN)
    panel = _panel(True)
    panel.upcoming = panel.upcoming * 16
    panel.campaigns = panel.campaigns * 4
    panel.plan = panel.plan * 8
    found.organizer = panel
    assert in_pseudo(lambda: home.home_view(found, TZ), ALLOWED) == []  # "…and 5 more: `/drumbeat ...`"
    monkeypatch.setattr(home, "MAX_BLOCKS", 10)
    cut = in_pseudo(lambda: home.home_view(found, TZ)["blocks"][-1], ALLOWED)
    assert cut == []


@pytest.mark.parametrize("organizer", [False, True])
def test_the_help_is_all_in_the_catalog(organizer: bool) -> None:
    assert in_pseudo(lambda: help.help_message(EX, organizer=organizer), ALLOWED) == []
    assert in_pseudo(lambda: help.help_message(EX, unknown="xyz", organizer=organizer), ALLOWED) == []


def test_the_help_says_how_to_switch_to_spanish() -> None:
    commands = dict(help.messenger_commands(EX))
    assert "/drumbeat idioma es" in commands["/drumbeat language es"]


def test_invites_are_all_in_the_catalog() -> None:
    skipped = Counter(
        {
            WelcomeSkip.ONBOARDED: 3,
            WelcomeSkip.OPTED_OUT: 1,
            WelcomeSkip.INVITED: 2,
            WelcomeSkip.BOT: 1,
            WelcomeSkip.DEACTIVATED: 1200,
        }
    )
    tallies = [
        membership.InviteTally(total=1),
        membership.InviteTally(total=1300, invited=90, skipped=skipped),
        membership.InviteTally(total=1300, invited=4, skipped=skipped, interrupted=True),
    ]
    for tally in tallies:
        assert in_pseudo(lambda t=tally: membership.invite_progress(t)) == []
        assert in_pseudo(lambda t=tally: membership.invite_progress(t, finished=True)) == []
        assert in_pseudo(lambda t=tally: membership.invite_summary(t)) == []
    assert in_pseudo(lambda: membership.invite_started(["U1"], [])) == []
    assert in_pseudo(lambda: membership.invite_started(["U1", "U2"], ["C1", "C2"])) == []
    assert in_pseudo(lambda: membership.invite_started([], ["C1"])) == []
    assert in_pseudo(lambda: membership.invite_cannot_see("C1")) == []
    assert in_pseudo(lambda: membership.invite_failed()) == []
    assert in_pseudo(lambda: membership.unreadable_invite([])) == []
    assert in_pseudo(lambda: membership.unreadable_invite(["xyz", "#brr"])) == []


def test_organizers_are_all_in_the_catalog() -> None:
    for people in ([], ["U1"], ["U1", "U2"]):
        assert in_pseudo(lambda p=people: organizers.listed(p)) == []
        assert in_pseudo(lambda p=people: organizers.added(p)) == []
        for settings in ([], ["U3"], ["U3", "U4"]):
            assert in_pseudo(lambda p=people, s=settings: organizers.removed(p, s)) == []
    assert in_pseudo(lambda: organizers.usage(None)) == []
    assert in_pseudo(lambda: organizers.usage("xyz")) == []


def _campaign(n: int) -> Campaign:
    return Campaign(id=n, team_id="T1", name=f"Crwth {n}", status=CampaignStatus.WON)


def _follow_up(named: bool) -> FollowUp:
    return FollowUp(
        campaign_id=1,
        campaign="Brr Crwth",
        commitment="Hymn" if named else None,
        decision_maker_id=3 if named else None,
        decision_maker="Lynn Smyth" if named else None,
        days_after_win=90,
        said_no=3,
        not_sure=1,
        answers=7,
    )


def test_reporting_a_problem_is_all_in_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(problems, "texts_of", lambda errors: {"x": "Brr"})  # views.invalid's words: checked there
    assert in_pseudo(lambda: problems.problem_form([])) == []
    assert in_pseudo(lambda: problems.problem_form([_campaign(1), _campaign(2)])) == []
    assert in_pseudo(problems.nothing_won) == []
    assert in_pseudo(lambda: problems.reported("Brr Crwth")) == []
    assert in_pseudo(lambda: problems.inbox_text("Brr Crwth", "Hymn", "", "")) == []
    assert in_pseudo(lambda: problems.inbox_text("Brr Crwth", "Hymn", "Brr", "https://xmpl.cm/x")) == []
    assert in_pseudo(problems.check_gone) == []
    assert in_pseudo(lambda: problems.cannot_draft({"x": Invalid("x")})) == []
    for named in (False, True):
        assert in_pseudo(lambda n=named: problems.follow_up_words(_follow_up(n))) == []
    assert in_pseudo(lambda: problems.follow_up_section("Hymn")) == []
    assert in_pseudo(lambda: [_(e) for e in ERRORS]) == []  # form errors, translated where they are shown


ERRORS = (problems.PICK_CHANGE, problems.SAY_WHAT, problems.JOIN_FIRST, problems.NOT_WON_NOW)


def test_forms_are_all_in_the_catalog() -> None:
    assert in_pseudo(lambda: forms.loading("Rprt")) == []
    assert in_pseudo(lambda: forms.message_form({"text": "Brr"}), ALLOWED) == []
    assert in_pseudo(forms.refusal) == []
    assert in_pseudo(forms.sorry) == []
    assert in_pseudo(forms.form_did_not_open) == []
    assert in_pseudo(forms.nothing_here, ALLOWED) == []
    assert in_pseudo(forms.refusal_view, ALLOWED) == []
