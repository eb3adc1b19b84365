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
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from signbridge.knowledge.embeddings import fold, is_semantic
from signbridge.knowledge.errors import InputError
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.types import LexiconEntry, LookupHit, LookupResult

_TRANSLIT = {"ae": "a", "oe": "o", "ue": "u"}
_LOOKUP_KINDS = ("sign",)


@dataclass
class LookupConfig:
    fuzzy_cutoff: float = field(default=72.0, metadata={"help": "minimum rapidfuzz ratio for a fuzzy candidate"})
    fuzzy_limit: int = field(default=25, metadata={"help": "fuzzy candidates per language"})
    vector_k: int = field(default=10, metadata={"help": "vector neighbours to consider"})
    min_fuzzy_len: int = field(default=4, metadata={"help": "shorter queries never match confidently by fuzz"})
    translate: bool = field(default=True, metadata={"help": "with an LLM configured, translate queries that "
                                                             "match nothing confidently (one request each)"})
    group_variants: bool = field(default=True, metadata={"help": "one hit per word: variants of the same gloss "
                                                                  "are listed under the best one"})


def translit(text: str) -> str:
    """Fold and undo the ae/oe/ue spelling of umlauts: 'Ruecken' -> 'rucken' (matches fold('Rücken'))."""
    out = fold(text)
    for pair, single in _TRANSLIT.items():
        out = out.replace(pair, single)
    return out


def _casefold(text: str) -> str:
    return re.sub(r"[\s_\-]+", " ", text.casefold()).strip()


def _spoken(code: str) -> str | None:
    from signbridge.knowledge.languages import get

    try:
        return get(code).spoken_language
    except Exception:  # an imported language code the registry does not know
        return None


class LookupIndex:
    """Matching structures over the knowledge base's entries, rebuilt when the KB changes."""

    def __init__(self, kb):
        self.version = kb.version
        self.exact: dict[str, list[LexiconEntry]] = defaultdict(list)
        self.folded: dict[str, list[LexiconEntry]] = defaultdict(list)
        self.letters: dict[str, list[LexiconEntry]] = defaultdict(list)
        self.keys_by_language: dict[str, list[str]] = defaultdict(list)  # folded keys, for fuzzy matching
        self.compound_keys: dict[str, list[str]] = defaultdict(list)  # casefolded single words, for compounds
        self.primary: dict[str, str] = {}  # entry id -> its first word, folded
        for entry in kb.entries():
            if entry.kind == "letter":
                for word in entry.words:
                    self.letters[_casefold(word)].append(entry)
                continue
            if entry.kind not in _LOOKUP_KINDS:
                continue
            forms = list(dict.fromkeys([*entry.words, entry.gloss]))
            self.primary[entry.id] = fold(forms[0]) if forms else ""
            for word in forms:
                self.exact[_casefold(word)].append(entry)
                self.compound_keys[entry.language].append(_casefold(word))
                for key in {fold(word), translit(word)}:
                    if key:
                        if not self.folded[key] or self.folded[key][-1] is not entry:
                            self.folded[key].append(entry)
                        self.keys_by_language[entry.language].append(key)
        for table in (self.keys_by_language, self.compound_keys):
            for code, keys in table.items():
                table[code] = sorted(set(keys))


def _index(kb) -> LookupIndex:
    index = getattr(kb, "_lookup_index", None)
    if index is None or index.version != kb.version:
        index = LookupIndex(kb)
        kb._lookup_index = index
    return index


@dataclass
class _Candidate:
    entry: LexiconEntry
    score: float
    match: str
    confident: bool


class _Collector:
    def __init__(self, languages: set[str] | None):
        self.languages = languages
        self.best: dict[str, _Candidate] = {}

    def add(self, entries, score: float, match: str, confident: bool) -> None:
        for entry in entries:
            if self.languages is not None and entry.language not in self.languages:
                continue
            old = self.best.get(entry.id)
            if old is None or score > old.score:
                self.best[entry.id] = _Candidate(entry, score, match, confident)

    @property
    def confident(self) -> bool:
        return any(c.confident for c in self.best.values())


