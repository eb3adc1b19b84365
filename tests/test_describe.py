"""describe(): grounded multipart descriptions of real DGS entries; unknown words stay empty."""

import random

import pytest

from signbridge.knowledge.errors import InputError, NotConfiguredError, UnknownLanguageError
from signbridge.knowledge.hamnosys import parse
from signbridge.tools.describe import describe
from signbridge.tools.describe.offline import describe_entries
from signbridge.tools.describe.types import PART_NAMES

PRODUCT_KEYS = {"word", "language", "gloss", "global", "synonyms", "parts", "grounded", "sources", "backend"}


def test_haus_two_flat_hands_mirrored(settings, kb):
    d = describe("Haus", "gsg", settings, kb=kb)
    row = d.to_json()
    assert PRODUCT_KEYS <= set(row) and set(row["parts"]) == set(PART_NAMES)
    assert row["grounded"] and row["gloss"] == "HAUS" and row["backend"] == "offline"
    assert row["method"] == "rule-based" and "prompt_version" not in row
    src = row["sources"][0]
    assert src["notation"] == "hamnosys" and src["source"] == "signwriting-dgs" and "MIT" in src["license"]
    entry = kb.get(src["id"])
    assert "\ue001" in entry.hamnosys and "\ue0e9" in entry.hamnosys  # hamflathand, hamsymmlr
    assert "flat hand" in row["parts"]["right_hand"]
    assert "mirrors the right hand" in row["parts"]["left_hand"]
    assert "shoulder" in row["parts"]["body"]
    assert "down" in row["parts"]["movement"]
    assert row["global"].startswith("German Sign Language sign for 'Haus'")
    assert row["synonyms"] and row["coverage"]["understood"] == row["coverage"]["symbols"]


@pytest.mark.parametrize("word, part, expected", [
    ("Schlüssel", "right_hand", ["index finger", "hooked"]),
    ("Schlüssel", "body", ["chest"]),
    ("egal", "face", ["chin", "middle finger"]),
    ("studieren", "mouth", ["lips"]),
    ("Nase", "face", ["nose"]),
    ("Nase", "movement", ["towards the body"]),
    ("Shampoo", "face", ["forehead"]),
    ("Shampoo", "movement", ["circle"]),
])
def test_parts_mention_what_the_notation_says(settings, kb, word, part, expected):
    d = describe(word, "DGS", settings, kb=kb)
    assert d.grounded and d.language == "gsg"
    text = getattr(d.parts, part)
    for phrase in expected:
        assert phrase in text, (word, part, text)


def test_one_handed_sign_leaves_left_hand_empty(settings, kb):
    d = describe("Schlüssel", "gsg", settings, kb=kb)
    assert d.parts.left_hand == "" and "one-handed" in d.parts.right_hand


def test_signwriting_only_entry(settings, kb):
    d = describe("Licht", "gsg", settings, kb=kb)
    assert d.grounded and d.sources[0].notation == "signwriting"
    assert "five fingers" in d.parts.right_hand
    assert d.coverage["notation"] == "signwriting"


@pytest.mark.parametrize("word", ["Raumstation", "Xylofonbauerei"])
def test_unknown_word_stays_ungrounded_and_empty(settings, kb, word):
    d = describe(word, "gsg", settings, kb=kb)
    row = d.to_json()
    assert row["grounded"] is False
    assert row["global"] == "" and row["synonyms"] == [] and row["sources"] == [] and row["gloss"] is None
    assert all(text == "" for text in row["parts"].values())
    assert any("nothing was generated" in n for n in row["notes"])


def test_language_without_a_lexicon_is_ungrounded(settings, kb):
    d = describe("house", "ase", settings, kb=kb)
    assert not d.grounded and d.parts.empty()


def test_handshape_phrases_follow_the_notation(kb):
    """Across a sample of DGS entries, the right-hand text names the first handshape written."""
    phrases = {"hamfist": "fist", "hamflathand": "flat hand", "hamfinger2": "index finger extended",
               "hamfinger2345": "four fingers", "hampinchall": "pinched", "hamceeall": "C"}
    entries = [e for e in kb.entries("gsg", "sign") if e.hamnosys]
    sample = random.Random(7).sample(entries, 80)
    checked = 0
    for entry in sample:
        seg = parse(entry.hamnosys).segments[0]
        hs = seg.dominant.handshapes or seg.nondominant.handshapes
        if not hs or hs[0].base not in phrases:
            continue
        d = describe_entries(entry.words[0], "gsg", "German Sign Language", [entry])
        hand = d.parts.right_hand + " " + d.parts.left_hand
        assert phrases[hs[0].base] in hand, (entry.gloss, hand)
        checked += 1
    assert checked >= 20


def test_bad_inputs_give_clear_errors(settings, kb):
    with pytest.raises(InputError, match="empty word"):
        describe("   ", "gsg", settings, kb=kb)
    with pytest.raises(InputError, match="too long"):
        describe("x" * 500, "gsg", settings, kb=kb)
    with pytest.raises(UnknownLanguageError):
        describe("Haus", "klingon", settings, kb=kb)
    with pytest.raises(InputError, match="unknown backend"):
        describe("Haus", "gsg", settings, backend="magic", kb=kb)
    with pytest.raises(NotConfiguredError, match="SIGNBRIDGE_LLM_BASE_URL"):
        describe("Haus", "gsg", settings, backend="openai", kb=kb)


def test_a_phrase_is_not_described_by_one_of_its_words(settings, kb):
    d = describe("Haus Auto", "gsg", settings, kb=kb)
    assert not d.grounded and d.parts.empty()
    assert describe("guten Morgen", "gsg", settings, kb=kb).gloss == "GUTEN-MORGEN"
