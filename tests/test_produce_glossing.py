"""text -> gloss backends: simple (offline rules) and llm (against a local fake OpenAI-compatible server)."""

import json

import pytest
from fake_openai import FakeOpenAI, chat_completion

from signbridge.knowledge.errors import InputError, NotConfiguredError, SignbridgeError
from signbridge.knowledge.settings import Settings
from signbridge.tools.glossing import text_to_gloss


def test_simple_lemmatises_drops_function_words_and_keeps_sources():
    glosses = text_to_gloss("Die Häuser sind teuer", "gsg")
    assert [g.gloss for g in glosses] == ["HAUS", "TEUER"]
    assert [(g.word, g.position) for g in glosses] == [("Häuser", 1), ("teuer", 3)]
    assert [g.gloss for g in text_to_gloss("Guten Morgen", "DGS")] == ["GUT", "MORGEN"]


def test_simple_flags_names_and_numbers():
    glosses = text_to_gloss("I met John and the UN in 2020", "ASL")
    kinds = {g.word: g.kind for g in glosses}
    assert kinds["John"] == "name" and kinds["UN"] == "name" and kinds["2020"] == "number"
    assert kinds["met"] == "sign" and "the" not in kinds
    assert next(g for g in glosses if g.word == "met").gloss == "MEET"


def test_unknown_backend_and_empty_text():
    with pytest.raises(InputError, match="unknown glosser"):
        text_to_gloss("Hallo", "gsg", backend="rules")
    with pytest.raises(InputError, match="empty"):
        text_to_gloss("  ", "gsg")


class _FakeChat:
    """Answers /v1/chat/completions like a served model: glosses the last user message in reverse order.

    `requests` is the FakeOpenAI server's `(path, body)` list; set `reply` to answer with fixed text instead.
    """

    requests: list = []
    reply: str | None = None

    @classmethod
    def chat(cls, body: dict) -> dict:
        text = body["messages"][-1]["content"].split("] ", 1)[1]
        words = [w.strip(".,!?") for w in text.split()]
        content = cls.reply if cls.reply is not None else "Sure:\n" + json.dumps(
            [{"gloss": w.upper(), "word": w} for w in reversed(words)])
        return chat_completion(content, model=body["model"], id="x")


@pytest.fixture
def llm_settings(settings):
    with FakeOpenAI(chat=_FakeChat.chat) as server:
        _FakeChat.requests, _FakeChat.reply = server.requests, None
        yield Settings(home=settings.home, out_dir=settings.out_dir, llm_model="fake-model", llm_timeout=10,
                       llm_base_url=server.base_url)


def test_llm_glosser_uses_grammar_notes_and_maps_words(llm_settings):
    glosses = text_to_gloss("Ich lese ein Buch.", "gsg", backend="llm", settings=llm_settings)
    assert [g.gloss for g in glosses] == ["BUCH", "EIN", "LESE", "ICH"]
    assert all(g.backend == "llm" for g in glosses)
    assert [g.position for g in glosses] == [3, 2, 1, 0]  # tied back to the source words
    path, body = _FakeChat.requests[0]
    assert path == "/v1/chat/completions" and body["model"] == "fake-model"
    system = body["messages"][0]["content"]
    assert "subject-object-verb" in system and "German Sign Language" in system
    assert any(m["role"] == "assistant" for m in body["messages"])  # few-shot examples


def test_llm_glosser_refuses_garbage_and_needs_configuration(llm_settings, settings):
    _FakeChat.reply = "I cannot help with that."
    with pytest.raises(SignbridgeError, match="not a gloss list"):
        text_to_gloss("Hallo", "gsg", backend="llm", settings=llm_settings)
    with pytest.raises(NotConfiguredError, match="SIGNBRIDGE_LLM_BASE_URL"):
        text_to_gloss("Hallo", "gsg", backend="llm", settings=settings)


def test_produce_with_llm_glosser(llm_settings, kb):
    from signbridge.tools.production import ProductionConfig, produce

    result = produce("Anna Zoe", "gsg", llm_settings, glosser="llm", config=ProductionConfig(render_size=64), kb=kb)
    assert result.glosser == "llm" and [g.gloss for g in result.glosses] == ["ZOE", "ANNA"]
    assert [c.token for c in result.coverage] == ["Zoe", "Anna"]


def test_llm_glosses_are_grounded_in_the_input(llm_settings):
    """SmolLM2 over llama.cpp glossed 'guten Morgen' as MORGEN, HEBEL: HEBEL is dropped, 'guten' is kept."""
    _FakeChat.reply = json.dumps([{"gloss": "MORGEN", "word": "Morgen"}, {"gloss": "HEBEL", "word": "Hebel"},
                                  {"gloss": "GUT\x1b[2J", "word": "guten"}, {"gloss": 7}])
    glosses = text_to_gloss("guten Morgen", "gsg", backend="llm", settings=llm_settings)
    assert [(g.gloss, g.backend) for g in glosses] == [("MORGEN", "llm"), ("GUT", "simple")]


def test_llm_glosser_non_json_body_is_a_clear_error(settings):
    with FakeOpenAI(chat=lambda body: (200, "<html>proxy error</html>")) as server:
        cfg = settings.with_(llm_base_url=server.base_url, llm_model="fake-model", llm_timeout=5.0)
        with pytest.raises(SignbridgeError, match="not a chat completion"):
            text_to_gloss("Hallo", "gsg", backend="llm", settings=cfg)
