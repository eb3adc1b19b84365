"""Prompt2Sign compressed pose text (SignLLM) and its DWPose-based ``.skels`` successor.

**Prompt2Sign text** (SignLLM supplement 3.2): one clip per line. Each frame is the 50 common points
(OpenPose BODY_25 points 0-7, left hand 21, right hand 21; see ``signbridge.knowledge.formats.common``) as
x y z, followed by a counter = frame number / number of frames (1/N ... 1), so 151 numbers per frame,
all frames of the clip concatenated on one line, separated by spaces. The released files are often
named ``*.skels`` too (``train.skels``). Prompt2Sign's tool divided values by 9 and wrote 0.016 for
missing values; we neither rescale nor invent values: missing points are written as 0 0 0 and a
point whose three values are all 0 reads back as missing (confidence 0). Text has no confidence:
present points read with confidence 1. Text has no fps either: pass it (default 25).

**DWPose .skels** (Prompt2Sign ``tools-new-2025``, used for their How2Sign DWPose release): one clip
per line, 385 numbers per frame, in this order (not interleaved per point):

    body x,y (18 x 2) | body scores (18) | hand x,y (left 21 x 2, right 21 x 2) | hand scores (left 21,
    right 21) | face x,y (68 x 2) | face scores (68) | counter = frame index / (frames - 1), 0 ... 1

i.e. 128 points = 18 COCO-18 body + 2 x 21 hands + 68 face, each with (x, y, score). DWPose writes
coordinates normalised by the frame size (0..1) and -1, -1 for invisible points. We read the
``dwpose`` layout (``signbridge.knowledge.formats.layouts``); ``write_skels`` divides by the pose's header
width/height, ``read_skels(frame_size=(w, h))`` multiplies back (default: keep 0..1, header 1 x 1).

A blank line is a clip that failed upstream; it reads as a 0-frame Pose so line i still matches
line i of the parallel ``.text``/``.files`` lists. Readers are generators: one line in memory at a time.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np
from pose_format import Pose

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.formats._io import atomic_path, format_numbers, iter_number_lines
from signbridge.knowledge.formats.common import (
    NUM_COMMON_POINTS,
    common_array,
    convert_layout,
    detect_layout,
    from_common_array,
    make_pose,
)
from signbridge.knowledge.formats.layouts import LAYOUTS
from signbridge.knowledge.frames import resample
from signbridge.knowledge.formats.lifting import lift_2d_to_3d

__all__ = [
    "TEXT_FRAME_SIZE", "SKELS_FRAME_SIZE", "read_prompt2sign_text", "write_prompt2sign_text",
    "read_skels", "write_skels", "lift_2d_to_3d", "sniff_period",
]

TEXT_FRAME_SIZE = NUM_COMMON_POINTS * 3 + 1  # 151
SKELS_FRAME_SIZE = 128 * 3 + 1  # 385
# the 128 .skels points in file order (body, left hand, right hand, face) -> dwpose layout order
# (body, face, left hand, right hand)
_BODY, _FACE, _HAND = 18, 68, 21
_SKELS_TO_DWPOSE = np.r_[0:_BODY, _BODY + 2 * _HAND:128, _BODY:_BODY + _HAND, _BODY + _HAND:_BODY + 2 * _HAND]
_DWPOSE_TO_SKELS = np.argsort(_SKELS_TO_DWPOSE)


def _as_list(poses: Pose | Iterable[Pose]) -> Iterable[Pose]:
    return [poses] if isinstance(poses, Pose) else poses


def sniff_period(numbers: np.ndarray) -> int | None:
    """151 or 385 when the line's length and progress counters fit that frame size, else None."""
    for period in (TEXT_FRAME_SIZE, SKELS_FRAME_SIZE):
        if numbers.size == 0 or numbers.size % period:
            continue
        counter = numbers[period - 1::period]
        if np.all(np.isfinite(counter)) and counter.min() >= -1e-4 and counter.max() <= 1 + 1e-4 \
                and np.all(np.diff(counter) >= -1e-6):
            return period
    return None


def _frames(numbers: np.ndarray, period: int, path, lineno: int, what: str) -> np.ndarray:
    if numbers.size % period:
        other = {TEXT_FRAME_SIZE: "a DWPose .skels file (385 per frame)",
                 SKELS_FRAME_SIZE: "a Prompt2Sign text file (151 per frame)"}[period]
        hint = f"; it looks like {other}" if sniff_period(numbers) not in (None, period) else ""
        raise InputError(f"{path}:{lineno}: {numbers.size} numbers is not a whole number of {what} frames "
                         f"({period} numbers each){hint}")
    return numbers.reshape(-1, period)  # (frames, period)


def read_prompt2sign_text(path: str | Path, fps: float = 25.0) -> Iterator[Pose]:
    """Stream a Prompt2Sign text file: one common-layout Pose (frames, 1, 50, 3) per line."""
    for lineno, numbers in iter_number_lines(path, "Prompt2Sign pose text file"):
        frames = _frames(numbers, TEXT_FRAME_SIZE, path, lineno, "Prompt2Sign (50 points x 3 + counter)")
        data = frames[:, :-1].reshape(-1, NUM_COMMON_POINTS, 3)  # (frames, 50, 3)
        present = np.isfinite(data).all(axis=-1) & (data != 0).any(axis=-1)
        yield from_common_array(data, present.astype(np.float32), fps=fps)


