"""Logging that never carries tokens, secrets or what people wrote.

Drumbeat's own log lines name ids and counts, never message text. As a second line of defence, a
filter scrubs token-shaped strings and "text" fields from every record, whoever logs it, and the
Slack libraries are held at WARNING (their DEBUG output includes request bodies).
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from types import TracebackType
from typing import IO

_PATTERNS = [
    (re.compile(r"xox[a-z]-[A-Za-z0-9-]+"), "xox?-[redacted]"),
    (re.compile(r"xapp-[A-Za-z0-9-]+"), "xapp-[redacted]"),
    (re.compile(r"""(["']text["']\s*:\s*)(["']).*?(?<!\\)\2"""), r"\1\2[redacted]\2"),
    (re.compile(r"(\btext=)[^&\s]*"), r"\1[redacted]"),
    (re.compile(r"(v0=)[0-9a-f]{16,}"), r"\1[redacted]"),
    # Messages that quote an exception (some libraries log f"...(error: {e})"): a database error quotes
    # the row it refused, its bound parameters, or PostgreSQL's DETAIL line.
    (re.compile(r"\[parameters: .*?\](?=\s|$)", re.DOTALL), "[parameters withheld]"),
    (re.compile(r"(DETAIL:).*"), r"\1 [withheld]"),
    (re.compile(r"(\(error: ).*?(\))$", re.MULTILINE), r"\1[withheld]\2"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFilter(logging.Filter):
    def __init__(self, secrets: list[str] | None = None) -> None:
        super().__init__()
        self.secrets = [s for s in (secrets or []) if s and len(s) >= 8]

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        for secret in self.secrets:
            cleaned = cleaned.replace(secret, "[redacted]")
        if record.exc_info and record.exc_info[1] is not None:
            # Keep where it failed, never what the exception says: a database error quotes the row it
            # refused (PostgreSQL's "Failing row contains (...)"), an API error the payload it carried.
            # Always set: another handler may have cached the full text on the record already.
            record.exc_text = frames_only(record.exc_info[1])
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


def frames_only(error: BaseException) -> str:
    """A traceback with its frames and exception types, but not the exceptions' messages, for the whole
    chain (causes and contexts)."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "The above exception was the direct cause of the following:"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "During handling of the above exception, another occurred:"
        else:
            current = None
    lines: list[str] = []
    for exc, following in reversed(chain):
        tb: TracebackType | None = exc.__traceback__
        if tb is not None:
            lines.append("Traceback (most recent call last):")
            lines.extend(line.rstrip("\n") for line in traceback.format_tb(tb))
        kind = type(exc)
        lines.append(f"{kind.__module__}.{kind.__qualname__}: [message withheld]")
        if following:
            lines += ["", following, ""]
    return "\n".join(lines)


def configure_logging(level: str = "INFO", secrets: list[str] | None = None, stream: IO[str] | None = None) -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_drumbeat", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(stream or sys.stderr)
    handler._drumbeat = True  # type: ignore[attr-defined]
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter(secrets))
    root.addHandler(handler)
    root.setLevel(level)
    quiet = max(logging.WARNING, logging.getLevelName(level))
    noisy = (
        "slack_sdk",
        "slack_bolt",
        "drumbeat.slack",
        "apscheduler",
        "cheroot",
        "urllib3",
        "alembic",
        "matplotlib",
        "PIL",
        "slacksim",
        "websockets",  # its DEBUG lines hold whole frames, so envelopes' text
    )
    for name in noisy:
        logging.getLogger(name).setLevel(quiet)
    logging.getLogger("apscheduler.executors").setLevel(logging.ERROR)
