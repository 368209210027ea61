"""Wins shared: the DM to each messenger who carried the campaign's asks, and the channel's post."""

from __future__ import annotations

from typing import Any

from core.wins import NAMED_SHOWN, Carrier, WinNews
from models.vocab import METHOD_LABELS
from views.i18n import _, n_
from views.text import context, esc, section


def _tactics(news: WinNews) -> str:
    parts = [f"{_(METHOD_LABELS[m][0]).lower()} {n}" for m, n in news.by_tactic.most_common()]
    return f" ({', '.join(parts)})" if parts else ""


def _contacts(news: WinNews) -> str:
    return n_("{n} completed contact", "{n} completed contacts", news.contacts)


def _messengers(news: WinNews) -> str:
    return n_("{n} messenger", "{n} messengers", news.asked)


def win_dm(news: WinNews, carrier: Carrier) -> dict[str, Any]:
    headline = _("We won: {campaign}", campaign=news.campaign)
    cheer = _("We won: {campaign}!", campaign=news.campaign)
    changed = "\n" + _("*What changed:* {commitment}", commitment=esc(news.commitment)) if news.commitment else ""
    coalition = _(
        "*What the coalition did:* {contacts}{tactics}, by {messengers} asked.",
        contacts=_contacts(news),
        tactics=_tactics(news),
        messengers=_messengers(news),
    )
    if carrier.contacts:
        part = _(
            "*Your part:* you made {mine} of the {total} contacts. Thank you.",
            mine=carrier.contacts,
            total=news.contacts,
        )
    else:
        part = _(
            "*Your part:* you were one of the {asked} messengers who carried its asks. Thank you.", asked=news.asked
        )
    return {
        "text": esc(headline),
        "blocks": [
            section(f"*{esc(cheer)}*{changed}\n{coalition}\n{part}"),
            context(_("We'll ask later whether it is carried out as promised: your eyes on it matter too.")),
        ],
    }


def win_post(news: WinNews) -> dict[str, Any]:
    headline = _("Won: {campaign}", campaign=news.campaign)
    thanks = ""
    if news.credited:
        named = ", ".join(esc(n) for n in news.credited[:NAMED_SHOWN])
        others = len(news.credited) - NAMED_SHOWN
        if others > 0:
            thanks = "\n" + _("Thanks to {named} and {others} more, and everyone else.", named=named, others=others)
        else:
            thanks = "\n" + _("Thanks to {named}, and everyone else.", named=named)
    did = _(
        "{contacts}{tactics} by {messengers}.",
        contacts=_contacts(news),
        tactics=_tactics(news),
        messengers=_messengers(news),
    )
    text = f"*{esc(headline)}*\n{did}" + thanks
    return {"text": esc(headline), "blocks": [section(text), context(_("Named only with their consent."))]}
