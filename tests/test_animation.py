"""The rule-based animator on real DGS dictionary entries: handshape, orientation and location tables
checked against HamNoSys definitions on hand-picked signs, the pose layout, and the error path."""

import numpy as np
import pytest

from signbridge.evals.animation_check import body_frame, check, straight_fingers
from signbridge.knowledge.animation import AnimationError, animate_entry, animate_hamnosys, animation_for
from signbridge.knowledge.hamnosys import CHAR_BY_NAME, parse
from signbridge.knowledge.sources.dgs import load_dgs_entries

RIGHT = slice(33 + 478 + 21, 33 + 478 + 42)
LEFT = slice(33 + 478, 33 + 478 + 21)


def ham(*names: str) -> str:
    return "".join(CHAR_BY_NAME["ham" + n] for n in names)


@pytest.fixture(scope="module")
def entries():
    return load_dgs_entries()


def entry(entries, gloss):
    return next(e for e in entries if e.gloss == gloss and e.hamnosys)


def start_hand(animation):
    """Right-hand landmarks (21, 3) in the body frame during the initial hold."""
    points, _ = body_frame(animation.pose)
    t = 12  # after the rise from rest (8 frames at 25 fps), in the initial hold
    return points[t, RIGHT], points


def test_pose_layout_matches_the_packaged_clips(entries):
    a = animation_for(entry(entries, "KIND"))  # one-handed: flat hand, chest, small movement down
    pose = a.pose
    assert pose.body.data.shape[1:] == (1, 586, 3)
    assert [c.name for c in pose.header.components][:4] == ["POSE_LANDMARKS", "FACE_LANDMARKS",
                                                            "LEFT_HAND_LANDMARKS", "RIGHT_HAND_LANDMARKS"]
    assert pose.body.fps == 25
    conf = pose.body.confidence[:, 0]
    assert (conf[:, RIGHT] == 1).all()  # the signing hand is drawn throughout
    assert (conf[:, LEFT] == 0).all()  # the idle left hand is not (as in recordings)
    assert 0.8 < len(a.frames) / pose.body.fps < 3.0
    assert a.provenance == "animated from HamNoSys (rule-based)"


@pytest.mark.parametrize("notation, straight", [
    (ham("fist", "extfingeru", "palml", "chest"), set()),
    (ham("flathand", "extfingeru", "palml", "chest"), {"index", "middle", "ring", "pinky"}),
    (ham("finger2", "extfingeru", "palml", "chest"), {"index"}),
    (ham("finger23spread", "extfingeru", "palml", "chest"), {"index", "middle"}),
    (ham("finger2", "pinky", "extfingeru", "palml", "chest"), {"pinky"}),  # selected finger replaced
    (ham("flathand", "fingerhookmod", "extfingeru", "palml", "chest"), set()),  # hooked: curled joints
    (ham("pinch12", "extfingeru", "palml", "chest"), {"middle", "ring", "pinky"}),
])
def test_handshapes_stretch_the_fingers_hamnosys_draws(notation, straight):
    hand, _ = start_hand(animate_hamnosys(notation))
    assert straight_fingers(hand) == straight


def test_pinch_closes_thumb_on_index_and_cee_leaves_a_gap():
    pinch, _ = start_hand(animate_hamnosys(ham("pinch12", "extfingeru", "palml", "chest")))
    cee, _ = start_hand(animate_hamnosys(ham("cee12", "extfingeru", "palml", "chest")))
    assert np.linalg.norm(pinch[4] - pinch[8]) < 0.04  # shoulder widths
    assert 0.1 < np.linalg.norm(cee[4] - cee[8]) < 0.25


@pytest.mark.parametrize("fingers, palm, finger_axis, palm_axis", [
    ("u", "d", (0, 1, 0), (0, 0, 1)),  # fingers up, palm "down" = facing away (palm relative to the fingers)
    ("o", "d", (0, 0, 1), (0, -1, 0)),  # fingers forward, palm down
    ("o", "l", (0, 0, 1), (-1, 0, 0)),  # fingers forward, palm to the left
    ("l", "u", (-1, 0, 0), (0, 1, 0)),
])
def test_orientation_from_the_landmarks(fingers, palm, finger_axis, palm_axis):
    hand, _ = start_hand(animate_hamnosys(ham("flathand", "extfinger" + fingers, "palm" + palm, "chest")))
    v = hand[9] - hand[0]
    normal = np.cross(hand[17] - hand[0], hand[5] - hand[0])  # right hand: out of the palm
    assert v @ np.array(finger_axis) / np.linalg.norm(v) > 0.9
    assert normal @ np.array(palm_axis) / np.linalg.norm(normal) > 0.85


