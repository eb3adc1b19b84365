"""Rule-based text -> gloss: lemmatise, drop function words, keep word order.

This is an approximation, not a translation: sign-language grammar (word order, classifiers,
role shift, non-manual markers) is not modelled. Each word becomes the upper-cased lemma of the
spoken language (simplemma), articles/copulas/auxiliaries and similar function words
(`Language.function_words`, knowledge/languages.py) are dropped,
numbers and names are kept and flagged so production fingerspells them when no sign exists.
"""

from __future__ import annotations

import re
import unicodedata

from signbridge.knowledge.languages import Language
from signbridge.tools.types import Gloss

# languages whose nouns are capitalised: capitals do not mark names there
_CAPITALISED_NOUNS = {"de", "lb"}
_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


def tokenize(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text))


def _lemmatize(words: list[str], spoken: str) -> list[str]:
    from signbridge.knowledge.lemma_store import supported_languages
    from signbridge.knowledge.sources.wordlist import lemma

    if spoken not in supported_languages():
        return list(words)
    return [lemma(w, spoken) for w in words]


def _kind(word: str, position: int, spoken: str) -> str:
    if any(c.isdigit() for c in word):
        return "number"
    if len(word) > 1 and word.isupper():
        return "name"  # acronyms: DGS, UNO
    if word[:1].isupper() and position > 0 and spoken not in _CAPITALISED_NOUNS:
        return "name"
    return "sign"


# German subject pronoun -> the verb ending it takes in the present tense ("ich heiße", "du heißt")
_DE_PERSON_ENDINGS = {"ich": ("e",), "du": ("st", "est"), "er": ("t", "et"), "sie": ("t", "et"), "es": ("t", "et"),
                      "wir": ("en", "n"), "ihr": ("t", "et")}


def _german_verbs_after_pronouns(words: list[str], lemmas: list[str]) -> list[str]:
    """After a subject pronoun a lower-case word with that person's ending is read as a verb when the
    infinitive is a dictionary headword: 'ich heiße' -> heißen (simplemma alone says heiß, 'hot')."""
    from signbridge.knowledge.sources.wordlist import is_headword

    out = list(lemmas)
    for i in range(1, len(words)):
        word, endings = words[i], _DE_PERSON_ENDINGS.get(words[i - 1].lower())
        if not endings or not word[:1].islower():
            continue
        for ending in endings:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                infinitive = word[: -len(ending)] + "en"
                if infinitive != out[i] and is_headword(infinitive, "de"):
                    out[i] = infinitive
                break
    return out


def text_to_gloss(text: str, language: Language, **unused) -> list[Gloss]:
    """Glosses in source order; see the module docstring for what is (not) modelled."""
    spoken = language.spoken_language
    drop = language.function_words
    words = tokenize(text)
    # a capital at the start of the text is usually the sentence's, not the word's ("Guten" -> gut, not
    # Guter); but where nouns are capitalised a word that is its own lemma is a noun ("Haus", not hausen)
    lemmas = _lemmatize([w.lower() if i == 0 and not w.isupper() else w for i, w in enumerate(words)], spoken)
    if words and spoken in _CAPITALISED_NOUNS and not words[0].isupper():
        as_written = _lemmatize(words[:1], spoken)[0]
        if as_written == words[0]:
            lemmas[0] = as_written
    if spoken == "de":
        lemmas = _german_verbs_after_pronouns(words, lemmas)
    glosses = []
    for position, (word, lemma) in enumerate(zip(words, lemmas)):
        if word.lower() in drop:
            continue
        kind = _kind(word, position, spoken)
        lemma = word if kind != "sign" else (lemma or word)
        glosses.append(Gloss(gloss=lemma.upper(), word=word, lemma=lemma, kind=kind, position=position,
                             backend="simple"))
    return glosses
