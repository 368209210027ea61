"""The catalogs: every English text people read has its Spanish, checked by a person (not fuzzy), with the
same fields; the words come from the code itself (Babel's extraction, as scripts/translations runs it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from views.i18n import LANGUAGES, catalog_path

ROOT = Path(__file__).resolve().parent.parent
KEYWORDS = {"_": None, "n_": (1, 2), "p_": ((1, "c"), 2), "N_": None}
FIELD = re.compile(r"\{([^{}]*)\}")


def in_the_code() -> set[tuple[str, str | None]]:
    """(message id, context) of every text the code marks."""
    found: set[tuple[str, str | None]] = set()
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    for _file, _line, message, _comments, context in extract_from_dir(
        ROOT, method_map=[*method_map, ("**", "ignore")], options_map=options_map, keywords=KEYWORDS
    ):
        found.add((message[0] if isinstance(message, tuple) else message, context))
    return found


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_every_text_in_the_code_is_translated_and_checked(language: str) -> None:
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=language)
    wanted = in_the_code()
    assert len(wanted) > 50, "the extraction finds the code's texts"
    missing, untranslated, fuzzy, fields = [], [], [], []
    for msgid, context in wanted:
        entry = catalog.get(msgid, context=context)
        if entry is None:
            missing.append(msgid)
            continue
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        if not all(strings):
            untranslated.append(msgid)
        if entry.fuzzy:
            fuzzy.append(msgid)
        for string in strings:
            if string and set(FIELD.findall(string)) != set(FIELD.findall(msgid)):
                fields.append((msgid, string))
    assert missing == [], f"{len(missing)} not in the catalog: run scripts/translations, then translate"
    assert untranslated == [], f"{len(untranslated)} not translated"
    assert fuzzy == [], f"{len(fuzzy)} fuzzy: a person should check them and remove the fuzzy flag"
    assert fields == [], "a translation must keep its English {fields}, exactly"
