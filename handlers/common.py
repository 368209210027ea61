"""Small helpers every handler uses: the deps from Bolt's context, and `/drumbeat` subcommand routing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slack_bolt import BoltContext

from runtime.deps import Deps


def deps_of(context: BoltContext) -> Deps:
    deps: Deps = context["deps"]
    return deps


def split_command(text: str | None) -> tuple[str, str]:
    """`"pause 2w"` -> `("pause", "2w")`; the subcommand lower-cased, the rest as typed."""
    stripped = (text or "").strip()
    if not stripped:
        return "", ""
    head, _, rest = stripped.partition(" ")
    return head.lower(), rest.strip()


def subcommand(*names: str) -> Callable[[dict[str, Any]], bool]:
    """A Bolt matcher: this listener takes `/drumbeat <name> ...` for any of `names`."""
    wanted = {n.lower() for n in names}

    def matches(body: dict[str, Any]) -> bool:
        return split_command(body.get("text"))[0] in wanted

    return matches
