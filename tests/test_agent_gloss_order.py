"""Hybrid glossing in sign-language word order: the model proposes the order, grounding decides.

The grounding and reordering run on the real DGS dictionary (the session's knowledge base). The hybrid cases
talk to a scripted FAKE chat-completions server (tests/fake_openai.py) standing in for a capable model, an
ungrounded one and a failing one; the real SmolLM2 path is in tests/test_agent_local.py.
"""

import pytest
from fake_openai import FakeOpenAI, chat_completion

from signbridge.agents.backends.base import RawCall
from signbridge.agents.grounding import ground
from signbridge.agents.service import ask
from signbridge.agents.steps import Rejection
from signbridge.knowledge.languages import get
from signbridge.tools.agent_tools import ToolContext
from signbridge.tools.glossing.order import apply_order, ground_order
from signbridge.tools.glossing.simple import text_to_gloss
from signbridge.tools.types import Gloss

DGS = get("gsg")
SENTENCE = "Ich gehe morgen zur Schule"  # spoken order: ICH GEHEN MORGEN ZUR SCHULE (rule glosser)
SHORT = "Ich gehe morgen"  # what the hybrid requests sign (a production run per request)


def test_grounded_order_uses_words_lemmas_and_dictionary_entries(kb):
    ordered = ground_order(["MORGEN", "ICH", "SCHULE", "GEHEN"], SENTENCE, DGS, kb)
    assert ordered.refused is None and ordered.positions == [2, 0, 4, 1]  # GEHEN is the lemma of "gehe"
    # a gloss that is no word of the text, no lemma and no dictionary entry for one: the whole order is refused
    assert "'HEBEL' is neither a word" in ground_order(["MORGEN", "HEBEL"], SENTENCE, DGS, kb).refused
    assert "more often than in the text" in ground_order(["ICH", "ICH"], SENTENCE, DGS, kb).refused
    assert ground_order([], SENTENCE, DGS, kb).refused
    assert ground_order(["ICH\x1b[31m"], SENTENCE, DGS, kb).refused  # control characters are not glosses


def test_apply_order_rearranges_without_adding_or_losing():
    rule = text_to_gloss(SENTENCE, DGS)
    assert [g.gloss for g in rule] == ["ICH", "GEHEN", "MORGEN", "ZUR", "SCHULE"]
    ordered = apply_order(rule, [2, 0, 4, 1])  # ZUR is not mentioned: it keeps its place
    assert [g.gloss for g in ordered] == ["MORGEN", "ICH", "SCHULE", "ZUR", "GEHEN"]
    phrase = [Gloss("GUTEN-MORGEN", "guten Morgen", "guten Morgen", position=0), Gloss("ANNA", "Anna", "Anna", "name", 2)]
    assert [g.gloss for g in apply_order(phrase, [2, 1])] == ["ANNA", "GUTEN-MORGEN"]  # a phrase ranks by its words


def test_a_model_call_with_ungrounded_glosses_is_refused(settings, kb):
    ctx = ToolContext(settings, knowledge=kb)
    prompt = f"how do I sign '{SENTENCE}' in DGS?"
    args = {"text": SENTENCE, "language": "DGS", "glosses": ["MORGEN", "HEBEL"]}
    refused = ground(RawCall("c0", "produce_sign", args), [prompt], ctx)
    assert isinstance(refused, Rejection) and "glosses: 'HEBEL'" in refused.reason
    fine = ground(RawCall("c1", "produce_sign", {**args, "glosses": ["MORGEN", "ICH"]}), [prompt], ctx)
    assert not isinstance(fine, Rejection) and fine.args["glosses"] == ["MORGEN", "ICH"]
    # fingerspelling has no word order
    spell = ground(RawCall("c2", "fingerspell", {"text": "Ich", "language": "DGS", "glosses": ["ICH"]}), [prompt], ctx)
    assert isinstance(spell, Rejection)


