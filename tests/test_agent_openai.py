"""The `openai` backend end to end: the real openai client against a local chat-completions server.

The server (tests/fake_openai.py: http.server on 127.0.0.1 in a thread) is a scripted FAKE: it replays canned replies in
the OpenAI chat-completions wire format, including `tool_calls`, and records the requests it got. It stands in for the
protocol edge cases real servers produce (malformed JSON, unknown tools, timeouts, 500s); the real-model path is
tests/test_agent_local.py.
"""

import json
import time

import pytest
from fake_openai import FakeOpenAI, chat_completion

from signbridge.agents.service import ask
from signbridge.knowledge.errors import InputError, NotConfiguredError


def tool_reply(*calls, raw=None) -> dict:
    tool_calls = raw if raw is not None else [
        {"id": f"call_{i}", "type": "function", "function": {"name": name, "arguments": json.dumps(args)}}
        for i, (name, args) in enumerate(calls)]
    return chat_completion(message={"role": "assistant", "content": None, "tool_calls": tool_calls},
                           finish_reason="tool_calls", id="chatcmpl-test")


def text_reply(text: str) -> dict:
    return chat_completion(text, id="chatcmpl-test")


class FakeOpenAIServer(FakeOpenAI):
    """Scripted chat-completions endpoint (FAKE: no model behind it): replays `replies` in order, then 500."""

    def __init__(self, replies):
        self.replies = list(replies)
        super().__init__(chat=self._next_reply)
        self.url = self.base_url

    def _next_reply(self, body):
        if not self.replies:
            return 500, {"error": {"message": "no scripted reply"}}
        reply = self.replies.pop(0)
        return reply(body) if callable(reply) else reply


@pytest.fixture
def llm(settings, tmp_path, monkeypatch):
    """ask() against a scripted server: llm(prompt, replies, **settings) -> (result, server)."""
    monkeypatch.chdir(tmp_path)

    def run(prompt, replies, backend="openai", **changes):
        with FakeOpenAIServer(replies) as server:
            cfg = settings.with_(**{"llm_base_url": server.url, "llm_model": "fake-model", "llm_timeout": 10.0, **changes})
            result = ask(prompt, cfg, backend=backend, out_dir=tmp_path / "out")
        return result, server
    return run


def test_openai_backend_calls_tools_and_answers(llm):
    result, server = llm("is DGS installed?", [tool_reply(("list_languages", {"query": "DGS"})),
                                               text_reply("German Sign Language is installed.")])
    data = result.to_json()
    assert data["backend"] == "openai"
    assert (data["intent"], data["language"]) == ("languages", "gsg")
    assert data["decided_by"] == {"intent": "model", "language": "model", "text": "model"}
    assert data["steps"] == [{"tool": "list_languages", "args": {"query": "gsg"}, "ok": True, "error": None,
                              "decided_by": "model"}]
    assert data["answer"].startswith("German Sign Language (gsg)")  # the grounded summary leads
    assert "The model added (unchecked): German Sign Language is installed." in data["answer"]
    assert "list_languages (model)" in data["answer"] and "openai-compatible LLM" in data["answer"]
    first, second = server.bodies
    assert {t["function"]["name"] for t in first["tools"]} >= {"produce_sign", "fingerspell", "lookup_sign"}
    # servers that only call tools when asked (llama.cpp) see tool_choice; a rambling turn is bounded
    assert first["tool_choice"] == "auto" and first["max_tokens"] == 256
    assert first["messages"][0]["role"] == "system" and first["messages"][-1]["content"] == "is DGS installed?"
    # the follow-up's assistant message carries "" (never null: some servers answer null with HTTP 500)
    assistant = second["messages"][-2]
    assert assistant["role"] == "assistant" and assistant["content"] == "" and assistant["tool_calls"]
    tool_message = second["messages"][-1]
    assert tool_message["role"] == "tool" and tool_message["tool_call_id"] == "call_0"
    assert json.loads(tool_message["content"])["ok"] is True


def test_openai_tool_calls_are_confined(llm, tmp_path):
    """A model that asks to read /etc/passwd and write outside --out gets refused / rewritten."""
    outside = tmp_path / "elsewhere" / "evil.pose"
    result, _ = llm("fingerspell abc in DGS and read /etc/passwd", [
        tool_reply(("translate_sign", {"path": "/etc/passwd", "language": "gsg"}),
                   ("fingerspell", {"text": "abc", "language": "gsg", "out": str(outside), "renders": []})),
        text_reply("Done.")])
    translate, spell = result.steps
    assert not translate.ok and "outside the allowed folders" in translate.output.error
    assert spell.ok and not outside.exists()
    assert spell.output.artifacts[0].path.startswith(str((tmp_path / "out").resolve()))
    assert "outside the output folder" in result.answer and "translate_sign failed" in result.answer


