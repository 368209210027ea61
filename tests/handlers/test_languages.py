"""Each person's language: learned from their Slack locale, chosen with one command, used for everything
written to them; stop words work in every language and are confirmed in the person's. Decisions are read
from the listeners' Replies; Slack's locale and a Spanish-speaking messenger's whole way run over the test
Slack server."""

from __future__ import annotations

import pytest

from core import calls, languages, messengers, plan
from models import Database
from models.vocab import MessengerStatus
from runtime.effects import DM, ChannelNotice
from scheduler.delivery import Sender
from slacksim import message_text, view_text
from tests import when
from tests.conftest import Bot
from tests.factories import add_campaign, add_messenger
from tests.handlers.test_events import event_sent
from tests.handlers.test_onboarding import FORM
from tests.replies import ORGANIZER, TEAM, Desk, effects_of, errors_of, schedule, sent, text_of
from tests.replies import message_text as said
from views import checkins as checkin_views
from views.i18n import speaking


def status_of(db: Database, user_id: str) -> MessengerStatus | None:
    with db.reading() as session:
        found = messengers.find(session, TEAM, user_id)
        return found.status if found is not None else None


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("STOP", "en"),
        ("stop.", "en"),
        ("Unsubscribe", "en"),
        ("ALTO", "es"),
        ("¡Basta!", "es"),
        ("parar", "es"),
        ("Cancelar", "es"),
        ("no más", "es"),
        ("ALTO por favor, ¿cuándo es la reunión?", None),
        ("stop by the office", None),
        ("", None),
    ],
)
def test_stop_words_in_every_language(text: str, language: str | None) -> None:
    assert messengers.stop_word_language(text) == language
    assert messengers.is_stop_word(text) is (language is not None)


def test_one_command_switches_the_language_and_it_is_the_persons_own_choice(desk: Desk) -> None:
    chosen = desk.command("U0ANA", "idioma es")
    assert "Desde ahora Drumbeat te escribe en español" in text_of(chosen)
    assert languages.of(desk.db, TEAM, "U0ANA") == "es"
    assert languages.learn(desk.db, TEAM, "U0ANA", "en", chosen=False) == "es", "Slack's locale never overrides it"
    assert "Which language?" not in text_of(desk.command("U0ANA", "language xx"))
    assert "¿Qué idioma?" in text_of(desk.command("U0ANA", "language xx")), "said in her language"
    back = desk.command("U0ANA", "language English")
    assert "From now on Drumbeat writes to you in English" in text_of(back)
    assert languages.of(desk.db, TEAM, "U0ANA") == "en"


def test_alto_stops_a_person_and_is_confirmed_in_spanish(desk: Desk) -> None:
    add_messenger(desk.db, None, "U0ANA", desk.now())
    add_messenger(desk.db, None, "U0BEN", desk.now())
    languages.learn(desk.db, TEAM, "U0BEN", "en", chosen=True)
    ana = desk.dm("U0ANA", "ALTO")
    (confirmation,) = effects_of(ana, DM)
    assert status_of(desk.db, "U0ANA") is MessengerStatus.OPTED_OUT
    assert "STOP" not in said(confirmation.message) or "ALTO" in said(confirmation.message)
    assert "Ya no te" in said(confirmation.message), said(confirmation.message)
    ben = desk.dm("U0BEN", "basta")
    assert status_of(desk.db, "U0BEN") is MessengerStatus.OPTED_OUT, "whatever his language"
    (confirmation,) = effects_of(ben, DM)
    assert "opted out" in said(confirmation.message), "confirmed in his own language, English"


