"""Model backends behind one interface (`ChatBackend.complete`), and the choice among them.

- `offline`: no model; the rule-based planner reads the request (`signbridge.agents.planner`).
- `local`: a small instruct model in-process with transformers (`local.LocalChat`; SmolLM2-135M by default).
- `openai`: any OpenAI-compatible endpoint (vLLM, Ollama, a hosted API) with native tool calling.
- `hybrid`: the planner answers what it reads with confidence; a model (openai when configured, else
  local) handles unknown phrasings, cross-lingual lookups and the gloss order of sentences to sign.

`select_backend(None, settings)` picks `openai` when an endpoint is configured and answers a quick
probe, else `offline`, and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from signbridge.knowledge.errors import InputError, NotConfiguredError
from signbridge.knowledge.settings import Settings

BACKENDS = ("offline", "local", "openai", "hybrid")


@dataclass
class BackendChoice:
    name: str  # one of BACKENDS
    notes: list[str] = field(default_factory=list)  # why this backend (e.g. "endpoint did not answer")


def probe(settings: Settings, timeout: float = 1.5) -> str | None:
    """None when the endpoint answers GET /models; else a short reason."""
    import httpx

    if not settings.llm_base_url:
        return "no LLM endpoint configured (SIGNBRIDGE_LLM_BASE_URL)"
    url = settings.llm_base_url.rstrip("/") + "/models"
    try:
        response = httpx.get(url, timeout=timeout, headers={"Authorization": f"Bearer {settings.llm_api_key}"})
    except httpx.HTTPError as error:
        return f"the LLM endpoint {settings.llm_base_url} did not answer ({type(error).__name__})"
    if response.status_code >= 400:
        return f"the LLM endpoint {settings.llm_base_url} answered HTTP {response.status_code}"
    return None


def select_backend(requested: str | None, settings: Settings) -> BackendChoice:
    """The backend to run: the requested one, or openai when configured and reachable, else offline."""
    if requested is not None:
        requested = requested.strip().lower()
        if requested not in BACKENDS:
            raise InputError(f"unknown backend '{requested}': use one of {', '.join(BACKENDS)}")
        if requested == "openai" and not settings.llm_configured:
            raise NotConfiguredError("the openai backend needs an endpoint: export SIGNBRIDGE_LLM_BASE_URL="
                                     "http://localhost:8000/v1 (vLLM, Ollama or a hosted API), or use --backend "
                                     "local (in-process model) or offline")
        return BackendChoice(requested)
    if not settings.llm_configured:
        return BackendChoice("offline")
    reason = probe(settings)
    if reason is None:
        return BackendChoice("openai")
    return BackendChoice("offline", [f"{reason}; used the offline planner instead"])


def make_model(name: str, settings: Settings):
    """The ChatBackend for a backend name (None for offline); hybrid uses openai when configured, else local."""
    if name == "offline":
        return None
    if name == "openai" or name == "hybrid" and settings.llm_configured:
        from signbridge.agents.backends.openai import OpenAIChat

        return OpenAIChat(settings)
    from signbridge.agents.backends.local import LocalChat

    return LocalChat(settings)
