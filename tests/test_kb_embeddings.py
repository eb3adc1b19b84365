"""Embedding backends: lexical (default), a local sentence-transformers-style model, an OpenAI-compatible server."""

import numpy as np
import pytest
from fake_openai import FakeOpenAI

from signbridge.knowledge.embeddings import LexicalEmbedder, OpenAIEmbedder, SentenceTransformerEmbedder, make_embedder
from signbridge.knowledge.text import fold
from signbridge.knowledge.errors import InputError, NotConfiguredError
from signbridge.knowledge.lookup import lookup
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.store import KnowledgeBase


def test_fold():
    assert fold("Rücken!") == "rucken"
    assert fold("Straße") == "strasse"
    assert fold("GUTEN_MORGEN") == "guten morgen"


def test_lexical_similarity_is_robust():
    e = LexicalEmbedder()
    v = e.embed(["Rücken", "rucken", "RCKEN", "Fahrrad"])  # (4, 512)
    assert v.shape == (4, 512) and np.allclose(np.linalg.norm(v, axis=1), 1, atol=1e-5)
    assert v[0] @ v[1] > 0.99  # case and umlaut fold away
    assert v[0] @ v[2] > v[0] @ v[3] + 0.2  # a lost umlaut still shares most n-grams


def test_make_embedder_specs(tmp_path):
    assert isinstance(make_embedder(Settings(home=tmp_path)), LexicalEmbedder)
    assert isinstance(make_embedder(Settings(home=tmp_path, embedding_backend=f"st:{tmp_path}")),
                      SentenceTransformerEmbedder)
    with pytest.raises(NotConfiguredError):
        make_embedder(Settings(home=tmp_path, embedding_backend="openai:m"))
    openai = make_embedder(Settings(home=tmp_path, embedding_backend="openai:m", llm_base_url="http://h/v1"))
    assert isinstance(openai, OpenAIEmbedder) and openai.base_url == "http://h/v1"
    with pytest.raises(InputError):
        make_embedder(Settings(home=tmp_path, embedding_backend="word2vec"))
    with pytest.raises(InputError):
        SentenceTransformerEmbedder(tmp_path / "missing").embed(["x"])


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A tiny random BERT encoder + tokenizer saved locally (no hub access)."""
    pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    path = tmp_path_factory.mktemp("tiny-bert")
    letters = list("abcdefghijklmnopqrstuvwxyzäöüß")
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *letters, *[f"##{c}" for c in letters]]
    (path / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(path / "vocab.txt"), do_lower_case=True)
    tokenizer.save_pretrained(str(path))
    config = transformers.BertConfig(vocab_size=len(vocab), hidden_size=32, num_hidden_layers=1, num_attention_heads=2,
                                     intermediate_size=64, max_position_embeddings=64)
    import torch

    torch.manual_seed(0)
    transformers.BertModel(config).save_pretrained(str(path))
    return path


def test_local_model_backend_and_switch(tmp_path, tiny_model):
    home = tmp_path / "home"
    lexical = KnowledgeBase.open(Settings(home=home), progress=False)
    assert lexical.stats()["embedding"].startswith("lexical")
    st_settings = Settings(home=home, embedding_backend=f"st:{tiny_model}")
    kb = KnowledgeBase.open(st_settings, progress=False)
    assert kb.stats()["embedding"] == f"st:{tiny_model}"
    vectors = kb.embedder.embed(["Haus", "Licht"])  # (2, 32)
    assert vectors.shape == (2, 32) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    # switching re-embedded every sign with the new backend (32 dims instead of 512)
    signs = kb.entries(kind="sign")
    stored = kb._chroma().get(ids=[signs[0].id], include=["embeddings"])["embeddings"]
    assert len(stored[0]) == 32
    assert kb._chroma().count() == len(signs)
    assert kb.vector_search("Haus", "gsg", k=3)
    # lexical stages do not depend on the backend; a semantic backend changes the offline note
    r = lookup("Haus", "gsg", kb=kb)
    assert r.hits[0].entry.gloss == "HAUS" and r.hits[0].confident
    assert not any("LLM" in n for n in lookup("Raumstation", "gsg", kb=kb).notes)
    # and back: the lexical instance notices and re-embeds
    again = KnowledgeBase.open(Settings(home=home), progress=False)
    assert again._chroma().count() == len(signs) and again.vector_search("Haus", "gsg", k=1)


def _toy_embeddings(body: dict) -> dict:
    """FakeOpenAI `embeddings` callable: a deterministic toy embedding (letter counts), answered out of order."""
    data = []
    for i, text in enumerate(body["input"]):
        vector = [0.0] * 26
        for c in fold(text):
            if "a" <= c <= "z":
                vector[ord(c) - 97] += 1.0
        vector[0] += 0.01
        data.append({"object": "embedding", "index": i, "embedding": vector})
    return {"object": "list", "data": list(reversed(data)), "model": body["model"]}


@pytest.fixture
def embedding_server():
    with FakeOpenAI(embeddings=_toy_embeddings) as server:
        yield server


def test_openai_backend(tmp_path, embedding_server):
    url = embedding_server.base_url
    embedder = OpenAIEmbedder(model="toy", base_url=url, batch_size=2)
    vectors = embedder.embed(["abc", "zzz", "abd"])  # (3, 26), order restored from "index"
    assert vectors.shape == (3, 26) and vectors[0] @ vectors[2] > vectors[0] @ vectors[1]
    assert [len(body["input"]) for _, body in embedding_server.requests[-2:]] == [2, 1]  # batched

    settings = Settings(home=tmp_path / "home", embedding_backend="openai:toy", embedding_base_url=url)
    kb = KnowledgeBase.open(settings, progress=False)
    assert kb.stats()["embedding"] == f"openai:toy@{url}"
    assert kb._chroma().count() == len(kb.entries(kind="sign"))
    assert lookup("Licht", "gsg", kb=kb).hits[0].entry.gloss == "LICHT"


def test_openai_backend_errors_are_clear(embedding_server):
    with pytest.raises(NotConfiguredError, match="embedding endpoint"):
        OpenAIEmbedder(model="toy", base_url=embedding_server.base_url + "/wrong").embed(["x"])
    with pytest.raises(NotConfiguredError):
        OpenAIEmbedder(model="toy", base_url="http://127.0.0.1:9/v1", timeout=2).embed(["x"])


def test_embeddings_without_pooling_are_named():
    """A server without pooling answers one vector per token: say so instead of an unclear ValueError."""
    def per_token(body):
        return {"object": "list", "data": [{"index": i, "embedding": [[0.1, 0.2]] * 3} for i, _ in enumerate(body["input"])]}

    with FakeOpenAI(embeddings=per_token) as server:
        with pytest.raises(NotConfiguredError, match="one vector per token.*pooling"):
            OpenAIEmbedder(model="toy", base_url=server.base_url).embed(["Haus"])
    with FakeOpenAI(embeddings=lambda body: (200, "not json")) as server:
        with pytest.raises(NotConfiguredError, match="not JSON"):
            OpenAIEmbedder(model="toy", base_url=server.base_url).embed(["Haus"])


def test_cross_lingual_with_llm(kb, home):
    """With an LLM configured, an English word is translated, then matched in the dictionary."""
    reply, seen = ["Haus, Gebäude"], []

    def chat(body):  # a bare-bones answer: only "choices"
        seen.append(body["messages"][-1]["content"])
        return {"choices": [{"message": {"role": "assistant", "content": reply[0]}}]}

    with FakeOpenAI(chat=chat) as server:
        settings = Settings(home=home, llm_base_url=server.base_url)
        r = lookup("house", "gsg", settings=settings, kb=kb)
        assert r.hits[0].entry.gloss == "HAUS" and r.hits[0].confident
        assert r.hits[0].match.startswith("llm:Haus:")
        assert any("ungrounded" in n for n in r.notes)
        assert "'de'" in seen[-1]
        reply[0] = "<script>rm -rf /</script>, 42"  # unusable replies are dropped, not used
        r = lookup("spaceship", "gsg", settings=settings, kb=kb)
        assert not any(h.confident for h in r.hits)
        assert not any(h.match.startswith("llm:") for h in r.hits)
