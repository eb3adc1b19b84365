"""Review regressions: descriptions of real DGS entries read the HamNoSys/SignWriting correctly.

Each case names the entry's symbols that the text must reflect (checked by hand against the
HamNoSys 4 conventions). Words here are not used in tests/test_describe.py.
"""

import random
import re

import pytest

from signbridge.knowledge.hamnosys import parse, symbol_names
from signbridge.knowledge.sources.dgs import load_dgs_entries
from signbridge.tools.describe.hamnosys_text import directions
from signbridge.tools.describe.offline import describe_entries


@pytest.fixture(scope="module")
def entries():
    return load_dgs_entries()


def entry(entries, gloss, variant=None, hamnosys=True, id=None):
    found = [e for e in entries if e.gloss == gloss and (variant is None or e.variant == variant)
             and bool(e.hamnosys) == hamnosys and (id is None or e.id == id)]
    assert found, gloss
    return found[0]


def describe_one(e):
    return describe_entries(e.gloss, "gsg", "German Sign Language", [e])


def test_in_between_directions_are_one_direction_not_a_contradiction():
    # "hamextfingeruo hamextfingerol": forward, tilted up and left (not "between up and forward and ...")
    assert directions(["uo", "ol"]) == "away from the body, tilted up and to the left"
    assert directions(["or", "ir"]) == "to the right"  # opposite tilts cancel
    assert directions(["u", "d"]) == "between up and down"
    assert directions(["ol"], mirror=True) == "to the right and away from the body"


def test_angebot_orientation_change_keeps_its_end_contact(entries):
    # ... hamparbegin hammovedo hamarcu hamreplace hamextfingeruo hamextfingerol hampalmul hamparend hampalm hamtouch
    e = entry(entries, "ANGEBOT")
    assert symbol_names(e.hamnosys)[-2:] == ["hampalm", "hamtouch"]
    d = describe_one(e)
    move = d.parts.movement
    assert "while turning (now extended fingers pointing away from the body, tilted up and to the left" in move
    assert move.rstrip(".").endswith("ending with the palm touching the other hand")
    assert "between up" not in d.global_


def test_sekundarschule_palm_touches_the_other_hands_fingertip(entries):
    # hamparbegin hampalm hamplus hamfingertip hamparend hamtouch hamchest
    d = describe_one(entry(entries, "SEKUNDARSCHULE"))
    assert "with the palm touching the fingertip of the other hand, in front of the chest" in d.parts.right_hand
    assert "with the fingertip touching the palm of the other hand" in d.parts.left_hand
    assert "touching chest" not in d.synonyms[0] and "hands touching at chest" in d.synonyms[0]


def test_berlin_handshape_change_ends_touching_the_forehead(entries):
    # hamparbegin hamcircleir hamreplace hamfist ... hamparend hamforehead hamlrbeside hamtouch
    d = describe_one(entry(entries, "BERLIN"))
    assert "while changing to a fist (thumb across the fingers) and turning" in d.parts.movement
    assert "ending touching the forehead" in d.parts.movement


def test_selten_bare_end_contact_touches_the_starting_site(entries):
    # hamunderchin hamclose hammovei hamsmallmod hamtouch: one hand, contact with the same site
    d = describe_one(entry(entries, "SELTEN", id="signwriting-dgs:00654"))
    assert "ending touching the area under the chin" in d.parts.movement
    assert "touching the body" not in d.parts.movement


def test_naehern_end_contact_between_parts_of_both_hands(entries):
    # hamparbegin hampalm hamplus hamindexfinger hammiddlefinger hamringfinger hampinky hamhandback hamparend hamtouch
    d = describe_one(entry(entries, "NÄHERN"))
    assert "ending with the palm touching the index, middle, ring and little fingers and the back of the hand " \
           "of the other hand" in d.parts.movement
    # hamshoulders hamlrat hambetween hamchest hamlrat hamclose: the side once, after the span
    assert "close to the body between the shoulders and the chest, on the right side" in d.parts.right_hand


def test_dickhaeutig_upper_arm_is_a_location_not_a_hand_part(entries):
    # hamparbegin hamupperarm hamlrat hamseqbegin hamtouch hamthumb hamfingerpad hamhandback hamseqend hamplus ...
    sign = parse(entry(entries, "DICKHÄUTIG").hamnosys)
    second = sign.segments[1].dominant.placements[0]
    assert second.sites == ["hamupperarm"] and second.sides == ["hamlrat"] and second.contact == "hamtouch"
    d = describe_one(entry(entries, "DICKHÄUTIG"))
    assert "touching the upper arm, on the right side, with the pad of the thumb and the back of the hand" in d.parts.right_hand
    assert "upper arm" in d.parts.body


def test_handarbeit_finger_side_reads_as_one_part(entries):
    # hamparbegin hamfingerside hamindexfinger hamplus hamfingerside hamindexfinger hamparend hamtouch hamchest
    d = describe_one(entry(entries, "HANDARBEIT", "A"))
    assert "the side of the index finger touching the side of the index finger of the other hand" in d.parts.right_hand
    assert "side of the finger and the index finger" not in d.global_


