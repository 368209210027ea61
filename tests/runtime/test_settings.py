from __future__ import annotations

from pathlib import Path

import pytest

from runtime.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings

GOOD = {"SLACK_BOT_TOKEN": "xoxb-1-2-abc", "SLACK_SIGNING_SECRET": "s3cret"}


def load(env: dict[str, str], dotenv: Path | None = None):
    return load_settings(env, dotenv=dotenv)


def test_defaults() -> None:
    settings = load(GOOD)
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.port == 3000
    assert settings.timezone == "UTC"
    assert settings.slack_api_url == "https://slack.com/api/"
    assert not settings.socket_mode
    assert settings.organizers == frozenset()


def test_missing_bot_token_names_the_variable() -> None:
    with pytest.raises(SettingsError, match=r"^SLACK_BOT_TOKEN is not set"):
        load({})


def test_signing_secret_needed_only_in_http_mode() -> None:
    with pytest.raises(SettingsError, match="SLACK_SIGNING_SECRET"):
        load({"SLACK_BOT_TOKEN": "xoxb-1"})
    settings = load({"SLACK_BOT_TOKEN": "xoxb-1", "SLACK_APP_TOKEN": "xapp-1-A-b"})
    assert settings.socket_mode


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SLACK_BOT_TOKEN", "xoxp-user-token"),
        ("SLACK_APP_TOKEN", "not-an-app-token"),
        ("SLACK_API_URL", "slack.com/api"),
        ("DATABASE_URL", "mysql://x"),
        ("PORT", "eighty"),
        ("PORT", "70000"),
        ("PORT", "²"),  # str.isdigit() says yes; int() says no
        ("PORT", "99999999999999999999999"),
        ("DRUMBEAT_POSTS_PER_MINUTE", "①"),
        ("DRUMBEAT_INBOX_DAYS", "³⁰"),
        ("DRUMBEAT_AUTOPILOT", "thu ¹⁰:00"),
        ("DRUMBEAT_ORGANIZERS", "U01ABC,alice"),
        ("DRUMBEAT_TIMEZONE", "Mars/Olympus"),
        ("DRUMBEAT_REPORT_CHANNEL", "#organizers"),
        ("DRUMBEAT_CHANNEL", "general"),
        ("LOG_LEVEL", "chatty"),
        ("DRUMBEAT_SCHEDULER", "maybe"),
    ],
)
def test_malformed_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(SettingsError) as error:
        load({**GOOD, name: value})
    message = str(error.value)
    assert name in message
    assert "\n" not in message


def test_values_are_parsed() -> None:
    settings = load(
        {
            **GOOD,
            "SLACK_API_URL": "http://127.0.0.1:9/api",
            "PORT": "8080",
            "DRUMBEAT_ORGANIZERS": " U01ABC , U02DEF ,",
            "DRUMBEAT_TIMEZONE": "America/Chicago",
            "DRUMBEAT_REPORT_CHANNEL": "C01REPORT",
            "LOG_LEVEL": "debug",
        }
    )
    assert settings.slack_api_url == "http://127.0.0.1:9/api/"
    assert settings.port == 8080
    assert settings.organizers == {"U01ABC", "U02DEF"}
    assert settings.report_channel == "C01REPORT"
    assert settings.log_level == "DEBUG"


def test_environment_wins_over_dotenv(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("SLACK_BOT_TOKEN=xoxb-from-file\nSLACK_SIGNING_SECRET=file\nPORT=4000\n")
    settings = load({"PORT": "5000"}, dotenv=dotenv)
    assert settings.slack_bot_token == "xoxb-from-file"
    assert settings.port == 5000


def test_repr_hides_secrets() -> None:
    assert "xoxb" not in repr(load(GOOD))
    assert "s3cret" not in repr(load(GOOD))
