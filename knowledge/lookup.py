"""Sign lookup: hybrid exact, lemma, fuzzy, phrase and vector retrieval over the knowledge base.

Stages, each with a fixed score band so the ranking is explainable (higher wins, best first):

    exact     1.00  the query is one of the entry's words or its gloss (case-insensitive)
    letter    0.99  the query is a fingerspelling unit ("a", "sch"); only then do letters appear
    folded    0.97  equal after folding case, diacritics and ä/ae, ß/ss ("rucken", "Ruecken" -> RÜCKEN)
    lemma     0.93  simplemma's lemma in the language's spoken language ("spielt" -> SPIELEN)
    fuzzy     <=0.90 a typo: small edit distance ("Lihct" -> LICHT); confident only when the query is
                     not itself a dictionary word ("Laus" is not a typo of "Haus") and no other
                     dictionary word is one edit away ("Tich" may be Tisch, so TUCH is not asserted)
    llm       <=0.90 only with an LLM configured and no confident hit: the LLM's translation of the
                     query, matched by the stages above (cross-lingual: "house" -> Haus -> HAUS)
    part      <=0.85 each word of a multi-word query, when the whole phrase has no entry
    compound  <=0.80 the query is part of a longer gloss or contains one ("Haus" -> HAUSFRAU); never confident
    vector    <=0.70 nearest neighbours in the embedding index; never confident (suggestions)

`confident` is true only for exact, letter, folded, lemma, confident fuzzy, confident part and
LLM-translation hits that matched exactly, so a word with no entry ("Raumstation") yields
suggestions but no confident hit. The vector stage is AuraLLM's RAG step (embed the unmatched word,
pick the vocabulary entries by cosine similarity), kept honest: neighbours are offered, never asserted.

The matching tables live in `lookup_index.py`, the per-word stages in `lookup_match.py`; this module
runs them in order, adds the phrase, LLM and vector stages, and ranks.
"""

from __future__ import annotations

import re

from signbridge.knowledge.embeddings import is_semantic
from signbridge.knowledge.errors import InputError
from signbridge.knowledge.lookup_index import LOOKUP_KINDS, index_for
from signbridge.knowledge.lookup_match import Collector, LookupConfig, match_word
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.text import fold, plain_text
from signbridge.knowledge.types import LookupHit, LookupResult


def _spoken(code: str) -> str | None:
    from signbridge.knowledge.languages import get

    try:
        return get(code).spoken_language
    except Exception:  # an imported language code the registry does not know
        return None


_SAFE_TRANSLATION = re.compile(r"^[^\W\d_][\w' \-]{0,59}$")


def llm_translate(query: str, spoken_language: str, settings: Settings) -> list[str]:
    """Ask the configured OpenAI-compatible chat endpoint for up to three translations of ``query``.

    The reply is only used as lookup text: it is checked to be short words (no markup, no digits)
    and never executed. Raises NotConfiguredError when the endpoint fails.
    """
    from signbridge.knowledge.errors import NotConfiguredError
    from signbridge.knowledge.llm_client import post_json

    url = settings.llm_base_url.rstrip("/") + "/chat/completions"
    messages = [
        {"role": "system", "content": "You translate single words and short phrases for a dictionary lookup. "
                                      "Reply with up to three translations separated by commas and nothing else. "
                                      "If the text is already in the target language, reply with it unchanged."},
        {"role": "user", "content": f"Translate into the language with ISO 639-1 code '{spoken_language}': {query}"},
    ]
    body = post_json(settings, url, {"model": settings.llm_model, "messages": messages, "temperature": 0,
                                     "max_tokens": 40}, what="LLM endpoint")
    try:
        text = body["choices"][0]["message"]["content"] or ""
        if not isinstance(text, str):
            raise TypeError("content is not a string")
    except (KeyError, IndexError, TypeError) as error:
        raise NotConfiguredError(f"LLM endpoint {url} answered something that is not a chat completion "
                                 f"({type(error).__name__})") from error
    out = []
    for candidate in text.strip().splitlines()[0].split(",") if text.strip() else []:
        candidate = candidate.strip().strip("\"'“”„.")
        if _SAFE_TRANSLATION.match(candidate) and candidate.casefold() != query.casefold() and candidate not in out:
            out.append(candidate)
    return out[:3]


