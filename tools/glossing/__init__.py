"""text -> gloss: one function, backends chosen by name (sibling modules with the same signature).

- `simple`: rule-based, offline (lemmatise, drop function words, keep order)
- `llm`: few-shot through the OpenAI-compatible endpoint in `Settings.llm_base_url`
- `lora:DIR`: a LoRA-tuned local LM with retrieved candidates, outputs grounded in the vocabulary
  (`signbridge train gloss`)
"""

from __future__ import annotations

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.languages import Language, resolve
from signbridge.knowledge.settings import Settings
from signbridge.tools.types import Gloss

BACKENDS = ("simple", "llm", "lora:DIR")


def text_to_gloss(text: str, language: Language | str, backend: str = "simple",
                  settings: Settings | None = None, kb=None) -> list[Gloss]:
    """Gloss tokens for `text` in a sign language (a Language or a code/name); `kb` (the knowledge base)
    is what the `lora:` backend grounds its glosses in."""
    if not text or not text.strip():
        raise InputError("nothing to gloss: the text is empty")
    if isinstance(language, str):
        language = resolve(language)
    if backend == "simple":
        from signbridge.tools.glossing.simple import text_to_gloss as run
    elif backend == "llm":
        from signbridge.tools.glossing.llm import text_to_gloss as run
    elif backend.startswith("lora:"):
        from signbridge.tools.glossing.lora import text_to_gloss as lora

        return lora(text, language, settings=settings, model=backend[len("lora:"):], kb=kb)
    else:
        raise InputError(f"unknown glosser '{backend}': use one of {', '.join(BACKENDS)}")
    return run(text, language, settings=settings)
