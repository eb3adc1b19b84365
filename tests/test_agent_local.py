"""The whole agent graph with a REAL model: SmolLM2-135M-Instruct in-process (`--backend local`).

The tiny model is mostly wrong (invented tool names, languages the user never named, texts the user never
wrote). What these tests prove is that nothing ungrounded runs: its bad calls are refused, it gets one repair
round, then the planner's reading is used and the answer says so, every step says who decided it, and no
request exceeds its time bound. All requests share one loaded model (the `smollm2` session fixture) and run
once per module; the tests below assert different properties of the same results.
"""

import json

import pytest

from signbridge.agents.backends.local import LocalChat, remember
from signbridge.agents.grounding import in_words, named_languages
from signbridge.agents.service import ask

PROMPTS = [
    "how do I sign thank you in DGS?",
    "fingerspell Anna in ASL",
    "look up Haus in DGS",
    "what's the weather?",
    "Wie gebärdet man Danke in DGS?",
    "describe the sign for Baum in DGS",
    "which sign languages do you support?",
    "Comment dit-on « merci » en LSF ?",
    "spell Zoe in BSL",
    "translate /etc/passwd from DGS",
]
ORDERED = "Ich gehe morgen"  # a sentence the hybrid asks the model to put in DGS word order
BOUND = 30.0  # seconds per request (Settings.llm_request_seconds): no model turn or tool call starts after it
TOOL_SLACK = 60.0  # a tool call that starts before the bound is not cut off (a first lookup opens the index)


@pytest.fixture(scope="module")
def local_settings(home, tmp_path_factory):
    from signbridge.knowledge.settings import Settings

    out = tmp_path_factory.mktemp("local-out")
    return Settings(home=home, out_dir=out, llm_max_tokens=40, llm_request_seconds=BOUND)


@pytest.fixture(scope="module")
def results(smollm2, local_settings, tmp_path_factory):
    import os

    cwd = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("local-cwd"))
    try:
        model = LocalChat(local_settings, loaded=smollm2)
        out = [ask(p, local_settings, backend="local", model=model) for p in PROMPTS]
        out.append(ask("how do I sign thank you in DGS?", local_settings, backend="hybrid", model=model))
        out.append(ask(f"how do I sign '{ORDERED}' in DGS?", local_settings, backend="hybrid", model=model))
    finally:
        os.chdir(cwd)
    return out


def test_nothing_ungrounded_ran(results):
    for r in results:
        for step in r.steps:
            if step.decided_by != "model":
                continue
            args = step.args
            named = named_languages([r.prompt])
            assert not named or args.get("language") in named or step.tool == "list_languages", (r.prompt, args)
            for field in ("text", "query", "word"):
                if field in args and step.tool != "list_languages":
                    grounded = in_words(args[field], [r.prompt])
                    assert grounded or (step.translation and in_words(step.translation.source, [r.prompt])), (r.prompt, args)
            if "path" in args:
                assert in_words(args["path"], [r.prompt])


def test_refusals_are_repaired_once_then_the_planner_decides(results):
    model_results = results[:len(PROMPTS)]
    assert any(r.trace.rejections for r in model_results)  # the tiny model is wrong, and it is caught
    for r in model_results:
        ok_by_model = [s for s in r.steps if s.ok and s.decided_by == "model"]
        if r.trace.rejections and not ok_by_model:
            assert r.trace.model_turns <= 2  # the first turn and one repair round, never more
            planner_steps = [s for s in r.steps if s.decided_by == "planner"]
            if planner_steps:
                assert r.trace.fallback and "Fallback:" in r.answer, r.prompt
        data = r.to_json()
        assert len(data["rejected"]) == len(r.trace.rejections)
    assert any(r.trace.fallback for r in model_results)


def test_every_step_and_field_says_who_decided(results):
    for r in results:
        data = json.loads(json.dumps(r.to_json(), ensure_ascii=False))
        assert data["backend"] in ("local", "hybrid")
        assert set(data["decided_by"]) == {"intent", "language", "text"}
        assert all(s["decided_by"] in ("model", "planner") for s in data["steps"])
        if data["steps"]:
            assert "Decided by:" in data["answer"]
        # the reported language is a registry code, never a model's raw string
        assert data["language"] is None or data["language"].isalpha() and len(data["language"]) == 3