def _is_headword(query: str, spoken: list[str]) -> bool:
    from signbridge.knowledge.sources.wordlist import is_headword

    return len(query.split()) == 1 and any(is_headword(query, lang) for lang in spoken)


def _lemmas(query: str, spoken: list[str]) -> set[str]:
    """Lemmas of every token, per spoken language, joined back into a phrase."""
    from signbridge.knowledge.sources.wordlist import lemma

    out = set()
    tokens = query.split()
    for lang in spoken:
        for variant in (tokens, [t.lower() for t in tokens], [t[:1].upper() + t[1:].lower() for t in tokens]):
            out.add(" ".join(lemma(t, lang) for t in variant))
    return {_casefold(x) for x in out} - {_casefold(query)}


_LINKS = ("s", "es", "n", "en", "e", "er", "ens")  # German linking elements (Fugenelemente): Geburt-s-tag


def _compound_parts(query: str, keys: list[str]):
    """(key, the other part, whether that part comes first) for keys that start or end a compound."""
    for key in keys:
        if key == query or " " in key:
            continue
        if len(key) > len(query):
            if key.startswith(query):
                yield key, key[len(query):], False
            elif key.endswith(query):
                yield key, key[:-len(query)], True
        elif len(key) >= 4:
            if query.startswith(key):
                yield key, query[len(key):], False
            elif query.endswith(key):
                yield key, query[:-len(key)], True


def _is_compound_rest(rest: str, rest_first: bool, spoken: list[str]) -> bool:
    """Is the other part of a compound a word (allowing a linking element)? 'enhaus' -> 'haus' yes, 'eln' no."""
    from signbridge.knowledge.sources.wordlist import is_word

    candidates = [rest]
    for link in _LINKS:
        if rest_first and rest.endswith(link):
            candidates.append(rest[:-len(link)])
        elif not rest_first and rest.startswith(link):
            candidates.append(rest[len(link):])
    if not spoken:
        return len(rest) >= 3
    return any(len(c) >= 2 and is_word(c, lang) for c in candidates for lang in spoken)


def _is_dictionary_word(query: str, spoken: list[str]) -> bool:
    from signbridge.knowledge.sources.wordlist import is_word

    return any(is_word(query, lang) for lang in spoken)


_ALPHABET = "abcdefghijklmnopqrstuvwxyzäöüßéèàçñ"


