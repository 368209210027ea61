"""`/drumbeat language es` (or `idioma`): the language Drumbeat writes to this person in, their own choice
(it wins over their Slack language from then on)."""

from __future__ import annotations

from core import languages
from handlers.request import Reply, Request, say
from handlers.routes import Routes
from runtime.deps import Deps
from runtime.effects import RefreshHome
from views import languages as views
from views.i18n import speaking

# What a person may type for each language, in either language.
NAMES = {
    "en": "en",
    "english": "en",
    "ingles": "en",
    "inglés": "en",
    "es": "es",
    "spanish": "es",
    "espanol": "es",
    "español": "es",
}


def register(routes: Routes) -> None:
    routes.command(["language", "idioma", "lang"], set_language)


def set_language(request: Request, deps: Deps) -> Reply | None:
    chosen = NAMES.get(request.args.strip().casefold())
    if chosen is None:
        return say(views.which_language())
    languages.learn(deps.db, request.team_id, request.user_id, chosen, chosen=True)
    with speaking(chosen):
        return say(views.now_speaking(), RefreshHome(request.team_id, request.user_id))
