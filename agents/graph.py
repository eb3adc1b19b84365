"""The agent loop as one LangGraph graph, compiled once per process.

    START -> plan ----(planner reads it with confidence / offline)----> act -> END
               \\--(model backends, or the planner is unsure)--> model -> act -> model ... -> END
    model/act -> fallback (the model's calls were refused twice, or its answer was unusable) -> act -> END

`plan` holds the rule-based planner's calls; `model` asks the language model (any `ChatBackend`) for
tool calls; `act` grounds each model call (`signbridge.agents.grounding`), refuses what is not grounded
(the reason goes back to the model: one repair round), never runs an identical call twice, enforces the
per-turn and per-request call caps and the request's wall time, and runs the rest. Every step records
who decided it. The per-request objects (model, tool context, planner reading, budget) travel in the
run config, so the compiled graph is shared.
"""

# no `from __future__ import annotations`: langgraph reads the State annotations at run time
import json
import operator
import time
from dataclasses import dataclass, field
from typing import Annotated, Any, TypedDict

from signbridge.agents.backends.base import ModelError, RawCall, clean_model_text
from signbridge.agents.grounding import Grounded, ground
from signbridge.agents.registry import intent_of
from signbridge.agents.steps import GlossOrder, Rejection, Step, Trace, Translation
from signbridge.tools.agent_tools import ToolContext, ToolOutput, run_tool

MAX_TOOL_ROUNDS = 4  # model turns that may call tools before the loop is cut
REPAIR_ROUNDS = 1  # turns a model gets to correct refused calls before the planner's reading is used


@dataclass
class Pending:
    call: RawCall
    decided_by: str  # "planner" or "model"
    translation: Translation | None = None
    gloss_order: GlossOrder | None = None


@dataclass
class Run:
    """One request's run-time objects (not graph state: the graph is compiled once)."""

    ctx: ToolContext
    planned: list  # the planner's calls (PlannedCall) for the latest request
    user_texts: list[str]  # the user's messages, for grounding
    start_with_model: bool
    model: Any = None  # a ChatBackend, or None (offline)
    final_turn: bool = True  # after tools ran, ask the model again for its words
    translate: Any = None  # hybrid: callable(planned calls, run) -> planned calls with translations, gloss order
    intent: str | None = None  # hybrid: the intent the planner read; a model call for another intent is refused
    seconds: float = 120.0
    calls_per_turn: int = 4
    max_calls: int = 8
    trace: Trace = field(default_factory=Trace)
    started: float = field(default_factory=time.monotonic)
    ran: dict = field(default_factory=dict)  # call key -> output (identical calls run once)
    calls_run: int = 0
    rounds: int = 0
    repairs: int = 0

    def remaining(self) -> float:
        return self.seconds - (time.monotonic() - self.started)


class State(TypedDict):
    messages: Annotated[list, operator.add]  # OpenAI-format chat messages (dicts)
    steps: Annotated[list, operator.add]
    pending: list  # Pending calls for `act`
    route: str  # where `act`/`model` go next


def _run(config) -> Run:
    return config["configurable"]["run"]


def _planned(run: Run) -> list[Pending]:
    return [Pending(RawCall(f"plan_{i}", c.tool, dict(c.args)), "planner") for i, c in enumerate(run.planned)]


# --- plan: the planner's calls (offline, or a confident hybrid reading), else hand over to the model
def plan_node(state: State, config) -> dict:
    run = _run(config)
    if run.start_with_model:
        return {"pending": [], "route": "model"}
    pending = _planned(run)
    if run.translate is not None:
        pending = run.translate(pending, run)
    return {"pending": pending, "route": "act"}


# --- model: one model turn; its calls wait for `act`, its words are kept (unchecked) in the trace
def model_node(state: State, config) -> dict:
    run = _run(config)
    if run.remaining() <= 1.0:
        run.trace.notes.append(f"the request's time bound ({run.seconds:.0f} s) ran out before the model answered")
        return {"pending": [], "route": _fallback_or_end(run, state, "the model ran out of time")}
    began = time.monotonic()
    try:
        turn = run.model.complete(state["messages"], _schemas(), run.remaining())
    except ModelError as error:
        run.trace.model_seconds += time.monotonic() - began
        return {"pending": [], "route": _fallback_or_end(run, state, f"the model's answer was unusable ({error})")}
    except Exception as error:
        from signbridge.agents.backends.openai import is_endpoint_error

        if not is_endpoint_error(error) or not state["steps"]:
            raise
        run.trace.notes.append(f"the LLM endpoint failed mid-request ({type(error).__name__}); the steps that ran are kept")
        return {"pending": [], "route": "end"}
    run.trace.model_turns += 1
    run.trace.model_seconds += time.monotonic() - began
    text = clean_model_text(turn.content)
    if text:
        run.trace.model_text = text
    calls = turn.calls
    message = {"role": "assistant", "content": turn.content or "",
               "tool_calls": [{"id": c.id, "name": c.name, "args": c.args} for c in calls]}
    if not calls:
        return {"messages": [message], "pending": [],
                "route": _fallback_or_end(run, state, "the model answered without calling a tool")}
    run.rounds += 1
    return {"messages": [message], "pending": [Pending(c, "model") for c in calls], "route": "act"}


