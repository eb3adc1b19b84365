"""`describe(word, language, settings, backend)`: one grounded multipart description.

backend "offline": rule-based text from the dictionary entry (HamNoSys, else SignWriting).
backend "openai": the same structured parts, rewritten fluently by an OpenAI-compatible model that
sees only the entry and retrieved document passages; the structured parts stay in the row.
"""

from __future__ import annotations

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.settings import Settings
from signbridge.tools.describe.offline import confident_entries, describe_entries, validate_word
from signbridge.tools.describe.types import Description

BACKENDS = ("offline", "openai")


def check_backend(backend: str, settings: Settings) -> str:
    from signbridge.knowledge.errors import NotConfiguredError

    if backend not in BACKENDS:
        raise InputError(f"unknown backend '{backend}': use one of {', '.join(BACKENDS)}")
    if backend == "openai" and not settings.llm_configured:
        raise NotConfiguredError("the openai backend needs an LLM endpoint: set SIGNBRIDGE_LLM_BASE_URL "
                                 "(e.g. http://localhost:8000/v1) or use --backend offline")
    return backend


def resolve_language(language) -> tuple[str, str]:
    """(code, English name) for a `Language` (resolved by the caller) or a language code, abbreviation or name."""
    from signbridge.knowledge.languages import Language, resolve

    if isinstance(language, Language):
        return language.code, language.name
    if not language or not str(language).strip():
        raise InputError("no sign language given: pass --lang CODE (e.g. gsg for German Sign Language)")
    lang = resolve(str(language).strip())
    return lang.code, lang.name


def describe(word: str, language, settings: Settings, backend: str = "offline", *, kb,
             llm_client=None) -> Description:
    """Describe how `word` is signed in `language` (a `Language`, or a code or name), grounded in the
    dictionary (or ungrounded and empty).

    >>> describe("Haus", "gsg", settings, kb=KnowledgeBase.open(settings)).parts.right_hand  # doctest: +SKIP
    'Right (dominant) hand: a flat hand ...'
    """
    word = validate_word(word)
    code, name = resolve_language(language)
    check_backend(backend, settings)
    entries = confident_entries(word, code, settings, kb=kb)
    description = describe_entries(word, code, name, entries)
    if backend == "openai":
        from signbridge.tools.describe.llm import refine

        description = refine(description, entries, settings, kb=kb, client=llm_client)
    return description
