"""Text helpers shared by the builders."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.privacy import ANONYMOUS
from core.text import plain_link
from views.i18n import _, n_


def esc(text: str | None) -> str:
    """Escape what people typed so Slack shows it as written (no mentions, links or formatting tricks)."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def person(label: str | None) -> str:
    """A person as reports may call them (`core.privacy.label`): their name, escaped, or "a messenger" in
    the reader's language."""
    if label is None or label == ANONYMOUS:
        return _(ANONYMOUS)
    return esc(label)


def link(url: str | None, label: str) -> str:
    """A Slack link to a plain http(s) URL with our own label; anything else is shown as quoted text."""
    checked = plain_link(url)
    if checked is None:
        return f"“{esc((url or '')[:200])}”" if url else ""
    return f"<{checked.replace('&', '&amp;')}|{esc(label)}>"


def shorten(text: str, limit: int) -> str:
    """At most `limit` characters: cut at a word, with an ellipsis, when it is longer (a single word longer
    than half the limit is cut inside it)."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if not text[limit - 1].isspace() and space >= limit // 2:  # not at a word's end: back to the last one
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


def counted(n: int, word: str, plural: str | None = None) -> str:
    """A count and its word agreeing: `1 row`, `2 rows`, `1 person`, `1,200 people`; in the reader's language
    when the catalog has the pair "{n} row"/"{n} rows". A builder writes `n_("{n} row", "{n} rows", n)` with
    the words themselves, so that the extraction finds them (views.i18n); this is for words already there."""
    one, many = "{n} " + word, "{n} " + (plural or word + "s")
    return n_(one, many, n)


def plain(text: str, limit: int = 75) -> dict[str, object]:
    """A plain_text object, at most `limit` characters (Slack refuses longer labels)."""
    return {"type": "plain_text", "text": shorten(text, limit), "emoji": True}


SECTION_CHARS = 3000  # a section's text
MESSAGE_BLOCKS = 50  # blocks in a message
VIEW_BLOCKS = 100  # blocks in a modal or the Home tab


def listing(
    lines: list[str], *, heading: str = "", max_blocks: int = 1, max_lines: int | None = None, more: str = ""
) -> list[dict[str, object]]:
    """`lines` (after `heading`) packed into as few section blocks as they need, at most `max_blocks`, each
    within Slack's 3,000 characters, never splitting a line; at most `max_lines` lines. Nothing is dropped
    silently: lines not shown are counted in a last line, "…and 12 more" followed by `more` (where to see
    them)."""
    tail_room = 40 + len(more)  # kept free in each section for the "…and N more" line
    texts: list[str] = []
    current = heading
    shown = 0
    for line in lines[:max_lines]:
        line = line if len(line) <= SECTION_CHARS - tail_room - 1 else line[: SECTION_CHARS - tail_room - 2] + "…"
        joined = f"{current}\n{line}" if current else line
        if len(joined) <= SECTION_CHARS - tail_room:
            current = joined
            shown += 1
            continue
        if len(texts) + 1 >= max_blocks:
            break
        texts.append(current)
        current = line
        shown += 1
    left = len(lines) - shown
    if left:
        current += "\n" + n_("…and {n} more{more}", "…and {n} more{more}", left, more=more)
    texts.append(current)
    return [section(text) for text in texts if text]


def mrkdwn(text: str, limit: int = 3000) -> dict[str, str]:
    cut = text if len(text) <= limit else text[: limit - 1] + "…"
    return {"type": "mrkdwn", "text": cut}


def section(text: str) -> dict[str, object]:
    return {"type": "section", "text": mrkdwn(text)}


def context(text: str) -> dict[str, object]:
    return {"type": "context", "elements": [mrkdwn(text)]}


def button(text: str, action_id: str, value: str = "", style: str | None = None) -> dict[str, object]:
    element: dict[str, object] = {"type": "button", "text": plain(text), "action_id": action_id}
    if value:
        element["value"] = value
    if style:
        element["style"] = style
    return element


def clock_time(minutes: int) -> str:
    """600 -> '10:00 am' (in Spanish '10:00 a. m.')."""
    hours, mins = divmod(minutes, 60)
    time = f"{(hours % 12) or 12}:{mins:02d}"
    return _("{time} am", time=time) if hours < 12 else _("{time} pm", time=time)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes_of(hhmm_text: str | None) -> int | None:
    if not hhmm_text:
        return None
    try:
        hours, mins = (int(part) for part in hhmm_text.split(":", 1))
    except ValueError:
        return None
    if not (0 <= hours < 24 and 0 <= mins < 60):
        return None
    return hours * 60 + mins


def option(value: str, text: str, description: str | None = None) -> dict[str, Any]:
    choice: dict[str, Any] = {"text": plain(text), "value": value}
    if description:
        choice["description"] = plain(description)
    return choice


def input_block(
    block_id: str, label: str, element: dict[str, Any], *, optional: bool = False, hint: str = ""
) -> dict[str, Any]:
    """An input block whose element's action id is its block id (forms read values back by that id)."""
    element["action_id"] = block_id
    block: dict[str, Any] = {"type": "input", "block_id": block_id, "label": plain(label), "element": element}
    if optional:
        block["optional"] = True
    if hint:
        block["hint"] = plain(hint, 150)
    return block


def state_value(values: Mapping[str, Any], block_id: str) -> dict[str, Any]:
    """The submitted state of the input `block_id` (see input_block), or {}."""
    entry: dict[str, Any] = values.get(block_id, {}).get(block_id) or {}
    return entry


def answer(text: str) -> dict[str, Any]:
    """A short answer to one person (ephemeral). A long one is packed into as many sections as it needs (up
    to a message's 50 blocks); the top-level text is only the notification's preview."""
    blocks = listing(text.split("\n"), max_blocks=MESSAGE_BLOCKS) if len(text) > SECTION_CHARS else [section(text)]
    preview = text if len(text) <= SECTION_CHARS else text[: SECTION_CHARS - 1] + "…"
    return {"response_type": "ephemeral", "text": preview, "blocks": blocks}