def _fallback_or_end(run: Run, state: State, reason: str) -> str:
    """The planner's reading replaces the model's when nothing useful ran and the planner has calls."""
    if run.planned and not any(s.ok for s in state["steps"]):
        run.trace.fallback = f"{reason}; used the offline planner's reading instead"
        return "fallback"
    return "end"


def _key(tool: str, args: dict) -> str:
    return tool + json.dumps(args, sort_keys=True, ensure_ascii=False, default=str)


# --- act: ground, cap, de-duplicate and run the pending calls
def act_node(state: State, config) -> dict:
    run = _run(config)
    messages, steps, refused = [], [], []
    for n, item in enumerate(state["pending"]):
        call = item.call
        decision: Grounded | Rejection
        if item.decided_by == "planner":
            decision = Grounded(call.name, call.args, item.translation)
        elif n >= run.calls_per_turn:
            decision = Rejection(call.name, call.args, f"too many calls in one turn (at most {run.calls_per_turn})")
        elif run.intent and intent_of(call.name) not in (None, run.intent):
            decision = Rejection(call.name, call.args, f"the request asks for '{run.intent}', not "
                                                       f"'{intent_of(call.name)}': call {_tools_for(run.intent)}")
        else:
            decision = ground(call, run.user_texts, run.ctx)
        if isinstance(decision, Grounded) and run.calls_run >= run.max_calls:
            decision = Rejection(call.name, call.args, f"the request's limit of {run.max_calls} tool calls is reached")
        if isinstance(decision, Grounded) and run.remaining() <= 0:
            decision = Rejection(call.name, call.args, f"the request's time bound ({run.seconds:.0f} s) ran out")
        if isinstance(decision, Rejection):
            run.trace.rejections.append(decision)
            refused.append(decision)
            content = json.dumps({"ok": False, "error": f"refused: {decision.reason}"}, ensure_ascii=False)
        else:
            key = _key(decision.tool, decision.args)
            if key in run.ran:
                content = json.dumps({"ok": True, "note": "identical call already ran; its result is above"})
            else:
                args, output = run_tool(decision.tool, decision.args, run.ctx)
                run.ran[key] = output
                run.calls_run += 1
                steps.append(Step(decision.tool, args, output, item.decided_by, decision.translation,
                                  intent_of(decision.tool), item.gloss_order))
                content = output.for_model()
        if item.decided_by == "model":
            messages.append({"role": "tool", "tool_call_id": call.id, "name": call.name, "content": content})
    return {"messages": messages, "steps": steps, "pending": [], "route": _after_act(run, state, steps, refused,
                                                                                   state["pending"])}


def _after_act(run: Run, state: State, new_steps: list[Step], refused: list[Rejection], pending: list) -> str:
    if not pending or pending[0].decided_by == "planner" or run.model is None:
        return "end"
    if refused and not any(s.ok for s in [*state["steps"], *new_steps]):
        if run.repairs < REPAIR_ROUNDS and run.remaining() > 1.0:
            run.repairs += 1
            return "model"
        return _fallback_or_end(run, {**state, "steps": [*state["steps"], *new_steps]},
                                f"the model's calls were refused ({refused[-1].reason})")
    if run.final_turn and run.rounds < MAX_TOOL_ROUNDS and run.remaining() > 1.0:
        return "model"
    return "end"


# --- fallback: the planner's reading, said so in the answer
def fallback_node(state: State, config) -> dict:
    return {"pending": _planned(_run(config)), "route": "act"}


def _tools_for(intent: str) -> str:
    from signbridge.agents.registry import REGISTRY

    return " or ".join(name for name, spec in REGISTRY.items() if spec.intent == intent)


def _schemas() -> list[dict]:
    from signbridge.agents.registry import schemas

    return schemas()


def _next(state: State) -> str:
    return state["route"]


_GRAPH = None


def graph():
    """The compiled agent graph (built on first use, then shared by every request of the process)."""
    global _GRAPH
    if _GRAPH is None:
        from langgraph.graph import END, START, StateGraph

        builder = StateGraph(State)
        builder.add_node("plan", plan_node)
        builder.add_node("model", model_node)
        builder.add_node("act", act_node)
        builder.add_node("fallback", fallback_node)
        builder.add_edge(START, "plan")
        builder.add_conditional_edges("plan", _next, {"act": "act", "model": "model"})
        builder.add_conditional_edges("model", _next, {"act": "act", "fallback": "fallback", "end": END})
        builder.add_conditional_edges("act", _next, {"model": "model", "fallback": "fallback", "end": END})
        builder.add_edge("fallback", "act")
        _GRAPH = builder.compile(name="signbridge-agent")
    return _GRAPH


def run_graph(run: Run, messages: list[dict]) -> tuple[list[dict], list[Step]]:
    """Run one request to the end: (all messages, steps in order). The trace is in `run.trace`."""
    state = graph().invoke({"messages": messages, "steps": [], "pending": [], "route": ""},
                           {"configurable": {"run": run}, "recursion_limit": 6 * MAX_TOOL_ROUNDS + 8})
    run.trace.seconds = time.monotonic() - run.started
    return state["messages"], state["steps"]
