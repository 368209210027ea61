"""The page's Block Kit renderer, in Chromium, on the output of Drumbeat's own view builders and on every
block and element kind it supports; and mrkdwn, escaped as text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, Route

from core.calls import Card, Preview
from core.campaigns import Person
from core.home import Home, OrganizerPanel
from core.matching import Match
from core.messengers import Choices, Profile
from core.reports import Expected, Report, Tally
from models import Campaign, DecisionMaker
from models.vocab import Audience, Effort, Level, MessengerStatus, Method, Outcome, Skill
from slacksim.blocks import check_blocks, check_view
from slacksim.server import iter_blocks
from tests import when
from tests.processes import ROOT
from views import calls, campaigns, checkins, help, home, onboarding, reports, status
from views.checkins import CheckStage
from views.examples import examples

pytestmark = pytest.mark.slow


STATIC = ROOT / "playground" / "static"
ORIGIN = "http://blockkit.test"


@pytest.fixture(scope="module")
def page(browser: Browser) -> Iterator[Page]:
    """One page for all the rendering checks (they only add nodes to it): the playground's own renderer
    and stylesheet, served by the browser itself (no playground or bot needed to draw blocks)."""
    context = browser.new_context()

    def serve(route: Route) -> None:
        name = route.request.url.removeprefix(ORIGIN + "/static/")
        if route.request.url == ORIGIN + "/":
            route.fulfill(
                body='<!doctype html><link rel="stylesheet" href="/static/style.css"><body></body>',
                content_type="text/html",
            )
        elif name in ("blockkit.js", "style.css"):
            kind = "text/javascript" if name.endswith(".js") else "text/css"
            route.fulfill(body=(STATIC / name).read_text(encoding="utf-8"), content_type=kind)
        else:
            route.fulfill(status=404)

    context.route(ORIGIN + "/**", serve)
    opened = context.new_page()
    opened.goto(ORIGIN + "/")
    yield opened
    context.close()


CARD = Card(
    1, "Reentry ID cards", Method.OUTREACH, "Call <Mayor> Lee & co", Audience.DECISION_MAKER, "Mayor Lee",
    "Say: fund it", "https://example.org/a https://example.org/b", when.day(4),
)  # fmt: skip
PROFILE = Profile(
    level=Level.LEAD, methods=Method.OUTREACH | Method.MEDIA, skills=Skill.WRITING, ties="<script>x</script>"
)
CAMPAIGN = Campaign(
    id=1, name="Reentry ID cards", decision_makers=[DecisionMaker(id=1, name="Mayor Lee", role="Mayor")]
)
TEXT = {"type": "plain_text", "text": "Pick"}


def _opt(value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": value.title()}, "value": value}


KITCHEN_SINK: list[dict[str, Any]] = [
    {"type": "header", "text": {"type": "plain_text", "text": "Everything :tada:"}},
    {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "*Fields* and an overflow"},
        "fields": [{"type": "mrkdwn", "text": "*Sent*\n12"}, {"type": "plain_text", "text": "Done: 7"}],
        "accessory": {"type": "overflow", "action_id": "more", "options": [_opt("edit"), _opt("delete")]},
    },
    {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "A picture"},
        "accessory": {"type": "image", "image_url": "https://example.org/a.png", "alt_text": "a chart"},
    },
    {
        "type": "section",
        "text": {"type": "mrkdwn", "text": "When?"},
        "accessory": {"type": "datepicker", "action_id": "day", "initial_date": when.typed(0)},
    },
    {"type": "divider"},
    {
        "type": "context",
        "elements": [
            {"type": "image", "image_url": "https://example.org/i.png", "alt_text": "icon"},
            {"type": "mrkdwn", "text": "context _words_"},
        ],
    },
    {"type": "image", "image_url": "https://example.org/b.png", "alt_text": "a photo", "title": TEXT},
    {
        "type": "actions",
        "elements": [
            {
                "type": "button",
                "text": {"type": "plain_text", "text": "Delete"},
                "action_id": "del",
                "style": "danger",
                "confirm": {
                    "title": {"type": "plain_text", "text": "Sure?"},
                    "text": {"type": "plain_text", "text": "It goes."},
                    "confirm": {"type": "plain_text", "text": "Yes"},
                    "deny": {"type": "plain_text", "text": "No"},
                },
            },
            {"type": "static_select", "action_id": "s1", "placeholder": TEXT, "options": [_opt("a"), _opt("b")]},
            {"type": "external_select", "action_id": "x1", "placeholder": TEXT, "min_query_length": 1},
            {"type": "users_select", "action_id": "u1", "placeholder": TEXT},
            {"type": "timepicker", "action_id": "t1", "initial_time": "09:30"},
        ],
    },
    {
        "type": "input",
        "block_id": "many",
        "label": TEXT,
        "element": {"type": "multi_external_select", "action_id": "many", "placeholder": TEXT},
    },
    {
        "type": "input",
        "block_id": "who",
        "label": TEXT,
        "element": {"type": "multi_users_select", "action_id": "who", "placeholder": TEXT},
    },
    {
        "type": "input",
        "block_id": "n",
        "label": TEXT,
        "element": {"type": "number_input", "action_id": "n", "is_decimal_allowed": True},
    },
]


def builders() -> dict[str, list[dict[str, Any]]]:
    tally = Tally(sent=3, done=1, will_do=1, cant=1)
    report = Report(campaign="Reentry ID cards", since=None, total=tally, by_tactic={Method.OUTREACH: tally})
    plan = Match(ids=[1, 2], due=[1796000000.0, 1796003600.0], names=["ana", "<b>ben</b>"])
    expected = Expected(likely=1.2, asked=2, history=10, rates={Level.LEAD: 0.5, Level.OCCASIONAL: 0.2})
    story = Preview(plan, Method.OUTREACH, Effort.QUICK, False, "Ward 1", 1, expected)
    lists = Choices(districts=((1, "Ward 1"),), people=(Person("mayor lee", "Mayor Lee", "Mayor", None),))
    payloads: dict[str, Any] = {
        "welcome": onboarding.welcome_message(),
        "profile form": onboarding.profile_modal(PROFILE, tz="America/Chicago", first_time=False, found=lists),
        "profile summary": onboarding.profile_summary(PROFILE, "America/Chicago", first_time=True, found=lists),
        "call to action": checkins.call_to_action(CARD, 7, "America/Chicago"),
        "new call to action": calls.new_call_form([CAMPAIGN], "America/Chicago"),
        "preview form": calls.preview_modal(3, "Call", story, "America/Chicago"),
        "preview message": calls.preview_message(3, "Call", story, "America/Chicago"),
        "answered": checkins.answered(CARD, 7, Outcome.DONE, None, "America/Chicago"),
        "done form": checkins.done_form(7),
        "cant form": checkins.cant_form(7),
        "reminder": checkins.reminder(CARD, 7, True, "America/Chicago"),
        "implementation": checkins.implementation_prompt("ID cards", "$400k", 2, CheckStage.IMPLEMENTED, 30),
        "implementation form": checkins.implementation_form(2),
        "new campaign": campaigns.new_campaign_modal(),
        "help": help.help_message(examples(when.START, "America/Chicago"), organizer=True),
        "report": reports.report_message(report, "America/Chicago"),
        "delete": status.delete_prompt(),
        "home": home.home_view(
            Home(PROFILE, lists, "America/Chicago", MessengerStatus.ACTIVE, None, [], OrganizerPanel())
        ),
        "kitchen sink": {"blocks": KITCHEN_SINK},
    }
    for _name, payload in payloads.items():
        (check_view if payload.get("type") in ("modal", "home") else lambda p: check_blocks(p["blocks"]))(payload)
    return {name: payload["blocks"] for name, payload in payloads.items()}


RENDER = """async ([blocks, people]) => {
  const kit = await import("/static/blockkit.js");
  const node = kit.renderBlocks(blocks, { people, values: {}, errors: {} });
  document.body.appendChild(node);
  const count = (selector) => node.querySelectorAll(selector).length;
  return {
    unsupported: count(".bk-unsupported"),
    buttons: count("button.bk-button:not(.bk-overflow-toggle)"),
    selects: count("select"),
    radios: count("input[type=radio]"),
    checkboxes: count("input[type=checkbox]"),
    dates: count("input[type=date]"),
    times: count("input[type=time]"),
    texts: count("input[type=text]:not([role=combobox]), textarea"),
    numbers: count("input[type=number]"),
    combos: count("input[role=combobox]"),
    overflows: count(".bk-overflow"),
    images: count("img"),
    headers: count(".bk-header"),
    dividers: count("hr"),
    labels: count(".bk-input > label"),
    scripts: count("script"),
  };
}"""


def expected(blocks: list[dict[str, Any]]) -> dict[str, int]:
    nodes = [n for b in blocks for n in iter_blocks(b) if isinstance(n, dict)]

    def kinds(*names: str) -> list[dict[str, Any]]:
        return [n for n in nodes if n.get("type") in names and ("action_id" in n or n["type"] == "image")]

    return {
        "unsupported": 0,
        "buttons": len(kinds("button")),
        "selects": len(kinds("static_select", "multi_static_select", "users_select", "multi_users_select")),
        "radios": sum(len(n["options"]) for n in kinds("radio_buttons")),
        "checkboxes": sum(len(n["options"]) for n in kinds("checkboxes")),
        "dates": len(kinds("datepicker")),
        "times": len(kinds("timepicker")),
        "texts": len(kinds("plain_text_input")),
        "numbers": len(kinds("number_input")),
        "combos": len(kinds("external_select", "multi_external_select")),
        "overflows": len(kinds("overflow")),
        "images": len([n for n in nodes if n.get("type") == "image"]),
        "headers": len([b for b in blocks if b["type"] == "header"]),
        "dividers": len([b for b in blocks if b["type"] == "divider"]),
        "labels": len([b for b in blocks if b["type"] == "input"]),
        "scripts": 0,
    }


@pytest.mark.parametrize("name", list(builders()))
def test_every_block_and_element_drumbeat_sends_is_rendered(page: Page, name: str) -> None:
    blocks = builders()[name]
    people = [{"id": "U1", "name": "Ana", "bot": False}, {"id": "UBOT", "name": "Drumbeat", "bot": True}]
    assert page.evaluate(RENDER, [blocks, people]) == expected(blocks)


MRKDWN = """async ([text, people]) => {
  const kit = await import("/static/blockkit.js");
  const node = kit.renderMrkdwn(text, { people, channels: [{ id: "C1", name: "coalition" }] });
  const tags = [...node.querySelectorAll("*")].map((n) => n.tagName.toLowerCase());
  const link = node.querySelector("a");
  return { text: node.textContent, tags, href: link ? link.getAttribute("href") : null };
}"""


@pytest.mark.parametrize(
    ("source", "text", "tags", "href"),
    [
        ("*bold* _italic_ ~gone~ `code`", "bold italic gone code", ["strong", "em", "s", "code"], None),
        ("*bold with _italic_ inside*", "bold with italic inside", ["strong", "em"], None),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4", [], None),
        ("<https://example.org/x?a=1&amp;b=2|the budget>", "the budget", ["a"], "https://example.org/x?a=1&b=2"),
        ("<https://example.org>", "https://example.org", ["a"], "https://example.org"),
        ("<javascript:alert(1)|click>", "click", [], None),
        ("hi <@U1> in <#C1>", "hi @Ana in #coalition", [], None),
        ("&lt;script&gt;alert(1)&lt;/script&gt; &amp;", "<script>alert(1)</script> &", [], None),
        ("```\n<b>code</b>\n```", "<b>code</b>\n", ["pre"], None),
        ("&gt; quoted\nplain", "quoted\nplain", ["blockquote"], None),
        (":white_check_mark: Done :unknown_emoji:", "✅ Done :unknown_emoji:", [], None),
    ],
)
def test_mrkdwn(page: Page, source: str, text: str, tags: list[str], href: str | None) -> None:
    people = [{"id": "U1", "name": "Ana"}]
    got = page.evaluate(MRKDWN, [source, people])
    assert got["text"].replace("\n", "") == text.replace("\n", "")
    assert [t for t in got["tags"] if t != "span"] == tags
    assert got["href"] == href


DATE = """async ([text, tz, now]) => {
  const kit = await import("/static/blockkit.js");
  return kit.renderMrkdwn(text, { people: [], channels: [], tz, now }).textContent;
}"""


@pytest.mark.parametrize(
    ("tz", "shown"),
    [
        ("America/Chicago", "Thursday, December 12th, 2024 at 6:00 PM"),
        ("America/New_York", "Thursday, December 12th, 2024 at 7:00 PM"),
        ("Asia/Tokyo", "Friday, December 13th, 2024 at 9:00 AM"),
    ],
)
def test_a_date_token_reads_in_the_readers_own_zone(page: Page, tz: str, shown: str) -> None:
    """Slack shows `<!date^…>` in each reader's zone; the fallback is for clients that cannot."""
    moment = datetime(2024, 12, 13, 0, 0, tzinfo=UTC)  # 18:00 on the 12th in Chicago (a date long past: timeless)
    token = f"<!date^{int(moment.timestamp())}^{{date_long}} at {{time}}|Friday, December 13, 00:00 UTC>"
    assert page.evaluate(DATE, [token, tz, None]) == shown
    now = (moment - timedelta(hours=1)).timestamp()
    pretty = f"<!date^{int(moment.timestamp())}^{{date_long_pretty}} at {{time}}|fallback>"
    assert page.evaluate(DATE, [pretty, "America/Chicago", now]) == "today at 6:00 PM"
    assert page.evaluate(DATE, [token, None, None]) == "Friday, December 13, 00:00 UTC", "no zone: the fallback"


MULTI = """async () => {
  const kit = await import("/static/blockkit.js");
  const option = (t) => ({ text: { type: "plain_text", text: t }, value: t.toLowerCase() });
  const options = ["One", "Two", "Three"].map(option);
  window.picked = null;
  const ctx = { onChange: (actionId, value) => { window.picked = value; } };
  const node = kit.renderElement({ type: "multi_static_select", action_id: "m", options }, ctx, { input: true });
  node.id = "multi-under-test";
  node.style.cssText = "position: fixed; top: 8px; left: 8px; z-index: 10000";  // above what other tests drew
  document.body.appendChild(node);
}"""


def test_a_multi_select_takes_plain_clicks(page: Page) -> None:
    """Slack's multi-selects pick with a click; a bare list box would need Ctrl-click."""
    page.evaluate(MULTI)
    for name in ("One", "Three", "One", "Two"):
        box = page.locator("#multi-under-test option", has_text=name).bounding_box()
        assert box is not None
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.evaluate("window.picked") == ["two", "three"], "One picked, then unpicked; Three and Two picked"
    page.evaluate("document.getElementById('multi-under-test').remove()")
