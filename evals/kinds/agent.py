"""`agent` cases: `signbridge.agents.service.ask(prompt, settings, backend=..., out_dir=...)`, as `signbridge ask`.

Checks: intent, language, text, tools, steps_ok, answer_contains, artifacts, coverage_sources.
Metrics: steps, failed_steps, artifacts, answer_chars.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from signbridge.evals.kinds.base import capability, Check, Kind, Outcome, RunContext, as_list, check_coverage_sources, check_language, check_text, norm_text, to_json


class AgentInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    prompt: str = Field(min_length=1, description="what the user asks, in any language")
    backend: str = Field(default="offline", description="offline (rule-based planner) or openai (an LLM endpoint)")


class AgentKind(Kind):
    name = "agent"
    Input = AgentInput
    EXPECT = frozenset({"intent", "language", "text", "tools", "steps_ok", "answer_contains", "artifacts", "coverage_sources"})
    METRICS = frozenset({"steps", "failed_steps", "artifacts", "answer_chars"})

    def run(self, inp: AgentInput, ctx: RunContext) -> Outcome:
        with capability(self.name):
            from signbridge.agents.service import ask
        result = ask(inp.prompt, ctx.settings, backend=inp.backend, out_dir=ctx.out_dir, kb=ctx.knowledge)
        output = to_json(result)
        steps = output.get("steps") or []
        measurements = {
            "steps": float(len(steps)),
            "failed_steps": float(sum(not s.get("ok", False) for s in steps)),
            "artifacts": float(len(output.get("artifacts") or [])),
            "answer_chars": float(len(output.get("answer") or "")),
        }
        return Outcome(output=output, measurements=measurements, language=output.get("language"))

    def check(self, expect, outcome: Outcome) -> list[Check]:
        out = outcome.output
        steps = out.get("steps") or []
        checks = []
        if expect.intent is not None:
            checks.append(Check("intent", out.get("intent") in as_list(expect.intent), expect.intent, out.get("intent")))
        if expect.language is not None:
            checks.append(check_language(expect.language, out.get("language")))
        if expect.text is not None:
            checks.append(check_text("text", expect.text, out.get("text")))
        if expect.tools is not None:
            used = [s.get("tool") for s in steps]
            checks.append(Check("tools", all(t in used for t in expect.tools), expect.tools, used))
        if expect.steps_ok is not None:
            failed = [f"{s.get('tool')}: {s.get('error')}" for s in steps if not s.get("ok", False)]
            checks.append(Check("steps_ok", (not failed) == expect.steps_ok, expect.steps_ok, failed or "all ok"))
        if expect.answer_contains is not None:
            answer = norm_text(out.get("answer"))
            missing = [w for w in expect.answer_contains if norm_text(w) not in answer]
            checks.append(Check("answer_contains", not missing, expect.answer_contains, {"missing": missing}))
        if expect.artifacts is not None:
            kinds = [a.get("kind") for a in out.get("artifacts") or []]
            checks.append(Check("artifacts", all(k in kinds for k in expect.artifacts), expect.artifacts, kinds))
        if expect.coverage_sources is not None:
            checks.append(check_coverage_sources(expect.coverage_sources, out.get("coverage") or []))
        return checks
