"""Block Kit checks as Slack makes them, using slack_sdk.models (lengths, counts, required parts).

slack_sdk ignores keys it does not know; Slack refuses them. So after building the model, every key
given must survive the round trip, and action ids must be unique within a message or view.
"""

from __future__ import annotations

from typing import Any

from slack_sdk.errors import SlackObjectFormationError
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View


class InvalidBlocks(ValueError):
    pass


def _lost_keys(given: Any, kept: Any, path: str = "") -> list[str]:
    lost: list[str] = []
    if isinstance(given, dict) and isinstance(kept, dict):
        for key, value in given.items():
            if key not in kept:
                lost.append(f"{path}{key}")
            else:
                lost += _lost_keys(value, kept[key], f"{path}{key}.")
    elif isinstance(given, list) and isinstance(kept, list):
        for index, (g, k) in enumerate(zip(given, kept, strict=False)):
            lost += _lost_keys(g, k, f"{path}{index}.")
    return lost


def _action_ids(node: Any, found: list[str]) -> list[str]:
    if isinstance(node, dict):
        if "action_id" in node:
            found.append(node["action_id"])
        for value in node.values():
            _action_ids(value, found)
    elif isinstance(node, list):
        for value in node:
            _action_ids(value, found)
    return found


def check_blocks(blocks: Any, *, limit: int = 50) -> None:
    if not isinstance(blocks, list):
        raise InvalidBlocks("blocks must be an array")
    if len(blocks) > limit:
        raise InvalidBlocks(f"no more than {limit} items allowed")
    block_ids: set[str] = set()
    for index, raw in enumerate(blocks):
        if not isinstance(raw, dict) or "type" not in raw:
            raise InvalidBlocks(f"block {index} has no type")
        try:
            block = Block.parse(dict(raw))
            if block is None or type(block) is Block:
                raise InvalidBlocks(f"block {index}: unknown type {raw['type']!r}")
            kept = block.to_dict()
        except SlackObjectFormationError as error:
            raise InvalidBlocks(f"block {index}: {error}") from None
        except (TypeError, KeyError, AttributeError, ValueError) as error:
            raise InvalidBlocks(f"block {index}: {error!r}") from None
        lost = _lost_keys(raw, kept)
        if lost:
            raise InvalidBlocks(f"block {index}: unknown or invalid field(s) {', '.join(lost)}")
        block_id = raw.get("block_id")
        if block_id is not None:
            if block_id in block_ids:
                raise InvalidBlocks(f"duplicate block_id {block_id!r}")
            block_ids.add(block_id)
    ids = _action_ids(blocks, [])
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise InvalidBlocks(f"duplicate action_id(s) {sorted(duplicates)}")


def check_view(view: Any) -> None:
    if not isinstance(view, dict):
        raise InvalidBlocks("view must be an object")
    if view.get("type") not in ("modal", "home"):
        raise InvalidBlocks("view type must be modal or home")
    check_blocks(view.get("blocks", []), limit=100)
    try:
        model = View(**view)
        kept = model.to_dict()
    except SlackObjectFormationError as error:
        raise InvalidBlocks(str(error)) from None
    except (TypeError, KeyError, AttributeError, ValueError) as error:
        raise InvalidBlocks(repr(error)) from None
    lost = [key for key in _lost_keys({k: v for k, v in view.items() if k != "blocks"}, kept)]
    if lost:
        raise InvalidBlocks(f"view: unknown or invalid field(s) {', '.join(lost)}")
