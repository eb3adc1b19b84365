"""A spoken-language word list from simplemma's data (core dependency), for lemmas and spelling repairs.

simplemma ships, per language, a mapping of inflected forms to lemmas (German: ~1.1M forms).
We use it as a lexicon: is "rücken" a word? which casing does the dictionary use ("Licht")?
wordfreq (optional, extra `train`) breaks ties by frequency when it is installed.

Loading simplemma's German dictionary takes seconds in every process, so the forms and headwords
are kept once in a per-language SQLite file (`knowledge/lemma_store.py`, under the data directory's
cache) and looked up on disk: lemmas are identical, a process pays milliseconds.
"""

from __future__ import annotations

import re
from functools import lru_cache


# Lookups consult at most this many spoken languages' dictionaries per query (each takes 1-6 s and
# 25-130 MB in memory when it has no on-disk store): a lookup without --lang over many imported
# languages must stay bounded in time and memory.
CACHED_DICTIONARIES = 8


def _dictionary(lang: str):
    """form -> lemma: the on-disk store when one is configured (built on first use), else simplemma's own."""
    from signbridge.knowledge.lemma_store import dictionary

    return dictionary(lang)


@lru_cache(maxsize=1)
def _lemmatizer():
    from simplemma import Lemmatizer
    from simplemma.strategies import DefaultStrategy

    from signbridge.knowledge.lemma_store import FACTORY

    return Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=FACTORY))


def is_headword(word: str, lang: str) -> bool:
    """True when the word (as written, lower- or title-cased) is itself a lemma: 'heißen' yes, 'heißt' no."""
    from signbridge.knowledge.lemma_store import headwords

    heads = headwords(lang)
    if lang in CAPITALISED_NOUNS:
        # case carries meaning: "Schulen" is the plural of Schule (the dictionary's nominalised verb
        # "das Schulen" aside), while lower-case "schulen" / "heißen" are verbs of their own
        return word[:1].islower() and word in heads
    return any(form in heads for form in (word, word.lower(), word[:1].upper() + word[1:].lower()))


# languages whose nouns are capitalised, so the written case tells noun from verb
CAPITALISED_NOUNS = frozenset({"de", "lb"})


def is_word(word: str, lang: str) -> bool:
    """True when the form (as written, lower- or title-cased) is in the language's dictionary."""
    d = _dictionary(lang)
    return bool(word) and (word in d or word.lower() in d or word[:1].upper() + word[1:].lower() in d)


def dictionary_form(word: str, lang: str) -> str:
    """The casing the dictionary uses for a word: 'LICHT' -> 'Licht', 'SPIELEN' -> 'spielen'.

    A lemma that maps to itself wins (nouns are capitalised in German); unknown words are lower-cased.
    """
    d = _dictionary(lang)
    lower, title = word.lower(), word[:1].upper() + word[1:].lower()
    for form in (lower, title):  # verbs and adjectives lower-case, nouns capitalised
        if d.get(form) == form:
            return form
    for form in (lower, title):
        if form in d:
            return form
    return lower


def frequency(word: str, lang: str) -> float:
    try:
        from wordfreq import word_frequency
    except ImportError:
        return 0.0
    try:
        return word_frequency(word.lower(), lang)
    except (LookupError, ValueError):
        return 0.0


def lemma(word: str, lang: str) -> str:
    """simplemma's lemma of one token (the token itself when unknown or the language is unsupported).

    Remembered on disk (`lemma_memo`): a word seen before costs no simplemma import."""
    from signbridge.knowledge import lemma_memo

    texts = isinstance(word, str) and isinstance(lang, str)
    known = lemma_memo.recall(lang, word) if texts else None
    if known is not None:
        return known
    try:
        found = _lemmatizer().lemmatize(word, lang)
    except (ValueError, KeyError):  # an unsupported language, an empty token: the token, every time
        found = word
    if texts:
        lemma_memo.remember(lang, word, found)
    return found


# characters that sources lose when they strip non-ASCII, per spoken language
LOST_LETTERS = {"de": "ÄÖÜ", "sv": "ÅÄÖ", "fi": "ÄÖ", "tr": "ÇĞİÖŞÜ", "fr": "ÉÈÊÀÇ", "es": "ÑÁÉÍÓÚ"}


def repair_lost_letters(token: str, lang: str, known: set[str] = frozenset(), max_insertions: int = 2) -> str:
    """Restore letters a source dropped: 'RCKEN' -> 'RÜCKEN', 'KMPFEN' -> 'KÄMPFEN', 'FR' -> 'FÜR'.

    Tries inserting one (then two) of the language's lost letters at every position and keeps the
    candidates that are known words (`known` upper-case glosses first, then the dictionary); the most
    frequent (or, without wordfreq, the first self-lemma) wins. A token that already is a word, or
    that no insertion turns into one, is returned unchanged.
    """
    letters = LOST_LETTERS.get(lang)
    if not letters or not token.isalpha() or token in known:
        return token
    if is_word(token, lang) and re.search(r"[AEIOUYÄÖÜ]", token.upper()):  # "FR" is an abbreviation, not FÜR
        return token
    frontier, candidates = {token}, []
    for _ in range(max_insertions):
        nxt = set()
        for stem in frontier:
            for i in range(len(stem) + 1):
                for ch in letters:
                    nxt.add(stem[:i] + ch + stem[i:])
        candidates = [c for c in sorted(nxt) if c in known or is_word(c, lang)]
        if candidates:
            break
        if len(token) < 5:  # two insertions into a short token invent words too easily
            break
        frontier = nxt
    if not candidates:
        return token

    def rank(candidate: str):
        self_lemma = _dictionary(lang).get(dictionary_form(candidate, lang)) == dictionary_form(candidate, lang)
        return (candidate in known, frequency(candidate, lang), self_lemma)

    return max(candidates, key=rank)
