"""Pose format converters, on real MediaPipe Holistic clips shipped by spoken-to-signed."""

import json
import shutil

import numpy as np
import pytest
from pose_format import Pose
from pose_format.utils.generic import reduce_holistic
from pose_format.utils.openpose import load_openpose_directory

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.formats import (
    COMMON_POINT_NAMES,
    FORMATS,
    common_array,
    convert_layout,
    detect_format,
    detect_layout,
    from_common_array,
    read_pose_file,
    read_poses,
    to_common,
    write_poses,
)
from signbridge.knowledge.formats.common import COMMON_LIMBS, make_pose
from signbridge.knowledge.frames import resample
from signbridge.knowledge.formats.layouts import LAYOUTS
from signbridge.knowledge.formats.lifting import bone_lengths_2d, lift_2d_to_3d
from signbridge.knowledge.formats.openpose import read_openpose_folder, write_openpose_folder
from signbridge.knowledge.formats.prompt2sign import read_prompt2sign_text, read_skels, write_prompt2sign_text, write_skels
from signbridge.knowledge.formats.signverse import read_signverse_npz, write_signverse_npz
from signbridge.knowledge.package_data import fingerspelling_clips


@pytest.fixture(scope="module")
def clips() -> list[Pose]:
    """Six real clips from different sign languages (Holistic, 25 fps, (frames, 1, 586, 3))."""
    chosen, seen = [], set()
    for clip in fingerspelling_clips():
        if clip.signed_language not in seen:
            seen.add(clip.signed_language)
            chosen.append(read_pose_file(clip.path))
        if len(chosen) == 6:
            break
    return chosen


@pytest.fixture(scope="module")
def clip(clips) -> Pose:
    return clips[0]


def kept_error(original: Pose, restored: Pose, dims: int) -> float:
    """Largest coordinate difference over the common points present in the original."""
    d0, c0 = common_array(original)
    d1, c1 = common_array(restored)
    assert d0.shape == d1.shape
    assert np.array_equal(c0 > 0, c1 > 0), "the same points must be present after the round trip"
    present = c0 > 0
    assert present.sum() > 0
    return float(np.abs(d0[present][:, :dims] - d1[present][:, :dims]).max())


# --- layouts and the common mapping -------------------------------------------------------------


def test_real_clip_is_holistic_and_maps_to_50_points(clip):
    assert clip.body.data.shape[1:] == (1, 586, 3)
    assert detect_layout(clip) == "holistic"
    common = to_common(clip)
    assert detect_layout(common) == "common"
    assert common.body.data.shape == (clip.body.data.shape[0], 1, 50, 3)
    assert common.body.fps == clip.body.fps == 25.0
    assert len(COMMON_POINT_NAMES) == 50 and len(set(COMMON_POINT_NAMES)) == 50
    data, conf = common_array(clip)
    assert data.dtype == np.float32 and data.shape == (clip.body.data.shape[0], 50, 3)
    assert conf.shape == data.shape[:2]
    assert np.all(data[conf == 0] == 0)


