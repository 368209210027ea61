"""manifest.yml creates the app in one paste: it must satisfy Slack's own manifest schema."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from slacksim.spec import schema

ROOT = Path(__file__).resolve().parent.parent


def manifest() -> dict:
    return yaml.safe_load((ROOT / "manifest.yml").read_text())


def test_manifest_validates_against_slacks_schema() -> None:
    jsonschema.validate(manifest(), schema("manifest"))


def test_manifest_has_what_drumbeat_uses() -> None:
    m = manifest()
    assert [c["command"] for c in m["features"]["slash_commands"]] == ["/drumbeat"]
    assert set(m["settings"]["event_subscriptions"]["bot_events"]) == {
        "app_home_opened",
        "message.im",
        "team_join",
        "member_joined_channel",
        "user_change",
    }
    assert m["settings"]["interactivity"]["is_enabled"]
    assert m["settings"]["socket_mode_enabled"]
    assert m["features"]["app_home"]["home_tab_enabled"]
    assert m["features"]["app_home"]["messages_tab_enabled"]


def test_only_the_scopes_the_features_use() -> None:
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert scopes == {
        "commands",
        "chat:write",
        "im:write",
        "im:history",
        "users:read",
        "channels:read",
        "groups:read",
        "files:write",
    }
    readme = (ROOT / "README.md").read_text()
    for scope in scopes:
        assert f"`{scope}`" in readme, f"README does not explain the {scope} scope"


def test_a_broken_manifest_is_refused() -> None:
    broken = manifest()
    broken["display_information"]["name"] = ""
    try:
        jsonschema.validate(broken, schema("manifest"))
    except jsonschema.ValidationError:
        return
    raise AssertionError("an empty app name passed Slack's schema")
