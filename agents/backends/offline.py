"""The `offline` backend: the rule-based planner behaving like a chat model that calls tools.

First turn: `invoke([... HumanMessage])` plans the request and returns an AIMessage whose
`tool_calls` are the planned calls (the same calls an LLM would emit, through the same graph).
After the tool results come back it returns a final AIMessage; the words of the answer are composed
by `signbridge.agents.answer` from the steps, because this backend has no language model.
"""

from __future__ import annotations

from signbridge.agents.planner import PlannedCall, Understanding, plan, understand


class OfflineChatModel:
    """Deterministic, model-free stand-in for a tool-calling chat model."""

    name = "offline"

    def __init__(self, previous: Understanding | None = None):
        self.previous = previous
        self.understanding: Understanding | None = None
        self.calls: list[PlannedCall] = []

    def invoke(self, messages, *args, **kwargs):
        from langchain_core.messages import AIMessage, HumanMessage, ToolMessage

        last = messages[-1]
        if isinstance(last, ToolMessage) or self.understanding is not None and not isinstance(last, HumanMessage):
            return AIMessage(content="")  # tools ran; the answer is composed from the steps
        prompt = last.content if isinstance(last.content, str) else str(last.content)
        self.understanding = understand(prompt, self.previous)
        self.calls = plan(self.understanding)
        tool_calls = [{"name": c.tool, "args": c.args, "id": f"call_{i}", "type": "tool_call"}
                      for i, c in enumerate(self.calls)]
        return AIMessage(content="", tool_calls=tool_calls)
