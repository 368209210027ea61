"""Wins shared: the DM to each messenger who carried the campaign's asks, and the channel's post."""

from __future__ import annotations

from typing import Any

from core.wins import NAMED_SHOWN, Carrier, WinNews
from models.vocab import METHOD_LABELS
from views.text import context, counted, esc, section


def _tactics(news: WinNews) -> str:
    parts = [f"{METHOD_LABELS[m][0].lower()} {n}" for m, n in news.by_tactic.most_common()]
    return f" ({', '.join(parts)})" if parts else ""


def win_dm(news: WinNews, carrier: Carrier) -> dict[str, Any]:
    headline = f"We won: {news.campaign}"
    changed = f"\n*What changed:* {esc(news.commitment)}" if news.commitment else ""
    coalition = (
        f"*What the coalition did:* {counted(news.contacts, 'completed contact')}{_tactics(news)}, "
        f"by {counted(news.asked, 'messenger')} asked."
    )
    if carrier.contacts:
        part = f"*Your part:* you made {carrier.contacts} of the {news.contacts} contacts. Thank you."
    else:
        part = f"*Your part:* you were one of the {news.asked} messengers who carried its asks. Thank you."
    return {
        "text": esc(headline),
        "blocks": [
            section(f"*{esc(headline)}!*{changed}\n{coalition}\n{part}"),
            context("We'll ask later whether it is carried out as promised: your eyes on it matter too."),
        ],
    }


def win_post(news: WinNews) -> dict[str, Any]:
    headline = f"Won: {news.campaign}"
    thanks = ""
    if news.credited:
        named = ", ".join(esc(n) for n in news.credited[:NAMED_SHOWN])
        others = len(news.credited) - NAMED_SHOWN
        thanks = f"\nThanks to {named}" + (f" and {others} more" if others > 0 else "") + ", and everyone else."
    did = f"{counted(news.contacts, 'completed contact')}{_tactics(news)} by {counted(news.asked, 'messenger')}."
    text = f"*{esc(headline)}*\n{did}" + thanks
    return {"text": esc(headline), "blocks": [section(text), context("Named only with their consent.")]}
