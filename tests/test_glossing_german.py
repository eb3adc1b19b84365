"""German verbs after subject pronouns: the simple glosser must not turn 'ich heiße' into HEISS ('hot')."""

import pytest

from signbridge.knowledge.languages import resolve
from signbridge.tools.glossing import text_to_gloss
from signbridge.tools.production import produce


@pytest.mark.parametrize("text, expected", [
    ("ich heiße Anna", ["ICH", "HEISSEN", "ANNA"]),
    ("du heißt Anna", ["DU", "HEISSEN", "ANNA"]),
    ("er spielt", ["ER", "SPIELEN"]),
    ("ich bin müde", ["ICH", "MÜDE"]),
])
def test_verbs_after_pronouns(text, expected):
    assert [g.gloss for g in text_to_gloss(text, resolve("gsg"))] == expected


def test_produce_links_no_wrong_dictionary_sign(settings, kb):
    result = produce("ich heiße Anna", "gsg", settings, kb=kb)
    heisse = next(c for c in result.coverage if c.token == "heiße")
    assert heisse.entry_id is None or "HEISS" not in (heisse.detail or "").split("dictionary sign ")[-1][:5]
    assert next(c for c in result.coverage if c.token == "Anna").source == "fingerspelling"
