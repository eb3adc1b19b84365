"""The agent's tool registry: one entry per tool with its name, argument model, intent and summariser.

The tool functions and argument models live in `signbridge.tools.agent_tools`; this is the one place
that says which request intent a tool stands for and which `answer` function words its result, so no
other module spells a tool name to decide anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from pydantic import BaseModel

from signbridge.agents import answer
from signbridge.tools.agent_tools import TOOLS, AgentTool


@dataclass(frozen=True)
class ToolSpec:
    tool: AgentTool
    intent: str  # the request intent this tool answers (planner vocabulary: sign, lookup, ...)
    summarise: Callable  # (Step, Understanding) -> lines of the answer
    produces: bool = False  # writes a pose / renders (production tools)
    text_field: str | None = None  # the argument holding the user's text (grounded; may be translated)

    @property
    def name(self) -> str:
        return self.tool.name

    @property
    def args_model(self) -> type[BaseModel]:
        return self.tool.args_model


_SPECS = {
    "list_languages": ("languages", answer.languages_lines, False),
    "lookup_sign": ("lookup", answer.lookup_lines, False, "query"),
    "produce_sign": ("sign", answer.production_lines, True, "text"),
    "fingerspell": ("fingerspell", answer.production_lines, True, "text"),
    "describe_sign": ("describe", answer.describe_lines, False, "word"),
    "translate_sign": ("translate", answer.recognition_lines, False),
    "recognize_sign": ("recognize", answer.recognition_lines, False),
}
REGISTRY: dict[str, ToolSpec] = {t.name: ToolSpec(t, *_SPECS[t.name]) for t in TOOLS}
# which intent wins when one request ran several tools (a sign request also looks the word up)
INTENT_ORDER = ("sign", "fingerspell", "describe", "translate", "recognize", "lookup", "languages")


def get_tool(name: str) -> ToolSpec | None:
    return REGISTRY.get(name) if isinstance(name, str) else None


def tool_names() -> list[str]:
    return list(REGISTRY)


def schemas() -> list[dict]:
    """OpenAI function schemas of every tool, as sent to a model."""
    return [spec.tool.openai_schema() for spec in REGISTRY.values()]


def tool_intents() -> set[str]:
    """The request intents some tool answers (not help, unsupported)."""
    return {spec.intent for spec in REGISTRY.values()}


def intent_of(name: str) -> str | None:
    spec = get_tool(name)
    return spec.intent if spec else None
