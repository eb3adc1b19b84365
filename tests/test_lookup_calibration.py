"""Confidence is calibrated: an inflection finds its sign, a word of its own never gets a confident wrong sign."""

import pytest

from signbridge.knowledge.lookup import lookup


@pytest.mark.parametrize("query, gloss", [
    ("Schulen", "SCHULE"), ("gegeben", "GEBEN"), ("spielt", "SPIELEN"), ("Häuser", "HAUS"), ("Lehrers", "LEHRER"),
])
def test_inflections_are_confident(kb, query, gloss):
    top = lookup(query, "gsg", k=3, kb=kb).hits[0]
    assert top.entry.gloss == gloss and top.confident


@pytest.mark.parametrize("query", ["heißen", "schulen", "Raumstation"])
def test_words_of_their_own_are_not_confidently_mapped(kb, query):
    # "heißen" (to be called) is not a form of heiß (hot); "schulen" (to train) is not Schule
    assert not any(hit.confident for hit in lookup(query, "gsg", k=5, kb=kb).hits)


def test_variants_are_grouped_under_one_hit(kb):
    hits = lookup("Rücken", "gsg", k=5, kb=kb).hits
    glosses = [h.entry.gloss for h in hits]
    assert glosses.count("RÜCKEN") == 1 and hits[0].variants
    assert all(v.gloss == "RÜCKEN" for v in hits[0].variants)