def test_common_mapping_picks_the_right_joints(clips):
    """Body wrists sit on the same-side hand's wrist; nose and shoulders are copied; neck is their midpoint."""
    same, crossed = [], []
    for pose in clips:
        raw = pose.body.data.filled(np.nan)[:, 0]  # (frames, 586, 3)
        index = {p: i for i, p in enumerate(pose.header.components[0].points)}
        data, conf = common_array(pose)
        ok = conf[:, 0] > 0
        np.testing.assert_array_equal(data[ok, 0], raw[ok, index["NOSE"]])
        ok = conf[:, 5] > 0
        np.testing.assert_array_equal(data[ok, 5], raw[ok, index["LEFT_SHOULDER"]])
        ok = conf[:, 1] > 0
        midpoint = (raw[ok, index["LEFT_SHOULDER"]] + raw[ok, index["RIGHT_SHOULDER"]]) / 2
        np.testing.assert_allclose(data[ok, 1], midpoint, rtol=1e-6)
        for body_wrist, hand_wrist, other_hand in ((7, 8, 29), (4, 29, 8)):
            both = (conf[:, body_wrist] > 0) & (conf[:, hand_wrist] > 0)
            same += list(np.linalg.norm(data[both, body_wrist, :2] - data[both, hand_wrist, :2], axis=-1))
            both = (conf[:, body_wrist] > 0) & (conf[:, other_hand] > 0)
            crossed += list(np.linalg.norm(data[both, body_wrist, :2] - data[both, other_hand, :2], axis=-1))
    shoulder = np.median([np.linalg.norm(np.subtract(*common_array(p)[0][:, [2, 5], :2].transpose(1, 0, 2)), axis=-1)
                          for p in clips[:1]])
    assert len(same) > 20 and len(crossed) > 5
    assert np.median(same) < 0.25 * shoulder, "body wrist should lie on the hand's own wrist"
    assert np.median(same) < 0.3 * np.median(crossed)


def test_reduced_holistic_and_layout_conversion(clip):
    reduced = reduce_holistic(clip)
    data, conf = common_array(reduced)
    assert np.all(conf[:, 0] == 0), "reduce_holistic drops the nose: it must come out missing, not invented"
    assert np.array_equal(data[:, 8:], common_array(clip)[0][:, 8:])
    for layout, points in (("openpose", 137), ("dwpose", 128), ("common", 50)):
        converted = convert_layout(clip, layout)
        assert detect_layout(converted) == layout
        assert converted.body.data.shape[2] == points
        assert converted.header.total_points() == points


def test_unknown_layout_is_an_input_error(clip):
    header = LAYOUTS["common"].header()
    header.components[0].name = "SOMETHING_ELSE"
    pose = make_pose(header, np.zeros((2, 1, 50, 3)), np.ones((2, 1, 50)), 25)
    with pytest.raises(InputError, match="unknown pose layout"):
        to_common(pose)
    with pytest.raises(InputError):
        detect_layout(pose)


def test_from_common_array_round_trip_and_shape_errors(clip):
    data, conf = common_array(clip)
    pose = from_common_array(data, conf, fps=25.0)
    again, again_conf = common_array(pose)
    np.testing.assert_array_equal(again, data)
    np.testing.assert_array_equal(again_conf, conf)
    assert pose.body.fps == 25.0
    assert from_common_array(data[..., :2]).body.data.shape[-1] == 3  # 2D input gets z = 0
    with pytest.raises(InputError, match="shape"):
        from_common_array(np.zeros((3, 49, 3)))
    with pytest.raises(InputError, match="confidence"):
        from_common_array(data, conf[:, :10])


# --- round trips through every format -----------------------------------------------------------


def test_prompt2sign_text_round_trip_is_exact(clips, tmp_path):
    path = tmp_path / "clips.txt"
    assert write_prompt2sign_text(clips, path) == len(clips)
    lines = path.read_text().splitlines()
    assert len(lines) == len(clips)
    for line, pose in zip(lines, clips):
        numbers = np.array(line.split(), dtype=float).reshape(-1, 151)
        assert numbers.shape[0] == pose.body.data.shape[0]
        np.testing.assert_allclose(numbers[:, -1], np.arange(1, len(numbers) + 1) / len(numbers), atol=1e-6)
    restored = list(read_prompt2sign_text(path, fps=25.0))
    assert len(restored) == len(clips)
    for original, back in zip(clips, restored):
        assert back.body.data.shape == (original.body.data.shape[0], 1, 50, 3)
        assert back.body.fps == 25.0
        assert kept_error(original, back, dims=3) == 0.0