def test_ungrounded_calls_are_refused_repaired_once_then_the_planner_decides(llm):
    """What SmolLM2 and Gemma did over llama.cpp: schema text as the argument, invented languages."""
    bad = tool_reply(("produce_sign", {"text": "The word or sentence, in the spoken language", "language": "DGS"}),
                     ("lookup_sign", {"query": "danke", "language": "select * from users"}))
    still_bad = tool_reply(("produce_sign", {"text": "thanks you", "language": "BSL-1.0"}))
    result, server = llm("look up danke in DGS", [bad, still_bad])
    data = result.to_json()
    assert len(server.bodies) == 2  # one repair round, then no more model requests
    reasons = [r["reason"] for r in data["rejected"]]
    assert "is not in the user's words" in reasons[0]
    assert "unknown sign language" in reasons[1] and "select" not in str(data["language"])
    assert "unknown sign language 'BSL-1.0'" in reasons[2] or "not the sign language the user named" in reasons[2]
    repair = server.bodies[1]["messages"]
    assert [json.loads(m["content"])["ok"] for m in repair if m["role"] == "tool"] == [False, False]
    # the planner's reading ran instead, and the answer says so and who decided
    assert [(s["tool"], s["decided_by"]) for s in data["steps"]] == [("lookup_sign", "planner")]
    assert (data["intent"], data["language"], data["text"]) == ("lookup", "gsg", "danke")
    assert data["decided_by"]["intent"] == "planner"
    assert "used the offline planner's reading instead" in data["answer"] and "Refused model calls" in data["answer"]
    refused = data["answer"].split("Refused model calls (not run): ")[1].split("\n")[0]
    assert refused.startswith("produce_sign: text") and "produce_sign: produce_sign" not in refused  # the tool named once


def test_language_must_be_the_one_the_user_named(llm):
    result, _ = llm("look up Haus in DGS", [tool_reply(("lookup_sign", {"query": "Haus", "language": "ASL"})),
                                           tool_reply(("lookup_sign", {"query": "Haus", "language": "gsg"})),
                                           text_reply("Found HAUS.")])
    assert "German Sign Language (gsg)" in result.trace.rejections[0].reason
    assert [(s.tool, s.args["language"], s.decided_by) for s in result.steps] == [("lookup_sign", "gsg", "model")]


def test_a_marked_translation_is_checked_against_the_dictionary(llm):
    result, _ = llm("how do I sign thank you in DGS?", [
        tool_reply(("lookup_sign", {"query": "merci", "language": "gsg", "source_text": "thank you"}),
                   ("lookup_sign", {"query": "danke", "language": "gsg", "source_text": "thank you"})),
        text_reply("DANKE.")])
    assert "no confident entry" in result.trace.rejections[0].reason
    step, = result.steps
    assert step.translation.source == "thank you" and step.translation.target == "danke"
    assert result.text == "thank you"  # the user's words; the translation is recorded on the step
    assert "translated 'thank you' → 'danke' (by the model)" in result.answer
    assert "DANKE" in result.answer


def test_prose_without_tool_calls_is_labelled_and_the_planner_acts(llm):
    result, _ = llm("what's the weather?", [text_reply("It is sunny \x1b]0;pwned\x07\x1b[2J today.")])
    data = result.to_json()
    assert data["steps"] == [] and data["decided_by"]["intent"] == "planner"
    assert "It is sunny  today." in data["answer"] and "\x1b" not in data["answer"]  # escapes stripped
    assert "not checked against the dictionaries" in data["answer"]
    result, _ = llm("look up Haus in DGS", [text_reply("HAUS is a sign.")])
    assert [(s.tool, s.decided_by) for s in result.steps] == [("lookup_sign", "planner")]
    assert "answered without calling a tool" in result.answer


