"""Every word of views.languages goes through the catalog (tests.pseudo)."""

from __future__ import annotations

from tests.pseudo import in_pseudo
from views import languages
from views.i18n import LANGUAGE_NAMES


def test_choosing_a_language_is_all_in_the_catalog() -> None:
    assert in_pseudo(languages.now_speaking) == []
    assert in_pseudo(languages.which_language, allowed=tuple(LANGUAGE_NAMES.values())) == []


def test_the_check_finds_a_word_that_bypassed_the_catalog() -> None:
    assert in_pseudo(lambda: {"text": "Thanks for telling us"}) != []
    markup = {"type": "section", "text": {"type": "mrkdwn", "text": "<@U1> :wave: `/drumbeat join`"}}
    assert in_pseudo(lambda: {"blocks": [markup]}) == [], "Slack's markup is not a word"