def _asks_order(body) -> bool:
    return "glosses for de text, in the sign language's word order" in body["messages"][0]["content"]


def _hybrid(settings, tmp_path, answer):
    """One hybrid request; the scripted server answers the gloss-order prompt with `answer`."""
    def chat(body):
        if not _asks_order(body):
            return chat_completion("")  # the dictionary lookup's own translation question: no help
        return answer if isinstance(answer, tuple) else chat_completion(answer)

    with FakeOpenAI(chat=chat) as server:
        cfg = settings.with_(llm_base_url=server.base_url, llm_model="fake-model", llm_timeout=10.0)
        result = ask(f"how do I sign '{SHORT}' in DGS?", cfg, backend="hybrid", out_dir=tmp_path / "out")
    return result, server


def _signed(data) -> list[str]:
    step = next(r for r in data["results"] if r["tool"] == "produce_sign")
    return step["data"]["glosses"]


@pytest.mark.parametrize("answer, by, signed, said", [
    ('["MORGEN", "ICH", "GEHEN"]', "model", ["MORGEN", "ICH", "GEHEN"],
     "gloss order MORGEN ICH GEHEN in sign-language word order (by the model"),
    ('["MORGEN", "HEBEL", "ICH"]', "planner", ["ICH", "GEHEN", "MORGEN"],
     "'HEBEL' is neither a word of the text nor a dictionary entry for one); the rule glosser's spoken word order"),
])
def test_hybrid_signs_in_the_models_order_only_when_grounded(settings, kb, tmp_path, monkeypatch, answer, by, signed,
                                                             said):
    monkeypatch.chdir(tmp_path)
    result, server = _hybrid(settings, tmp_path, answer)
    data = result.to_json()
    assert (data["intent"], data["language"], data["text"]) == ("sign", "gsg", SHORT)
    step = next(s for s in data["steps"] if s["tool"] == "produce_sign")
    assert step["decided_by"] == "planner" and step["gloss_order"]["by"] == by
    assert ("glosses" in step["args"]) == (by == "model")  # only a grounded order reaches the tool
    assert _signed(data) == signed
    assert said in data["answer"]
    ours = [b for b in server.bodies if _asks_order(b)]
    assert len(ours) == 1 and "tools" not in ours[0] and ours[0]["messages"][-1]["content"] == f"[gsg] {SHORT}"


@pytest.mark.parametrize("answer, reason", [
    ("Sure! In DGS you sign it like this.", "its answer was not a list of glosses"),
    ('["ICH", "GEHEN", "GEHEN"]', "'GEHEN' appears more often than in the text"),
    ((500, {"error": {"message": "boom"}}), "the model failed (InternalServerError)"),
])
def test_unusable_order_answers_keep_the_rule_order(settings, kb, answer, reason):
    """The router alone (no production run): whatever the model answers, only a grounded order reaches the call."""
    from signbridge.agents.backends.openai import OpenAIChat
    from signbridge.agents.graph import Pending, Run
    from signbridge.agents.router import sign_order

    with FakeOpenAI(chat=lambda body: answer if isinstance(answer, tuple) else chat_completion(answer)) as server:
        cfg = settings.with_(llm_base_url=server.base_url, llm_model="fake-model", llm_timeout=10.0)
        run = Run(ctx=ToolContext(cfg, knowledge=kb), planned=[], user_texts=[SENTENCE], start_with_model=False, model=OpenAIChat(cfg))
        args = {"text": SENTENCE, "language": "gsg"}
        one_word = Pending(RawCall("p1", "produce_sign", {"text": "Schule", "language": "gsg"}), "planner")
        pending = sign_order([Pending(RawCall("p0", "produce_sign", dict(args)), "planner"), one_word], run)
    assert pending[0].call.args == args and pending[0].gloss_order.by == "planner"
    assert reason in pending[0].gloss_order.reason
    assert one_word.gloss_order is None and len(server.bodies) <= 2  # one sign has no order: not asked
    assert run.trace.model_seconds > 0