def test_skels_round_trip(clips, tmp_path):
    path = tmp_path / "clips.skels"
    write_skels(clips, path)
    first = np.array(path.read_text().splitlines()[0].split(), dtype=float).reshape(-1, 385)
    assert first[0, -1] == 0.0 and first[-1, -1] == 1.0  # DWPose counter: index / (frames - 1)
    visible = first[:, :36].reshape(-1, 18, 2)
    assert np.all((visible == -1) | ((visible > -0.5) & (visible < 2.5))), "coordinates are normalised"
    restored = list(read_skels(path, fps=25.0, frame_size=(500, 500)))
    for original, back in zip(clips, restored):
        assert detect_layout(back) == "dwpose"
        assert back.body.data.shape == (original.body.data.shape[0], 1, 128, 2)
        assert kept_error(original, back, dims=2) < 1e-3  # x / 500 * 500 in float32
        c0, c1 = common_array(original)[1], common_array(back)[1]
        np.testing.assert_array_equal(c0, c1)  # scores are kept exactly


@pytest.mark.parametrize("nested", [False, True])
def test_signverse_round_trip(clip, tmp_path, nested):
    path = tmp_path / "poses.npz"
    write_signverse_npz(clip, path, nested=nested)
    with np.load(path, allow_pickle=nested) as npz:
        for key in ("video_id", "fps", "total_frames", "frame_indices", "frame_width", "frame_height"):
            assert key in npz.files
        assert ("frame_payloads" in npz.files) == nested
        if not nested:
            assert npz["body_keypoints"].shape == (clip.body.data.shape[0], 1, 18, 2)
            assert npz["left_hand_scores"].shape == (clip.body.data.shape[0], 1, 21)
    if nested:
        with pytest.raises(InputError, match="allow_pickle"):
            read_signverse_npz(path)
    back = read_signverse_npz(path, allow_pickle=nested)
    assert back.body.fps == 25.0
    assert (back.header.dimensions.width, back.header.dimensions.height) == (500, 500)
    assert back.body.data.shape == (clip.body.data.shape[0], 1, 128, 2)
    assert kept_error(clip, back, dims=2) < 1e-3


def test_signverse_picks_the_largest_person(clip, tmp_path):
    dw = convert_layout(clip, "dwpose")
    data, conf = dw.body.data.filled(0), dw.body.confidence
    centre = np.array([250, 250], np.float32)
    small = (data - centre) * 0.3 + centre  # a smaller second signer
    two = make_pose(dw.header, np.concatenate([small, data], axis=1), np.concatenate([conf, conf], axis=1), 25)
    path = tmp_path / "two.npz"
    write_signverse_npz(two, path)
    largest = read_signverse_npz(path)
    np.testing.assert_allclose(common_array(largest)[0], common_array(dw)[0], atol=1e-3)
    assert read_signverse_npz(path, person="all").body.data.shape[1] == 2
    np.testing.assert_allclose(common_array(read_signverse_npz(path, person=0))[0][..., :2],
                               common_array(make_pose(dw.header, small, conf, 25))[0][..., :2], atol=1e-3)
    with pytest.raises(InputError):
        read_signverse_npz(path, person=5)


def test_openpose_round_trip_and_pose_format_agrees(clip, tmp_path):
    folder = tmp_path / "op"
    assert write_openpose_folder(clip, folder) == clip.body.data.shape[0]
    files = sorted(folder.glob("*_keypoints.json"))
    assert files[0].name == "op_000000000000_keypoints.json"
    person = json.loads(files[0].read_text())["people"][0]
    assert len(person["pose_keypoints_2d"]) == 75 and len(person["face_keypoints_2d"]) == 210
    assert len(person["hand_left_keypoints_2d"]) == 63
    back = read_openpose_folder(folder, fps=25.0)
    assert back.body.fps == 25.0 and back.body.data.shape == (clip.body.data.shape[0], 1, 137, 2)
    assert kept_error(clip, back, dims=2) == 0.0
    # pose-format's own OpenPose reader (independent code) reads the same points
    theirs = load_openpose_directory(str(folder), fps=25)
    np.testing.assert_array_equal(common_array(theirs)[0], common_array(back)[0])
    with pytest.raises(InputError, match="already holds"):
        write_openpose_folder(clip, folder)
    write_openpose_folder(clip, folder, overwrite=True)


