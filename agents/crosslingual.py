"""Cross-lingual signs (AuraLLM's RAG matching): "thank you" in DGS -> the dictionary's DANKE.

A sign dictionary is indexed by words of the sign language's spoken language, so an English word
matches nothing in DGS. The model proposes a translation into that spoken language; the knowledge
base retrieves the dictionary entries for it; only a retrieved entry can be used:
- the proposal matches an entry confidently (exact, folded or lemma match) -> that entry;
- else the model picks one of the retrieved candidates by number, or 0 for none;
- anything else (an answer outside the candidates, a refusal, junk) -> no translation.
The result is the entry's dictionary word, recorded as a `Translation` by the model, never as the
user's words.
"""

from __future__ import annotations

import re

from signbridge.agents.steps import Translation

MAX_WORDS = 3  # only words and short phrases are translated against single dictionary entries
_WORD = re.compile(r"^[^\W\d_][\w' -]{0,58}$")


def _lookup(text: str, language: str, kb, k: int = 6):
    from signbridge.knowledge.lookup import LookupConfig, lookup

    try:
        return lookup(text, language, k=k, kb=kb, config=LookupConfig(translate=False)).hits
    except Exception:
        return []


def has_entry(text: str, language: str, kb) -> bool:
    """The knowledge base `kb` has a confident entry for `text` in `language`."""
    return any(h.confident for h in _lookup(text, language, kb, k=3))


def _ask(model, system: str, user: str, seconds: float, max_tokens: int = 24) -> str:
    from signbridge.agents.backends.base import clean_model_text

    turn = model.complete([{"role": "system", "content": system}, {"role": "user", "content": user}], [],
                          seconds)
    return clean_model_text(turn.content, limit=200)


def translate(text: str, language: str, model, kb, seconds: float) -> Translation | None:
    """The dictionary word for `text` in `language`, chosen by the model among retrieved entries, or None."""
    from signbridge.knowledge.languages import SPOKEN_NAMES, get

    spoken = get(language).spoken_language
    name = SPOKEN_NAMES.get(spoken, spoken)
    answer = _ask(model, f"You translate words into {name}. Answer with the {name} word or phrase only.",
                  f"Translate into {name}: {text}", seconds)
    proposal = answer.splitlines()[0].strip().strip("\"'“”„.!").strip() if answer else ""
    if not proposal or not _WORD.match(proposal) or proposal.casefold() == text.casefold():
        return None
    hits = _lookup(proposal, language, kb)
    sure = [h for h in hits if h.confident and h.match.split(":")[-1] in ("exact", "folded", "lemma")]
    if sure:
        return Translation(source=text, target=sure[0].entry.words[0] if sure[0].entry.words else proposal,
                           candidates=len(hits))
    if not hits:
        return None
    options = "\n".join(f"{i}. {h.entry.gloss} ({', '.join(h.entry.words[:2])})" for i, h in enumerate(hits, 1))
    pick = _ask(model, "You choose a dictionary entry. Answer with its number only, or 0 if none fits.",
                f"Which entry means '{text}'?\n{options}", seconds)
    number = re.match(r"\s*(\d+)", pick or "")
    if not number or not 1 <= int(number.group(1)) <= len(hits):
        return None  # none, or an answer outside the candidates
    entry = hits[int(number.group(1)) - 1].entry
    return Translation(source=text, target=entry.words[0] if entry.words else entry.gloss.lower(), candidates=len(hits))
