"""Chat-model backends behind one interface: `invoke(messages) -> AIMessage` with tool calls.

- `openai`: langchain-openai's ChatOpenAI against any OpenAI-compatible endpoint (vLLM, Ollama, a
  hosted API) with native tool calling.
- `offline`: the rule-based planner dressed as a chat model; needs nothing.

`select_backend(None, settings)` picks `openai` when an endpoint is configured and answers a quick
probe, else `offline`, and says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from signbridge.knowledge.errors import InputError, NotConfiguredError
from signbridge.knowledge.settings import Settings

BACKENDS = ("offline", "openai")


@dataclass
class BackendChoice:
    name: str  # "offline" or "openai"
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
                                     "http://localhost:8000/v1 (vLLM, Ollama or a hosted API), or use --backend offline")
        return BackendChoice(requested)
    if not settings.llm_configured:
        return BackendChoice("offline")
    reason = probe(settings)
    if reason is None:
        return BackendChoice("openai")
    return BackendChoice("offline", [f"{reason}; used the offline planner instead"])
