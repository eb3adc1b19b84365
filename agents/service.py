"""`ask()`: one request through the agent graph, as `signbridge ask` and `signbridge chat` run it.

>>> from signbridge.knowledge.settings import Settings
>>> result = ask("what's the weather?", Settings(), backend="offline")
>>> result.intent, result.steps
('unsupported', [])
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from signbridge.agents.graph import Step
from signbridge.agents.planner import Understanding, understand
from signbridge.knowledge.errors import InputError, NotConfiguredError
from signbridge.knowledge.settings import Settings

MAX_PROMPT_CHARS = 2000
# which intent a tool call stands for (the openai backend reports intent through its calls)
_TOOL_INTENT = {"produce_sign": "sign", "fingerspell": "fingerspell", "lookup_sign": "lookup",
                "describe_sign": "describe", "translate_sign": "translate", "recognize_sign": "recognize",
                "list_languages": "languages"}


@dataclass
class AskResult:
    prompt: str
    answer: str
    understanding: Understanding
    steps: list[Step]
    backend: str  # "offline" or "openai" (or a test model's name)
    notes: list[str] = field(default_factory=list)

    @property
    def intent(self) -> str:
        return self.understanding.intent

    @property
    def language(self) -> str | None:
        return self.understanding.language

    @property
    def text(self) -> str | None:
        return self.understanding.text

    @property
    def artifacts(self) -> list[dict]:
        return [a.to_json() for s in self.steps for a in s.output.artifacts]

    @property
    def coverage(self) -> list[dict]:
        return [item for s in self.steps for item in s.output.coverage]

    def to_json(self) -> dict:
        """The PRODUCT.md `ask --json` shape, plus backend, notes and each step's data."""
        u = self.understanding
        return {
            "answer": self.answer,
            "intent": u.intent,
            "language": u.language,
            "text": u.text,
            "steps": [s.to_json() for s in self.steps],
            "artifacts": self.artifacts,
            "coverage": self.coverage,
            "backend": self.backend,
            "language_assumed": u.language_assumed,
            "notes": list(dict.fromkeys([*u.notes, *self.notes])),
            "results": [{"tool": s.tool, "data": s.output.data} for s in self.steps],
        }


def _understanding_from_calls(prompt: str, steps: list[Step], previous: Understanding | None) -> Understanding:
    """With an LLM, the intent/language/text are what its tool calls asked for (else the planner's reading)."""
    planned = understand(prompt, previous)
    if not steps:  # the model answered in words (help, refusal, a question back): the planner's reading
        return replace(planned, notes=[])
    intents = [_TOOL_INTENT.get(s.tool) for s in steps]
    intent = next((i for i in ("sign", "fingerspell", "describe", "translate", "recognize", "lookup", "languages")
                   if i in intents), planned.intent)
    main = next((s for s in steps if _TOOL_INTENT.get(s.tool) == intent), steps[0])
    args = main.args
    text = args.get("text") or args.get("word") or args.get("query") if intent != "languages" else None
    language = args.get("language") or (args.get("query") if intent == "languages" else None)
    if language:
        try:
            from signbridge.knowledge.languages import resolve

            language = resolve(language).code
        except Exception:
            pass
    return Understanding(intent=intent, language=language, text=text, input_path=args.get("path"))


def _is_endpoint_error(error: Exception) -> bool:
    """An error of the OpenAI-compatible endpoint (unreachable, timeout, HTTP error), not of our code."""
    try:
        import openai
    except ImportError:  # pragma: no cover - the openai backend needs it anyway
        return False
    return isinstance(error, openai.APIError)


def _run_offline(prompt: str, previous: Understanding | None, ctx) -> tuple[Understanding, list[Step]]:
    """The offline planner's calls, run in order: what the graph would do with it, without langgraph
    (1 s of imports per process)."""
    from signbridge.agents.planner import plan, understand
    from signbridge.tools.agent_tools import run_tool

    understanding = understand(prompt, previous)
    steps = []
    for call in plan(understanding):
        args, output = run_tool(call.tool, call.args, ctx)
        steps.append(Step(call.tool, args, output))
    return understanding, steps


def ask(prompt: str, settings: Settings, backend=None, out_dir: str | Path | None = None,
        history: list[AskResult] | None = None) -> AskResult:
    """Answer one request. `backend`: "offline", "openai", None (auto), or a chat model object (tests)."""
    from signbridge.agents.answer import compose
    from signbridge.agents.backends import select_backend
    from signbridge.tools.agent_tools import ToolContext

    prompt = (prompt or "").strip()
    if not prompt:
        raise InputError("empty request: ask something, e.g. signbridge ask \"how do I sign 'thank you' in DGS?\"")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise InputError(f"request too long ({len(prompt)} characters, limit {MAX_PROMPT_CHARS})")
    if out_dir is not None:
        settings = settings.with_(out_dir=Path(out_dir))
    previous = history[-1].understanding if history else None
    notes: list[str] = []

    if backend is None or isinstance(backend, str):
        choice = select_backend(backend, settings)
        name, notes = choice.name, list(choice.notes)
        if name == "offline":  # rules, no model: plan and run the calls directly (no graph, no langchain import)
            understanding, steps = _run_offline(prompt, previous, ToolContext(settings))
            answer = compose(understanding, steps, name, notes, None)
            return AskResult(prompt=prompt, answer=answer, understanding=understanding, steps=steps, backend=name,
                             notes=notes)
        else:
            from signbridge.agents.backends.openai import make_chat_model

            model = make_chat_model(settings)
    else:
        model, name = backend, getattr(backend, "name", type(backend).__name__)

    ctx = ToolContext(settings, llm=name == "openai")
    from langchain_core.messages import AIMessage, HumanMessage, SystemMessage

    from signbridge.agents.graph import run_graph

    messages: list = []
    if name != "offline":
        from signbridge.agents.backends.openai import SYSTEM_PROMPT

        messages.append(SystemMessage(SYSTEM_PROMPT))
        for turn in history or []:
            messages += [HumanMessage(turn.prompt), AIMessage(turn.answer)]
    messages.append(HumanMessage(prompt))

    try:
        all_messages, steps = run_graph(model, ctx, messages)
    except Exception as error:
        if name != "openai" or not _is_endpoint_error(error):
            raise
        raise NotConfiguredError(
            f"the LLM endpoint {settings.llm_base_url} failed ({type(error).__name__}: {error}); check it is running "
            f"and serves '{settings.llm_model}', or use --backend offline") from error

    if getattr(model, "understanding", None) is not None:
        understanding = model.understanding
        model_text = None
    else:
        understanding = _understanding_from_calls(prompt, steps, previous)
        final = all_messages[-1]
        model_text = final.content if isinstance(final, AIMessage) and isinstance(final.content, str) else None
    answer = compose(understanding, steps, name, notes, model_text)
    return AskResult(prompt=prompt, answer=answer, understanding=understanding, steps=steps, backend=name, notes=notes)
