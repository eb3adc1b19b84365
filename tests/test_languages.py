"""The language registry: codes, names people type in several languages, ambiguity, inventory."""

import pytest

from signbridge.knowledge.errors import UnknownLanguageError
from signbridge.knowledge.inventory import inventory
from signbridge.knowledge.languages import all_languages, ambiguity_note, find_languages, resolve
from signbridge.knowledge.package_data import fingerspelling_pose_languages, signwriting_fingerspelling_languages


@pytest.mark.parametrize("name, code", [
    ("ASL", "ase"), ("American Sign Language", "ase"), ("ase", "ase"),
    ("DGS", "gsg"), ("GSL", "gsg"), ("Deutsche Gebärdensprache", "gsg"), ("deutsche gebaerdensprache", "gsg"),
    ("DSGS", "sgg"), ("LSF-CH", "ssr"), ("lsf ch", "ssr"), ("LIS-CH", "slf"), ("LSA", "aed"),
    ("KSL", "kvk"), ("korean sign language", "kvk"), ("한국 수어", "kvk"),
    ("TSL", "tsm"), ("Türk İşaret Dili", "tsm"), ("turk isaret dili", "tsm"),
    ("lengua de señas mexicana", "mfs"), ("Lengua de senas Mexicana", "mfs"), ("lenguaje de señas mexicano", "mfs"),
    ("langue des signes française", "fsl"), ("LSF", "fsl"), ("BSL", "bfi"), ("CSL", "csl"),
    ("lingua dei segni italiana", "ise"), ("LIS", "ise"), ("Libras", "bzs"), ("língua gestual portuguesa", "psr"),
    ("JSL", "jsl"), ("Irish Sign Language", "isg"), ("Kenyan Sign Language", "xki"), ("Auslan", "asf"),
    ("  the German Sign Language ", "gsg"),
])
def test_resolve_names_and_codes(name, code):
    assert resolve(name).code == code


@pytest.mark.parametrize("bad", ["", "   ", "klingon", "XYZ", None])
def test_unknown_language_is_a_clear_error(bad):
    with pytest.raises(UnknownLanguageError) as error:
        resolve(bad)
    assert "\n" not in str(error.value)


def test_typo_suggests_codes():
    with pytest.raises(UnknownLanguageError, match="gsg"):
        resolve("Germn Sign Language")


def test_ambiguous_abbreviations_have_documented_defaults():
    assert resolve("KSL").code == "kvk"
    assert "xki" in ambiguity_note("KSL")
    assert ambiguity_note("DGS") is None


def test_codes_are_unique_and_signllm_languages_present():
    codes = [lang.code for lang in all_languages()]
    assert len(codes) == len(set(codes))
    for code in ("ase", "gsg", "sgg", "ssr", "slf", "aed", "kvk", "tsm", "bfi", "csl", "fsl", "jsl", "ise"):
        assert code in codes


def test_every_installed_fingerspelling_language_is_registered():
    codes = {lang.code for lang in all_languages()}
    assert set(fingerspelling_pose_languages()) <= codes
    assert set(signwriting_fingerspelling_languages()) <= codes
    assert len(fingerspelling_pose_languages()) >= 18


@pytest.mark.parametrize("text, code", [
    ("how do I sign thank you in KSL?", "kvk"),
    ("fingerspell Maria in Turkish Sign Language", "tsm"),
    ("Wie gebärdet man Haus in der Deutschen Gebärdensprache?", "gsg"),
    ("¿Cómo se dice hola en lengua de señas mexicana?", "mfs"),
    ("comment dit-on bonjour en langue des signes française ?", "fsl"),
    ("and in DGS?", "gsg"),
])
def test_find_languages_in_requests(text, code):
    found = find_languages(text)
    assert found and found[0][0].code == code


def test_everyday_words_are_not_language_codes():
    assert find_languages("Ich gehe ins Kino") == []
    assert find_languages("eso es todo") == []


def test_inventory_reports_installed_data(settings):
    inv = inventory(settings)
    assert inv["gsg"].fingerspelling_clips > 0 and inv["gsg"].lexicon_entries > 1000
    assert inv["kvk"].signwriting_fingerspelling and inv["kvk"].fingerspelling_clips == 0
