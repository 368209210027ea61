"""Reading people and channels out of slash command text (Slack escapes them as <@U123|name>, <#C123|name>)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_USER = re.compile(r"^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$")
_CHANNEL = re.compile(r"^<#([CG][A-Z0-9]+)(?:\|[^>]*)?>$")
_BARE_ID = re.compile(r"^[UW][A-Z0-9]{6,}$")


@dataclass
class Targets:
    users: list[str] = field(default_factory=list)
    channels: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # words that are neither, shown back to the person


def parse_targets(text: str) -> Targets:
    targets = Targets()
    for word in text.replace(",", " ").split():
        if match := _USER.match(word):
            if match.group(1) not in targets.users:
                targets.users.append(match.group(1))
        elif match := _CHANNEL.match(word):
            if match.group(1) not in targets.channels:
                targets.channels.append(match.group(1))
        elif _BARE_ID.match(word):
            if word not in targets.users:
                targets.users.append(word)
        else:
            targets.unknown.append(word[:40])
    return targets
