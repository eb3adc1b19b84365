"""A lookup without --lang over lexicons of many spoken languages stays bounded.

With 9 or more spoken languages the old loops cycled through an 8-dictionary cache for every
candidate spelling of a typo and reloaded a dictionary (1-6 s each) thousands of times; every
dictionary a query touches also stays in memory (25-130 MB each without an on-disk store).
Dictionary loads are counted here through the lemma store's loader, replaced by small dictionaries.
"""

import pytest

from signbridge.knowledge import lemma_store
from signbridge.knowledge import lookup as lookup_module
from signbridge.knowledge.embeddings import LexicalEmbedder
from signbridge.knowledge.settings import Settings
from signbridge.knowledge.sources import wordlist
from signbridge.knowledge.types import LexiconEntry, Source

# ten sign languages with ten different spoken languages (every one has a simplemma dictionary)
CODES = {"ase": "en", "gsg": "de", "ssr": "fr", "slf": "it", "aed": "es", "tsm": "tr", "bzs": "pt", "cse": "cs",
         "vgt": "nl", "swl": "sv"}


class _FakeKB:
    """The parts of KnowledgeBase that lookup() reads, over a handful of entries."""

    version = 1

    def __init__(self, entries, home):
        self._entries = entries
        self.settings = Settings(home=home)
        self.embedder = LexicalEmbedder()

    def entries(self):
        return list(self._entries)

    def vector_search(self, *args, **kwargs):
        return []


@pytest.fixture
def counted_dictionaries(monkeypatch):
    loads: list[str] = []

    def load(lang):
        loads.append(lang)
        return {"house": "house", "houses": "house", "haus": "haus"}

    # in-memory dictionaries (no on-disk store), loaded through a counting loader; the store's own
    # per-process cache of open dictionaries starts empty and is restored afterwards
    monkeypatch.setattr(lemma_store, "store_path", lambda lang: None)
    monkeypatch.setattr(lemma_store, "_simplemma_dictionary", load)
    monkeypatch.setattr(lemma_store, "_open", {})
    wordlist._lemmatizer.cache_clear()
    yield loads
    wordlist._lemmatizer.cache_clear()


def test_typo_lookup_over_ten_spoken_languages_loads_at_most_eight_dictionaries_once_each(counted_dictionaries, tmp_path):
    entries = [LexiconEntry(id=f"import:t-{code}:1", language=code, gloss="KITCHEN", words=["kitchen"],
                            source=Source(name=f"import:t-{code}")) for code in CODES]
    kb = _FakeKB(entries, tmp_path)
    result = lookup_module.lookup("Kitchn", None, k=3, kb=kb)
    assert result.hits and result.hits[0].entry.gloss == "KITCHEN"
    # at most 8 spoken languages are consulted, each loaded once (the old code: thousands of loads)
    assert len(counted_dictionaries) <= wordlist.CACHED_DICTIONARIES
    assert len(set(counted_dictionaries)) == len(counted_dictionaries)
    assert any("spelling checks" in note and "--lang" in note for note in result.notes)
    # a second query in the same process reuses the cache: no dictionary is loaded again
    before = len(counted_dictionaries)
    lookup_module.lookup("Houses", None, k=3, kb=kb)
    assert len(counted_dictionaries) == before


def test_with_a_language_only_its_dictionary_is_loaded(counted_dictionaries, tmp_path):
    entries = [LexiconEntry(id=f"import:t-{code}:1", language=code, gloss="KITCHEN", words=["kitchen"],
                            source=Source(name=f"import:t-{code}")) for code in CODES]
    result = lookup_module.lookup("Kitchn", "ase", k=3, kb=_FakeKB(entries, tmp_path))
    assert result.hits[0].entry.language == "ase"
    assert set(counted_dictionaries) == {"en"}
