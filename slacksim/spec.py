"""What Slack accepts, read from Slack's own reference data (OpenAPI for the Web API, JSON Schemas).

The files live in the team's shared folder (`../shared/slack/` beside the repository); set
SLACK_REFERENCE_DIR to use another copy.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent

# Methods newer than the October 2020 OpenAPI file, known by hand: name -> required arguments.
NEWER_METHODS: dict[str, frozenset[str]] = {
    "files.getUploadURLExternal": frozenset({"filename", "length"}),
    "files.completeUploadExternal": frozenset({"files"}),
    # Socket Mode: called with the app-level token (the server checks the token type).
    "apps.connections.open": frozenset(),
}


def reference_dir() -> Path:
    candidates = []
    if os.environ.get("SLACK_REFERENCE_DIR"):
        candidates.append(Path(os.environ["SLACK_REFERENCE_DIR"]))
    candidates += [REPO.parent / "shared" / "slack", REPO / "shared" / "slack", Path("/work/shared/slack")]
    for candidate in candidates:
        if (candidate / "web_api_openapi_v2.json").is_file():
            return candidate
    raise FileNotFoundError(
        "Slack's reference data (web_api_openapi_v2.json) was not found beside the repository in "
        "../shared/slack/; set SLACK_REFERENCE_DIR to the folder that holds it."
    )


@dataclass(frozen=True)
class WebApiSpec:
    """Known Web API methods and the arguments each requires (the token travels in a header)."""

    required: dict[str, frozenset[str]]

    def knows(self, method: str) -> bool:
        return method in self.required

    def missing(self, method: str, args: dict[str, Any]) -> list[str]:
        return sorted(name for name in self.required[method] if args.get(name) in (None, ""))


# The same facts, derived from the OpenAPI file and shipped with the code: a fresh clone without the
# team's shared folder (a newcomer trying the playground) still checks calls as strictly.
BUNDLED = Path(__file__).resolve().parent / "web_api_required.json"


def required_from_openapi(document: dict[str, Any]) -> dict[str, frozenset[str]]:
    required: dict[str, frozenset[str]] = {}
    for path, operations in document["paths"].items():
        names: set[str] = set()
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("required") and parameter["name"] != "token":
                    names.add(parameter["name"])
        required[path.lstrip("/")] = frozenset(names)
    return required


@cache
def web_api() -> WebApiSpec:
    try:
        document = json.loads((reference_dir() / "web_api_openapi_v2.json").read_text())
        required = required_from_openapi(document)
    except FileNotFoundError:
        bundled = json.loads(BUNDLED.read_text())["required"]
        required = {method: frozenset(names) for method, names in bundled.items()}
    required.update(NEWER_METHODS)
    return WebApiSpec(required)


@cache
def schema(name: str) -> dict[str, Any]:
    """One of the JSON Schemas: 'manifest' or 'events_wrapper'."""
    files = {"manifest": "manifest.schema.json", "events_wrapper": "events_wrapper.schema.json"}
    loaded: dict[str, Any] = json.loads((reference_dir() / files[name]).read_text())
    return loaded