def _translated_matches(query, spoken, index, found, languages, settings, config, notes) -> None:
    """Cross-lingual step: look up the LLM's translations; grounded only in the dictionary match."""
    from signbridge.knowledge.errors import NotConfiguredError

    for lang in spoken:
        try:
            translations = llm_translate(query, lang, settings)
        except NotConfiguredError as error:
            notes.append(f"cross-lingual lookup skipped: {error}")
            return
        for text in translations:
            part = Collector(languages)
            match_word(text, index, part, [lang], config)
            for c in part.best.values():
                sure = c.confident and c.match in ("exact", "folded", "lemma")
                found.add([c.entry], 0.9 * c.score, f"llm:{text}:{c.match}", sure)
        if translations:
            notes.append(f"'{query}' was translated into '{lang}' by the LLM as {', '.join(translations)} "
                         "(an ungrounded translation; the hits are dictionary matches of it)")


def _group_variants(ranked: list, k: int) -> list[LookupHit]:
    """Best first, one hit per (language, kind, gloss): later entries of the same sign become its variants."""
    hits: dict[tuple, LookupHit] = {}
    for c in ranked:
        key = (c.entry.language, c.entry.kind, c.entry.gloss.upper())
        if key in hits:
            hits[key].variants.append(c.entry)
        elif len(hits) < k:
            hits[key] = LookupHit(entry=c.entry, score=c.score, confident=c.confident, match=c.match)
    return list(hits.values())


def validate_query(query: str, k: int = 5) -> str:
    """The stripped query, or an InputError saying what is wrong (checked before the index is opened)."""
    query = plain_text(query or "", "lookup query", 200, "give a word or phrase, e.g. signbridge lookup Haus --lang gsg",
                       "look up a word or short phrase")
    if not fold(query):
        raise InputError(f"lookup query '{query}' has no letters: give a word or phrase")
    if k < 1:
        raise InputError(f"k must be at least 1 (got {k})")
    return query


def _spoken_languages(codes: list[str], index, notes: list[str]) -> list[str]:
    """Spoken languages whose dictionaries the lemma and typo stages consult, at most CACHED_DICTIONARIES.

    Only languages with dictionary signs count (a dictionary loads in 1-6 s and takes 25-130 MB). With
    more, the ones with the most signs are kept and a note names the rest: a query must never cycle
    through more dictionaries than the cache holds (that reloaded them for every candidate spelling).
    """
    from collections import defaultdict

    from signbridge.knowledge.sources.wordlist import CACHED_DICTIONARIES

    signs: dict[str, int] = defaultdict(int)
    for code in codes:
        spoken = _spoken(code) if code in index.keys_by_language else None
        if spoken:
            signs[spoken] += len(index.keys_by_language[code])
    ranked = sorted(signs, key=lambda s: (-signs[s], s))
    if len(ranked) > CACHED_DICTIONARIES:
        notes.append(f"spelling checks (lemmas, typos) used the {CACHED_DICTIONARIES} spoken languages with the "
                     f"most signs, not {', '.join(ranked[CACHED_DICTIONARIES:])}: give --lang to search one language")
    return ranked[:CACHED_DICTIONARIES]


