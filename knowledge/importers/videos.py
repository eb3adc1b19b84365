"""Importer for sign videos: a folder of videos plus a CSV ``path,word,gloss,language`` -> poses.

Each video is read with OpenCV and run through MediaPipe Holistic (extra `video`; model_complexity=1,
the only complexity whose model ships inside mediapipe 0.10.21, so nothing is downloaded), with
refined face landmarks so poses match the package's fingerspelling clips (586 points). The pose is
stored content-addressed in ``<home>/poses`` and indexed like any lexicon entry. A video in which
no person is detected is reported as failed for that item; the import goes on.

This is how a user builds, e.g., a KSL dictionary from public dictionary videos they may use.
"""

from __future__ import annotations

from signbridge.knowledge.importers.csvfile import read_csv_rows

from signbridge.knowledge.errors import InputError, require
from signbridge.knowledge.importers.base import ImportContext, ImportItem, ItemError, store_pose
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
    from signbridge.knowledge.languages import resolve

    raw = (row.get("language") or "").strip()
    if raw:
        try:
            code = resolve(raw).code
        except Exception as error:
            raise ItemError(f"line {row['_line']}: unknown language '{raw}'") from error
        if ctx.language and code != ctx.language:
            raise ItemError(f"line {row['_line']}: language '{code}' is not the requested --lang {ctx.language}")
        return code
    if ctx.language:
        return ctx.language
    raise ItemError(f"line {row['_line']}: no language (fill the column or give --lang)")


def entry_for(row: dict, ctx: ImportContext, key: str, pose_path, fmt: str, extra: dict) -> LexiconEntry:
    word = (row.get("word") or "").strip()
    if not word:
        raise ItemError(f"line {row['_line']}: empty 'word'")
    gloss = (row.get("gloss") or "").strip() or word.upper().replace(" ", "-")
    return LexiconEntry(id=ctx.entry_id(key), language=row_language(row, ctx), gloss=gloss.upper(), words=[word],
                        source=ctx.source, kind="sign", original_gloss=row.get("gloss") or None,
                        pose_path=str(pose_path), extra={"imported_from": row.get("path"), "format": fmt, **extra})


def video_to_pose(path, max_frames: int = MAX_FRAMES):
    """MediaPipe Holistic (complexity 1, offline) over every frame of a video -> pose_format.Pose."""
    cv2 = require("cv2", "video")
    require("mediapipe", "video")
    from pose_format.utils.holistic import load_holistic

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
    pose = load_holistic(frames, fps=fps if 1 <= fps <= 240 else 25.0, width=width, height=height, progress=False,
                         additional_holistic_config={"model_complexity": 1, "refine_face_landmarks": True},
                         reuse=False)
    confidence = pose.body.confidence  # (frames, people, points)
    if float(confidence.max(initial=0.0)) <= 0.0:
        raise ItemError(f"no person detected in {len(frames)} frames")
    return pose


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
        stored = store_pose(pose, ctx.settings)
        frames = int(pose.body.data.shape[0])
        return [entry_for(row, ctx, item.key, stored, "video",
                          {"frames": frames, "fps": float(pose.body.fps), "estimator": "mediapipe-holistic-1"})]
