"""`describe` cases: `signbridge.tools.describe.describe(word, language, settings, backend=..., kb=...)`, as
`signbridge describe`.

Checks: grounded, has_parts, parts_empty, notation (of the first source), text (the gloss), language.
Metrics: parts_filled, sources, grounded (1/0; the suite mean is the grounding rate).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from signbridge.evals.kinds.base import capability, as_list, Check, Kind, Outcome, RunContext, check_language, check_text, input_language, to_json

PARTS = ("right_hand", "left_hand", "face", "mouth", "body", "movement")


class DescribeInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    word: str = Field(min_length=1, description="the word to describe")
    language: str = Field(description="sign language (code, alias or name)")
    backend: str = Field(default="offline", description="offline (rule-based from HamNoSys/SignWriting) or openai")


class DescribeKind(Kind):
    name = "describe"
    Input = DescribeInput
    EXPECT = frozenset({"grounded", "has_parts", "parts_empty", "notation", "text", "language"})
    METRICS = frozenset({"parts_filled", "sources", "grounded"})

    def run(self, inp: DescribeInput, ctx: RunContext) -> Outcome:
        with capability(self.name):
            from signbridge.tools.describe import describe
        language = input_language(inp.language)
        result = describe(inp.word, language, ctx.settings, backend=inp.backend, kb=ctx.kb)
        output = to_json(result)
        parts = output.get("parts") or {}
        measurements = {
            "parts_filled": float(sum(bool(parts.get(p)) for p in PARTS)),
            "sources": float(len(output.get("sources") or [])),
            "grounded": 1.0 if output.get("grounded") else 0.0,  # its suite mean is the grounding rate
        }
        return Outcome(output=output, measurements=measurements, language=output.get("language") or language)

    def check(self, expect, outcome: Outcome) -> list[Check]:
        out = outcome.output
        checks = []
        if expect.grounded is not None:
            checks.append(Check("grounded", bool(out.get("grounded")) == expect.grounded, expect.grounded, out.get("grounded")))
        if expect.has_parts is not None:
            parts = out.get("parts") or {}
            empty = [p for p in expect.has_parts if not parts.get(p)]
            checks.append(Check("has_parts", not empty, expect.has_parts, {"empty": empty}))
        if expect.parts_empty is not None:
            parts = out.get("parts") or {}
            filled = [p for p in PARTS if parts.get(p)]
            checks.append(Check("parts_empty", (not filled) == expect.parts_empty, expect.parts_empty, {"filled": filled}))
        if expect.notation is not None:
            sources = out.get("sources") or []
            first = sources[0].get("notation") if sources else None
            checks.append(Check("notation", first in as_list(expect.notation), expect.notation, first))
        if expect.text is not None:
            checks.append(check_text("text", expect.text, out.get("gloss")))
        if expect.language is not None:
            checks.append(check_language(expect.language, out.get("language")))
        return checks