def lookup(query: str, language: str | None = None, k: int = 5, settings: Settings | None = None, *,
           kb, config: LookupConfig | None = None) -> LookupResult:
    """Find signs for a word or phrase in the knowledge base ``kb``; ``language`` is an ISO 639-3 code
    (None = all languages); ``settings`` (default: the knowledge base's) say whether an LLM may translate."""
    query = validate_query(query, k)
    config = config or LookupConfig()
    language = language.strip().lower() or None if language else None
    settings = settings or kb.settings
    index = index_for(kb)
    languages = {language} if language else None
    codes = sorted(languages or set(index.keys_by_language) | {e.language for es in index.letters.values() for e in es})
    notes: list[str] = []
    spoken = _spoken_languages(codes, index, notes)
    found = Collector(languages)

    match_word(query, index, found, spoken, config)
    tokens = query.split()
    if len(tokens) > 1 and not found.confident:  # a phrase without its own entry: look up its words
        for token in tokens:
            part = Collector(languages)
            match_word(token, index, part, spoken, config)
            best = sorted(part.best.values(), key=lambda c: -c.score)[:2]
            for c in best:
                found.add([c.entry], 0.85 * c.score, f"part:{token}:{c.match}", c.confident)
        notes.append(f"no entry for the whole phrase '{query}'; hits are for its words")
    if not found.confident and config.translate and settings.llm_configured and spoken:
        _translated_matches(query, spoken, index, found, languages, settings, config, notes)
    try:
        for entry, similarity in kb.vector_search(query, language, kinds=LOOKUP_KINDS, k=config.vector_k):
            found.add([entry], 0.7 * similarity, "vector", False)
    except Exception as error:  # the vector store is optional for a lookup: say so, keep the lexical hits
        notes.append(f"vector search unavailable ({type(error).__name__}); lexical matches only")

    ranked = sorted(found.best.values(), key=lambda c: (
        -round(c.score, 6), index.primary.get(c.entry.id) != fold(query), c.entry.variant is not None,
        c.entry.variant or "", c.entry.gloss, c.entry.id))
    result_hits = _group_variants(ranked, k) if config.group_variants else [
        LookupHit(entry=c.entry, score=c.score, confident=c.confident, match=c.match) for c in ranked[:k]]

    if language and language not in index.keys_by_language:
        if any(e.language == language for es in index.letters.values() for e in es):
            notes.append(f"no dictionary signs for '{language}' are installed (only fingerspelling); "
                         "add a lexicon with `signbridge knowledge import`")
        else:
            notes.append(f"nothing is installed for '{language}'; add a lexicon with `signbridge knowledge import`")
    if not any(h.confident for h in result_hits):
        if not settings.llm_configured and not is_semantic(kb.embedder):
            notes.append("no confident match. Offline lookup compares spellings only: a word in another language "
                         "(e.g. English against DGS) needs an LLM (SIGNBRIDGE_LLM_BASE_URL) or a multilingual "
                         "embedding backend (SIGNBRIDGE_EMBEDDING=st:/path/to/model or openai:model-name)")
        else:
            notes.append("no confident match; vector neighbours are suggestions, not translations")
    return LookupResult(query=query, language=language, hits=result_hits, notes=notes)


def search_documents(query: str, language: str | None = None, k: int = 5, *, kb) -> list[LookupHit]:
    """Imported document chunks (dictionaries, textbooks) relevant to ``query``, best first.

    Score = mean of the embedding similarity and the share of query words found in the chunk
    (the lexical backend knows spellings, not meaning, so word overlap keeps it grounded).
    ``language`` keeps chunks imported for that sign language plus those imported without one.
    Hits are never `confident`: they are context for a description, not a sign.
    """
    from signbridge.knowledge.importers.documents import UNDETERMINED

    query = (query or "").strip()
    if not query:
        raise InputError("empty document query")
    languages = [language, UNDETERMINED] if language else None
    words = {w for w in fold(query).split() if len(w) > 2}
    hits = []
    for entry, similarity in kb.vector_search(query, languages, kinds=("document",), k=max(k * 4, 20)):
        text = fold(entry.description or "")
        overlap = sum(1 for w in words if re.search(rf"\b{re.escape(w)}", text)) / len(words) if words else 0.0
        hits.append(LookupHit(entry=entry, score=0.5 * similarity + 0.5 * overlap, confident=False, match="document"))
    return sorted(hits, key=lambda h: -h.score)[:k]
