"""Knowledge base: built-in sources, the store, and lookup on the real package data."""

import json
import sys

import pytest

from signbridge.knowledge.lookup import lookup
from signbridge.knowledge.sources.dgs import parse_gloss
from signbridge.knowledge.sources.wordlist import repair_lost_letters
from signbridge.knowledge.store import KnowledgeBase


# ------------------------------------------------------------------ DGS gloss cleaning
@pytest.mark.parametrize("raw, words, variant", [
    ("S3-05019-V_LICHT", ["LICHT"], None),
    ("BADEZIMMER_1", ["BADEZIMMER"], "1"),
    ("MANN-4", ["MANN"], "4"),
    ("KÄSE(DIALEKT)", ["KÄSE"], "DIALEKT"),
    ("MALAYSIA_INT", ["MALAYSIA"], "INT"),
    ("RCKEN-2", ["RÜCKEN"], "2"),
    ("KMPFEN", ["KÄMPFEN"], None),
    ("FERTIG-00053", ["FERTIG"], None),
    ("MUSS-HABEN-S4-04257", ["MUSS", "HABEN"], None),
    ("ERDBEEREN--BIBI-", ["ERDBEEREN"], "BIBI"),
    ("AUTO-00252-V3", ["AUTO"], "V3"),
    ("GUTEN_MORGEN_1", ["GUTEN", "MORGEN"], "1"),
    ("FR-SICH", ["FÜR", "SICH"], None),
])
def test_parse_gloss(raw, words, variant):
    parsed = parse_gloss(raw)
    assert parsed.words == words
    assert parsed.variant == variant


def test_repair_keeps_real_words_and_unknown_tokens():
    assert repair_lost_letters("HAUS", "de") == "HAUS"
    assert repair_lost_letters("LWE", "de") == "LÖWE"
    assert repair_lost_letters("XQZ", "de") == "XQZ"  # nothing plausible: left alone


# ------------------------------------------------------------------ the store
def test_build_counts_and_stats_json(kb, home):
    stats = kb.stats()
    assert 2000 < stats["lexicon"]["gsg"]["signwriting-dgs"] < 3772
    assert stats["skipped"]["signwriting-dgs"] > 1000  # records with no gloss at all
    assert stats["letters"] > 1000
    on_disk = json.loads((home / "index" / "stats.json").read_text())
    assert on_disk["lexicon"] == stats["lexicon"]  # sign entries only, read by knowledge.inventory
    assert "spoken-to-signed-fingerspelling" not in on_disk["lexicon"].get("ase", {})


def test_entries_get_by_gloss(kb):
    signs = kb.entries(language="gsg", kind="sign")
    assert all(e.kind == "sign" and e.language == "gsg" for e in signs)
    licht = kb.by_gloss("gsg", "licht")
    assert licht and all(e.gloss == "LICHT" for e in licht)
    entry = licht[0]
    assert kb.get(entry.id) is entry
    assert entry.signwriting.startswith("M") and entry.source.name == "signwriting-dgs"
    assert entry.original_gloss and entry.source.license.startswith("MIT")
    assert kb.get("nope:nothing") is None
    letters = kb.entries(language="gsg", kind="letter")
    assert any(e.pose_path for e in letters) and any(e.signwriting for e in letters)


def test_umlaut_repaired_entry_keeps_original_gloss(kb):
    ruecken = kb.by_gloss("gsg", "RÜCKEN")
    assert ruecken and any(e.original_gloss.startswith("RCKEN") for e in ruecken)
    with_hamnosys = [e for e in kb.entries("gsg", "sign") if e.hamnosys]
    assert len(with_hamnosys) > 1000


def test_no_shared_instance_a_handle_opens_once_and_sees_other_writers(home, kb):
    """Each open is an object of its own (no process-wide cache; reopen speed: benchmarks/lookup.py); a
    `KnowledgeHandle` opens on first use, keeps its knowledge base, and reloads it after another writer."""
    from signbridge.knowledge.settings import Settings
    from signbridge.knowledge.store import KnowledgeHandle
    from signbridge.knowledge.types import LexiconEntry, Source

    handle = KnowledgeHandle(Settings(home=home), progress=False)
    assert not handle.opened
    mine = handle.get()
    assert mine is not kb and handle.get() is mine and len(mine) == len(kb)
    probe = LexiconEntry(id="test-handle:probe", language="gsg", gloss="HANDLEPROBE", words=["Handleprobe"],
                         source=Source(name="test-handle", version="1", license="CC0"))
    kb.add([probe])  # another writer: the session's knowledge base
    try:
        assert mine.get(probe.id) is None  # a plain object does not look again by itself
        assert handle.get().get(probe.id) is not None and handle.get() is mine  # the handle refreshed it
    finally:
        kb.remove_source("test-handle")
    assert handle.get().get(probe.id) is None


# ------------------------------------------------------------------ lookup
def _top(query, language="gsg", k=5, kb=None):
    return lookup(query, language, k=k, kb=kb)


def test_exact(kb):
    r = _top("Haus", kb=kb, k=20)
    assert r.hits[0].entry.gloss == "HAUS" and r.hits[0].confident and r.hits[0].match == "exact"
    glosses = [h.entry.gloss for h in r.hits]
    if "HAUSFRAU" in glosses:  # the compound ranks below the exact word and is not asserted
        assert glosses.index("HAUSFRAU") > glosses.index("HAUS")
        assert not r.hits[glosses.index("HAUSFRAU")].confident


