"""Lookup's matching stages for one query string: exact, letter, folded, lemma, compound and fuzzy.

Score bands and what is confident are explained in `signbridge.knowledge.lookup`; `match_word`
adds every candidate of one query to a `Collector`, which keeps each entry's best candidate.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from signbridge.knowledge.config import check_fields
from signbridge.knowledge.lookup_index import LookupIndex, casefold, translit
from signbridge.knowledge.text import fold
from signbridge.knowledge.types import LexiconEntry


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

    def __post_init__(self):
        check_fields(self, positive=("fuzzy_limit", "vector_k", "min_fuzzy_len"), non_negative=("fuzzy_cutoff",))


@dataclass
class _Candidate:
    entry: LexiconEntry
    score: float
    match: str
    confident: bool


class Collector:
    """The best candidate per entry (restricted to `languages`, None = all) across stages."""

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
    return {casefold(x) for x in out} - {casefold(query)}


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
    return any(len(c) >= 2 and is_word(c, lang) for lang in spoken for c in candidates)  # one dictionary at a time


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
    candidates = sorted(_edits1(query.casefold()))
    for lang in spoken:  # language-outer: one dictionary at a time, never cycling through the cache
        for candidate in candidates:
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


def match_word(query: str, index: LookupIndex, found: Collector, spoken: list[str], config: LookupConfig,
                scale: float = 1.0, tag: str = "") -> None:
    """Exact, letter, folded, lemma, compound and fuzzy stages for one query string."""
    qc, qf, qt = casefold(query), fold(query), translit(query)
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
