"""Choosing the language Drumbeat writes in: `/drumbeat language es`."""

from __future__ import annotations

from typing import Any

from views.i18n import LANGUAGE_NAMES, _
from views.text import answer


def now_speaking() -> dict[str, Any]:
    """Said in the language just chosen."""
    return answer(
        _(
            "From now on Drumbeat writes to you in English. `/drumbeat language es` switches to Spanish "
            "(`/drumbeat idioma es`)."
        )
    )


def which_language() -> dict[str, Any]:
    names = ", ".join(f"`{code}` ({name})" for code, name in LANGUAGE_NAMES.items())
    return answer(_("Which language? {names}. For example: `/drumbeat language es`", names=names))
