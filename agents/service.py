"""`ask()`: one request through the agent graph, as `signbridge ask` and `signbridge chat` run it.

>>> from signbridge.knowledge.settings import Settings
>>> result = ask("what's the weather?", Settings(), backend="offline")
>>> result.intent, result.steps
('unsupported', [])
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from signbridge.agents.planner import Understanding, plan, understand
from signbridge.agents.steps import Step, Trace
from signbridge.knowledge.errors import InputError, NotConfiguredError
from signbridge.knowledge.settings import Settings

MAX_PROMPT_CHARS = 2000


@dataclass
class AskResult:
    prompt: str
    answer: str
    understanding: Understanding
    steps: list[Step]
    backend: str  # offline, local, openai, hybrid (or a test model's name)
    notes: list[str] = field(default_factory=list)
    trace: Trace = field(default_factory=Trace)
    decided_by: dict = field(default_factory=dict)  # intent/language/text -> "planner" or "model"

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
        """The PRODUCT.md `ask --json` shape, plus backend, provenance, notes and each step's data."""
        u = self.understanding
        return {
            "answer": self.answer,
            "intent": u.intent,
            "language": u.language,
            "text": u.text,
            "decided_by": self.decided_by,
            "steps": [s.to_json() for s in self.steps],
            "rejected": [r.to_json() for r in self.trace.rejections],
            "fallback": self.trace.fallback,
            "model_text": self.trace.model_text or None,
            "artifacts": self.artifacts,
            "coverage": self.coverage,
            "backend": self.backend,
            "language_assumed": u.language_assumed,
            "notes": list(dict.fromkeys([*u.notes, *self.notes, *self.trace.notes])),
            "seconds": round(self.trace.seconds, 2),
            "results": [{"tool": s.tool, "data": s.output.data} for s in self.steps],
        }


def understanding_from_steps(planned: Understanding, steps: list[Step]) -> tuple[Understanding, dict]:
    """Intent/language/text as the steps that ran asked for, and who decided each (the planner's reading
    when nothing ran). The text is always the user's words: a translation is recorded on its step."""
    from signbridge.agents.registry import INTENT_ORDER, intent_of

    if not steps:
        return planned, {"intent": "planner", "language": "planner", "text": "planner"}
    intents = [intent_of(s.tool) for s in steps]
    intent = next((i for i in INTENT_ORDER if i in intents), planned.intent)
    main = next(s for s in steps if intent_of(s.tool) == intent)
    args = main.args
    if intent == "languages":
        language, text = args.get("query"), None
    else:
        language = args.get("language")
        text = main.translation.source if main.translation else args.get("text") or args.get("word") or args.get("query")
    assumed = planned.language_assumed and language == planned.language and main.decided_by == "planner"
    u = replace(planned, intent=intent, language=language, text=text, language_assumed=assumed,
                input_path=args.get("path"), notes=planned.notes if main.decided_by == "planner" else [])
    return u, {"intent": main.decided_by, "language": main.decided_by, "text": main.decided_by}


def _run_offline(reading: Understanding, ctx) -> list[Step]:
    """The offline planner's calls, run in order: what the graph does without a model, without importing
    langgraph (1 s of imports per process)."""
    from signbridge.agents.registry import intent_of
    from signbridge.tools.agent_tools import run_tool

    steps = []
    for call in plan(reading):
        args, output = run_tool(call.tool, call.args, ctx)
        steps.append(Step(call.tool, args, output, "planner", None, intent_of(call.tool)))
    return steps


def ask(prompt: str, settings: Settings, backend=None, out_dir: str | Path | None = None,
        history: list[AskResult] | None = None, model=None, kb=None) -> AskResult:
    """Answer one request. `backend`: offline, local, openai, hybrid, None (auto), or a ChatBackend object
    (tests); `model`: the ChatBackend to use for local/openai/hybrid instead of building one; `kb`: the
    knowledge base or the caller's `KnowledgeHandle` (a `chat` process keeps one for all its turns; default:
    this request opens one if a tool needs it)."""
    from signbridge.agents.reply import compose
    from signbridge.agents.backends import make_model, select_backend
    from signbridge.tools.agent_tools import ToolContext

    prompt = (prompt or "").strip()
    if not prompt:
        raise InputError("empty request: ask something, e.g. signbridge ask \"how do I sign 'thank you' in DGS?\"")
    if any("\ud800" <= c <= "\udfff" for c in prompt):  # undecodable bytes from the terminal (surrogateescape)
        raise InputError("the request is not valid UTF-8 text: check the terminal's encoding")
    if len(prompt) > MAX_PROMPT_CHARS:
        raise InputError(f"request too long ({len(prompt)} characters, limit {MAX_PROMPT_CHARS})")
    if out_dir is not None:
        settings = settings.with_(out_dir=Path(out_dir))
    previous = history[-1].understanding if history else None
    reading = understand(prompt, previous)
    notes: list[str] = []

    if backend is None or isinstance(backend, str):
        choice = select_backend(backend, settings)
        name, notes = choice.name, list(choice.notes)
        if model is None:
            model = make_model(name, settings)
    else:
        model, name = backend, backend.name

    ctx = ToolContext(settings, llm=name == "openai" or name == "hybrid" and settings.llm_configured, knowledge=kb)
    if model is None:  # rules, no model: the planner's calls run directly (same steps, no graph import)
        steps = _run_offline(reading, ctx)
        understanding, decided_by = understanding_from_steps(reading, steps)
        return AskResult(prompt=prompt, answer=compose(understanding, steps, name, notes, Trace()),
                         understanding=understanding, steps=steps, backend=name, notes=notes, decided_by=decided_by)
    from signbridge.agents.graph import Run, run_graph
    from signbridge.agents.registry import tool_intents
    from signbridge.agents.router import confident, cross_lingual, sign_order

    hybrid = name == "hybrid"
    run = Run(ctx=ctx, planned=plan(reading), user_texts=[*(t.prompt for t in history or []), prompt],
              start_with_model=not (hybrid and confident(reading, prompt)), model=model, final_turn=bool(model.final_turn),
              translate=(lambda pending, r: sign_order(cross_lingual(pending, r, reading), r)) if hybrid else None,
              intent=reading.intent if hybrid and reading.intent in tool_intents() else None,
              seconds=settings.llm_request_seconds, calls_per_turn=settings.llm_calls_per_turn,
              max_calls=settings.llm_max_calls)
    from signbridge.agents.backends.openai import SYSTEM_PROMPT

    messages: list[dict] = [{"role": "system", "content": SYSTEM_PROMPT}]
    for turn in history or []:
        messages += [{"role": "user", "content": turn.prompt}, {"role": "assistant", "content": turn.answer}]
    messages.append({"role": "user", "content": prompt})

    try:
        _, steps = run_graph(run, messages)
    except Exception as error:
        from signbridge.agents.backends.openai import is_endpoint_error

        if not is_endpoint_error(error):
            raise
        raise NotConfiguredError(
            f"the LLM endpoint {settings.llm_base_url} failed ({type(error).__name__}: {str(error)[:160]}); check it is "
            f"running and serves '{settings.llm_model}', or use --backend offline") from error

    understanding, decided_by = understanding_from_steps(reading, steps)
    answer = compose(understanding, steps, name, notes, run.trace)
    return AskResult(prompt=prompt, answer=answer, understanding=understanding, steps=steps, backend=name,
                     notes=notes, trace=run.trace, decided_by=decided_by)