@pytest.mark.parametrize("reply,problem", [
    (tool_reply(raw=[{"id": "a", "type": "function", "function": {"name": "lookup_sign", "arguments": "[1, 2]"}}]),
     "must be a JSON object"),
    (tool_reply(raw=[{"id": "a", "type": "function", "function": {"name": 7, "arguments": "{}"}}]), "must be a string"),
    (tool_reply(raw=[{"type": "function", "function": {"name": "lookup_sign", "arguments": "{\"query\": 1"}}]),
     "not valid JSON"),
    ({"id": "x", "object": "chat.completion", "choices": []}, "no choices"),
    ((200, "<html>Bad gateway</html>"), "not JSON"),
])
def test_malformed_responses_end_in_a_clear_answer(llm, reply, problem):
    result, _ = llm("look up Haus in DGS", [reply, reply])
    data = result.to_json()
    said = " ".join([*(r["reason"] for r in data["rejected"]), data["fallback"] or ""])
    assert problem in said
    assert [(s["tool"], s["decided_by"]) for s in data["steps"]] == [("lookup_sign", "planner")]
    assert "Fallback:" in data["answer"]


def test_endpoint_errors(llm, settings):
    # a 500 on the first turn (after the one retry): one clear line, not a traceback
    with pytest.raises(NotConfiguredError, match="failed"):
        llm("look up Haus in DGS", [(500, {"error": {"message": "boom"}})] * 2)
    # mid-loop: the steps that already ran are kept, and the answer says the endpoint failed
    result, _ = llm("look up Haus in DGS", [tool_reply(("lookup_sign", {"query": "Haus", "language": "DGS"}))]
                    + [(500, {"error": {"message": "boom"}})] * 2)
    assert [s.ok for s in result.steps] == [True] and "failed mid-request" in result.answer

    def slow(body):
        time.sleep(3)
        return text_reply("late")

    start = time.monotonic()
    with pytest.raises(NotConfiguredError, match="Timeout"):
        llm("look up Haus in DGS", [slow, slow], llm_timeout=1.0)
    assert time.monotonic() - start < 8


def test_a_request_is_bounded_in_wall_time(llm):
    def slow_calls(body):
        time.sleep(1.2)
        return tool_reply(*[("list_languages", {"query": q}) for q in ("DGS", "ASL")])

    start = time.monotonic()
    result, server = llm("DGS or ASL?", [slow_calls] * 10, llm_request_seconds=2.0)
    assert time.monotonic() - start < 6
    assert len(server.bodies) <= 2
    assert "time bound" in result.answer or len(result.steps) <= 2


def test_invalid_utf8_prompt_is_a_clear_error(settings):
    with pytest.raises(InputError, match="UTF-8"):
        ask("how do I sign \udcff in DGS", settings, backend="offline")


def test_default_backend_probes_the_endpoint(llm, settings, tmp_path):
    result, _ = llm("hello", [text_reply("I help with sign languages.")], backend=None)
    assert result.backend == "openai" and result.steps == []
    # an endpoint that does not answer: offline, and the answer says why
    result = ask("hello", settings.with_(llm_base_url="http://127.0.0.1:9/v1"), out_dir=tmp_path / "out")
    assert result.backend == "offline"
    assert "did not answer" in result.answer and "offline planner" in result.answer


def test_hybrid_finds_danke_with_a_capable_model(llm):
    """Cross-lingual (AuraLLM RAG): the planner reads the request, the model only translates, and the
    translation must be a retrieved DGS dictionary entry. The scripted replies stand in for a capable model."""
    result, server = llm("how do I sign thank you in DGS?", [text_reply("Danke")], backend="hybrid")
    data = result.to_json()
    ours = [b for b in server.bodies if b["messages"][0]["content"].startswith("You translate words into German")]
    assert len(ours) == 1 and "Translate into German: thank you" in ours[0]["messages"][-1]["content"]
    assert not any("tools" in b for b in server.bodies)  # the planner decided the calls; the model only translated
    assert (data["intent"], data["language"], data["text"]) == ("sign", "gsg", "thank you")
    step = next(s for s in data["steps"] if s["tool"] == "produce_sign")
    assert step["decided_by"] == "planner" and step["translation"]["by"] == "model"
    assert step["translation"]["target"].casefold() == "danke" and step["args"]["text"].casefold() == "danke"
    assert any(c.get("gloss") == "DANKE" for c in data["coverage"])
    assert "translated 'thank you' → 'danke' (by the model" in data["answer"].replace("'Danke'", "'danke'")
    # a translation outside the dictionary is dropped: the user's words are signed, and the answer says why
    result, _ = llm("how do I sign thank you in DGS?", [text_reply("Xyzzyq"), text_reply("0")], backend="hybrid")
    assert all(s.translation is None for s in result.steps)
    assert "matched none of the retrieved entries" in result.answer or "has no entry" in result.answer


def test_offline_says_cross_lingual_needs_a_model(settings, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = ask("how do I sign thank you in DGS?", settings, backend="offline", out_dir=tmp_path / "out")
    assert "cross-lingual lookup" in result.answer and "--backend hybrid" in result.answer
