"""Every word of views.reports, views.districts and views.campaigns goes through the catalog (tests.pseudo).

Sample data has no plain vowels ("Lynn Smyth", "Crwth nymph"), so a word that keeps one bypassed the catalog.
"""

from __future__ import annotations

from collections import Counter

import pytest

from core.accountability import CheckResult, Ledger
from core.accountability import Testimony as Said  # (not "Test…": pytest would collect it)
from core.coverage import Line
from core.districts import Assigned, DistrictLine
from core.invalid import Invalid
from core.privacy import ANONYMOUS
from core.reports import Attention, CallLine, NoteLine, Report, Roster, Tally
from models import Campaign, DecisionMaker
from models.vocab import (
    Audience,
    Barrier,
    CampaignStatus,
    ChangeType,
    CheckStage,
    Level,
    Method,
    Outcome,
)
from tests import when
from tests.pseudo import in_pseudo
from views import campaigns, districts, reports
from views.examples import Examples

NOW = when.local(2, 15, 40)  # a Thursday afternoon in Chicago
TZ = "America/Chicago"
STATUS_WORDS = tuple(s.value for s in CampaignStatus)  # typed as they are: `/drumbeat campaign 2 status stalled`


@pytest.fixture(autouse=True)
def _invalid_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """The words of `core.invalid` codes are views.invalid's (checked there): here, a stand-in."""
    monkeypatch.setattr(districts, "text_of", lambda why: "Brr")
    monkeypatch.setattr(campaigns, "text_of", lambda why: "Brr")


def _tally(barriers: bool = True) -> Tally:
    counts: Counter[Barrier] = Counter({Barrier.TIME: 2, Barrier.OTHER: 1}) if barriers else Counter()
    return Tally(sent=1200, done=3, will_do=2, cant=3, barriers=counts)


def _roster(total: int = 7) -> Roster:
    if not total:
        return Roster()
    return Roster(
        cells={(Level.LEAD, Method.OUTREACH): 2, (Level.OCCASIONAL, Method.SOCIAL): 5},
        by_level=Counter({Level.LEAD: 2, Level.OCCASIONAL: 5}),
        by_district=[("Wrd 1", 4), ("Wrd 2", 1)],
        no_district=2,
        total=total,
    )


def _line(audience: Audience, label: str, maker: int | None, targets: bool) -> Line:
    week = when.day(-1)  # a Monday
    return Line(
        campaign_id=1,
        campaign="Brr Crwth",
        audience=audience,
        decision_maker_id=maker,
        label=label,
        weekly={week: 4},
        targets={week: 6} if targets else {},
        asks=1 if targets else 12,
    )


def _report(*, calls: bool = True, since: bool = True, roster: Roster | None = None) -> Report:
    if not calls:
        return Report(campaign=None, since=None, roster=roster)
    return Report(
        campaign="Brr Crwth",
        since=NOW if since else None,
        calls=[
            CallLine(7, "Crwth nymph", Method.OUTREACH, "Brr Crwth", _tally()),
            CallLine(8, "Pfft", Method.MEDIA, "Brr", _tally(False)),
        ],
        total=_tally(),
        by_tactic={Method.OUTREACH: _tally(), Method.MEDIA: _tally(False)},
        by_level={Level.LEAD: _tally(), None: _tally(False)},
        barrier_notes=["Ndy ry", "Grr"],
        needs_support_named=["Lynn Smyth", ANONYMOUS],
        needs_support_unnamed=2,
        notes=[NoteLine(7, "Lynn Smyth" if i % 2 else ANONYMOUS, "Hmm, grr", NOW) for i in range(12)],
        roster=roster,
    )


def _check(check_id: int, stage: CheckStage, *, asked: bool, said: bool, flagged: bool = False) -> CheckResult:
    counts: Counter[Outcome] = Counter({Outcome.NO: 3, Outcome.YES: 1} if flagged else {Outcome.YES: 2})
    testimony = (
        [
            Said(Outcome.NO, "Lynn Smyth", NOW, "Nt yt", "https://x.cm/pf"),
            Said(Outcome.NOT_SURE, ANONYMOUS, NOW, None, None),
            Said(Outcome.YES, "Glynn", NOW, "Syr", None),
        ]
        if said
        else []
    )
    return CheckResult(check_id, stage, 30 * check_id, NOW, asked, counts if asked or said else Counter(), testimony)


