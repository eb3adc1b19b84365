"""Video imports: clips where pose estimation barely saw the signer are failed items, and MediaPipe's
native log lines stay off the terminal."""

import json
import subprocess
import sys

import numpy as np
import pytest

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.formats import read_pose_file
from signbridge.knowledge.importers import run_import, videos
from signbridge.knowledge.package_data import fingerspelling_clips
from signbridge.knowledge.settings import Settings

NATIVE_NOISE = ("TensorFlow Lite", "I0000", "W0000", "gl_context", "inference_feedback_manager", "absl::")


def test_real_mediapipe_on_a_video_without_a_person(cli_env, tmp_path):
    cv2 = pytest.importorskip("cv2")
    pytest.importorskip("mediapipe")
    folder = tmp_path / "clips"
    folder.mkdir()
    writer = cv2.VideoWriter(str(folder / "empty.avi"), cv2.VideoWriter_fourcc(*"MJPG"), 10, (96, 96))
    for shade in range(8):  # a grey room, nobody in it
        writer.write(np.full((96, 96, 3), 90 + shade, dtype=np.uint8))
    writer.release()
    (folder / "index.csv").write_text("path,word,gloss,language\nempty.avi,Leer,LEER,kvk\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "signbridge.agents.cli", "knowledge", "import", "videos", str(folder),
                           "--name", "empty-room-test", "--json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr  # every item failed
    report = json.loads(done.stdout)
    assert report["newly_done"] == 0 and "no person detected in 8 frames" in report["failed"][0]["reason"]
    assert not [line for line in done.stderr.splitlines() if any(n in line for n in NATIVE_NOISE)], done.stderr


def _sparse(pose, person_frames: int):
    """A real package pose in which only the first `person_frames` frames kept their body points and no hands."""
    confidence = np.array(pose.body.confidence)  # (frames, people, points)
    mask = np.array(pose.body.data.mask)
    start = 0
    for component in pose.header.components:
        end = start + len(component.points)
        if "HAND" in component.name:
            confidence[:, :, start:end] = 0
        elif component.name == "POSE_LANDMARKS":
            confidence[person_frames:, :, start:end] = 0
        start = end
    pose.body.confidence = confidence
    pose.body.data = np.ma.masked_array(np.array(pose.body.data), mask=mask)
    return pose


def test_few_detections_are_a_failed_item(settings, kb, tmp_path, monkeypatch):
    clip = next(c for c in fingerspelling_clips() if c.signed_language == "gsg")
    stub = _sparse(read_pose_file(clip.path), 2)
    frames = stub.body.data.shape[0]
    monkeypatch.setattr(videos, "estimate_pose", lambda *a, **k: stub)
    cv2 = pytest.importorskip("cv2")
    folder = tmp_path / "v"
    folder.mkdir()
    writer = cv2.VideoWriter(str(folder / "clip.avi"), cv2.VideoWriter_fourcc(*"MJPG"), 10, (32, 32))
    writer.write(np.zeros((32, 32, 3), dtype=np.uint8))
    writer.release()
    (folder / "index.csv").write_text("path,word,gloss,language\nclip.avi,Quxbaz,,DGS\n", encoding="utf-8")
    report = run_import("videos", folder, settings, name="sparse-test", progress=False, kb=kb)
    assert report.newly_done == 0, report.failed
    reason = report.failed[0]["reason"]
    assert f"a person in 2 of {frames} frames" in reason and "a hand in 0 (0%)" in reason
    assert "SIGNBRIDGE_VIDEO_MIN_PERSON" in reason
    lenient = Settings(home=settings.home, video_min_person=0.01, video_min_hands=0.0)
    assert videos.check_detections(stub, lenient)[0] == pytest.approx(2 / frames)


def test_thresholds_come_from_the_environment():
    s = Settings.from_env({"SIGNBRIDGE_VIDEO_MIN_PERSON": "0.8", "SIGNBRIDGE_VIDEO_MIN_HANDS": "0"})
    assert (s.video_min_person, s.video_min_hands) == (0.8, 0.0)
    with pytest.raises(InputError, match="between 0 and 1"):
        Settings.from_env({"SIGNBRIDGE_VIDEO_MIN_HANDS": "30"})
