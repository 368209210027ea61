"""The Web API facts slacksim ships (for a clone without ../shared/slack/) equal those in Slack's OpenAPI file."""

from __future__ import annotations

import json

import pytest

from slacksim import spec


def test_the_bundled_required_arguments_equal_slacks_openapi_file() -> None:
    try:
        folder = spec.reference_dir()
    except FileNotFoundError:
        pytest.skip("Slack's reference data is not beside the repository")
    original = spec.required_from_openapi(json.loads((folder / "web_api_openapi_v2.json").read_text()))
    bundled = json.loads(spec.BUNDLED.read_text())["required"]
    assert {method: frozenset(names) for method, names in bundled.items()} == original


def test_without_the_reference_folder_the_bundled_facts_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing() -> None:
        raise FileNotFoundError("no shared folder")

    monkeypatch.setattr(spec, "reference_dir", missing)
    spec.web_api.cache_clear()
    try:
        checked = spec.web_api()
        assert checked.missing("chat.postMessage", {}) == ["channel"]
        assert checked.knows("files.completeUploadExternal")
        assert not checked.knows("chat.postMessageTwice")
    finally:
        spec.web_api.cache_clear()
