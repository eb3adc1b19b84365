"""The openai backend against a local fake /v1/chat/completions server (never a real LLM)."""

import json
import threading

import pytest
from fake_openai import FakeOpenAI, chat_completion

import signbridge.tools.describe.llm as llm
from signbridge.tools.describe import describe, describe_vocab
from signbridge.tools.describe.llm import unsupported_terms


class FakeLLM:
    """Scripted answers to describe prompts: f(user message, request number) -> (status, content).

    `requests` holds only the describe-refinement requests (other callers get an empty answer).
    """

    def __init__(self):
        self.requests: list[dict] = []
        self.script = lambda user, n: (200, "{}")
        self.lock = threading.Lock()

    def chat(self, body: dict):
        """The FakeOpenAI `chat` callable."""
        if body["messages"][0]["content"] != llm.SYSTEM_PROMPT:
            # another caller (the lookup's cross-lingual translation): answer "no translation"
            status, content = 200, ""
        else:
            with self.lock:
                self.requests.append(body)
                n = len(self.requests)
            status, content = self.script(body["messages"][-1]["content"], n)
        if status != 200:
            return status, {"error": {"message": "boom"}}
        return chat_completion(content, model=body["model"], id="x")


@pytest.fixture
def fake_llm(settings, monkeypatch):
    fake = FakeLLM()
    monkeypatch.setattr(llm, "DEFAULT_CONFIG", llm.LLMConfig(retries=3, backoff=0.01))
    with FakeOpenAI(chat=fake.chat) as server:
        cfg = settings.with_(llm_base_url=server.base_url, llm_model="fake-model", llm_timeout=5.0)
        yield fake, cfg
        assert all(path == "/v1/chat/completions" for path, _ in server.requests)


def faithful(user: str) -> str:
    """Rewrite using only words of the structured description the request carries."""
    start = user.index("{")
    data = json.loads(user[start: user.index("\n\n", start) if "\n\n" in user[start:] else None])
    parts = {k: (("In this sign: " + v) if v else "") for k, v in data["parts"].items()}
    return "```json\n" + json.dumps({"global": "Fluent: " + data["global"], "parts": parts,
                                     "synonyms": ["Put differently: " + data["global"]],
                                     "synonym_words": []}) + "\n```"


def test_rewrite_keeps_structure_and_records_the_prompt(fake_llm, kb):
    fake, cfg = fake_llm
    fake.script = lambda user, n: (200, faithful(user))
    d = describe("Haus", "gsg", cfg, backend="openai", kb=kb)
    row = d.to_json()
    assert row["backend"] == "openai" and row["method"] == "llm-rewrite"
    assert row["prompt_version"] == llm.PROMPT_VERSION and row["model"] == "fake-model"
    assert row["parts"]["right_hand"].startswith("In this sign: ") and "flat hand" in row["parts"]["right_hand"]
    assert row["parts"]["face"] == ""  # empty stays empty
    assert row["structured"]["right_hand"] and not row["structured"]["right_hand"].startswith("In this sign")
    assert row["global"].startswith("Fluent: ") and any(s.startswith("Put differently") for s in row["synonyms"])
    assert row["grounded"]
    request = fake.requests[0]
    assert request["model"] == "fake-model" and request["messages"][0]["role"] == "system"
    assert "flat hand" in request["messages"][1]["content"]


def test_added_facts_are_dropped(fake_llm, kb):
    fake, cfg = fake_llm

    def inventing(user, n):
        answer = json.loads(faithful(user).strip("`json\n"))
        answer["parts"]["right_hand"] = "A fist taps the forehead twice."  # none of this is in the entry
        answer["synonyms"] = ["The hands circle near the cheek."]
        return 200, json.dumps(answer)

    fake.script = inventing
    d = describe("Haus", "gsg", cfg, backend="openai", kb=kb)
    assert "fist" not in d.parts.right_hand and "flat hand" in d.parts.right_hand
    assert d.parts.right_hand == d.structured.right_hand
    assert not any("cheek" in s for s in d.synonyms)
    assert any("right_hand dropped" in n for n in d.notes)


def test_retries_then_success_and_fallback_after_failures(fake_llm, kb):
    fake, cfg = fake_llm
    fake.script = lambda user, n: (500, "") if n <= 2 else (200, faithful(user))
    d = describe("Nase", "gsg", cfg, backend="openai", kb=kb)
    assert len(fake.requests) == 3 and d.method == "llm-rewrite"
    fake.requests.clear()
    fake.script = lambda user, n: (200, "I cannot answer in JSON, sorry.")
    d = describe("Nase", "gsg", cfg, backend="openai", kb=kb)
    assert len(fake.requests) == 3 and d.method == "rule-based" and d.grounded
    assert any(n.startswith("llm failed") for n in d.notes)