def _edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, replacement or insertion away (Norvig's edits1)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return ({a + b[1:] for a, b in splits if b}
            | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
            | {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
            | {a + c + b for a, b in splits for c in _ALPHABET})


def _dictionary_neighbours(query: str, spoken: list[str]) -> set[str]:
    """Folded lemmas of the dictionary words one edit away from the query: what a typo could have meant.

    With wordfreq installed (extra `train`), very rare forms (< 1 per million words) are ignored,
    since the lemmatiser's dictionary also lists obscure inflections.
    """
    from signbridge.knowledge.sources.wordlist import frequency, is_word, lemma

    out = set()
    for candidate in _edits1(query.casefold()):
        for lang in spoken:
            if is_word(candidate, lang):
                freq = frequency(candidate, lang)
                if freq == 0.0 and _has_wordfreq() or 0.0 < freq < 1e-6:
                    continue
                out.add(fold(lemma(candidate, lang)))
                out.add(fold(lemma(candidate[:1].upper() + candidate[1:], lang)))
    return out


def _has_wordfreq() -> bool:
    import importlib.util

    return importlib.util.find_spec("wordfreq") is not None


def _osa(a: str, b: str) -> int:
    from rapidfuzz.distance import OSA

    return OSA.distance(a, b)


def _match_word(query: str, index: LookupIndex, found: _Collector, spoken: list[str], config: LookupConfig,
                scale: float = 1.0, tag: str = "") -> None:
    """Exact, letter, folded, lemma, compound and fuzzy stages for one query string."""
    qc, qf, qt = _casefold(query), fold(query), translit(query)
    if not qf:
        return
    found.add(index.exact.get(qc, []), 1.0 * scale, tag + "exact", True)
    if len(qf.replace(" ", "")) <= 3:
        found.add(index.letters.get(qc, []) or index.letters.get(qf, []), 0.99 * scale, tag + "letter", True)
    found.add(index.folded.get(qf, []) + index.folded.get(qt, []), 0.97 * scale, tag + "folded", True)
    lemmas = _lemmas(query, spoken)
    headword = bool(lemmas) and _is_headword(query, spoken)
    for lem in lemmas:
        # a headword that is its lemma plus an ending may be a word of its own: "heißen" is the verb,
        # not only a form of heiß; such matches are suggestions ("gegeben" -> geben stays confident)
        ambiguous = headword and qc.startswith(lem)
        found.add(index.exact.get(lem, []) + index.folded.get(fold(lem), []),
                  (0.8 if ambiguous else 0.93) * scale, tag + "lemma", not ambiguous)
    languages = found.languages or set(index.keys_by_language)
    is_word, neighbours = None, None
    for code in languages:
        keys = index.keys_by_language.get(code, [])
        if not keys:
            continue
        if len(qc) >= 3:  # compounds: Haus -> HAUSFRAU, Arzt -> ZAHNARZT, Krankenhaus -> KRANK
            for key, rest, rest_first in _compound_parts(qc, index.compound_keys.get(code, [])):
                if _is_compound_rest(rest, rest_first, spoken):
                    share = min(len(qc), len(key)) / max(len(qc), len(key))
                    found.add(index.exact[key], (0.55 + 0.25 * share) * scale, tag + "compound", False)
        from rapidfuzz import fuzz, process

        for key, ratio, _ in process.extract(qf, keys, scorer=fuzz.ratio, limit=config.fuzzy_limit,
                                             score_cutoff=config.fuzzy_cutoff):
            if key == qf:
                continue
            distance = _osa(qf, key)
            allowed = 1 if len(qf) <= 7 else 2
            confident = len(qf) >= config.min_fuzzy_len and distance <= allowed
            if confident:
                if is_word is None:  # a real word that differs from an entry is another word, not a typo
                    is_word = _is_dictionary_word(query, spoken)
                    neighbours = set() if is_word else _dictionary_neighbours(query, spoken)
                # a typo is only resolved when the entry is the one dictionary word it can be
                # ("Tich" could be "Tisch", which has no entry, so TUCH is not asserted)
                same = {key} | {fold(lem) for lem in _lemmas(key, spoken)}
                confident = not is_word and neighbours <= same
            score = (0.9 if confident else 0.75) * ratio / 100.0
            found.add(index.folded[key], score * scale, tag + "fuzzy", confident)


_SAFE_TRANSLATION = re.compile(r"^[^\W\d_][\w' \-]{0,59}$")


def llm_translate(query: str, spoken_language: str, settings: Settings) -> list[str]:
    """Ask the configured OpenAI-compatible chat endpoint for up to three translations of ``query``.

    The reply is only used as lookup text: it is checked to be short words (no markup, no digits)
    and never executed. Raises NotConfiguredError when the endpoint fails.
    """
    import httpx

    from signbridge.knowledge.errors import NotConfiguredError

    url = settings.llm_base_url.rstrip("/") + "/chat/completions"
    messages = [
        {"role": "system", "content": "You translate single words and short phrases for a dictionary lookup. "
                                      "Reply with up to three translations separated by commas and nothing else. "
                                      "If the text is already in the target language, reply with it unchanged."},
        {"role": "user", "content": f"Translate into the language with ISO 639-1 code '{spoken_language}': {query}"},
    ]
    try:
        response = httpx.post(url, json={"model": settings.llm_model, "messages": messages, "temperature": 0,
                                         "max_tokens": 40},
                              headers={"Authorization": f"Bearer {settings.llm_api_key}"}, timeout=settings.llm_timeout)
        response.raise_for_status()
        text = response.json()["choices"][0]["message"]["content"] or ""
    except (httpx.HTTPError, KeyError, IndexError, ValueError, TypeError) as error:
        raise NotConfiguredError(f"LLM endpoint {url} failed ({type(error).__name__})") from error
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
            part = _Collector(languages)
            _match_word(text, index, part, [lang], config)
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
    query = (query or "").strip()
    if not query:
        raise InputError("empty lookup query: give a word or phrase, e.g. signbridge lookup Haus --lang gsg")
    if len(query) > 200:
        raise InputError("lookup query too long (over 200 characters): look up a word or short phrase")
    if any(unicodedata.category(c) in ("Cc", "Cs", "Co") for c in query):
        raise InputError("lookup query contains control or private-use characters: give plain text")
    if not fold(query):
        raise InputError(f"lookup query '{query}' has no letters: give a word or phrase")
    if k < 1:
        raise InputError(f"k must be at least 1 (got {k})")
    return query


def lookup(query: str, language: str | None = None, k: int = 5, settings: Settings | None = None,
           kb=None, config: LookupConfig | None = None) -> LookupResult:
    """Find signs for a word or phrase; ``language`` is an ISO 639-3 code (None = all languages)."""
    from signbridge.knowledge.store import KnowledgeBase

    query = validate_query(query, k)
    config = config or LookupConfig()
    language = language.strip().lower() or None if language else None
    if kb is None:
        kb = KnowledgeBase.open(settings or Settings.from_env(), progress=True)
    settings = settings or kb.settings
    index = _index(kb)
    languages = {language} if language else None
    codes = sorted(languages or set(index.keys_by_language) | {e.language for es in index.letters.values() for e in es})
    # lemmas only for languages with dictionary signs (a lemmatiser loads in ~0.5 s per language)
    spoken = list(dict.fromkeys(s for s in (_spoken(c) for c in codes if c in index.keys_by_language) if s))
    found = _Collector(languages)
    notes: list[str] = []

    _match_word(query, index, found, spoken, config)
    tokens = query.split()
    if len(tokens) > 1 and not found.confident:  # a phrase without its own entry: look up its words
        for token in tokens:
            part = _Collector(languages)
            _match_word(token, index, part, spoken, config)
            best = sorted(part.best.values(), key=lambda c: -c.score)[:2]
            for c in best:
                found.add([c.entry], 0.85 * c.score, f"part:{token}:{c.match}", c.confident)
        notes.append(f"no entry for the whole phrase '{query}'; hits are for its words")
    if not found.confident and config.translate and settings.llm_configured and spoken:
        _translated_matches(query, spoken, index, found, languages, settings, config, notes)
    try:
        for entry, similarity in kb.vector_search(query, language, kinds=_LOOKUP_KINDS, k=config.vector_k):
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


def search_documents(query: str, language: str | None = None, k: int = 5, settings: Settings | None = None,
                     kb=None) -> list[LookupHit]:
    """Imported document chunks (dictionaries, textbooks) relevant to ``query``, best first.

    Score = mean of the embedding similarity and the share of query words found in the chunk
    (the lexical backend knows spellings, not meaning, so word overlap keeps it grounded).
    ``language`` keeps chunks imported for that sign language plus those imported without one.
    Hits are never `confident`: they are context for a description, not a sign.
    """
    from signbridge.knowledge.importers.documents import UNDETERMINED
    from signbridge.knowledge.store import KnowledgeBase

    query = (query or "").strip()
    if not query:
        raise InputError("empty document query")
    if kb is None:
        kb = KnowledgeBase.open(settings or Settings.from_env())
    languages = [language, UNDETERMINED] if language else None
    words = {w for w in fold(query).split() if len(w) > 2}
    hits = []
    for entry, similarity in kb.vector_search(query, languages, kinds=("document",), k=max(k * 4, 20)):
        text = fold(entry.description or "")
        overlap = sum(1 for w in words if re.search(rf"\b{re.escape(w)}", text)) / len(words) if words else 0.0
        hits.append(LookupHit(entry=entry, score=0.5 * similarity + 0.5 * overlap, confident=False, match="document"))
    return sorted(hits, key=lambda h: -h.score)[:k]
