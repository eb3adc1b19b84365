"""One factory for every OpenAI-compatible client (agent, glossing, descriptions, embeddings).

One timeout/retry policy: `Settings.llm_timeout` seconds per HTTP request, `RETRIES` retry on
connection errors, timeouts, 429 and 5xx (the openai client's own rule), nothing else. Callers get
either the official `openai.OpenAI` client (`openai_client`) or, for `/embeddings`, a plain JSON POST
with the same policy (`post_json`; the openai client would ask for base64 vectors, which not every
server speaks). Errors become one `NotConfiguredError` line naming the endpoint.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from signbridge.knowledge.errors import NotConfiguredError
from signbridge.knowledge.settings import Settings

RETRIES = 1  # one retry: a second attempt rescues a dropped connection; more only multiplies a dead server's wait


@dataclass(frozen=True)
class ClientPolicy:
    timeout: float  # seconds per HTTP request
    retries: int = RETRIES


def policy(settings: Settings) -> ClientPolicy:
    return ClientPolicy(timeout=float(settings.llm_timeout), retries=RETRIES)


def openai_client(settings: Settings, base_url: str | None = None, timeout: float | None = None):
    """The official client for `base_url` (default: the LLM endpoint), with the shared policy."""
    from signbridge.knowledge.errors import require

    openai = require("openai", "rag")
    url = base_url or settings.llm_base_url
    if not url:
        raise NotConfiguredError("no LLM endpoint configured: export SIGNBRIDGE_LLM_BASE_URL=http://localhost:8000/v1 "
                                 "(vLLM, Ollama or a hosted API)")
    rule = policy(settings)
    return openai.OpenAI(base_url=url, api_key=settings.llm_api_key or "EMPTY",
                         timeout=timeout if timeout is not None else rule.timeout, max_retries=rule.retries)


def _retryable(status: int) -> bool:
    return status == 429 or status >= 500


def post_json(settings: Settings, url: str, body: dict, what: str = "endpoint") -> dict:
    """POST `body` to `url` and return the JSON object answered, under the shared policy."""
    import httpx

    rule = policy(settings)
    last = ""
    for attempt in range(rule.retries + 1):
        if attempt:
            time.sleep(0.5 * attempt)
        try:
            response = httpx.post(url, json=body, timeout=rule.timeout,
                                  headers={"Authorization": f"Bearer {settings.llm_api_key or 'EMPTY'}"})
        except httpx.HTTPError as error:
            last = f"{type(error).__name__}: {error}"
            continue
        if response.status_code >= 400:
            last = f"HTTP {response.status_code}"
            if _retryable(response.status_code):
                continue
            break
        try:
            data = response.json()
        except ValueError:
            raise NotConfiguredError(f"the {what} {url} answered HTTP 200 with a body that is not JSON") from None
        if not isinstance(data, dict):
            raise NotConfiguredError(f"the {what} {url} answered JSON that is not an object")
        return data
    raise NotConfiguredError(f"the {what} {url} failed ({last[:160]}); check that it is running")
