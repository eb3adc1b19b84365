"""Production on the real letter clips and DGS dictionary: coverage, frames, fps, provenance, errors."""

from pathlib import Path

import numpy as np
import pytest
from pose_format import Pose

from signbridge.knowledge.errors import InputError, PathNotAllowedError, UnknownLanguageError
from signbridge.knowledge.fingerspelling import spell
from signbridge.knowledge.types import LexiconEntry, Source
from signbridge.tools.production import ProductionConfig, fingerspell, produce

SMALL = ProductionConfig(render_size=64)


def read(path) -> Pose:
    return Pose.read(Path(path).read_bytes())


def by_token(result):
    return {c.token: c for c in result.coverage}


def test_fingerspell_writes_a_joined_pose(settings):
    result = fingerspell("Hallo Welt", "gsg", settings, config=SMALL)
    assert [c.source for c in result.coverage] == ["fingerspelling", "fingerspelling"]
    assert result.coverage[0].detail.startswith("spelled H-A-L-L-O")
    pose = read(result.pose_path)
    assert result.pose_path.parent == Path(settings.out_dir).resolve()
    assert pose.body.fps == result.fps == 25 and pose.body.data.shape[1:] == (1, 586, 3)
    assert len(pose.body.data) == result.frames
    # 9 letters of 0.3-0.8 s each, plus holds and transitions
    assert 9 * 8 < result.frames < 9 * 30
    hallo, welt = (c.frames for c in result.coverage)
    assert hallo[0] == 0 and hallo[1] < welt[0] and welt[1] == result.frames
    assert result.to_json()["coverage"][0]["source"] == "fingerspelling"


def test_dgs_dictionary_signs_without_pose_are_animated_beside_their_signwriting(settings, home, kb):
    result = produce("Gute Nacht, Morgen Anna!", "DGS", settings, config=SMALL, kb=kb)
    assert [g.gloss for g in result.glosses] == ["GUT", "NACHT", "MORGEN", "ANNA"]
    cov = by_token(result)
    for word in ("Gute", "Morgen"):  # SignWriting only in the dictionary: animated from it, approximate
        assert cov[word].source == "generated"
        assert cov[word].provenance.startswith("animated from SignWriting (rule-based, approximate)")
        assert cov[word].entry_id and cov[word].signwriting.startswith("M")
        assert "signwriting" in cov[word].provenance and cov[word].license
        assert cov[word].frames is not None
    assert cov["Anna"].source == "fingerspelling" and cov["Anna"].frames[1] == result.frames
    assert not any("SignWriting but no pose" in n for n in result.notes)
    data = result.to_json()
    for key in ("text", "language", "glosses", "pose", "frames", "fps", "renders", "coverage"):
        assert key in data
    assert data["language"] == "gsg" and data["glosses"] == ["GUT", "NACHT", "MORGEN", "ANNA"]


def test_hamnosys_entries_are_animated_from_hamnosys(settings, kb):
    result = produce("Haus", "gsg", settings, config=SMALL, kb=kb)
    [haus] = result.coverage
    assert haus.source == "generated" and haus.gloss == "HAUS"
    assert haus.provenance.startswith("animated from HamNoSys (rule-based)")
    assert haus.frames == (0, result.frames) and result.frames > 10
    assert result.pose.body.data.shape[2] == 586  # the Holistic layout of the recorded clips


def test_lexicon_phrases_become_one_sign_without_crossing_punctuation(settings, kb):
    result = produce("Guten Morgen Anna, was ist los?", "gsg", settings, config=SMALL, kb=kb)
    assert [g.gloss for g in result.glosses] == ["GUTEN-MORGEN", "ANNA", "WAS-IST-LOS"]
    assert [c.token for c in result.coverage][::2] == ["Guten Morgen", "was ist los"]
    apart = produce("Morgen, Anna", "gsg", settings, config=SMALL, kb=kb)
    assert [g.gloss for g in apart.glosses] == ["MORGEN", "ANNA"]


def test_lexicon_sign_with_pose_is_used(settings):
    from signbridge.knowledge.store import KnowledgeBase

    kb = KnowledgeBase.open(settings, progress=False)
    clip = str(spell("b", "gsg")[0].clip)
    entry = LexiconEntry(id="test-produce:quaxel", language="gsg", gloss="QUAXEL", words=["Quaxel"],
                         source=Source(name="test-produce", version="1", license="CC0"), pose_path=clip)
    kb.add([entry])
    try:
        result = produce("Quaxel Anna", "gsg", settings, config=SMALL, kb=kb)
    finally:
        kb.remove_source("test-produce")
    quaxel, anna = result.coverage
    assert quaxel.source == "lexicon" and quaxel.entry_id == "test-produce:quaxel"
    assert quaxel.provenance.startswith("test-produce") and quaxel.license == "CC0"
    assert anna.source == "fingerspelling"
    assert quaxel.frames[0] == 0 and quaxel.frames[1] < anna.frames[0]


