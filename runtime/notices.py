"""Notices to a channel: a new messenger, what got in the way, a doubtful implementation check.

They are posted by one thread of their own, in order: Slack allows about one post a second per channel,
so a burst of fifty "can't this time" answers must not hold up the threads that answer people while
Drumbeat waits its turn. Notices that wait together go out together, as one message (within Slack's 50
blocks a message), so a busy minute is a few messages in the channel, not fifty.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from runtime.executor import ListenerExecutor
from runtime.slack import Slack

MAX_BLOCKS = 50  # a message holds 50 blocks


class Notices:
    def __init__(self, slack: Slack) -> None:
        self.slack = slack
        self._queued: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
        self._lock = threading.Lock()
        self.poster = ListenerExecutor(max_workers=1, name="notice")

    def post(self, channel: str, message: Mapping[str, Any]) -> None:
        """Queue a notice for `channel`; it goes out as soon as Slack's pace allows."""
        with self._lock:
            self._queued[channel].append(message)
        self.poster.submit(self._flush, channel)

    def _flush(self, channel: str) -> None:
        with self._lock:
            waiting = self._queued.pop(channel, [])
        for message in combined(waiting):
            self.slack.post(channel, message)


def combined(messages: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Messages merged in order into as few as fit 50 blocks each (none is cut: a message that is full
    starts the next)."""
    out: list[dict[str, Any]] = []
    texts: list[str] = []
    blocks: list[Any] = []
    for message in messages:
        more = list(message.get("blocks") or [])
        if blocks and len(blocks) + len(more) > MAX_BLOCKS:
            out.append({"text": "\n".join(texts), "blocks": blocks})
            texts, blocks = [], []
        texts.append(str(message.get("text") or ""))
        blocks += more
    if texts:
        out.append({"text": "\n".join(texts), "blocks": blocks})
    return out
