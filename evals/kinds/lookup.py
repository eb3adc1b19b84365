"""`lookup` cases: `signbridge.knowledge.lookup.lookup(query, language, k, settings=..., kb=...)`, as `signbridge lookup`.

Checks: top1 (best hit's gloss, and it must be confident), in_top_k, not_confident, language.
Metrics: hits, confident_hits, top_score, and when a gloss is expected: rank, reciprocal_rank,
recall_at_k (their means over a suite are MRR and recall@k).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from signbridge.models import metrics
from signbridge.evals.kinds.base import capability, Check, Kind, Outcome, RunContext, as_list, check_language, input_language, norm_text, to_json


class LookupInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    query: str = Field(min_length=1, description="what the user types")
    language: str | None = Field(default=None, description="sign language (code, alias or name); omit for all")
    k: int = Field(default=5, ge=1, le=100, description="number of hits")


class LookupKind(Kind):
    name = "lookup"
    Input = LookupInput
    EXPECT = frozenset({"top1", "in_top_k", "not_confident", "language"})
    METRICS = frozenset({"hits", "confident_hits", "top_score", "rank", "reciprocal_rank", "recall_at_k"})

    def run(self, inp: LookupInput, ctx: RunContext) -> Outcome:
        with capability(self.name):
            from signbridge.knowledge.lookup import lookup
        language = input_language(inp.language) if inp.language else None
        result = lookup(inp.query, language, inp.k, settings=ctx.settings, kb=ctx.kb)
        output = to_json(result)
        hits = output.get("hits") or []
        measurements = {
            "hits": float(len(hits)),
            "confident_hits": float(sum(bool(h.get("confident")) for h in hits)),
            "top_score": float(hits[0].get("score", 0.0)) if hits else 0.0,
        }
        return Outcome(output=output, measurements=measurements, language=output.get("language") or language)

    def check(self, expect, outcome: Outcome) -> list[Check]:
        hits = outcome.output.get("hits") or []
        glosses = [norm_text(h.get("gloss")) for h in hits]
        checks = []
        if expect.top1 is not None:
            wanted = {norm_text(g) for g in as_list(expect.top1)}
            top = hits[0] if hits else {}
            ok = bool(hits) and glosses[0] in wanted and bool(top.get("confident"))
            actual = f"{top.get('gloss')} (confident={top.get('confident')})" if hits else "no hits"
            checks.append(Check("top1", ok, expect.top1, actual))
        if expect.in_top_k is not None:
            wanted = {norm_text(g) for g in as_list(expect.in_top_k)}
            checks.append(Check("in_top_k", bool(wanted & set(glosses)), expect.in_top_k, [h.get("gloss") for h in hits]))
        target = expect.top1 if expect.top1 is not None else expect.in_top_k
        if target is not None:
            wanted = {norm_text(g) for g in as_list(target)}
            rr = metrics.reciprocal_rank(glosses, wanted)
            outcome.measurements["reciprocal_rank"] = rr
            outcome.measurements["rank"] = float(round(1 / rr)) if rr else 0.0
            outcome.measurements["recall_at_k"] = metrics.recall_at_k([glosses], [wanted], k=max(1, len(glosses)))
        if expect.not_confident is not None:
            confident = [h.get("gloss") for h in hits if h.get("confident")]
            ok = (not confident) if expect.not_confident else bool(hits and hits[0].get("confident"))
            checks.append(Check("not_confident", ok, expect.not_confident, {"confident_hits": confident}))
        if expect.language is not None:
            checks.append(check_language(expect.language, outcome.output.get("language")))
        return checks