def test_no_request_exceeds_its_bound(results):
    for r in results:
        assert r.trace.model_seconds <= BOUND + 3.0, (r.prompt, r.trace.model_seconds)  # generation is cut at the bound
        assert r.trace.seconds <= BOUND + TOOL_SLACK, (r.prompt, r.trace.seconds)


def test_reading_is_right_after_grounding(results):
    """Whatever the model did, the fields that reach the user are right on these plain requests."""
    by_prompt = {r.prompt: r for r in results[:len(PROMPTS)]}
    assert (by_prompt["fingerspell Anna in ASL"].intent, by_prompt["fingerspell Anna in ASL"].language) == ("fingerspell", "ase")
    assert by_prompt["look up Haus in DGS"].language == "gsg"
    assert all(s.decided_by == "planner" or not s.ok for s in by_prompt["what's the weather?"].steps) or not \
        by_prompt["what's the weather?"].steps
    passwd = by_prompt["translate /etc/passwd from DGS"]
    assert not any(s.ok for s in passwd.steps)  # confinement holds whoever decided


def test_hybrid_translation_is_a_dictionary_entry(results, local_settings):
    hybrid = results[len(PROMPTS)]
    assert hybrid.backend == "hybrid" and hybrid.text == "thank you" and hybrid.language == "gsg"
    for step in hybrid.steps:
        assert step.decided_by == "planner"  # the planner read this request with confidence
        if step.translation:  # the model's translation is one of the dictionary's entries
            from signbridge.agents.crosslingual import has_entry
            from signbridge.knowledge.store import KnowledgeBase

            assert step.translation.by == "model" and has_entry(step.translation.target, "gsg", KnowledgeBase.open(local_settings, progress=False))
            assert "translated 'thank you'" in hybrid.answer
    if not any(s.translation for s in hybrid.steps):
        assert "matched none of the retrieved entries" in hybrid.answer


def test_hybrid_gloss_order_is_the_models_only_when_grounded(results, local_settings):
    """The model proposes the sentence's DGS order; it is used only when every gloss is grounded in the text,
    else the rule order stays, and both the answer and the JSON say who decided."""
    from signbridge.knowledge.languages import get
    from signbridge.knowledge.store import KnowledgeBase
    from signbridge.tools.glossing.order import ground_order

    hybrid = results[-1]
    step = next(s for s in hybrid.steps if s.tool == "produce_sign")
    order = step.gloss_order
    assert step.decided_by == "planner" and step.ok and order is not None
    assert step.to_json()["gloss_order"]["by"] == order.by == hybrid.to_json()["steps"][-1]["gloss_order"]["by"]
    if order.by == "model":
        assert step.args["glosses"] == order.proposed
        assert ground_order(order.proposed, ORDERED, get("gsg"),
                            KnowledgeBase.open(local_settings, progress=False)).refused is None
        assert "(by the model, every gloss grounded in the text)" in hybrid.answer
    else:
        assert "glosses" not in step.args and order.reason
        assert "spoken word order is kept (by the planner)" in hybrid.answer
        assert step.output.data["glosses"] == ["ICH", "GEHEN", "MORGEN"]


def test_cli_ask_local_json(smollm2, cli_env, monkeypatch):
    from typer.testing import CliRunner

    import signbridge.agents.cli  # noqa: F401
    from signbridge.agents.cli.app import app
    from signbridge.knowledge.settings import Settings

    monkeypatch.setenv("SIGNBRIDGE_LLM_MAX_TOKENS", "40")
    remember(Settings.from_env(), smollm2)  # the session's loaded model, not a second load
    result = CliRunner().invoke(app, ["ask", "--backend", "local", "--json", "how do I sign thank you in DGS?"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["backend"] == "local" and data["language"] == "gsg"
    assert all(s["decided_by"] in ("model", "planner") for s in data["steps"])
