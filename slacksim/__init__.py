"""A Slack-compatible test server on loopback (`SlackSim`) and Slack's side of the app's traffic
(`SlackDriver`, `Person`). Used by the tests and benchmarks; reusable by a try-it-without-Slack sandbox."""

from slacksim.driver import Person, Reply, SlackDriver, form_state, message_text, view_text
from slacksim.server import Call, Fault, Message, SlackSim, iter_blocks
from slacksim.socket_mode import Ack, Outcome, SocketConnection, SocketModeServer

__all__ = [
    "Ack",
    "Call",
    "Fault",
    "Message",
    "Outcome",
    "Person",
    "Reply",
    "SlackDriver",
    "SlackSim",
    "SocketConnection",
    "SocketModeServer",
    "form_state",
    "iter_blocks",
    "message_text",
    "view_text",
]
