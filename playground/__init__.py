"""Try Drumbeat without Slack: the real bot against the project's Slack-compatible server, in a web page.

`python -m playground [--port 3000] [--demo] [--data DIR]`; `scripts/run` starts it when no Slack
credentials are set. See `playground.server`.
"""