def _ledger(*, won: bool = True, checks: bool = True, status: CampaignStatus = CampaignStatus.WON) -> Ledger:
    found = (
        [
            _check(1, CheckStage.IMPLEMENTED, asked=True, said=True, flagged=True),
            _check(2, CheckStage.IMPLEMENTED, asked=False, said=True),
            _check(3, CheckStage.SUSTAINED, asked=False, said=False),
            _check(4, CheckStage.SUSTAINED, asked=True, said=False),
        ]
        if checks
        else []
    )
    return Ledger(
        campaign_id=3,
        campaign="Brr Crwth",
        status=status,
        won_at=NOW if won else None,
        commitment="Fnd Dry" if won else None,
        checks=found,
    )


def _campaign(number: int, status: CampaignStatus, change: ChangeType, makers: bool = True) -> Campaign:
    campaign = Campaign(id=number, name=f"Crwth {number}", change_type=change, status=status)
    if makers:
        campaign.decision_makers = [
            DecisionMaker(name="Lynn Smyth", role="Clrk", key="lynn smyth"),
            DecisionMaker(name="Glynn", role=None, key="glynn"),
        ]
    return campaign


def _attention(many: bool = True) -> Attention:
    return Attention(
        barriers=Counter({Barrier.CHILDCARE: 2, Barrier.NEED_INFO: 1}),
        stalled=["Brr Crwth"],
        quiet_decision_makers=[f"Lynn Smyth {i} (Brr)" for i in range(12 if many else 2)],
        flagged_checks=[("Brr", 30)],
    )


def test_reports_are_all_in_the_catalog() -> None:
    roster = _roster()
    drumbeat = [
        _line(Audience.DECISION_MAKER, "Lynn Smyth", 4, targets=True),
        _line(Audience.PUBLIC, "The public", None, targets=False),
        _line(Audience.PRESS, "The press", None, targets=True),
        _line(Audience.COALITION, "The coalition's own leaders", None, targets=False),
    ]
    assert in_pseudo(lambda: reports.report_message(_report(), TZ, drumbeat)) == []
    assert in_pseudo(lambda: reports.report_message(_report(since=False, roster=roster), TZ)) == []
    assert in_pseudo(lambda: reports.report_message(_report(calls=False), TZ)) == []
    assert in_pseudo(lambda: reports.report_message(_report(calls=False, roster=roster), TZ, [])) == []
    assert in_pseudo(lambda: reports.report_message(_report(calls=False, roster=_roster(0)), TZ)) == []
    assert in_pseudo(lambda: reports.tally_text(_tally())) == []
    assert in_pseudo(lambda: reports.tally_text(Tally())) == []


def test_ledgers_are_all_in_the_catalog() -> None:
    assert in_pseudo(lambda: reports.ledger_message(_ledger(), TZ)) == []
    assert in_pseudo(lambda: reports.ledger_message(_ledger(checks=False), TZ)) == []
    for status in CampaignStatus:
        assert in_pseudo(lambda s=status: reports.ledger_message(_ledger(won=False, status=s), TZ)) == []
    books = [_ledger(), _ledger(checks=False), _ledger(won=False, checks=False)]
    assert in_pseudo(lambda: reports.ledgers_list(books)) == []
    assert in_pseudo(lambda: reports.ledgers_list([])) == []
    assert in_pseudo(reports.no_wins) == []


