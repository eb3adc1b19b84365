"""The start-up caches give the same answers as what they replace (timings: benchmarks/startup.py)."""

import simplemma

from signbridge.knowledge import disk_cache, lemma_store, vector_cache
from signbridge.knowledge.sources import wordlist

WORDS = ["Häuser", "spielt", "gebärdet", "Geburtstagskuchen", "heißt", "ging", "Kinder", "guten", "Mäuse",
         "schönsten", "Raumstation", "läuft", "xyzzy"]


def test_lemma_store_on_disk_gives_simplemmas_lemmas(settings):
    disk_cache.use(settings.cache_dir)
    try:
        store = lemma_store.dictionary("de")
        assert isinstance(store, lemma_store.SqliteLemmas) and lemma_store.store_path("de").is_file()
        assert [wordlist.lemma(w, "de") for w in WORDS] == [simplemma.lemmatize(w, lang="de") for w in WORDS]
        assert wordlist.is_headword("heißen", "de") and not wordlist.is_headword("heißt", "de")
        assert store.get("Häuser") == "Haus" and "xyzzy" not in store
    finally:
        disk_cache.use(None)
    assert not isinstance(lemma_store.dictionary("de"), lemma_store.SqliteLemmas)  # no folder: simplemma's own


def test_vector_copy_matches_chromadb(kb):
    vector = kb.embedder.embed(["Hauser"])  # (1, dim)
    fast = vector_cache.search(kb, vector, ("sign",), ["gsg"], 8)
    slow = kb._chroma().query(query_embeddings=vector, n_results=8, where={"$and": [
        {"kind": {"$in": ["sign"]}}, {"language": {"$in": ["gsg"]}}]}, include=["distances"])
    assert [e.id for e, _ in fast][:5] == slow["ids"][0][:5]
    assert abs(fast[0][1] - (1 - slow["distances"][0][0])) < 1e-4
    assert (kb.index_dir / vector_cache.FILE).is_file()


def test_glyph_outlines_are_stored_once(settings):
    from signbridge.tools.render import signwriting_svg as sw

    fresh = sw._draw("line", "S14c20")
    disk_cache.use(settings.cache_dir)
    sw._outline_store.cache_clear()
    sw.glyph_path.cache_clear()
    try:
        assert sw.glyph_path("line", "S14c20") == fresh  # drawn, then stored
        sw.glyph_path.cache_clear()
        assert sw.glyph_path("line", "S14c20") == fresh  # read back
        assert sw._outline_store().execute("SELECT COUNT(*) FROM outlines").fetchone()[0] >= 1
    finally:
        disk_cache.use(None)
        sw._outline_store.cache_clear()
        sw.glyph_path.cache_clear()