def test_openpose_coco18_json_is_mapped_by_name(tmp_path):
    points = np.zeros((18, 3))
    points[:, 2] = 1
    points[:, 0] = np.arange(18)  # x = COCO index
    (tmp_path / "a_000000000000_keypoints.json").write_text(json.dumps(
        {"people": [{"pose_keypoints_2d": points.ravel().tolist(), "hand_left_keypoints_2d": [],
                     "hand_right_keypoints_2d": [], "face_keypoints_2d": []}]}))
    pose = read_openpose_folder(tmp_path)
    data, conf = common_array(pose)
    assert list(data[0, :8, 0]) == list(range(8))  # COCO 0-7 are BODY_25 0-7
    assert conf[0, 8:].max() == 0


def test_registry_dispatch_and_skels_sniffing(clip, tmp_path):
    assert set(FORMATS) == {"pose", "prompt2sign", "skels", "signverse", "openpose"}
    text_as_skels = tmp_path / "train.skels"  # Prompt2Sign's own files use .skels for the 151 format
    write_poses([clip, clip], text_as_skels, fmt="prompt2sign")
    assert detect_format(text_as_skels) == "prompt2sign"
    dw = tmp_path / "dw.skels"
    assert write_poses(clip, dw) == "skels"
    assert detect_format(dw) == "skels"
    assert len(list(read_poses(text_as_skels))) == 2
    for name in ("c.pose", "c.npz", "c.txt"):
        write_poses(clip, tmp_path / name)
        (back,) = list(read_poses(tmp_path / name))
        assert back.body.fps == 25.0
    write_poses(clip, tmp_path / "folder")
    assert detect_format(tmp_path / "folder") == "openpose"
    assert kept_error(clip, next(read_poses(tmp_path / "folder")), dims=2) == 0.0


# --- lifting, streaming, resampling, errors -----------------------------------------------------


def test_lifting_gives_finite_3d_with_stable_bone_lengths(clips):
    for pose in clips[:3]:
        data, conf = common_array(pose)
        lifted = lift_2d_to_3d(data[..., :2], conf)
        assert lifted.shape == data.shape and lifted.dtype == np.float32
        assert np.isfinite(lifted).all()
        valid = conf > 0
        assert np.all(lifted[~valid] == 0)
        lengths = bone_lengths_2d(data[..., :2].astype(np.float64), valid)
        for k, (parent, child) in enumerate(COMMON_LIMBS):
            both = valid[:, parent] & valid[:, child]
            if not both.any():
                continue
            length3d = np.linalg.norm(lifted[both, child] - lifted[both, parent], axis=-1)
            np.testing.assert_allclose(length3d, lengths[k], rtol=1e-3, atol=1e-2)  # the same length in every frame
            length2d = np.linalg.norm(data[both, child, :2] - data[both, parent, :2], axis=-1)
            assert np.all(length3d >= 0.5 * length2d), "a 3D bone is never much shorter than it looks"
        xy_error = np.linalg.norm(lifted[valid][:, :2] - data[valid][:, :2], axis=-1)
        assert np.median(xy_error) < 1.0, "x, y are kept where bones are not longer than their length"
        assert np.any(lifted[valid][:, 2] < 0), "foreshortened bones get depth"


def test_lift_on_write_adds_depth_to_2d_sources(clip, tmp_path):
    op = convert_layout(clip, "openpose")  # 2D
    path = tmp_path / "lifted.txt"
    write_prompt2sign_text(op, path, lift=True)
    (back,) = list(read_prompt2sign_text(path))
    assert np.any(common_array(back)[0][..., 2] != 0)