def test_digests_and_hints_are_all_in_the_catalog() -> None:
    report = _report()
    assert in_pseudo(lambda: reports.digest_message(report, _attention(), NOW)) == []
    assert in_pseudo(lambda: reports.digest_message(report, _attention(False), NOW, (12, 30))) == []
    assert in_pseudo(lambda: reports.digest_message(_report(calls=False), Attention(), NOW, (0, 0))) == []
    assert in_pseudo(lambda: reports.attention_lines(_attention())) == []
    ex = Examples(when.day(2))
    many = [_campaign(n, CampaignStatus.ADVOCATING, ChangeType.POLICY) for n in range(1, 13)]
    for example in (lambda: reports.report_example(ex), reports.export_example):  # built in the reader's language
        assert in_pseudo(lambda e=example: reports.unknown_campaign("Brr", [], e())) == []
        assert in_pseudo(lambda e=example: reports.unknown_campaign("Brr", many[:2], e())) == []
        assert in_pseudo(lambda e=example: reports.unknown_campaign("Brr", many, e())) == []
        assert in_pseudo(lambda e=example: reports.unreadable_period("ystrdy", "Brr Crwth", e())) == []
    assert in_pseudo(lambda: reports.some_campaigns(many)) == []
    assert in_pseudo(lambda: reports.exported(1)) == []
    assert in_pseudo(lambda: reports.exported(1200)) == []


def test_districts_and_the_roster_are_all_in_the_catalog() -> None:
    lines = [DistrictLine(1, "Wrd 1", 1, ["Lynn Smyth", "Glynn"]), DistrictLine(2, "Wrd 2", 1200, [])]
    assert in_pseudo(lambda: districts.district_list([])) == []
    assert in_pseudo(lambda: districts.district_list(lines)) == []
    assert in_pseudo(lambda: districts.roster_table(_roster())) == []
    assert in_pseudo(lambda: districts.roster_table(_roster(0))) == []
    assert in_pseudo(lambda: districts.roster_message(_roster())) == []
    assert in_pseudo(lambda: districts.roster_message(_roster(1))) == []
    assert in_pseudo(lambda: districts.roster_message(_roster(0))) == []
    assert in_pseudo(lambda: districts.nothing_added(Invalid("districts_empty"))) == []
    for names in ([], ["Wrd 1"], ["Wrd 1", "Wrd 2"]):
        assert in_pseudo(lambda n=names: districts.added(n)) == []
        assert in_pseudo(lambda n=names: districts.removed(n)) == []
    assert in_pseudo(districts.usage) == []
    makers = [f"Lynn Smyth {i}" for i in range(12)]
    found: list[Assigned] = [
        Assigned(known=[]),
        Assigned(known=makers[:3]),
        Assigned(known=makers),
        Assigned(unknown_district=True),
        Assigned(maker="Lynn Smyth", district="Wrd 3"),
        Assigned(maker="Lynn Smyth", district=None),
    ]
    for assigned in found:
        assert in_pseudo(lambda a=assigned: districts.assigned("Lynn Smyth", a, "Wrd 9")) == []


def test_campaigns_are_all_in_the_catalog() -> None:
    assert in_pseudo(campaigns.new_campaign_modal) == []
    assert in_pseudo(lambda: campaigns.campaign_list([])) == []
    every = [
        _campaign(n, status, change, makers=n % 2 == 0)
        for n, (status, change) in enumerate(zip(list(CampaignStatus), [*ChangeType, *ChangeType], strict=False), 1)
    ]
    assert in_pseudo(lambda: campaigns.campaign_list(every)) == []
    assert in_pseudo(lambda: campaigns.campaign_list(every[:1])) == []
    assert in_pseudo(lambda: campaigns.created(every[0])) == []
    assert in_pseudo(campaigns.usage, allowed=STATUS_WORDS) == []
    assert in_pseudo(campaigns.quote_open, allowed=STATUS_WORDS) == []
    assert in_pseudo(lambda: campaigns.unknown("Brr")) == []
    assert in_pseudo(lambda: campaigns.bad_checks(Invalid("checks_days", {"typed": "x"})), allowed=STATUS_WORDS) == []
    assert in_pseudo(lambda: campaigns.won("Brr Crwth", (30, 90, 180))) == []
    assert in_pseudo(lambda: campaigns.not_a_status("stpd"), allowed=STATUS_WORDS) == []
    assert in_pseudo(campaigns.record_win_instead) == []
    for status in CampaignStatus:
        assert in_pseudo(lambda s=status: campaigns.status_set("Brr Crwth", s)) == []