def test_ungrounded_words_never_reach_the_model(fake_llm, kb):
    fake, cfg = fake_llm
    d = describe("Raumstation", "gsg", cfg, backend="openai", kb=kb)
    assert not fake.requests and not d.grounded and d.parts.empty() and d.global_ == ""
    assert d.to_json()["prompt_version"] == llm.PROMPT_VERSION


def test_vocab_concurrent_requests(fake_llm, kb, tmp_path, monkeypatch):
    fake, cfg = fake_llm
    monkeypatch.chdir(tmp_path)
    fake.script = lambda user, n: (200, faithful(user))
    words = ["Haus", "Nase", "egal", "Schlüssel", "Raumstation"]
    summary = describe_vocab(words, "gsg", cfg, "d.jsonl", backend="openai", concurrency=3, progress=False, kb=kb)
    assert summary.written == 5 and summary.grounded == 4 and summary.llm_fallbacks == 0
    data = [json.loads(line) for line in (tmp_path / "d.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["word"] for r in data] == words
    assert all(r["prompt_version"] == llm.PROMPT_VERSION for r in data)
    assert len(fake.requests) == 4


def test_unsupported_terms():
    assert unsupported_terms("the flat hand taps the chin", "a flat hand touching the chin") == ["taps"]
    assert unsupported_terms("Both hands touch the shoulders", "hands touching the shoulders") == []


def test_document_passages_ground_the_rewrite(fake_llm, kb, monkeypatch):
    """A retrieved passage is sent, cited in sources, and its facts may be used (others may not)."""
    import signbridge.knowledge.lookup
    from signbridge.knowledge.types import LexiconEntry, LookupHit, Source

    fake, cfg = fake_llm
    doc = LexiconEntry(id="import:textbook:7", language="gsg", gloss="textbook p.7", words=[], kind="document",
                       source=Source(name="import:textbook", license="CC-BY-4.0"),
                       description="HAUS: the fingertips of both hands meet like a roof, then slide down.")
    monkeypatch.setattr(signbridge.knowledge.lookup, "search_documents",
                        lambda query, language=None, k=5, settings=None, kb=None: [
                            LookupHit(entry=doc, score=0.6, confident=False, match="document")])

    def using_passage(user, n):
        answer = json.loads(faithful(user).strip("`json\n"))
        answer["parts"]["movement"] = "The fingertips meet like a roof, then both hands move down."
        return 200, json.dumps(answer)

    fake.script = using_passage
    d = describe("Haus", "gsg", cfg, backend="openai", kb=kb)
    assert "like a roof" in fake.requests[0]["messages"][1]["content"]
    assert d.parts.movement.startswith("The fingertips meet like a roof")
    docs = [s for s in d.sources if s.kind == "document"]
    assert docs and docs[0].id == "import:textbook:7" and docs[0].license == "CC-BY-4.0"


def test_hostile_and_wrongly_typed_answers(fake_llm, kb, tmp_path, monkeypatch):
    """`"synonyms": 7` crashed the batch; a string became one-letter synonyms; junk was labelled llm-rewrite."""
    fake, cfg = fake_llm
    monkeypatch.chdir(tmp_path)

    def hostile(user, n):
        answer = json.loads(faithful(user).strip("`json\n"))
        answer["synonyms"] = ["../../etc/passwd", "$(reboot)", "Put differently: a flat hand."]
        answer["synonym_words"] = ["../../etc/passwd", "$(reboot)"]
        return 200, json.dumps(answer)

    fake.script = hostile
    d = describe("Haus", "gsg", cfg, backend="openai", kb=kb)
    assert d.method == "llm-rewrite"
    assert not any("passwd" in s or "reboot" in s for s in d.synonyms)
    for junk in ({"synonyms": 7}, {"synonyms": "abc"}, {"global": "x" * 100_000}, {"parts": []}):
        fake.requests.clear()
        fake.script = lambda user, n, junk=junk: (200, json.dumps({**json.loads(faithful(user).strip("`json\n")), **junk}))
        d = describe("Haus", "gsg", cfg, backend="openai", kb=kb)
        assert d.method == "rule-based" and any(n.startswith("llm failed") for n in d.notes), junk
        assert not any(len(s) == 1 for s in d.synonyms) and len(d.global_) < 1000
    # a batch keeps going through wrongly typed answers
    fake.script = lambda user, n: (200, json.dumps({"global": 7, "synonyms": 7}))
    summary = describe_vocab(["Haus", "Nase"], "gsg", cfg, "v.jsonl", backend="openai", concurrency=1,
                             progress=False, kb=kb)
    assert summary.written == 2


def test_flipped_directions_are_caught():
    assert unsupported_terms("the hand moves to the right", "the hand moves to the left") == ["right"]
    assert unsupported_terms("both hands, left and right, move up", "left and right hands move up") == []
