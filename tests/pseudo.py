"""Finding words that bypassed the catalog: build a view in the pseudo-language `xx` (views.i18n), where
every translated letter a, e, i, o, u and n is accented, and look for a word that still has a plain vowel.

Give builders data without plain vowels (names like "Lynn Smyth", objectives like "Xyz crwth", numbers), so
that whatever keeps a plain vowel is a word that never went through the catalog. Slack's markup is
skipped: mentions, links and date tokens (`<...>`), `:emoji:` and `code`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from views.i18n import PSEUDO, speaking

_MARKUP = re.compile(r"<[^<>]*>|:[a-z0-9_+-]+:|`[^`]*`|https?://\S+")
_PLAIN_WORD = re.compile(r"[A-Za-z]*[aeiouAEIOU][A-Za-z]*")


def texts(shown: Any) -> Iterator[str]:
    """Every text a person reads in a message, view, option list or string: each `text` in it."""
    if isinstance(shown, str):
        yield shown
    elif isinstance(shown, dict):
        for key, value in shown.items():
            if key == "text" and isinstance(value, str):
                yield value
            elif isinstance(value, dict | list | tuple):
                yield from texts(value)
    elif isinstance(shown, list | tuple):
        for item in shown:
            yield from texts(item)


def bypassed(shown: Any, allowed: tuple[str, ...] = ()) -> list[str]:
    """The words in `shown` that did not go through the catalog (with their text, to find them); `allowed`:
    words meant to stay as they are (a language's own name, say)."""
    found = []
    for text in texts(shown):
        seen = _MARKUP.sub(" ", text)
        for word in allowed:
            seen = seen.replace(word, " ")
        for word in _PLAIN_WORD.findall(seen):
            found.append(f"{word!r} in {text[:120]!r}")
    return found


def in_pseudo(build: Callable[[], Any], allowed: tuple[str, ...] = ()) -> list[str]:
    """Build in the pseudo-language; the words that bypassed the catalog."""
    with speaking(PSEUDO):
        return bypassed(build(), allowed)