def test_compound_query_prefers_compound(kb):
    r = _top("Hausfrau", kb=kb)
    assert r.hits[0].entry.gloss == "HAUSFRAU"
    assert any(h.entry.gloss == "HAUS" and not h.confident for h in r.hits)


@pytest.mark.parametrize("query, gloss, match", [
    ("Lihct", "LICHT", "fuzzy"),  # transposition typo
    ("Vatre", "VATER", "fuzzy"),
    ("rücken", "RÜCKEN", "exact"),
    ("Rucken", "RÜCKEN", "folded"),  # umlaut lost
    ("Ruecken", "RÜCKEN", "folded"),  # umlaut transliterated
    ("KAESE", "KÄSE", "folded"),
    ("spielt", "SPIELEN", "lemma"),  # inflection
    ("Lehrers", "LEHRER", "lemma"),
    ("Bäume", "BAUM", "lemma"),
    ("guten Morgen", "GUTEN-MORGEN", "exact"),  # phrase
    ("malaysia", "MALAYSIA", "exact"),
])
def test_matches(kb, query, gloss, match):
    hit = _top(query, kb=kb).hits[0]
    assert hit.entry.gloss == gloss, (query, hit.entry.gloss, hit.match)
    assert hit.match == match and hit.confident


@pytest.mark.parametrize("query", ["Raumstation", "Tich", "Laus", "Schuhle", "house", "Quantencomputer"])
def test_no_confident_wrong_sign(kb, query):
    """No entry (or an ambiguous typo): suggestions only, never a confident hit."""
    r = _top(query, kb=kb)
    assert not any(h.confident for h in r.hits), [(h.entry.gloss, h.match) for h in r.hits]
    assert r.notes


def test_cross_lingual_note_offline(kb):
    r = _top("house", kb=kb)
    assert any("LLM" in n and "embedding" in n for n in r.notes)


def test_phrase_without_entry_returns_its_words(kb):
    r = _top("Guten Tag", kb=kb, k=10)
    glosses = {h.entry.gloss for h in r.hits if h.confident}
    assert {"TAG", "GUT"} <= glosses
    assert any("whole phrase" in n for n in r.notes)


def test_letters_only_for_letter_queries(kb):
    r = _top("a", kb=kb)
    assert r.hits[0].entry.kind == "letter" and r.hits[0].confident
    for query in ("Haus", "Hauss", "Raumstation"):
        assert all(h.entry.kind == "sign" for h in _top(query, kb=kb, k=20).hits)


def test_all_languages_reports_language(kb):
    r = lookup("Licht", None, k=3, kb=kb)
    assert r.language is None and r.hits[0].entry.language == "gsg"
    assert r.to_json()["hits"][0]["language"] == "gsg"
    letters = lookup("b", None, k=50, kb=kb)
    assert len({h.entry.language for h in letters.hits}) > 5


def test_language_without_signs_says_so(kb):
    r = lookup("house", "ase", kb=kb)
    assert not r.hits or not any(h.confident for h in r.hits)
    assert any("only fingerspelling" in n for n in r.notes)


def test_json_shape(kb):
    data = _top("Licht", kb=kb).to_json()
    hit = data["hits"][0]
    for key in ("gloss", "words", "score", "confident", "source", "has_pose", "signwriting", "hamnosys"):
        assert key in hit
    assert data["query"] == "Licht" and data["language"] == "gsg"
    assert 0 < hit["score"] <= 1


def test_bad_queries(kb):
    from signbridge.knowledge.errors import InputError

    with pytest.raises(InputError):
        lookup("   ", "gsg", kb=kb)
    with pytest.raises(InputError):
        lookup("x" * 500, "gsg", kb=kb)


# ------------------------------------------------------------------ CLI
def test_cli_lookup_and_stats(cli_env):
    from typer.testing import CliRunner

    import signbridge.agents.cli  # noqa: F401  (registers commands)
    from signbridge.agents.cli.app import app

    runner = CliRunner()
    result = runner.invoke(app, ["lookup", "Haus", "--lang", "DGS", "--json", "-k", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["language"] == "gsg" and data["hits"][0]["gloss"] == "HAUS" and len(data["hits"]) == 3
    result = runner.invoke(app, ["lookup", "Haus", "--lang", "DGS"])
    assert result.exit_code == 0 and "HAUS" in result.stdout
    result = runner.invoke(app, ["knowledge", "stats", "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["lexicon"]["gsg"]["signwriting-dgs"] > 2000


def test_cli_errors_are_one_line(cli_env):
    import subprocess

    for args in (["lookup", " ", "--lang", "gsg"], ["lookup", "Haus", "--lang", "Klingon Sign"]):
        proc = subprocess.run([sys.executable, "-m", "signbridge.agents.cli", *args], capture_output=True, text=True, timeout=60,
                              env={**__import__("os").environ, **cli_env})
        assert proc.returncode == 2, proc.stderr
        assert proc.stderr.strip().startswith("error:") and "Traceback" not in proc.stderr


def test_cli_build_json_is_clean(cli_env):
    from typer.testing import CliRunner

    import signbridge.agents.cli  # noqa: F401
    from signbridge.agents.cli.app import app

    result = CliRunner().invoke(app, ["knowledge", "build", "--json"])
    assert result.exit_code == 0
    stats = json.loads(result.stdout)  # nothing but JSON on stdout
    assert stats["signs"] > 2000 and "seconds" in stats
