"""One way to write counts and cut titles (views.text), used by every message."""

from __future__ import annotations

import pytest

from tests.factories import add_campaign, add_messenger
from tests.replies import ORGANIZER, Desk, schedule, text_of
from views.text import counted, shorten


@pytest.mark.parametrize(
    ("n", "word", "plural", "said"),
    [
        (1, "row", None, "1 row"),
        (0, "row", None, "0 rows"),
        (2, "messenger", None, "2 messengers"),
        (1, "person", "people", "1 person"),
        (1200, "person", "people", "1,200 people"),
    ],
)
def test_a_count_and_its_word_agree(n: int, word: str, plural: str | None, said: str) -> None:
    assert counted(n, word, plural) == said


def test_a_title_is_cut_at_a_word_with_an_ellipsis() -> None:
    title = "Ask the county to fund reentry ID cards and hiring before the budget vote"
    cut = shorten(title, 40)
    assert cut == "Ask the county to fund reentry ID cards…"
    assert len(cut) <= 40
    assert shorten("short enough", 40) == "short enough"
    assert shorten("x" * 50, 10) == "x" * 9 + "…", "one long word is cut inside it"


def test_a_long_objective_is_cut_at_a_word_in_the_list_of_calls(desk: Desk) -> None:
    add_campaign(desk.db, desk.now())
    add_messenger(desk.db, None, "U0ANA", desk.now())
    objective = "Ask the county to fund reentry ID cards and hiring before the budget vote next month"
    schedule(desk, f'"{objective}" tactic=outreach')
    listed = text_of(desk.command(ORGANIZER, "actions"))
    assert "hiring before the budget vote next…" in listed, listed
