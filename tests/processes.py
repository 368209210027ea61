"""Real `python bot.py` processes for tests: start, wait until healthy, stop or kill, read the log."""

from __future__ import annotations

import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def clean_env(**values: str) -> dict[str, str]:
    """The test's environment without any Drumbeat or Slack settings, plus `values`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DRUMBEAT_", "DATABASE_URL", "PORT"))}
    env.update(values)
    return env


LISTENING = re.compile(r"http://0\.0\.0\.0:(\d+)/")  # the line the bot logs once it listens


class BotProcess:
    """`python bot.py` with `env`. Without a PORT it listens on any free port (PORT=0) and the port is read
    from its log: a port chosen here could be taken by another test before the bot binds it."""

    _count = itertools.count(1)

    def __init__(self, env: dict[str, str], cwd: Path, name: str = "bot") -> None:
        self.env = dict(env, PORT=env.get("PORT") or "0")
        self.port = int(self.env["PORT"])
        self.cwd = cwd
        self.log_path = cwd / f"{name}-{next(self._count)}.log"
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> BotProcess:
        """Start, and return once /healthz says 200 (the bot listens, Slack and the database answer)."""
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "bot.py")], env=self.env, cwd=self.cwd, stdout=log, stderr=log
        )
        log.close()
        asked, self.port = self.port, 0
        deadline = time.monotonic() + timeout
        while True:
            if not self.port and (found := LISTENING.search(self.log())):
                self.port = int(found.group(1))
                assert asked in (0, self.port), f"asked for port {asked}, listening on {self.port}"
            if self.port:
                try:
                    with urllib.request.urlopen(self.url + "/healthz", timeout=1) as answer:
                        if answer.status == 200:
                            return self
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"bot did not start:\n{self.log()}")
            time.sleep(0.05)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def kill(self) -> None:
        """SIGKILL: no clean-up at all, as in a crash or an OOM kill."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self, timeout: float = 20) -> int:
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else 0
        self.process.terminate()
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(f"bot did not stop on SIGTERM:\n{self.log()[-3000:]}") from None
