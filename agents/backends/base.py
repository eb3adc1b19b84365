"""What every model backend returns, and the strict reading of a model's tool calls.

A backend is anything with `name` and `complete(messages, tools, seconds) -> ModelTurn`, where
`messages` are OpenAI chat messages (dicts) and `tools` the OpenAI function schemas. Everything a
model sends is untrusted: `calls_from_openai` turns whatever arrived into `RawCall`s (a call that
cannot be read keeps its `problem`, which goes back to the model as a tool error) and never raises.
A turn that cannot be read at all raises `ModelError`; the graph falls back to the planner.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Protocol

_CONTROL = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_model_text(text: str | None, limit: int = 4000) -> str:
    """A model's prose, safe to print: terminal escape sequences and control characters removed, bounded."""
    cleaned = _CONTROL.sub("", text or "").strip()
    return cleaned if len(cleaned) <= limit else cleaned[:limit] + " ...(cut)"


class ModelError(Exception):
    """The model's answer could not be used at all (no choices, not JSON, no message)."""


@dataclass
class RawCall:
    """One tool call as the model sent it: name and arguments may be anything until grounded."""

    id: str
    name: str
    args: dict
    problem: str | None = None  # why the call cannot be read (then it is refused, not run)


@dataclass
class ModelTurn:
    content: str = ""  # the model's words (unchecked)
    calls: list[RawCall] = field(default_factory=list)


class ChatBackend(Protocol):
    name: str
    final_turn: bool  # ask the model again after its tools ran (for its own words)

    def complete(self, messages: list[dict], tools: list[dict], seconds: float) -> ModelTurn: ...


def read_call(raw, index: int) -> RawCall:
    """One OpenAI `tool_calls` item -> RawCall; malformed parts become a `problem`, never an exception."""
    call_id = f"call_{index}"
    if not isinstance(raw, dict):
        return RawCall(call_id, "?", {}, "a tool call must be an object")
    if isinstance(raw.get("id"), str) and raw["id"].strip():
        call_id = raw["id"][:64]
    function = raw.get("function") if isinstance(raw.get("function"), dict) else raw
    name = function.get("name")
    if not isinstance(name, str) or not name.strip():
        return RawCall(call_id, "?", {}, f"the tool name must be a string (got {type(name).__name__})")
    name = name.strip()[:64]
    args = function.get("arguments", function.get("args", {}))
    if args is None or args == "":
        args = {}
    if isinstance(args, str):
        try:
            args = json.loads(args)
        except ValueError:
            return RawCall(call_id, name, {}, f"{name}: the arguments are not valid JSON")
    if not isinstance(args, dict):
        return RawCall(call_id, name, {}, f"{name}: the arguments must be a JSON object (got {type(args).__name__})")
    return RawCall(call_id, name, args)


def turn_from_openai(body) -> ModelTurn:
    """A chat-completions response body (already parsed JSON) -> ModelTurn, or ModelError."""
    if not isinstance(body, dict):
        raise ModelError("the response is not a JSON object")
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        raise ModelError("the response has no choices")
    message = choices[0].get("message")
    if not isinstance(message, dict):
        raise ModelError("the response's choice has no message")
    content = message.get("content")
    content = content if isinstance(content, str) else ""
    raw_calls = message.get("tool_calls") or []
    if not isinstance(raw_calls, list):
        raw_calls = [raw_calls]
    return ModelTurn(content=content, calls=[read_call(c, i) for i, c in enumerate(raw_calls)])