def test_repeated_repetition_symbols_are_counted(entries):
    e = next(x for x in entries if x.hamnosys and
             "hamrepeatfromstart hamrepeatfromstart" in " ".join(symbol_names(x.hamnosys)) and
             "hamplus" not in symbol_names(x.hamnosys))
    movement = describe_one(e).parts.movement
    assert "repeated once from the start; repeated once from the start" not in movement
    assert re.search(r"repeated (twice|three times|\d+ times) from the start", movement), movement


def test_signwriting_floor_plane_palm_is_up_or_down(entries):
    # ZWISCHEN (variant V): S15a36 is a flat hand parallel to the floor, white fill: palm facing up
    e = entry(entries, "ZWISCHEN", "V", hamnosys=False)
    assert "S15a36" in e.signwriting
    d = describe_one(e)
    assert "palm facing up, hand parallel to the floor" in d.parts.left_hand
    assert "palm facing the signer, hand parallel" not in d.global_ + d.parts.left_hand


def test_variants_become_synonyms(entries):
    variants = [e for e in entries if e.gloss == "KARTOFFEL" and e.hamnosys]
    d = describe_entries("Kartoffel", "gsg", "German Sign Language", variants)
    assert any(s.startswith("Dictionary variant D (KARTOFFEL)") for s in d.synonyms)
    assert [s.variant for s in d.sources] == [v.variant for v in variants]


BAD_TEXT = {
    "contradictory in-between direction": r"between (up|down|to the|away|towards)[^;.]* and (up|down|to the|away|towards)",
    "nested parentheses": r"\([^)]*\(",
    "two parentheses in a row": r"\) \(",
    "doubled words": r"\b(the|with|held|of) \1\b",
    "repeated repetition clause": r"(repeated [^;.]*); \1",
    "close to between": r"(close to|touching|at) between",
}


def test_random_entries_read_cleanly(entries):
    rng = random.Random(5)
    sample = rng.sample([e for e in entries if e.hamnosys], 200)
    for e in sample:
        d = describe_one(e)
        assert d.grounded and d.global_ and d.parts.right_hand, e.gloss
        for text in [d.global_, *d.parts.model_dump().values()]:
            for problem, pattern in BAD_TEXT.items():
                assert not re.search(pattern, text), (e.gloss, problem, text)


@pytest.mark.parametrize("gloss, shape, short", [
    # hamfinger2 hamthumboutmod hampinky: the little finger replaces the index (Y hand)
    ("TELEFON", "the little finger extended (thumb extended to the side)", "little finger"),
    # hampinch12open hammiddlefinger hamringfinger hampinky: the thumb closes on three fingers (D hand)
    ("DVD", "thumb and the middle, ring and little fingers in an open pinch", "middle+ring+little fingers pinch"),
    ("CH", "thumb and the index and middle fingers forming a C", "index+middle fingers C"),
])
def test_finger_symbols_replace_the_selected_fingers(entries, gloss, shape, short):
    d = describe_one(entry(entries, gloss))
    assert shape in d.parts.right_hand and shape in d.global_
    assert short in d.synonyms[0]
    assert "index finger extended (thumb extended to the side, little finger)" not in d.global_


@pytest.mark.parametrize("gloss, expected, impossible", [
    # hamflathand hamthumboutmod hamextfingeru hampalmd: DGS DEIN, the palm faces the addressee
    ("DEIN", "extended fingers pointing up, palm facing away from the body", "pointing up, palm facing down"),
    # HASE: flat hands beside the forehead, fingers up, "palm d" relative to the fingers: facing forward
    ("HASE", "extended fingers pointing up, palm facing away from the body", "pointing up, palm facing down"),
    # INDIANER: hamextfingeru hampalmu, the palm turns towards the body (not "up" with the fingers up)
    ("INDIANER", "extended fingers pointing up, palm facing towards the body", "pointing up, palm facing up"),
])
def test_palm_orientation_is_read_relative_to_the_finger_direction(entries, gloss, expected, impossible):
    d = describe_one(entry(entries, gloss))
    assert expected in d.parts.right_hand and impossible not in d.global_


def test_palm_is_always_perpendicular_to_the_fingers(entries):
    from signbridge.knowledge.hamnosys import parse
    from signbridge.tools.describe.hamnosys_text import _vector, palm_direction

    for e in [x for x in entries if x.hamnosys][:400]:
        for seg in parse(e.hamnosys).segments:
            for config in (seg.dominant, seg.nondominant):
                if config.finger_direction and config.palm:
                    f = _vector(config.finger_direction)
                    for code in config.palm:
                        p = _vector([palm_direction(code, config.finger_direction)])
                        assert abs(sum(a * b for a, b in zip(f, p))) < 0.75, (e.gloss, config)
