"""The hybrid is never worse than the planner: when the planner is unsure of a request but read its intent,
the model may fill in what is missing only with that intent's tools.

'Soletra o nome João em LGP' (a held-out case): the planner reads fingerspell + LGP but not the name. SmolLM2
answered it with a grounded call of another tool (a lookup or a produce_sign with the name), which made the
hybrid's intent wrong where the planner's was right (benchmarks/agent_backends.py). The scripted backend
below replays such a call, and the right one.
"""

import pytest

from signbridge.agents.backends.base import ModelTurn, RawCall
from signbridge.agents.service import ask

PROMPT = "Soletra o nome João em LGP"


class Scripted:
    """A ChatBackend replaying one tool call per turn (no model behind it)."""

    name = "scripted"
    final_turn = False

    def __init__(self, tool: str, args: dict):
        self.call, self.turns = RawCall("c0", tool, args), 0

    def complete(self, messages, tools, seconds):
        self.turns += 1
        return ModelTurn(calls=[self.call])


@pytest.mark.parametrize("tool, args, intent, text", [
    ("lookup_sign", {"query": "João", "language": "LGP"}, "fingerspell", None),  # refused: another intent
    ("fingerspell", {"text": "João", "language": "LGP"}, "fingerspell", "João"),  # the model fills in the name
])
def test_unsure_hybrid_keeps_the_planners_intent(settings, kb, tmp_path, monkeypatch, tool, args, intent, text):
    monkeypatch.chdir(tmp_path)
    planner = ask(PROMPT, settings, backend="offline", kb=kb)
    model = Scripted(tool, args)
    hybrid = ask(PROMPT, settings, backend="hybrid", model=model, kb=kb)
    assert (planner.intent, planner.language) == ("fingerspell", "psr")
    assert (hybrid.intent, hybrid.language, hybrid.text) == (intent, "psr", text)
    if tool == "lookup_sign":
        assert not hybrid.steps and model.turns == 2  # refused, one repair round, still refused
        assert "the request asks for 'fingerspell', not 'lookup': call fingerspell" in hybrid.trace.rejections[0].reason
    else:
        assert [s.decided_by for s in hybrid.steps] == ["model"] and not hybrid.trace.rejections