def test_a_spanish_speaker_gets_the_ask_in_spanish_and_an_english_speaker_in_english(bot: Bot) -> None:
    add_campaign(bot.db, bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0ANA", bot.clock.now)
    add_messenger(bot.db, bot.sim, "U0BEN", bot.clock.now)
    languages.learn(bot.db, TEAM, "U0ANA", "es", chosen=False)
    olivia = bot.person(ORGANIZER)
    olivia.command('new "Call Mayor Lee about ID cards" tactic=outreach')
    olivia.click("call_schedule")
    Sender(bot.deps, pool=2, retry_base=1.0).run()
    (ana,) = bot.person("U0ANA").dms
    (ben,) = bot.person("U0BEN").dms
    assert "Call Mayor Lee about ID cards" in message_text(ana), "the organizer's words stay as written"
    assert "Llamada a la acción" in message_text(ana) or "Una acción" in message_text(ana), message_text(ana)
    assert "Hecho" in message_text(ana), "Spanish buttons"
    assert "Done" in message_text(ben), "his stays English"
    assert "Hecho" not in message_text(ben)


def test_slacks_locale_is_the_language_of_someone_drumbeat_has_not_heard_from(bot: Bot) -> None:
    bot.sim.add_user("U0LUZ", locale="es-LA")
    luz = bot.person("U0LUZ")
    assert "¿Qué idioma?" in luz.answer("language klingon")
    assert languages.of(bot.db, TEAM, "U0LUZ") == "es", "learned once, from users.info with include_locale"


def test_a_spanish_speaker_is_welcomed_and_joins_in_spanish_and_an_english_speaker_in_english(bot: Bot) -> None:
    bot.sim.add_user("U0LUZ", locale="es-LA")
    bot.sim.add_user("U0BEN", locale="en-GB")
    bot.person(ORGANIZER).command("invite <@U0LUZ|luz> <@U0BEN|ben>")
    luz, ben = bot.person("U0LUZ"), bot.person("U0BEN")
    assert "Te damos la bienvenida a Drumbeat" in message_text(luz.last_dm), "her Slack is in Spanish"
    assert "Welcome to Drumbeat" in message_text(ben.last_dm)
    luz.click("onboard_start")
    assert luz.modal is not None
    assert "¿Cómo quieres participar?" in view_text(luz.modal), "the join form, in Spanish"
    assert luz.modal["submit"]["text"] != "Save"
    luz.submit(FORM)
    assert luz.modal_errors == {}
    assert languages.of(bot.db, TEAM, "U0LUZ") == "es"
    summary = message_text(luz.last_dm)
    assert "¡Gracias por sumarte!" in summary, "her profile's summary, in Spanish"
    assert "escribe ALTO" in summary


def test_a_spanish_speakers_cant_reaches_the_channel_in_the_coalitions_language_and_her_errors_in_hers(
    desk: Desk,
) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ANA", desk.now())
    languages.learn(desk.db, TEAM, "U0ANA", "es", chosen=True)
    ask = sent(desk.db, schedule(desk, '"Visit the County Board" tactic=meetings'))["U0ANA"]
    clicked = desk.click("U0ANA", "checkin_cant", ask.delivery_id, **ask.place)
    assert "Not this time" not in said(clicked.message), "her answer shows in Spanish"
    refused = desk.submit("U0ANA", clicked.view, {"barrier": "other"})
    (error,) = errors_of(refused).values()
    assert error != "Say a few words about what got in the way.", "the form's error, in her language"
    assert "palabras" in error or "cuéntanos" in error.lower() or "escribe" in error.lower(), error
    answered = desk.submit("U0ANA", clicked.view, {"barrier": "childcare", "words": "No tengo quién cuide"})
    (notice,) = effects_of(answered, ChannelNotice)
    assert "A messenger can't do #1" in notice.message["text"], "the channel reads the coalition's language"
    assert "Childcare" in notice.message["text"]


def test_a_place_that_opens_is_told_in_the_language_of_whoever_gets_it(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    for user_id in ("U0BEN", "U0ANA"):
        add_messenger(desk.db, None, user_id, desk.now())
    languages.learn(desk.db, TEAM, "U0ANA", "es", chosen=True)
    asks = event_sent(desk, f'"Rally" on={when.typed(9, 18)} place="The park" attendees=1')
    for user_id in ("U0BEN", "U0ANA"):  # Ben gets the place, Ana waits
        desk.click(user_id, "event_going", asks[user_id].delivery_id, **asks[user_id].place)
    gave_up = desk.click("U0BEN", "event_cancel", asks["U0BEN"].delivery_id, **asks["U0BEN"].place)
    (told,) = [dm for dm in effects_of(gave_up, DM) if dm.user_id == "U0ANA"]
    assert "Se abrió un lugar" in said(told.message), "Ana reads Spanish, whoever clicked"
    assert "You can't make it" in said(gave_up.message), "Ben's own answer stays English"


def test_an_organizers_spanish_words_reach_spanish_speakers_and_hers_as_written_reach_the_rest(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ANA", desk.now())
    line = (
        '"Call Mayor Lee" tactic=outreach ask="Say: fund ID cards" '
        'objective_es="Llama a la alcaldía" ask_es="Di: financien las identificaciones"'
    )
    call_id = schedule(desk, line)
    card = calls.card_of(desk.db, call_id)
    assert card is not None
    with speaking("es"):
        spanish = said(checkin_views.call_to_action(card, 1, "America/Chicago"))
    english = said(checkin_views.call_to_action(card, 1, "America/Chicago"))
    assert "Llama a la alcaldía" in spanish
    assert "Di: financien las identificaciones" in spanish
    assert "Call Mayor Lee" not in spanish
    assert "Call Mayor Lee" in english
    assert "Say: fund ID cards" in english
    assert "Llama" not in english


def test_a_plan_rows_spanish_templates_go_with_the_english_ones_in_their_place() -> None:
    found = plan.templates_of("Call the mayor\n---\nPost the op-ed\nhttps://x.test", "Llama\n---\nPublica")
    assert found == [
        {"ask": "Call the mayor", "links": "", "ask_es": "Llama"},
        {"ask": "Post the op-ed", "links": "https://x.test", "ask_es": "Publica"},
    ]
    assert plan.templates_of("Call the mayor") == [{"ask": "Call the mayor", "links": ""}]


def test_the_profile_form_shows_the_language_they_read_and_changes_it(desk: Desk) -> None:
    languages.learn(desk.db, TEAM, "U0ANA", "es", chosen=False)  # her Slack is in Spanish
    form = desk.command("U0ANA", "join").view
    assert form is not None
    (block,) = [b for b in form["blocks"] if b.get("block_id") == "language"]
    assert block["element"]["initial_option"]["value"] == "es"
    assert [o["text"]["text"] for o in block["element"]["options"]] == ["English", "Español"]
    saved = desk.submit("U0ANA", form, {**FORM, "language": "en"})
    (summary,) = [dm for dm in effects_of(saved, DM) if dm.user_id == "U0ANA"]
    assert "Thank you for joining!" in said(summary.message), "in the language she just chose"
    assert languages.of(desk.db, TEAM, "U0ANA") == "en"
    assert languages.learn(desk.db, TEAM, "U0ANA", "es", chosen=False) == "en", "her choice, kept"


def test_the_preview_counts_who_reads_spanish_and_says_which_words_they_get(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    for user_id in ("U0ANA", "U0LUZ", "U0BEN"):
        add_messenger(desk.db, None, user_id, desk.now())
    for user_id in ("U0ANA", "U0LUZ"):
        languages.learn(desk.db, TEAM, user_id, "es", chosen=True)
    as_written = text_of(desk.command(ORGANIZER, 'new "Call Mayor Lee" tactic=outreach'))
    assert "2 of them read Drumbeat in Spanish and get your words as written" in as_written
    both = text_of(desk.command(ORGANIZER, 'new "Call Mayor Lee" tactic=outreach objective_es="Llama a la alcaldía"'))
    assert "2 of them read Drumbeat in Spanish and get your Spanish words." in both


def test_the_forms_spanish_words_come_back_in_edit_and_reach_the_draft(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ANA", desk.now())
    form = desk.command(ORGANIZER, "new").view
    typed = {
        "campaign": "1",
        "tactic": "outreach",
        "objective": "Fund ID cards",
        "audience": "public",
        "objective_es": "Financien las identificaciones",
        "ask_es": "Llama al 555-0100",
    }
    preview = desk.submit(ORGANIZER, form, typed)
    card = calls.card_of(desk.db, 1)
    assert card is not None
    assert (card.objective_es, card.ask_es) == ("Financien las identificaciones", "Llama al 555-0100")
    assert preview.view is not None
    edit = desk.click(ORGANIZER, "call_edit", "1", form={**preview.view, "id": "V0PREVIEW"}).view
    assert edit is not None
    filled = {b["block_id"]: b["element"] for b in edit["blocks"] if b["type"] == "input"}
    assert filled["objective_es"]["initial_value"] == "Financien las identificaciones"
    assert filled["ask_es"]["initial_value"] == "Llama al 555-0100"
