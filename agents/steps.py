"""What one agent request records: the steps run, the calls refused, the translations made, and who decided.

`decided_by` is "planner" (the rule-based reading) or "model" (a language model's tool call or
translation); the JSON answer and the text answer both show it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from signbridge.tools.agent_tools import ToolOutput

Decider = Literal["planner", "model"]


@dataclass
class Translation:
    """Text the model translated into the sign language's spoken language (never the user's own words)."""

    source: str  # the user's words
    target: str  # what was signed / looked up instead
    by: Decider = "model"
    candidates: int = 0  # dictionary candidates the choice was constrained to (0: not constrained)

    def line(self) -> str:
        among = f", chosen among {self.candidates} dictionary candidates" if self.candidates else ""
        return f"translated '{self.source}' → '{self.target}' (by the {self.by}{among})"

    def to_json(self) -> dict:
        return {"source": self.source, "target": self.target, "by": self.by, "candidates": self.candidates}


@dataclass
class GlossOrder:
    """Who decided a sentence's gloss order: the model (its grounded sign-language order was used) or the
    planner (the rule glosser's spoken order, kept because the model's glosses were refused or it failed)."""

    by: Decider
    proposed: list[str] = field(default_factory=list)  # the model's glosses as it wrote them
    reason: str | None = None  # why the model's order was not used

    def line(self) -> str:
        if self.by == "model":
            return f"gloss order {' '.join(self.proposed)} in sign-language word order (by the model, every gloss " \
                   "grounded in the text)"
        proposed = f" {' '.join(self.proposed)[:80]}" if self.proposed else ""
        return f"the model's gloss order{proposed} was not used ({self.reason}); the rule glosser's spoken " \
               "word order is kept (by the planner)"

    def to_json(self) -> dict:
        return {"by": self.by, "proposed": self.proposed, "reason": self.reason}


@dataclass
class Step:
    """One tool call as run: grounded arguments, its output, and who decided it."""

    tool: str
    args: dict
    output: ToolOutput
    decided_by: Decider = "planner"
    translation: Translation | None = None
    intent: str | None = None  # the request intent this tool answers (from the registry)
    gloss_order: GlossOrder | None = None  # hybrid: who decided the sentence's gloss order

    @property
    def ok(self) -> bool:
        return self.output.ok

    def to_json(self) -> dict:
        out = {"tool": self.tool, "args": self.args, "ok": self.output.ok, "error": self.output.error,
               "decided_by": self.decided_by}
        if self.translation:
            out["translation"] = self.translation.to_json()
        if self.gloss_order:
            out["gloss_order"] = self.gloss_order.to_json()
        return out


@dataclass
class Rejection:
    """A model tool call refused before it ran, and why (sent back to the model as a tool error)."""

    tool: str
    args: dict
    reason: str

    def to_json(self) -> dict:
        return {"tool": self.tool, "args": self.args, "reason": self.reason}


@dataclass
class Trace:
    """Everything a request decided besides the steps: refusals, fallback, notes, the model's words."""

    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fallback: str | None = None  # why the planner's reading replaced the model's calls
    model_text: str = ""  # the model's own words (unchecked prose)
    model_turns: int = 0
    model_seconds: float = 0.0  # time spent waiting for the model (bounded by the request's wall time)
    seconds: float = 0.0
