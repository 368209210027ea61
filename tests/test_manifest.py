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


# What each scope is for: Slack calls (as the SDK names them) or events in Drumbeat's own code. A scope
# whose every use is gone from the code is privilege to drop; a call with no scope here needs one added.
SCOPE_USES = {
    "commands": ['"/drumbeat"'],
    "chat:write": ["chat_postMessage", "chat_update", "chat_postEphemeral"],
    "im:write": ["conversations_open"],
    "im:history": ['"message"', "conversations_history"],
    "users:read": ["users_info", "users_list", '"team_join"', '"user_change"'],
    "channels:read": ["conversations_info", "conversations_members", '"member_joined_channel"'],
    "groups:read": ["conversations_info", "conversations_members"],  # the same, for a private channel
    "files:write": ["files_upload_v2"],
}


def test_every_scope_is_used_by_the_code() -> None:
    code = "\n".join(
        path.read_text()
        for folder in ("handlers", "runtime", "scheduler", "core")
        for path in (ROOT / folder).rglob("*.py")
    )
    assert set(SCOPE_USES) == set(manifest()["oauth_config"]["scopes"]["bot"])
    for scope, uses in SCOPE_USES.items():
        assert any(use in code for use in uses), f"nothing in the code uses {scope}: drop it from the manifest"


def test_a_broken_manifest_is_refused() -> None:
    broken = manifest()
    broken["display_information"]["name"] = ""
    try:
        jsonschema.validate(broken, schema("manifest"))
    except jsonschema.ValidationError:
        return
    raise AssertionError("an empty app name passed Slack's schema")
