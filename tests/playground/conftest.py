"""The playground in a real browser: Playwright driving Debian's Chromium (`/usr/bin/chromium`).

Playwright's own browser download does not work here, so the system Chromium is used. When it is
missing, it is installed with apt (as root) or the tests fail saying how to install it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.processes import ROOT, clean_env

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
STARTUP_SECONDS = 120  # an upper bound for a slow machine; the wait ends as soon as the address is printed
expect.set_options(timeout=20_000)


def ensure_chromium() -> str:
    if Path(CHROMIUM).exists():
        return CHROMIUM
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=False, timeout=600)
        subprocess.run(["apt-get", "install", "-y", "-qq", "chromium"], check=False, timeout=1200)
    if not Path(CHROMIUM).exists():
        pytest.fail(f"the browser tests need Chromium at {CHROMIUM}: run `sudo apt-get install -y chromium`")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = ensure_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class RunningPlayground:
    url: str
    process: subprocess.Popen[str]
    data: Path
    first_lines: list[str]
    later_lines: list[str] = field(default_factory=list)

    def drain(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.later_lines.append(line.rstrip("\n"))

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # its bot too: nothing outlives a failed test
                self.process.wait()
                tail = "\n".join(self.later_lines[-40:])
                raise AssertionError(f"the playground did not stop on SIGTERM; it printed:\n{tail}") from None
        return self.process.returncode


def start_playground(data: Path, *args: str, command: list[str] | None = None) -> RunningPlayground:
    """`python -m playground --port 0 --data <data>` (or `command`): any free port, once it has printed its
    address (a port chosen here could be taken by another test before the playground binds it)."""
    argv = command or [sys.executable, "-m", "playground"]
    process = subprocess.Popen(
        [*argv, "--port", "0", "--data", str(data), *args],
        cwd=ROOT,
        env=clean_env(PYTHONUNBUFFERED="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # a process group of its own, with the bot it starts
    )
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        lines.append(line.rstrip("\n"))
        if "Drumbeat playground: http://" in line:
            lines.append(process.stdout.readline().rstrip("\n"))
            url = line.split("Drumbeat playground: ", 1)[1].split()[0]
            running = RunningPlayground(url, process, data, lines)
            # Keep reading what it prints, so that a full pipe never blocks it.
            threading.Thread(target=running.drain, daemon=True).start()
            return running
    os.killpg(process.pid, signal.SIGKILL)
    raise AssertionError("the playground did not print its address:\n" + "\n".join(lines))


@pytest.fixture
def playground(tmp_path: Path) -> Iterator[RunningPlayground]:
    running = start_playground(tmp_path / "data")
    try:
        yield running
    finally:
        assert running.stop() == 0, "the playground (and its bot) stopped cleanly"


@contextmanager
def opened(browser: Browser, url: str) -> Iterator[Page]:
    """A new browser context (no cookies, no storage) on the playground page; no script errors on it."""
    context = browser.new_context(viewport={"width": 1280, "height": 860})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url)
    yield page
    context.close()
    assert not errors, f"the page had script errors: {errors}"


@pytest.fixture
def page(browser: Browser, playground: RunningPlayground) -> Iterator[Page]:
    """A page on a playground of its own: for tests that move the clock or count what they create."""
    with opened(browser, playground.url) as fresh:
        yield fresh


@pytest.fixture(scope="module")
def shared_playground(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningPlayground]:
    running = start_playground(tmp_path_factory.mktemp("shared") / "data")
    try:
        yield running
    finally:
        assert running.stop() == 0, "the playground (and its bot) stopped cleanly"


@pytest.fixture
def shared_page(browser: Browser, shared_playground: RunningPlayground) -> Iterator[Page]:
    """A new page on the module's one playground: for tests that neither move its clock nor depend on
    what other tests did there (a playground starts a bot, which costs seconds)."""
    with opened(browser, shared_playground.url) as fresh:
        yield fresh


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path
