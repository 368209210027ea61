"""Every word a person reads, in their language: gettext catalogs through Babel.

Builders in `views/` write English and wrap it: `_("Thanks, {name}!", name=esc(name))`, and for counts
`n_("{n} messenger", "{n} messengers", n)`. The English text is the message id, so English needs no
catalog. Other languages live in `locale/<language>/LC_MESSAGES/drumbeat.po`, plain files a volunteer
translator edits (README: "Translations"); they are read with Babel and compiled in memory when Drumbeat
starts, so a catalog is never copied by hand and never out of date. Words from `models.vocab` (levels,
methods, skills...) are marked there with `N_` for extraction and translated where they are shown.

The language is the reader's, set around the work done for them: `with speaking("es"): ...`. The edge
(`handlers.routes`) sets the language of the person who typed or clicked; a listener that writes to
someone else builds that message in `speaking(their language)`. `xx` is a pseudo-language for tests: each
message wrapped in ⟦…⟧, so a word that bypassed the catalog stands out.
"""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ENGLISH = "en"
SPANISH = "es"
PSEUDO = "xx"  # tests only
LANGUAGES = (ENGLISH, SPANISH)  # what a person may choose, in the order offered
LANGUAGE_NAMES = {ENGLISH: "English", SPANISH: "Español"}  # each in its own language
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "drumbeat"

_current: ContextVar[str] = ContextVar("language", default=ENGLISH)


def language() -> str:
    """The language being written in now."""
    return _current.get()


@contextmanager
def speaking(lang: str | None) -> Iterator[None]:
    """Write in `lang` (a language Drumbeat speaks; anything else: English) inside the block."""
    token = _current.set(lang if lang in LANGUAGES or lang == PSEUDO else ENGLISH)
    try:
        yield
    finally:
        _current.reset(token)


def of_locale(locale: str | None) -> str | None:
    """The language Drumbeat speaks for a Slack locale ("es-LA" -> "es"), or None if it speaks none of it."""
    base = (locale or "").replace("_", "-").split("-")[0].lower()
    return base if base in LANGUAGES else None


def _(message: str, /, **values: Any) -> str:
    """`message` in the current language, its `{name}` fields filled from `values`."""
    text = _translations(_current.get()).gettext(message)
    return text.format(**values) if values else text


def p_(context: str, message: str, /, **values: Any) -> str:
    """`message` where the same English means something else elsewhere: `context` tells them apart
    ("Time" a form's field, "Time" a reason one could not act)."""
    text = _translations(_current.get()).pgettext(context, message)
    return text.format(**values) if values else text


def n_(singular: str, plural: str, n: int, /, **values: Any) -> str:
    """The form of `singular`/`plural` that agrees with `n` in the current language; `{n}` is filled
    with `n` written with thousands separators."""
    text = _translations(_current.get()).ngettext(singular, plural, n)
    return text.format(n=number(n), **values)


def number(n: int) -> str:
    """A whole number as the reader writes it: 1,200 in English, 1.200 in Spanish."""
    text = f"{n:,}"
    return text.replace(",", ".") if _current.get() == SPANISH else text


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == ENGLISH:
        return gettext.NullTranslations()
    if lang == PSEUDO:
        return _Pseudo()
    return compiled(lang)


def catalog_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def compiled(lang: str) -> gettext.GNUTranslations:
    """The language's .po file, compiled in memory (what `pybabel compile` would write to a .mo file)."""
    with catalog_path(lang).open("rb") as po:
        catalog = read_po(po, locale=lang, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)  # a fuzzy entry is a guess: English until a person checks it
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


_FIELD = re.compile(r"(\{[^{}]*\}|<[^<>]*>|:[a-z0-9_+-]+:|`[^`]*`|\*|_|~|\n)")


def pseudo(text: str) -> str:
    """A message in the pseudo-language: ⟦ and ⟧ around it, its letters accented, its fields, Slack markup,
    emoji and code left as they are (so it still formats and renders)."""
    accents = str.maketrans("aeiouAEIOUnN", "áéíóúÁÉÍÓÚñÑ")
    parts = _FIELD.split(text)
    return "⟦" + "".join(p if _FIELD.fullmatch(p) else p.translate(accents) for p in parts) + "⟧"


class _Pseudo(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return pseudo(message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        return pseudo(msgid1 if n == 1 else msgid2)

    def pgettext(self, context: str, message: str) -> str:
        return pseudo(message)
