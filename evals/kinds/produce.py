"""`produce` cases: `signbridge.tools.production.produce(text, language, settings, glosser=..., out=..., kb=...)`, as
`signbridge produce`.

Checks: min_frames, coverage_sources, language; always: the .pose file it reports exists and reads
back with the reported frame count and finite coordinates.
Metrics: frames, fps, duration_s, tokens, missing_tokens, fingerspelled_fraction, lexicon_fraction,
generated_fraction, finite_fraction.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from signbridge.evals.kinds.base import capability, Check, Kind, Outcome, RunContext, check_coverage_sources, check_language, input_language, to_json


class ProduceInput(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, description="spoken-language text to sign")
    language: str = Field(description="sign language (code, alias or name)")
    glosser: str = Field(default="simple", description="text-to-gloss backend")


def _read_pose_stats(path: Path) -> dict[str, float]:
    """Frames and the fraction of finite coordinates of a written .pose file."""
    import numpy as np
    from pose_format import Pose

    with open(path, "rb") as f:
        pose = Pose.read(f.read())
    data = np.asarray(pose.body.data.filled(0) if hasattr(pose.body.data, "filled") else pose.body.data)  # (frames, people, points, dims)
    return {"pose_frames": float(data.shape[0]), "finite_fraction": float(np.isfinite(data).mean()) if data.size else 0.0}


class ProduceKind(Kind):
    name = "produce"
    Input = ProduceInput
    EXPECT = frozenset({"min_frames", "coverage_sources", "language"})
    METRICS = frozenset({"frames", "fps", "duration_s", "tokens", "missing_tokens", "fingerspelled_fraction",
                         "lexicon_fraction", "generated_fraction", "finite_fraction"})

    def run(self, inp: ProduceInput, ctx: RunContext) -> Outcome:
        with capability(self.name):
            from signbridge.tools.production import produce
        language = input_language(inp.language)
        safe = re.sub(r"[^\w-]+", "_", f"{language}-{inp.text}")[:60]
        out = ctx.out_dir / f"{safe}.pose"
        result = produce(inp.text, language, ctx.settings, glosser=inp.glosser, out=out, kb=ctx.kb)
        output = to_json(result)
        coverage = output.get("coverage") or []
        sources = [c.get("source") for c in coverage]
        n = max(1, len(coverage))
        frames = float(output.get("frames") or 0)
        fps = float(output.get("fps") or 0)
        measurements = {
            "frames": frames,
            "fps": fps,
            "duration_s": frames / fps if fps else 0.0,
            "tokens": float(len(coverage)),
            "missing_tokens": float(sources.count("missing")),
            "fingerspelled_fraction": sources.count("fingerspelling") / n,
            "lexicon_fraction": sources.count("lexicon") / n,
            "generated_fraction": sources.count("generated") / n,
        }
        pose_path = output.get("pose")
        if pose_path and Path(pose_path).exists():
            stats = _read_pose_stats(Path(pose_path))
            measurements["finite_fraction"] = stats["finite_fraction"]
            output["_pose_frames_read"] = int(stats["pose_frames"])
        return Outcome(output=output, measurements=measurements, language=output.get("language") or language)

    def check(self, expect, outcome: Outcome) -> list[Check]:
        out = outcome.output
        checks = []
        pose_path = out.get("pose")
        if pose_path:
            read = out.get("_pose_frames_read")
            ok = read is not None and read == int(out.get("frames") or 0) and outcome.measurements.get("finite_fraction", 0) == 1.0
            checks.append(Check("pose_file", ok, f"{out.get('frames')} finite frames",
                                "missing file" if read is None else f"{read} frames, finite={outcome.measurements.get('finite_fraction'):.3f}"))
        if expect.min_frames is not None:
            checks.append(Check("min_frames", (out.get("frames") or 0) >= expect.min_frames, f">= {expect.min_frames}", out.get("frames")))
        if expect.coverage_sources is not None:
            checks.append(check_coverage_sources(expect.coverage_sources, out.get("coverage") or []))
        if expect.language is not None:
            checks.append(check_language(expect.language, out.get("language")))
        return checks