def test_numbers_names_and_unspellable_characters(settings):
    result = fingerspell("Zoë 7 中", "gsg", settings, config=SMALL)
    zoe, seven, han = result.coverage
    assert zoe.source == "fingerspelling" and "ë spelled as e" in zoe.detail
    assert seven.source == "fingerspelling" and "S-I-E-B-E-N" in seven.detail and "number word" in seven.detail
    assert han.source == "missing" and han.frames is None
    partial = fingerspell("Ab中c", "gsg", settings, config=SMALL)
    assert [c.source for c in partial.coverage] == ["fingerspelling", "missing"]
    assert partial.coverage[1].token == "中"


def test_language_without_pose_alphabet_gets_signwriting_only(settings, kb):
    result = produce("안녕 친구", "KSL", settings, config=SMALL, renders=["k.svg", "k.gif"], kb=kb)
    assert result.pose is None and result.pose_path is None and result.frames == 0
    assert all(c.source == "missing" and c.signwriting for c in result.coverage)
    assert [p.name for p in result.renders] == ["k.svg"]  # nothing to animate: the GIF is skipped, with a note
    assert any("k.gif not written" in n for n in result.notes)


class FakeGenerator:
    """Stands in for models.text2pose's Generator: a common-layout pose at 12.5 fps."""

    directory = "fake-checkpoint"
    dictionary_languages = ("gsg",)  # as if trained on the animated DGS lexicon

    def __init__(self):
        self.calls = []

    def generate(self, text, language):
        from signbridge.knowledge.formats.common import from_common_array

        self.calls.append((text, language))
        t = np.linspace(0, 1, 10, dtype=np.float32)[:, None, None]
        data = np.random.default_rng(0).uniform(100, 400, (1, 50, 3)).astype(np.float32) + 20 * t
        return from_common_array(data, np.ones((10, 50), np.float32), 12.5)


def test_generator_animates_signs_without_pose(settings, kb):
    gen = FakeGenerator()
    result = produce("Morgen Anna", "gsg", settings, config=SMALL, generator=gen, kb=kb)
    morgen, anna = result.coverage
    assert morgen.source == "generated" and morgen.signwriting and morgen.entry_id
    assert anna.source == "fingerspelling"
    assert gen.calls == [("Morgen", "gsg")]
    assert result.pose.body.data.shape[2] == 50  # mixed layouts join on the common layout
    assert any("common 50-point layout" in n for n in result.notes)


def test_fingerspelling_only_generator_is_not_used_for_dictionary_signs(settings, kb):
    gen = FakeGenerator()
    gen.dictionary_languages = ()
    result = produce("Haus", "gsg", settings, config=SMALL, generator=gen, kb=kb)
    assert gen.calls == []
    assert result.coverage[0].provenance.startswith("animated from HamNoSys")


def test_bad_input_is_refused_before_work(settings, tmp_path, kb):
    with pytest.raises(InputError, match="empty"):
        produce("   ", "gsg", settings, kb=kb)
    with pytest.raises(UnknownLanguageError):
        produce("Hallo", "klingon", settings, kb=kb)
    with pytest.raises(InputError, match="unknown render format"):
        produce("Hallo", "gsg", settings, renders=["x.bmp"], kb=kb)
    confined = settings.untrusted()  # paths a model chose (the user's own: tests/test_paths.py)
    with pytest.raises(PathNotAllowedError):
        produce("Hallo", "gsg", confined, out="/etc/hallo.pose", kb=kb)
    with pytest.raises(PathNotAllowedError):
        fingerspell("Hallo", "gsg", confined, renders=["../../../x.gif"])
    with pytest.raises(InputError, match=".pose"):
        fingerspell("Hallo", "gsg", settings, out="x.txt")
    with pytest.raises(InputError, match="only function words"):
        produce("der die das", "gsg", settings, kb=kb)
    with pytest.raises(InputError, match="not a directory"):
        produce("Morgen", "gsg", settings, generator=settings.models_dir / "nope", kb=kb)
    with pytest.raises(PathNotAllowedError):
        produce("Morgen", "gsg", confined, generator="/etc", kb=kb)
