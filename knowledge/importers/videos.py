"""Importer for sign videos: a folder of videos plus a CSV ``path,word,gloss,language`` -> poses.

Each video is read with OpenCV and run through MediaPipe Holistic (extra `video`; model_complexity=1,
the only complexity whose model ships inside mediapipe 0.10.21, so nothing is downloaded), with
refined face landmarks so poses match the package's fingerspelling clips (586 points). The pose is
stored content-addressed in ``<home>/poses`` and indexed like any lexicon entry.

A clip becomes a sign only if pose estimation saw the signer: a person in at least
`Settings.video_min_person` of the frames and a hand in at least `Settings.video_min_hands`
(SIGNBRIDGE_VIDEO_MIN_PERSON / SIGNBRIDGE_VIDEO_MIN_HANDS). Below that the item is reported as failed,
with the shares found, and the import goes on. MediaPipe's native logging (glog, absl, TF Lite)
is kept off the terminal: file descriptor 2 points elsewhere while it runs.

This is how a user builds, e.g., a KSL dictionary from public dictionary videos they may use.
"""

from __future__ import annotations

import os
import sys
import tempfile
from contextlib import contextmanager

from signbridge.knowledge.importers.csvfile import read_csv_rows

from signbridge.knowledge.errors import InputError, require
from signbridge.knowledge.importers.base import (ImportContext, ImportItem, ItemError, check_pose, check_word,
                                                 resolve_row_language, store_pose)
from signbridge.knowledge.types import LexiconEntry

VIDEO_SUFFIXES = (".mp4", ".mov", ".avi", ".mkv", ".webm", ".m4v", ".mpg", ".mpeg")
MAX_FRAMES = 25 * 60  # a dictionary sign is seconds long; refuse hour-long inputs (a minute at 25 fps)


def find_csv(ctx: ImportContext):
    if ctx.path.is_file():
        if ctx.path.suffix.lower() != ".csv":
            raise InputError(f"'{ctx.path}' is not a CSV: give the folder of videos or its CSV (path,word,gloss,language)")
        return ctx.path
    for name in ("index.csv", "videos.csv", "lexicon.csv"):
        if (ctx.path / name).exists():
            return ctx.path / name
    found = sorted(ctx.path.glob("*.csv"))
    if len(found) == 1:
        return found[0]
    raise InputError(f"no CSV in '{ctx.path}': put an index.csv with columns path,word,gloss,language next to the videos")


def read_rows(ctx: ImportContext, required=("path", "word")) -> list[ImportItem]:
    index = find_csv(ctx)
    rows = read_csv_rows(index, tuple(required), "path,word,gloss,language")
    items, seen = [], {}
    for n, row in enumerate(rows, start=2):
        base = f"{(row.get('path') or '').strip()}|{(row.get('word') or '').strip()}|{(row.get('line') or '').strip()}"
        seen[base] = seen.get(base, 0) + 1
        items.append(ImportItem(key=base if seen[base] == 1 else f"{base}|{seen[base]}", data={**row, "_line": n}))
    return items


def row_language(row: dict, ctx: ImportContext) -> str:
    return resolve_row_language(row.get("language"), ctx, row["_line"])


def entry_for(row: dict, ctx: ImportContext, key: str, pose_path, fmt: str, extra: dict) -> LexiconEntry:
    word = check_word(row.get("word"), row["_line"])
    gloss = check_word(row.get("gloss") or word.upper().replace(" ", "-"), row["_line"])
    return LexiconEntry(id=ctx.entry_id(key), language=row_language(row, ctx), gloss=gloss.upper(), words=[word],
                        source=ctx.source, kind="sign", original_gloss=row.get("gloss") or None,
                        pose_path=str(pose_path), extra={"imported_from": row.get("path"), "format": fmt, **extra})


@contextmanager
def native_logs_silenced():
    """Send what native code writes to file descriptor 2 (MediaPipe's glog/absl/TF Lite lines) to a
    scratch file; Python's own stderr (progress, errors) keeps writing to the real one meanwhile."""
    os.environ.setdefault("GLOG_minloglevel", "2")  # read when MediaPipe's native library starts
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError):  # no real fd 2 (embedded interpreters): nothing to redirect
        yield
        return
    python_stderr = sys.stderr
    with tempfile.TemporaryFile() as sink:
        os.dup2(sink.fileno(), 2)
        sys.stderr = os.fdopen(os.dup(saved), "w", buffering=1, encoding=getattr(python_stderr, "encoding", None)
                               or "utf-8", errors="replace", closefd=True)
        try:
            yield
        finally:
            try:
                sys.stderr.flush()
                sys.stderr.close()
            finally:
                sys.stderr = python_stderr
                os.dup2(saved, 2)
                os.close(saved)


