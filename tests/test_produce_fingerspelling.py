"""Fingerspelling units and pose joining on the real spoken-to-signed letter clips."""

import numpy as np

from signbridge.knowledge.fingerspelling import (
    alphabet,
    letter_timing,
    load_clip,
    signwriting_spell,
    spell,
    spell_pose,
)
from signbridge.knowledge.pose_join import JoinConfig, join_poses


def letters(text, code):
    return [u.letters for u in spell(text, code)]


def test_alphabets_cover_the_clip_languages():
    abc = alphabet("gsg")
    assert abc is not None and abc.spoken == "de"
    assert {"a", "ä", "ß", "z"} <= set(abc.clips)
    assert alphabet("kvk") is None  # no pose clips for Korean


def test_multi_letter_units_are_matched_longest_first():
    assert letters("Schule", "sgg") == ["sch", "u", "l", "e"]
    assert letters("Schule", "gsg") == ["s", "c", "h", "u", "l", "e"]  # DGS has no SCH clip
    assert letters("llama perro", "ssp") == ["ll", "a", "m", "a", "p", "e", "rr", "o"]
    assert letters("džep", "csq") == ["dž", "e", "p"]


def test_missing_letters_are_mapped_sensibly():
    units = spell("Straße", "sgg")  # DSGS has no ß clip
    assert [u.letters for u in units] == ["s", "t", "r", "a", "s", "s", "e"]
    assert units[4].source == "ß" and "ss" in units[4].note
    assert letters("Straße", "gsg")[4] == "ß"  # DGS has one: used as is
    assert letters("café", "ase") == ["c", "a", "f", "e"]
    assert letters("Ελλάς", "gss") == ["ε", "λ", "λ", "α", "σ"]


def test_turkish_dotted_and_dotless_i():
    units = spell("Ilık İzmir", "tsm")
    assert [u.letters for u in units] == ["ı", "l", "ı", "k", "i", "z", "m", "i", "r"]
    assert [u.word_index for u in units] == [0] * 4 + [1] * 5
    assert units[0].clip != units[4].clip


def test_digits_spelled_as_number_words():
    units = spell("3", "gsg")
    assert [u.letters for u in units] == ["d", "r", "e", "i"]
    assert all(u.source == "3" and "number word" in u.note for u in units)


def test_unspellable_characters_have_no_clip():
    units = spell("Hi 中", "gsg")
    assert [u.clip is None for u in units] == [False, False, True]
    assert all(u.clip is None for u in spell("한국", "kvk"))


def test_signwriting_fingerspelling_with_korean_and_long_words():
    [hallo] = signwriting_spell("Hallo", "gsg")
    assert hallo.startswith("M") and hallo.count("S") >= 5
    [korea] = signwriting_spell("한국", "kvk")  # decomposed into ㅎㅏㄴㄱㅜㄱ
    assert korea is not None and korea.count("S1") >= 6
    long = signwriting_spell("Donaudampfschifffahrtsgesellschaft", "gsg")
    assert len(long) >= 2 and all(long)
    assert signwriting_spell("x", "tsm") == []  # no SignWriting alphabet for TİD


def test_load_clip_is_cached_holistic():
    path = spell("a", "gsg")[0].clip
    pose = load_clip(path)
    assert load_clip(path) is pose
    assert pose.body.data.shape[1:] == (1, 586, 3) and pose.body.fps == 30  # DGS clips are 30 fps


def test_join_counts_frames_holds_and_transitions():
    clips = [load_clip(u.clip) for u in spell("hallo", "gsg")]
    config = JoinConfig(smoothing_sigma=0)
    plain = join_poses(clips, config)
    held = join_poses(clips, config, holds=[0, 0, 0, 0, 0.4])
    assert len(held.body.data) - len(plain.body.data) == 10  # 0.4 s at 25 fps
    untrimmed = join_poses(clips, JoinConfig(trim_idle=False, max_sign_seconds=None, transition_frames=0,
                                             smoothing_sigma=0, align_bodies=False))
    assert len(untrimmed.body.data) == sum(round(len(c.body.data) * 25 / 30) for c in clips)  # resampled
    assert len(plain.body.data) < len(untrimmed.body.data) + 4 * config.transition_frames
    assert plain.body.fps == 25 and plain.header is clips[0].header
    assert plain.body.data.shape[1:] == (1, 586, 3)
    # inputs untouched (they are cached clips)
    assert len(load_clip(spell("h", "gsg")[0].clip).body.data) == len(clips[0].body.data)