def test_locations_on_the_measured_body(entries):
    chin = animate_hamnosys(ham("finger2", "extfingeru", "palml", "chin", "touch"))
    hand, points = start_hand(chin)
    face_chin = points[12, 33 + 152]
    assert min(np.linalg.norm(hand[:, :2] - face_chin[:2], axis=-1)) < 0.08  # a finger touches the chin
    stomach, _ = start_hand(animate_hamnosys(ham("flathand", "extfingeru", "palml", "stomach")))
    forehead, _ = start_hand(animate_hamnosys(ham("flathand", "extfingeru", "palml", "forehead")))
    assert stomach[:, 1].mean() < hand[:, 1].mean() < forehead[:, 1].mean()
    left = animate_hamnosys(ham("flathand", "extfingeru", "palml", "chest", "lrbeside"))
    assert start_hand(left)[0][0, 0] > 0.4  # beside the body on the signer's right


def test_round_trip_on_hand_picked_entries(entries):
    # KIND: flat hand at the chest, small movement down; HAUS: two hands touching, moving down and out
    for gloss in ("KIND", "LEHRER", "NAME"):
        e = entry(entries, gloss)
        parts = check(e.hamnosys, animate_entry(e))
        assert parts and all(ok for _, _, ok in parts.values()), (gloss, parts)


def test_two_handed_mirror_sign_moves_both_hands(entries):
    a = animation_for(entry(entries, "HAUS"))  # symmlr, hands touch at shoulder height, move down and out
    points, conf = body_frame(a.pose)
    assert (conf[:, LEFT].max(1) == 1).any()
    right, left = points[:, RIGHT].mean(1), points[:, LEFT].mean(1)
    t = 12
    assert abs(right[t, 0] + left[t, 0]) < 0.1  # mirrored about the body's midline
    gap = np.linalg.norm(points[t, RIGHT][:, None] - points[t, LEFT][None], axis=-1).min()
    assert gap < 0.06  # the hands touch each other
    assert abs(right[t, 1]) < 0.25  # at shoulder height


def test_unanimatable_entries_say_why(entries):
    with pytest.raises(AnimationError, match="unknown symbol"):
        animate_hamnosys("\ue001\uf8ff")  # a private-use code point that is no HamNoSys symbol
    with pytest.raises(AnimationError, match="no handshape"):
        animate_hamnosys(ham("extfingeru", "palml", "chest"))
    assert parse(ham("extfingeru")).segments  # the parser accepts it; the animator refuses it


def test_generator_trains_on_the_animated_lexicon_and_hides_unlearned_points(settings, tmp_path):
    from signbridge.models.generator import Generator
    from signbridge.models.training.text2pose_config import Text2PoseConfig
    from signbridge.models.training.text2pose_trainer import Text2PoseTrainer

    cfg = Text2PoseConfig(languages=["gsg"], data="dgs-animated", steps=2, batch_size=4, words_per_language=5,
                          eval_words=1, save_every=2, log_every=1)
    Text2PoseTrainer(cfg, settings, tmp_path / "gen", progress=False).train()
    gen = Generator.load(tmp_path / "gen")
    assert gen.dictionary_languages == ["gsg"]  # it learned dictionary signs, not only letters
    learned = gen.trained["gsg"]["learned_points"]
    assert len(learned) == 50 and any(learned)
    pose = gen.generate("Haus", "gsg")
    conf = pose.body.confidence[:, 0]
    assert (conf[:, ~np.asarray(learned)] == 0).all() and (conf[:, np.asarray(learned)] == 1).all()


def test_signwriting_only_entry_danke_is_read_into_hands_at_the_chin(entries):
    from signbridge.knowledge.animation.signwriting import read

    danke = next(e for e in entries if e.gloss == "DANKE")
    assert danke.hamnosys is None and danke.signwriting
    seg = read(danke.signwriting)  # two flat hands (S15a), palms to the signer, touch, forward arrows
    assert seg.dominant.handshapes[0].base == "hamflathand" and seg.nondominant.handshapes[0].base == "hamflathand"
    assert seg.dominant.placements[0].sites[0] in ("hamchin", "hamneck", "hamlips")
    assert seg.dominant.placements[0].contact == "hamtouch"
    assert {m.symbol for m in seg.motions} == {"hammoveo"} and {m.hands for m in seg.motions} == {"dominant", "nondominant"}
    a = animation_for(danke)
    assert a.provenance == "animated from SignWriting (rule-based, approximate)"
    points, conf = body_frame(a.pose)
    hands = np.concatenate([points[12, RIGHT], points[12, LEFT]])
    assert hands[:, 1].max() > 0.15  # the fingers reach up to the chin, above the shoulders
    with pytest.raises(AnimationError, match="no hand symbol"):
        from signbridge.knowledge.animation import animate_signwriting

        animate_signwriting("M518x529S30a00482x483")  # a face only


def test_sigml_export_of_a_production(settings, kb):
    from signbridge.tools.production import produce

    result = produce("Haus Danke", "gsg", settings, renders=["hd.sigml"], kb=kb)
    [path] = result.renders
    text = path.read_text(encoding="utf-8")
    assert '<hns_sign gloss="HAUS">' in text and "<hamsymmlr />" in text and "<hamflathand />" in text
    assert "no HamNoSys (not in this file): Danke" in text  # SignWriting-only DANKE has no SiGML
    assert any("no HamNoSys for Danke" in n for n in result.notes)