def detection_shares(pose) -> tuple[float, float]:
    """(share of frames with a person, share of frames with at least one hand), from landmark confidences."""
    import numpy as np

    confidence = np.asarray(pose.body.confidence)[:, 0]  # (frames, points)
    if confidence.shape[0] == 0:
        return 0.0, 0.0
    spans, start = {}, 0
    for component in pose.header.components:
        spans[component.name] = (start, start + len(component.points))
        start += len(component.points)

    def seen(*names: str):  # (frames,) bool: any point of these components detected
        mask = np.zeros(confidence.shape[0], dtype=bool)
        for name in names:
            if name in spans:
                a, b = spans[name]
                mask |= (confidence[:, a:b] > 0).any(axis=1)
        return mask

    person = seen("POSE_LANDMARKS") if "POSE_LANDMARKS" in spans else (confidence > 0).any(axis=1)
    hands = seen("LEFT_HAND_LANDMARKS", "RIGHT_HAND_LANDMARKS")
    return float(person.mean()), float(hands.mean())


def check_detections(pose, settings) -> tuple[float, float]:
    """ItemError when the signer was not seen often enough (thresholds: Settings.video_min_*)."""
    frames = int(pose.body.data.shape[0])
    person, hands = detection_shares(pose)
    if person == 0.0:
        raise ItemError(f"no person detected in {frames} frames")
    if person < settings.video_min_person or hands < settings.video_min_hands:
        raise ItemError(
            f"too few detections to be a sign: a person in {round(person * frames)} of {frames} frames "
            f"({person:.0%}), a hand in {round(hands * frames)} ({hands:.0%}); needed {settings.video_min_person:.0%} "
            f"and {settings.video_min_hands:.0%} (SIGNBRIDGE_VIDEO_MIN_PERSON / SIGNBRIDGE_VIDEO_MIN_HANDS): "
            "check the clip shows the signer, or lower the thresholds")
    return person, hands


def estimate_pose(frames, fps: float, width: int, height: int):
    """MediaPipe Holistic (complexity 1, offline) over RGB frames -> pose_format.Pose; native logs silenced."""
    with native_logs_silenced():
        from pose_format.utils.holistic import load_holistic

        return load_holistic(frames, fps=fps, width=width, height=height, progress=False,
                             additional_holistic_config={"model_complexity": 1, "refine_face_landmarks": True},
                             reuse=False)


def video_to_pose(path, max_frames: int = MAX_FRAMES):
    """Every frame of a video through `estimate_pose` -> pose_format.Pose (thresholds are checked by the caller)."""
    cv2 = require("cv2", "video")
    require("mediapipe", "video")

    capture = cv2.VideoCapture(str(path))
    if not capture.isOpened():
        raise ItemError("not a readable video (OpenCV cannot open it)")
    fps = capture.get(cv2.CAP_PROP_FPS) or 25.0
    frames = []
    try:
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            frames.append(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))  # (height, width, 3) RGB
            if len(frames) > max_frames:
                raise ItemError(f"video longer than {max_frames} frames: cut it to one sign")
    finally:
        capture.release()
    if not frames:
        raise ItemError("video has no decodable frames")
    height, width = frames[0].shape[:2]
    return estimate_pose(frames, fps if 1 <= fps <= 240 else 25.0, width, height)


class VideosImporter:
    kind = "videos"

    def plan(self, ctx: ImportContext) -> list[ImportItem]:
        require("cv2", "video")  # MissingExtraError before anything is planned
        require("mediapipe", "video")
        return read_rows(ctx)

    def process(self, item: ImportItem, ctx: ImportContext) -> list[LexiconEntry]:
        row = item.data
        if not (row.get("path") or "").strip():
            raise ItemError(f"line {row['_line']}: empty 'path'")
        path = ctx.confined(row["path"].strip(), what="video")
        if path.suffix.lower() not in VIDEO_SUFFIXES:
            raise ItemError(f"'{row['path']}' is not a video file ({', '.join(VIDEO_SUFFIXES)})")
        row_language(row, ctx)  # fail fast before the expensive pose estimation
        pose = video_to_pose(path)
        person, hands = check_detections(pose, ctx.settings)
        check_pose(pose)  # after the detection check: its message says more about a clip without a signer
        stored = store_pose(pose, ctx.settings)
        frames = int(pose.body.data.shape[0])
        return [entry_for(row, ctx, item.key, stored, "video",
                          {"frames": frames, "fps": float(pose.body.fps), "estimator": "mediapipe-holistic-1",
                           "person_share": round(person, 3), "hand_share": round(hands, 3)})]
