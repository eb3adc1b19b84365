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


def test_remembered_lemmas_are_simplemmas_and_need_no_simplemma(settings, monkeypatch):
    from signbridge.knowledge import lemma_memo

    disk_cache.use(settings.cache_dir)
    try:
        words = [*WORDS, ""]
        first = [wordlist.lemma(w, "de") for w in words] + [wordlist.lemma("Häuser", "xx")]  # unsupported: the word
        assert first == [simplemma.lemmatize(w, lang="de") for w in WORDS] + ["", "Häuser"]
        assert lemma_memo.recall("de", "Häuser") == "Haus" and lemma_memo.memo_path().is_file()

        def no_simplemma():
            raise AssertionError("simplemma was asked again")

        monkeypatch.setattr(wordlist, "_lemmatizer", no_simplemma)
        assert [wordlist.lemma(w, "de") for w in words] + [wordlist.lemma("Häuser", "xx")] == first
    finally:
        disk_cache.use(None)
        lemma_memo.forget()


def test_lemma_memo_follows_simplemmas_version_and_survives_damage(settings, monkeypatch):
    from signbridge.knowledge import lemma_memo, lemma_store

    disk_cache.use(settings.cache_dir)
    try:
        wordlist.lemma("Kinder", "de")
        path = lemma_memo.memo_path()
        monkeypatch.setattr(lemma_store, "simplemma_version", lambda: "9.9.9")
        assert lemma_memo.memo_path() != path and lemma_memo.recall("de", "Kinder") is None  # another simplemma
        monkeypatch.undo()
        lemma_memo.forget()
        path.write_bytes(b"garbage, not a database" * 100)
        assert lemma_memo.recall("de", "Kinder") is None  # damaged: started again, empty
        assert wordlist.lemma("Kinder", "de") == "Kind" and lemma_memo.recall("de", "Kinder") == "Kind"
    finally:
        disk_cache.use(None)
        lemma_memo.forget()


def test_a_remembered_lemma_does_not_import_simplemma(settings, tmp_path):
    import os
    import subprocess
    import sys

    disk_cache.use(settings.cache_dir)  # the German store, shared (building it takes seconds); a fresh memo
    try:
        lemma_store.dictionary("de")
        store = lemma_store.store_path("de")
    finally:
        disk_cache.use(None)
    (tmp_path / "lemmas").mkdir()
    (tmp_path / "lemmas" / store.name).symlink_to(store)

    script = ("import sys\n"
              "from signbridge.knowledge import disk_cache\n"
              "from signbridge.knowledge.sources.wordlist import is_word, lemma\n"
              "disk_cache.use(sys.argv[1])\n"
              "print(lemma('Häuser', 'de'), is_word('Häuser', 'de'), 'simplemma' in sys.modules)\n")
    args = [sys.executable, "-c", script, str(tmp_path)]
    runs = [subprocess.run(args, capture_output=True, text=True, env=os.environ, check=True).stdout.split()
            for _ in range(2)]
    assert runs == [["Haus", "True", "True"], ["Haus", "True", "False"]]