def write_prompt2sign_text(poses: Pose | Iterable[Pose], path: str | Path, fps: float | None = None,
                           decimals: int | None = None, lift: bool = False) -> int:
    """Write poses (any supported layout) as Prompt2Sign text, one line per pose; returns the line count.

    fps: resample every pose to this frame rate first (Prompt2Sign stores no fps; None keeps each
    pose's own). decimals: fixed decimals (Prompt2Sign used 5) or None for exact float32 values.
    lift: give 2D poses (all z = 0) a z with `lift_2d_to_3d` (an approximation) instead of writing z = 0.
    The file is replaced atomically when every line is written.
    """
    count = 0
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        for pose in _as_list(poses):
            data, conf = common_array(pose)  # (frames, 50, 3), (frames, 50)
            if fps is not None:
                data, conf = resample(data, conf, float(pose.body.fps), float(fps))
            if lift and not np.any(data[..., 2]):
                data = lift_2d_to_3d(data, conf)
            total = data.shape[0]
            counter = np.arange(1, total + 1, dtype=np.float64)[:, None] / max(total, 1)  # 1/N ... 1
            rows = np.concatenate([np.where((conf > 0)[..., None], data, 0.0).reshape(total, -1), counter], axis=1)
            f.write(format_numbers(rows, decimals) + "\n")
            count += 1
    return count


def read_skels(path: str | Path, fps: float = 25.0, frame_size: tuple[int, int] | None = None) -> Iterator[Pose]:
    """Stream a DWPose .skels file: one dwpose-layout Pose (frames, 1, 128, 2) per line.

    frame_size=(width, height) turns DWPose's 0..1 coordinates into pixels (and sets the header size).
    """
    width, height = frame_size or (1, 1)
    header = LAYOUTS["dwpose"].header(width=width, height=height)
    for lineno, numbers in iter_number_lines(path, "DWPose .skels file"):
        frames = _frames(numbers, SKELS_FRAME_SIZE, path, lineno, "DWPose .skels (128 points x 3 + counter)")
        total = frames.shape[0]
        body_xy, body_s = frames[:, 0:36], frames[:, 36:54]
        hand_xy, hand_s = frames[:, 54:138], frames[:, 138:180]
        face_xy, face_s = frames[:, 180:316], frames[:, 316:384]
        xy = np.concatenate([body_xy, hand_xy, face_xy], axis=1).reshape(total, 128, 2)
        scores = np.concatenate([body_s, hand_s, face_s], axis=1)  # (frames, 128) in file order
        xy, scores = xy[:, _SKELS_TO_DWPOSE], scores[:, _SKELS_TO_DWPOSE]
        invisible = np.all(xy == -1, axis=-1) | ~np.isfinite(xy).all(axis=-1) | ~np.isfinite(scores)
        conf = np.where(invisible, 0.0, np.clip(np.nan_to_num(scores), 0.0, None))
        xy = np.nan_to_num(xy) * np.array([width, height], np.float32)
        yield make_pose(header, xy[:, None], conf[:, None], fps)


def write_skels(poses: Pose | Iterable[Pose], path: str | Path, decimals: int | None = None) -> int:
    """Write poses (any supported layout) as DWPose .skels lines; returns the line count.

    Coordinates are divided by the pose's header width/height (DWPose's 0..1 convention); missing
    points are written as -1 -1 with score 0. decimals: fixed (the Prompt2Sign tool used 8) or None
    for exact float32 values. The file is replaced atomically when every line is written.
    """
    count = 0
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as f:
        for pose in _as_list(poses):
            dw = pose if detect_layout(pose) == "dwpose" else convert_layout(pose, "dwpose")
            xy = np.asarray(dw.body.data.filled(0.0) if hasattr(dw.body.data, "filled") else dw.body.data,
                            dtype=np.float64)[:, 0, :, :2]  # (frames, 128, 2)
            conf = np.asarray(dw.body.confidence, dtype=np.float64)[:, 0]  # (frames, 128)
            scale = np.array([dw.header.dimensions.width or 1, dw.header.dimensions.height or 1], np.float64)
            xy = np.where((conf > 0)[..., None], xy / scale, -1.0)[:, _DWPOSE_TO_SKELS]
            conf = conf[:, _DWPOSE_TO_SKELS]
            total = xy.shape[0]
            counter = (np.arange(total, dtype=np.float64) / (total - 1) if total > 1 else np.zeros(total))[:, None]
            b, h = _BODY, _BODY + 2 * _HAND
            rows = np.concatenate([
                xy[:, :b].reshape(total, -1), conf[:, :b],
                xy[:, b:h].reshape(total, -1), conf[:, b:h],
                xy[:, h:].reshape(total, -1), conf[:, h:],
                counter,
            ], axis=1)  # (frames, 385)
            f.write(format_numbers(rows, decimals) + "\n")
            count += 1
    return count
