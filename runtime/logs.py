"""Logging that never carries tokens, secrets or what people wrote.

Drumbeat's own log lines name ids and counts, never message text. As a second line of defence, a
filter scrubs token-shaped strings and "text" fields from every record, whoever logs it, and the
Slack libraries are held at WARNING (their DEBUG output includes request bodies).
"""

from __future__ import annotations

import logging
import re
import sys
from typing import IO

_PATTERNS = [
    (re.compile(r"xox[a-z]-[A-Za-z0-9-]+"), "xox?-[redacted]"),
    (re.compile(r"xapp-[A-Za-z0-9-]+"), "xapp-[redacted]"),
    (re.compile(r"""(["']text["']\s*:\s*)(["']).*?(?<!\\)\2"""), r"\1\2[redacted]\2"),
    (re.compile(r"(\btext=)[^&\s]*"), r"\1[redacted]"),
    (re.compile(r"(v0=)[0-9a-f]{16,}"), r"\1[redacted]"),
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
        if record.exc_info and record.exc_info[1] is not None and not record.exc_text:
            # Keep the traceback, scrubbed like the message (an exception may quote a payload).
            traceback_text = logging.Formatter().formatException(record.exc_info)
            for secret in self.secrets:
                traceback_text = traceback_text.replace(secret, "[redacted]")
            record.exc_text = redact(traceback_text)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


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
