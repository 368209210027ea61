"""The playground page in Chromium, by clicks and typing only: the real bot behind it."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.playground.conftest import screenshot, start_playground

pytestmark = pytest.mark.slow


def act_as(page: Page, name: str) -> None:
    page.locator("#people").get_by_role("button", name=name).click()
    expect(page.locator("#me-name")).to_contain_text(name)
    expect(page.locator("#conversation-title")).to_have_text("Drumbeat")


def write(page: Page, text: str) -> None:
    box = page.get_by_label("Message", exact=True)
    box.fill(text)
    box.press("Enter")
    expect(box).to_have_value("")


def modal(page: Page, title: str) -> Locator:
    dialog = page.get_by_role("dialog", name=title)
    expect(dialog).to_be_visible()
    return dialog


def messages(page: Page) -> Locator:
    return page.locator("#messages")


def join(page: Page, name: str) -> None:
    """As `name`: press Get started in the welcome DM and fill the profile form."""
    act_as(page, name)
    messages(page).get_by_role("button", name="Get started").click()
    form = modal(page, "Your Drumbeat profile")
    form.get_by_label("Participate").check()
    form.get_by_label("Direct outreach").check()
    form.get_by_role("button", name="Save").click()
    expect(form).to_be_hidden()
    expect(messages(page)).to_contain_text("Thank you for joining!")


def new_campaign(page: Page) -> None:
    write(page, "/drumbeat campaign new")
    form = modal(page, "New campaign")
    form.get_by_label("Name", exact=True).fill("Reentry ID cards")
    form.get_by_label("The change sought is a change of").select_option(label="Funding")
    form.get_by_label("Decision makers").fill("Mayor Lee, Mayor\nCounty Board")
    form.get_by_role("button", name="Create").click()
    expect(form).to_be_hidden()
    expect(messages(page)).to_contain_text("Campaign #1 Reentry ID cards created")


def skip_to_next_send(page: Page) -> None:
    page.get_by_role("button", name="Skip to the next scheduled send").click()
    expect(page.locator("#toast")).to_contain_text(re.compile("Moved the clock|Nothing is scheduled"))


def pick(form: Locator, label: str, typed: str, name: str) -> None:
    """Type into an external select and choose one of the options the app suggests."""
    form.get_by_label(label, exact=True).fill(typed)
    form.get_by_role("option", name=name).click()


def test_journey_join_schedule_answer_report(page: Page) -> None:
    # A messenger joins through the form.
    join(page, "Marcus Johnson")

    # The organizer creates a campaign and a call to action, previews it and schedules it.
    act_as(page, "Olivia Reyes")
    new_campaign(page)
    write(page, "/drumbeat new")
    form = modal(page, "New call to action")
    pick(form, "Campaign", "reentry", "Reentry ID cards")  # searched as you type (an external select)
    form.get_by_label("Tactic").select_option(label="Direct outreach")
    form.get_by_label("Objective", exact=True).fill("Call Mayor Lee: fund reentry ID cards")
    pick(form, "Target audience", "lee", "Mayor Lee")
    form.get_by_label(re.compile(r"^The ask \(")).fill("Say: “Fund ID cards in the 2027 budget.”")
    form.get_by_role("button", name="Preview").click()
    preview = modal(page, "Preview")
    expect(preview).to_contain_text("1 messenger matches")
    preview.get_by_role("button", name="Schedule").click()
    expect(preview).to_be_hidden()
    expect(messages(page)).to_contain_text("Call to action #1")
    # Sent now, or at the end of Marcus's quiet hours, depending on the hour the test runs.
    skip_to_next_send(page)
    expect(messages(page)).to_contain_text("done: sent 1 of 1")

    # The messenger presses Done and says how it went.
    act_as(page, "Marcus Johnson")
    ask = messages(page).locator(".message", has_text="A call to action")
    expect(ask).to_contain_text("Call Mayor Lee: fund reentry ID cards")
    screenshot(page, "messenger-call-to-action")
    ask.get_by_role("button", name="Done").click()
    thanks = modal(page, "Thank you!")
    thanks.get_by_label("Whom did you reach?").fill("Mayor Lee's scheduler")
    thanks.get_by_label("What were you told?").fill("They'll pass it on. <script>alert(1)</script>")
    thanks.get_by_role("button", name="Send").click()
    expect(thanks).to_be_hidden()
    expect(ask).to_contain_text("✅ Done. Thank you: every call adds up.")
    expect(ask).to_contain_text("(edited)")

    # The organizer runs the report and sees the chart.
    act_as(page, "Olivia Reyes")
    write(page, "/drumbeat report")
    expect(messages(page)).to_contain_text("Report: all campaigns")
    expect(messages(page).locator(".ephemeral", has_text="Report: all campaigns")).to_contain_text(
        "Only visible to you"
    )
    chart = messages(page).locator("img.file-image")
    expect(chart).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 300", arg=chart.element_handle())
    expect(messages(page).get_by_role("link", name=re.compile("drumbeat-report.png"))).to_be_visible()

    # Once the chart has loaded, the list still follows what comes next, as Slack's does.
    write(page, "/drumbeat help")
    expect(messages(page).locator(".ephemeral", has_text="Drumbeat commands").last).to_be_visible()
    page.wait_for_function(
        "list => list.scrollHeight - list.scrollTop - list.clientHeight < 80", arg=messages(page).element_handle()
    )
    chart.scroll_into_view_if_needed()
    screenshot(page, "organizer-report-chart")


def a_week_brings_the_digest(page: Page, started: datetime, *, moved_days: int) -> None:
    """Move the page's clock on to a week after `started` (when the playground started): that passes one Monday
    9:00 in Chicago, whatever day the test runs, and the digest posted then is dated in that week (one for
    the week the playground started in may come first)."""
    local = started.astimezone(ZoneInfo("America/Chicago"))
    monday = local.date() + timedelta(days=(7 - local.weekday()) % 7 or (0 if local.hour < 9 else 7))
    act_as(page, "Olivia Reyes")
    page.locator("#channels").get_by_role("button", name="# drumbeat-organizers").click()
    expect(page.locator("#conversation-title")).to_have_text("# drumbeat-organizers")
    for day in range(moved_days + 1, 8):
        page.get_by_role("button", name="+1 day").click()
        expect(page.locator("#clock-now")).to_contain_text(f"({24 * day} h ahead)")
    that_week = "|".join((monday + timedelta(days=n)).isoformat() for n in range(7))
    expect(messages(page)).to_contain_text(re.compile(rf"Drumbeat weekly digest \(week to (?:{that_week})\)"))


def test_stop_in_the_message_box_stops_the_next_ask_and_a_week_brings_the_digest(page: Page) -> None:
    started = datetime.now(UTC)
    join(page, "Dee Williams")
    act_as(page, "Olivia Reyes")
    new_campaign(page)
    tomorrow = (datetime.now(ZoneInfo("America/Chicago")) + timedelta(days=1)).date().isoformat()
    write(page, f'/drumbeat new "Call Mayor Lee about ID cards" tactic=outreach at={tomorrow}T10:00')
    preview = messages(page).locator(".ephemeral", has_text="Preview of call to action #1")
    expect(preview).to_contain_text("1 messenger matches")
    preview.get_by_role("button", name="Schedule").click()
    expect(messages(page)).to_contain_text("Scheduled call to action #1: 1 messenger, first one")

    act_as(page, "Dee Williams")
    write(page, "STOP")
    expect(messages(page)).to_contain_text("You're opted out")

    # Two days on, the ask's time has come and gone.
    page.get_by_role("button", name="+1 day").click()
    expect(page.locator("#clock-now")).to_contain_text("(24 h ahead)")
    page.get_by_role("button", name="+1 day").click()
    expect(page.locator("#clock-now")).to_contain_text("(48 h ahead)")
    act_as(page, "Olivia Reyes")
    write(page, "/drumbeat action 1")
    expect(messages(page).locator(".ephemeral", has_text="#1: Call Mayor Lee")).to_contain_text(
        "Sent 0 of 1; 0 failed; 0 waiting."
    )
    act_as(page, "Dee Williams")
    expect(messages(page)).to_contain_text("You're opted out")
    expect(messages(page).get_by_text("A call to action")).to_have_count(0)

    # The rest of the week: Monday 9:00 passes, and the weekly digest comes to the organizers' channel.
    a_week_brings_the_digest(page, started, moved_days=2)


def test_an_inline_form_error_shows_and_keeps_the_form(shared_page: Page) -> None:
    page = shared_page
    act_as(page, "Alicia Gomez")
    messages(page).get_by_role("button", name="Get started").click()
    form = modal(page, "Your Drumbeat profile")
    form.get_by_label("Other relationships with decision makers").fill("I know Councilmember Ortiz")
    form.get_by_role("button", name="Save").click()
    expect(form.get_by_role("alert").filter(has_text="Choose how you'd like to take part.")).to_be_visible()
    expect(form.get_by_role("alert").filter(has_text="Choose at least one way you'd like to help.")).to_be_visible()
    expect(form.get_by_label("Other relationships with decision makers")).to_have_value("I know Councilmember Ortiz")
    form.get_by_label("Lead").check()
    form.get_by_label("Social media").check()
    form.get_by_role("button", name="Save").click()
    expect(form).to_be_hidden()
    expect(messages(page)).to_contain_text("In your words: I know Councilmember Ortiz")


def test_what_people_type_is_shown_as_text(shared_page: Page) -> None:
    page = shared_page
    act_as(page, "Alicia Gomez")
    typed = '<img src=x onerror="document.title=1"> <b>bold?</b> *really* <script>alert(1)</script>'
    write(page, typed)
    mine = messages(page).locator(".message", has_text="bold?")
    expect(mine).to_contain_text('<img src=x onerror="document.title=1"> <b>bold?</b>')
    expect(mine).to_contain_text("<script>alert(1)</script>")
    expect(mine.locator("img, b, script")).to_have_count(0)
    expect(mine.locator("strong")).to_have_text("really")
    assert page.title() == "Drumbeat playground"


def test_threads_home_tab_and_adding_a_person(shared_page: Page) -> None:
    page = shared_page
    page.get_by_label("New person's name").fill("Rosa <Parks>")
    page.get_by_label("Their time zone").select_option("America/Denver")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#me-name")).to_have_text("Rosa <Parks>")
    expect(messages(page)).to_contain_text("Welcome to Drumbeat.")

    page.get_by_role("tab", name="Home").click()
    expect(page.locator("#home")).to_contain_text("Drumbeat sends you calls to action")
    page.get_by_role("tab", name="Messages").click()

    welcome = messages(page).locator(".message", has_text="Welcome to Drumbeat.")
    welcome.get_by_role("button", name="Reply in thread").click()
    thread = page.get_by_role("complementary", name="Thread")
    expect(thread).to_be_visible()
    thread.get_by_label("Reply").fill("Is this where I ask questions?")
    thread.get_by_label("Reply").press("Enter")
    expect(thread).to_contain_text("Is this where I ask questions?")
    expect(welcome.get_by_role("button", name="1 reply")).to_be_visible()

    page.locator("#channels").get_by_role("button", name="# reentry-coalition").click()
    expect(page.locator("#conversation-title")).to_have_text("# reentry-coalition")
    write(page, "Hello, coalition!")
    expect(messages(page)).to_contain_text("Hello, coalition!")
    write(page, "/drumbeat help")
    expect(messages(page).locator(".ephemeral")).to_contain_text("Drumbeat commands")


def test_a_person_whose_slack_is_in_spanish_is_welcomed_and_joins_in_spanish(shared_page: Page) -> None:
    page = shared_page
    page.get_by_label("New person's name").fill("Lupe Ortiz")
    page.get_by_label("Their Slack language").select_option("es-LA")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#me-name")).to_have_text("Lupe Ortiz")
    expect(messages(page)).to_contain_text("Te damos la bienvenida a Drumbeat.")
    messages(page).get_by_role("button", name="Empezar").click()
    form = modal(page, "Tu perfil de Drumbeat")
    form.get_by_label("Participar").check()
    form.get_by_label("Contacto directo").check()
    form.get_by_role("button", name="Guardar").click()
    expect(form).to_be_hidden()
    expect(messages(page)).to_contain_text("¡Gracias por sumarte!")
    write(page, "ALTO")
    expect(messages(page)).to_contain_text("Ya no te")


def test_demo_coalition_shows_reports_at_once_and_the_clock_unfolds_a_spread(browser: Browser, tmp_path: Path) -> None:
    running = start_playground(tmp_path / "demo", "--demo")
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    try:
        page.goto(running.url)
        expect(page.locator("#people .person")).to_have_count(45)  # the organizer, 40 messengers, 4 newcomers
        act_as(page, "Olivia Reyes")
        write(page, "/drumbeat ledger")
        expect(messages(page)).to_contain_text("Accountability ledger: Reentry ID cards")
        expect(messages(page)).to_contain_text("Mayor Lee committed $400,000")
        write(page, "/drumbeat report")
        expect(messages(page)).to_contain_text("Per call to action")
        expect(messages(page).locator("img.file-image")).to_be_visible()

        write(page, "/drumbeat export")
        csv_link = messages(page).get_by_role("link", name=re.compile(r"drumbeat-export-.*\.csv"))
        expect(csv_link).to_be_visible()
        download = page.request.get(running.url.rstrip("/") + str(csv_link.get_attribute("href")))
        assert download.ok
        assert download.headers["content-disposition"].startswith("attachment")
        assert download.text().splitlines()[0].startswith("call_id,")

        write(page, "/drumbeat action 10")
        detail = messages(page).locator(".ephemeral", has_text="#10: Ask County Executive Park")
        expect(detail).to_contain_text(re.compile(r"Sent 0 of 1[0-5];"))  # at most 15, those who fit
        skip_to_next_send(page)
        expect(page.locator("#toast")).to_contain_text("Moved the clock to the next scheduled send")
        # The sends that became due go out at once (the first may still be in flight: ask again until it landed).
        deadline = time.monotonic() + 20
        while True:
            details = messages(page).locator(".ephemeral", has_text="#10: Ask County Executive Park")
            seen = details.count()
            write(page, "/drumbeat action 10")
            expect(details).to_have_count(seen + 1)
            if re.search(r"Sent [1-9]\d* of 1[0-5];", details.last.inner_text()):
                break
            assert time.monotonic() < deadline, "the first send of the spread went out when the clock moved"
        page.get_by_role("tab", name="Home").click()
        expect(page.locator("#home")).to_contain_text("Upcoming sends")
    finally:
        context.close()
        assert running.stop() == 0


def test_people_and_channels_typed_with_at_and_hash_are_read_as_slack_sends_them(shared_page: Page) -> None:
    """Slack's composer turns a picked `@name` or `#channel` into a mention the app can read; so does the page."""
    page = shared_page
    act_as(page, "Olivia Reyes")
    write(page, "/drumbeat organizers add @dee.williams")
    expect(messages(page).locator(".ephemeral", has_text="Added")).to_contain_text("Dee Williams as an organizer")
    write(page, "/drumbeat invite @marcus.johnson #reentry-coalition")
    expect(messages(page).locator(".ephemeral", has_text="Inviting")).to_contain_text("Inviting 1 person and #")
    expect(messages(page)).not_to_contain_text("I couldn't read")
    act_as(page, "Dee Williams")
    write(page, "/drumbeat help")
    expect(messages(page).locator(".ephemeral", has_text="Drumbeat commands")).to_contain_text("For organizers")


def test_an_events_time_reads_in_the_readers_zone(shared_page: Page) -> None:
    page = shared_page
    act_as(page, "Olivia Reyes")  # in Chicago
    new_campaign(page)
    day = (datetime.now(ZoneInfo("America/Chicago")) + timedelta(days=3)).date().isoformat()
    write(page, f'/drumbeat event "Town hall on ID cards" on={day}T18:00 place="City Hall" attendees=5')
    preview = messages(page).locator(".ephemeral", has_text="An event:")
    expect(preview).to_contain_text("at 6:00 PM at City Hall")
    expect(preview).not_to_contain_text("UTC")
