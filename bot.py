"""Drumbeat: settings, app, handlers, scheduler, run. Start it with the README's run command."""

from __future__ import annotations

import sys
import threading

import handlers
from runtime import channels, startup
from runtime.app import build_app
from runtime.settings import SettingsError, load_settings
from runtime.signals import stop_on_signals
from scheduler import Scheduler


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"drumbeat: {error}", file=sys.stderr)
        return 2
    try:
        deps = startup.prepare(settings)  # logging, database migrations, Slack auth.test
    except startup.StartupError as error:
        print(f"drumbeat: {error}", file=sys.stderr)
        return 1

    app = build_app(deps)
    handlers.serve(app)
    channels.watch(deps)  # is Drumbeat in its channels? (says how to fix it if not)
    scheduler = Scheduler(deps).start() if settings.run_scheduler else None

    stopping = threading.Event()
    stop_on_signals(stopping)
    try:
        startup.serve(app, deps, until=stopping)
    except startup.StartupError as error:
        print(f"drumbeat: {error}", file=sys.stderr)
        return 1
    finally:
        if scheduler is not None:
            scheduler.stop()
        deps.close()  # finish what was acknowledged before stopping
        deps.db.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