def test_reader_streams_line_by_line(clip, tmp_path):
    path = tmp_path / "many.txt"
    write_prompt2sign_text([clip] * 3, path)
    lines = path.read_text().splitlines()
    lines[2] = lines[2] + " 1.0"  # the third clip is damaged
    path.write_text("\n".join(lines) + "\n\n")
    reader = read_prompt2sign_text(path)
    assert next(reader).body.data.shape[0] == clip.body.data.shape[0]
    assert next(reader) is not None  # two clips read before the damage is reached
    with pytest.raises(InputError, match=r"many.txt:3"):
        next(reader)


def test_blank_line_keeps_alignment(clip, tmp_path):
    path = tmp_path / "gaps.txt"
    write_prompt2sign_text([clip], path)
    path.write_text(path.read_text() + "\n" + path.read_text())
    poses = list(read_prompt2sign_text(path))
    assert [p.body.data.shape[0] for p in poses] == [clip.body.data.shape[0], 0, clip.body.data.shape[0]]


def test_resample_and_write_at_another_fps(clip, tmp_path):
    data, conf = common_array(clip)
    doubled, doubled_conf = resample(data, conf, 25.0, 50.0)
    assert doubled.shape[0] == 2 * data.shape[0] - 1
    np.testing.assert_array_equal(doubled[::2], data)
    path = tmp_path / "fifty.txt"
    write_prompt2sign_text(clip, path, fps=50.0)
    (back,) = list(read_prompt2sign_text(path, fps=50.0))
    assert back.body.data.shape[0] == 2 * data.shape[0] - 1


@pytest.mark.parametrize("name, content", [
    ("bad.pose", b"\x00\x01garbage"),
    ("bad.npz", b"not a zip at all"),
    ("bad.txt", b"1 2 3\n"),
    ("bad2.txt", b"1 2 x y\n"),
    ("bad.skels", b"1 2 3 4\n"),
    ("binary.txt", b"\xff\xfe\x00\x81" * 40),
    ("bad.mp4", b"...."),
])
def test_corrupt_files_raise_input_error(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        list(read_poses(path))
    assert "\n" not in str(error.value)


def test_corrupt_openpose_and_missing_paths(tmp_path):
    (tmp_path / "x_000000000000_keypoints.json").write_text("{not json")
    with pytest.raises(InputError, match="not an OpenPose keypoints file"):
        list(read_poses(tmp_path))
    (tmp_path / "x_000000000000_keypoints.json").write_text(json.dumps({"people": [{"pose_keypoints_2d": [1, 2]}]}))
    with pytest.raises(InputError, match="multiple of 3"):
        read_openpose_folder(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="no OpenPose"):
        read_poses(empty)
    with pytest.raises(InputError):
        list(read_poses(tmp_path / "missing.txt"))
    npz = tmp_path / "other.npz"
    np.savez(npz, something=np.zeros(3))
    with pytest.raises(InputError, match="not a SignVerse"):
        list(read_poses(npz))
    shutil.rmtree(empty)


def test_shoulder_normalize_is_invertible(clip):
    from signbridge.knowledge.frames import shoulder_normalize

    data, conf = common_array(clip)
    normalized, conf_out, centre, scale = shoulder_normalize(data, conf, 5, 2)
    present = conf > 0
    shoulders = np.linalg.norm(normalized[:, 5, :2] - normalized[:, 2, :2], axis=-1)
    assert abs(np.median(shoulders[present[:, 2] & present[:, 5]]) - 1.0) < 1e-5
    np.testing.assert_allclose((normalized * scale + centre)[present], data[present], rtol=1e-5, atol=1e-3)
    np.testing.assert_array_equal(conf_out > 0, present)
    nothing, _, centre, scale = shoulder_normalize(data, np.zeros_like(conf), 5, 2)  # nothing seen: zeros, unit scale
    assert scale == 1.0 and not nothing.any() and not centre.any()
