"""HamNoSys parser and SignWriting reader: symbol table, slots, coverage over the DGS dictionary."""

import json

import pytest

from signbridge.knowledge.hamnosys import coverage, parse, symbol_names
from signbridge.knowledge.hamnosys.symbols import CHAR_BY_NAME, NAME_BY_CHAR, SYMBOLS
from signbridge.knowledge.package_data import dgs_dictionary_path
from signbridge.knowledge.signwriting_parts import analyse


def ham(*names: str) -> str:
    """Build a HamNoSys string from symbol names (without the 'ham' prefix)."""
    return "".join(CHAR_BY_NAME["ham" + n] for n in names)


@pytest.fixture(scope="module")
def dgs_hamnosys() -> list[str]:
    with open(dgs_dictionary_path(), encoding="utf-8") as f:
        records = json.load(f)
    return [s for r in records for s in (r.get("hamnosys") or [])]


def test_symbol_table_facts():
    assert len(SYMBOLS) == 209
    assert NAME_BY_CHAR["\ue000"] == "hamfist"
    assert NAME_BY_CHAR["\ue001"] == "hamflathand"
    assert NAME_BY_CHAR["\ue020"] == "hamextfingeru"
    assert NAME_BY_CHAR["\ue03c"] == "hampalmd"
    assert NAME_BY_CHAR["\ue052"] == "hamchest"
    assert NAME_BY_CHAR["\ue080"] == "hammoveu"
    assert len(set(NAME_BY_CHAR.values())) == len(NAME_BY_CHAR)


def test_one_handed_sign_slots():
    sign = parse(ham("flathand", "thumboutmod", "extfingeru", "palmd", "chest", "lrat", "touch",
                     "moved", "smallmod", "repeatfromstart"))
    assert sign.understood == len(sign.symbols) and not sign.unparsed
    seg = sign.segments[0]
    assert not seg.two_handed
    assert seg.dominant.handshapes[0].base == "hamflathand"
    assert seg.dominant.handshapes[0].thumb == "hamthumboutmod"
    assert seg.dominant.finger_direction == ["u"] and seg.dominant.palm == ["d"]
    place = seg.dominant.placements[0]
    assert place.sites == ["hamchest"] and place.sides == ["hamlrat"] and place.contact == "hamtouch"
    assert seg.motions[0].kind == "straight" and seg.motions[0].symbol == "hammoved"
    assert seg.motions[0].modifiers == ["hamsmallmod"]
    assert seg.repetitions == ["hamrepeatfromstart"]


def test_two_hands_in_parallel_brackets():
    sign = parse(ham("parbegin", "finger2", "extfingero", "palml", "plus", "flathand", "extfingerr", "palmu",
                     "parend", "palm", "touch", "moveo"))
    seg = sign.segments[0]
    assert seg.two_handed and seg.symmetry is None
    assert seg.dominant.handshapes[0].base == "hamfinger2"
    assert seg.nondominant.handshapes[0].base == "hamflathand"
    assert seg.nondominant.finger_direction == ["r"] and seg.nondominant.palm == ["u"]
    assert seg.dominant.placements[0].hand_parts == ["hampalm"]


def test_symmetry_circle_wavy_replace_between():
    sign = parse(ham("symmlr", "fist", "between", "flathand", "extfingeruo", "palmdl", "shoulders",
                     "circleo", "largemod", "replace", "finger2345", "moved", "wavy"))
    seg = sign.segments[0]
    assert seg.symmetry == "hamsymmlr" and seg.two_handed
    assert [h.base for h in seg.dominant.handshapes] == ["hamfist", "hamflathand"]
    kinds = [m.kind for m in seg.motions]
    assert kinds == ["circle", "change", "straight"]
    assert seg.motions[0].modifiers == ["hamlargemod"]
    assert seg.motions[1].change.handshapes[0].base == "hamfinger2345"
    assert "hamwavy" in seg.motions[2].modifiers


def test_compound_split_at_top_level_plus():
    sign = parse(ham("fist", "extfingeru", "palmd", "chest", "moved", "plus", "flathand", "extfingero",
                     "palmu", "forehead", "movei"))
    assert len(sign.segments) == 2
    assert sign.segments[1].dominant.placements[0].sites == ["hamforehead"]
    assert sign.understood == len(sign.symbols)


def test_unknown_and_unplaced_symbols_are_counted():
    sign = parse("\ue001\uf8ff" + ham("etc"))
    assert sign.unknown == ["?U+F8FF"]
    assert "hametc" in sign.unparsed
    assert sign.understood == 1 and len(sign.symbols) == 3


def test_coverage_over_the_dgs_dictionary(dgs_hamnosys):
    assert len(dgs_hamnosys) == 1404
    cov = coverage(dgs_hamnosys)
    assert cov.unknown == 0
    assert cov.ratio > 0.99, cov.unparsed_by_name
    for sign in map(parse, dgs_hamnosys[:300]):  # every sign has a dominant handshape slot filled
        assert any(seg.dominant.handshapes or seg.nondominant.handshapes for seg in sign.segments)


def test_signwriting_groups():
    # LICHT in the DGS data: five-finger hand, a flick, a floor-plane arrow, the head outline
    parts = analyse("M549x518S17600532x453S21d00531x442S2ff00482x483S26503517x469")
    assert [h.group for h in parts.hands] == ["five fingers"]
    assert parts.hands[0].palm == "palm facing the signer"
    assert {m.kind for m in parts.movements} == {"finger", "straight"}
    assert parts.head_reference
    assert parts.coverage == 1.0
    touch = analyse("M518x529S14c20481x471S20500508x515S33b00482x483")
    assert touch.contacts == ["touch"] and touch.mouth == ["mouth or lips"]
    with pytest.raises(ValueError):
        analyse("not fsw at all")
