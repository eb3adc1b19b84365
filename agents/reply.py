"""The agent's reply: the grounded summary of the steps (worded per tool by `signbridge.agents.answer`),
the model's own words labelled as unchecked, provenance (who decided each step, translations, refused
calls, the fallback), notes, files and the backend.
"""

from __future__ import annotations

from signbridge.agents.answer import HELP_TEXT, UNSUPPORTED_TEXT, recognition_lines
from signbridge.agents.planner import Understanding
from signbridge.agents.steps import Step, Trace


def summary(u: Understanding, steps: list[Step]) -> str:
    """What was found and what was not, per step, in a few sentences."""
    from signbridge.agents.registry import get_tool

    if u.intent == "help" and not steps:
        return HELP_TEXT
    if u.intent == "unsupported" and not steps:
        return UNSUPPORTED_TEXT
    lines: list[str] = []
    if not steps:
        if u.intent in ("translate", "recognize"):
            lines.append(f"Give me the video or .pose file to {u.intent}, e.g. `signbridge {u.intent} clip.mp4 --lang gsg`.")
        else:
            lines.append(f"I understood a '{u.intent}' request but found no text to work on: put it in quotes, "
                         f"e.g. how do I sign 'thank you' in DGS?")
    for step in steps:
        spec = get_tool(step.tool)
        if step.ok and spec is not None:
            lines += spec.summarise(step, u)
        elif step.intent in ("translate", "recognize") and step.output.result is not None:
            lines += recognition_lines(step, u)
        else:
            lines.append(f"{step.tool} failed: {step.output.error}")
    return "\n".join(lines)


def provenance(steps: list[Step], trace: Trace, backend: str) -> list[str]:
    """Who decided what: translations, refused model calls, the fallback, each step's decider."""
    lines = [f"Note: {s.translation.line()}." for s in steps if s.translation]
    lines += [f"Note: {s.gloss_order.line()}." for s in steps if s.gloss_order]
    if trace.rejections:
        shown = "; ".join(f"{r.tool}: {r.reason.removeprefix(r.tool + ': ')}" for r in trace.rejections[:3])
        more = f" (+{len(trace.rejections) - 3} more)" if len(trace.rejections) > 3 else ""
        lines.append(f"Refused model calls (not run): {shown}{more}.")
    if trace.fallback:
        lines.append(f"Fallback: {trace.fallback}.")
    if backend != "offline" and steps:
        lines.append("Decided by: " + ", ".join(f"{s.tool} ({s.decided_by})" for s in steps) + ".")
    return lines


def facts(u: Understanding, steps: list[Step], backend: str, notes: list[str], trace: Trace | None = None) -> str:
    """Notes (assumptions, rewritten paths, provenance), files written, and which backend ran."""
    trace = trace or Trace()
    lines = []
    seen = set()
    tool_notes = [n for s in steps if not (u.intent == "sign" and s.intent == "lookup") for n in s.output.notes]
    for note in [*u.notes, *notes, *trace.notes, *tool_notes]:
        if note and note not in seen:
            seen.add(note)
            lines.append(f"Note: {note}.".replace("..", "."))
    lines += provenance(steps, trace, backend)
    files = [a for s in steps for a in s.output.artifacts]
    if files:
        lines.append("Files: " + ", ".join(f"{a.path}" for a in files))
    labels = {"offline": "offline planner (rule-based, no LLM)", "openai": "openai-compatible LLM",
              "local": "local in-process model", "hybrid": "hybrid (planner first, model for what rules cannot do)"}
    lines.append(f"(backend: {labels.get(backend, backend)})")
    return "\n".join(lines)


def compose(u: Understanding, steps: list[Step], backend: str, notes: list[str], trace: Trace | None = None) -> str:
    """The full reply: the grounded summary of the steps, the model's own words labelled as such, the facts."""
    trace = trace or Trace()
    if trace.model_text and not steps:
        lead = f"{trace.model_text}\n(the model's own words, not checked against the dictionaries)"
    else:
        lead = summary(u, steps)
        if trace.model_text:
            lead += f"\nThe model added (unchecked): {trace.model_text}"
    return lead + "\n" + facts(u, steps, backend, notes, trace)
