"""The agent loop as a LangGraph graph: model node -> router -> tool node -> model ... -> end.

The model is anything with `invoke(messages) -> AIMessage` (an OpenAI-compatible chat model with
tools bound, the offline planner's chat-model-like backend, or a scripted fake in tests). The tool
node validates and runs the calls through `signbridge.tools.agent_tools.run_tool` and records every call as a
`Step`. langgraph is imported when a graph is built, not when this module is imported.
"""

# no `from __future__ import annotations`: langgraph reads the State annotations at run time
import operator
from dataclasses import dataclass
from typing import Annotated, Literal, TypedDict

from signbridge.tools.agent_tools import ToolContext, ToolOutput, run_tool

MAX_TOOL_ROUNDS = 4  # model turns that may call tools before the loop is cut


@dataclass
class Step:
    """One tool call as run: validated arguments and its output (ok/error, data, artifacts)."""

    tool: str
    args: dict
    output: ToolOutput

    @property
    def ok(self) -> bool:
        return self.output.ok

    def to_json(self) -> dict:
        return {"tool": self.tool, "args": self.args, "ok": self.output.ok, "error": self.output.error}


def build_graph(model, ctx: ToolContext, max_tool_rounds: int = MAX_TOOL_ROUNDS):
    """Compile the agent graph for one chat model and one tool context."""
    from langchain_core.messages import AIMessage, ToolMessage
    from langgraph.graph import END, START, StateGraph
    from langgraph.graph.message import add_messages

    class State(TypedDict):
        messages: Annotated[list, add_messages]
        steps: Annotated[list[Step], operator.add]

    # --- model node: the chat model reads the conversation and answers or calls tools
    def call_model(state: State) -> dict:
        response = model.invoke(state["messages"])
        return {"messages": [response]}

    # --- tool node: validate and run each requested call; results go back as tool messages
    def call_tools(state: State) -> dict:
        last = state["messages"][-1]
        messages, steps = [], []
        for call in last.tool_calls:
            args, output = run_tool(call["name"], call.get("args") or {}, ctx)
            steps.append(Step(call["name"], args, output))
            messages.append(ToolMessage(content=output.for_model(), tool_call_id=call["id"], name=call["name"],
                                        status="success" if output.ok else "error"))
        return {"messages": messages, "steps": steps}

    # --- router: tools while the model asks for them (at most max_tool_rounds turns), else end
    def route_model_output(state: State) -> Literal["tools", "__end__"]:
        last = state["messages"][-1]
        if not isinstance(last, AIMessage) or not last.tool_calls:
            return "__end__"
        rounds = sum(1 for m in state["messages"] if isinstance(m, AIMessage) and m.tool_calls)
        return "tools" if rounds <= max_tool_rounds else "__end__"

    # --- edges
    builder = StateGraph(State)
    builder.add_node("model", call_model)
    builder.add_node("tools", call_tools)
    builder.add_edge(START, "model")
    builder.add_conditional_edges("model", route_model_output, {"tools": "tools", "__end__": END})
    builder.add_edge("tools", "model")
    return builder.compile(name="signbridge-agent")


def run_graph(model, ctx: ToolContext, messages: list, max_tool_rounds: int = MAX_TOOL_ROUNDS) -> tuple[list, list[Step]]:
    """Run the graph to the end: (all messages, steps in order)."""
    graph = build_graph(model, ctx, max_tool_rounds)
    state = graph.invoke({"messages": messages, "steps": []}, {"recursion_limit": 4 * max_tool_rounds + 4})
    return state["messages"], state["steps"]