def test_join_caps_resamples_and_reduces():
    clips = [load_clip(u.clip) for u in spell("ab", "gsg")]
    capped = join_poses(clips, JoinConfig(max_sign_seconds=0.4, transition_frames=2, smoothing_sigma=0))
    assert len(capped.body.data) == 10 + 2 + 10
    fast = join_poses(clips, JoinConfig(fps=50, max_sign_seconds=None))
    normal = join_poses(clips, JoinConfig(fps=25, max_sign_seconds=None))
    assert fast.body.fps == 50 and abs(len(fast.body.data) - 2 * len(normal.body.data)) <= 8
    reduced = join_poses(clips, JoinConfig(layout="reduced"))
    assert reduced.body.data.shape[2] == 178
    common = join_poses(clips, JoinConfig(layout="common"))  # the models' 50-point layout
    assert common.body.data.shape[2] == 50 and (common.body.confidence[:, 0, 29:] > 0).any()


def test_join_aligns_shifted_bodies_and_smooths_without_bleeding():
    a, b = (load_clip(u.clip) for u in spell("ab", "gsg"))
    from pose_format import Pose
    from pose_format.numpy import NumPyPoseBody

    moved = Pose(header=b.header, body=NumPyPoseBody(fps=25, data=b.body.data * 0.5 + 100, confidence=b.body.confidence))
    aligned = join_poses([a, moved], JoinConfig(transition_frames=0, smoothing_sigma=0, trim_idle=False,
                                                max_sign_seconds=None))
    direct = join_poses([a, b], JoinConfig(transition_frames=0, smoothing_sigma=0, trim_idle=False,
                                           max_sign_seconds=None))
    shoulder = 11  # LEFT_SHOULDER
    x = np.ma.getdata(aligned.body.data)[-1, 0, shoulder, :2]
    y = np.ma.getdata(direct.body.data)[-1, 0, shoulder, :2]
    assert np.allclose(x, y, atol=2.0)
    smooth = join_poses([a, b], JoinConfig())
    conf = smooth.body.confidence[:, 0]
    data = np.ma.getdata(smooth.body.data)[:, 0]
    assert np.all(data[conf == 0] == 0)  # hidden points stay hidden and at zero
    left_hand = slice(33 + 478, 33 + 478 + 21)
    assert not (conf[:, left_hand] > 0).any()  # DGS letters are one-handed: no phantom left hand


def test_spell_pose_holds_each_words_last_letter():
    config = JoinConfig()
    units = spell("ab cd", "gsg")
    holds, caps, pauses = letter_timing(units, config)
    assert holds == [0, config.last_letter_hold, 0, config.last_letter_hold]
    assert pauses[1] == config.word_pause and caps == [config.max_letter_seconds] * 4
    pose = spell_pose("ab cd", "gsg")
    assert 4 * 10 < len(pose.body.data) < 4 * 30
    assert spell_pose("中", "gsg") is None


def test_rest_at_ends_keeps_the_rise_and_the_lowering():
    clips = [load_clip(u.clip) for u in spell("ab", "gsg")]
    plain = join_poses(clips, JoinConfig())
    rest = join_poses(clips, JoinConfig(rest_at_ends=True))
    assert len(rest.body.data) > len(plain.body.data)
    wrist = 16  # RIGHT_WRIST: starts and ends lower (larger y) than while spelling
    y = np.ma.getdata(rest.body.data)[:, 0, wrist, 1]
    middle = y[len(y) // 2]
    assert y[0] > middle and y[-1] > middle


def test_arabic_article_unit_only_at_word_start_and_compatibility_forms():
    units = [u.letters for u in spell("بالعالم", "jos")]  # bi- + al- + ʿālam
    assert units == ["ب", "ال", "ع", "ا", "ل", "م"]
    assert letters("Ｆｕｌｌ ﬁne", "ase") == list("fullfine")  # full-width letters and ligatures folded
