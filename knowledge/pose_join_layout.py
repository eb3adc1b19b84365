"""Clip arrays and point layouts for `signbridge.knowledge.pose_join`: a Pose's first person as arrays and back,
mapping points between headers by (component, point) name, and the indices the join steps need.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np


# -- arrays in and out --------------------------------------------------------------------------

def arrays(pose) -> tuple[np.ndarray, np.ndarray]:
    """First person's coordinates and confidence: data (T, P, D) float32, conf (T, P) float32."""
    data = np.asarray(np.ma.getdata(pose.body.data)[:, 0], dtype=np.float32)
    conf = np.asarray(pose.body.confidence[:, 0], dtype=np.float32)
    mask = np.ma.getmaskarray(pose.body.data)[:, 0]
    if mask.any():  # a masked point counts as missing whatever its confidence says
        conf = np.where(mask.any(-1), 0.0, conf).astype(np.float32)
    data = np.where(conf[..., None] > 0, data, 0.0).astype(np.float32)
    return data, conf


def to_pose(header, data: np.ndarray, conf: np.ndarray, fps: float):
    from pose_format import Pose
    from pose_format.numpy import NumPyPoseBody

    mask = np.repeat((conf <= 0)[:, None, :, None], data.shape[-1], axis=-1)  # (T, 1, P, D)
    body = NumPyPoseBody(fps=fps, data=np.ma.masked_array(data[:, None], mask=mask), confidence=conf[:, None])
    return Pose(header=header, body=body)


def header_key(header) -> tuple:
    return tuple((c.name, tuple(c.points)) for c in header.components)


@lru_cache(maxsize=64)
def point_map(src_key: tuple, dst_key: tuple) -> np.ndarray:
    """For each destination point, its index in the source layout or -1."""
    src = {}
    for name, points in src_key:
        for point in points:
            src[(name, point)] = len(src)
    return np.array([src.get((name, p), -1) for name, points in dst_key for p in points], dtype=np.int64)


_REDUCED_HEADERS: dict[tuple, object] = {}


def reduced_header(header, dims: int):
    key = header_key(header)
    if key not in _REDUCED_HEADERS:
        from pose_format.utils.generic import reduce_holistic

        n = sum(len(c.points) for c in header.components)
        tiny = to_pose(header, np.zeros((1, n, dims), np.float32), np.ones((1, n), np.float32), 25.0)
        _REDUCED_HEADERS[key] = reduce_holistic(tiny).header
    return _REDUCED_HEADERS[key]


def remap(data, conf, src_header, dst_header):
    src_key, dst_key = header_key(src_header), header_key(dst_header)
    if src_key == dst_key:
        return data, conf
    index = point_map(src_key, dst_key)
    present = index >= 0
    safe = np.where(present, index, 0)
    return data[:, safe] * present[None, :, None], conf[:, safe] * present[None, :]


@dataclass(frozen=True)
class JoinLayout:
    """Indices the steps need, looked up once per header."""

    shoulders: tuple[int, int] | None
    arms: tuple[tuple[int, int], ...]  # (wrist, elbow) per side
    hands: tuple[np.ndarray, ...]  # hand point indices per side
    wrists: tuple[tuple[int, int], ...]  # (body wrist, hand wrist) per side
    face: np.ndarray  # face point indices
    world: np.ndarray  # world-coordinate point indices (not aligned)


@lru_cache(maxsize=16)
def layout_of(key: tuple) -> JoinLayout:
    index, start = {}, 0
    ranges = {}
    for name, points in key:
        ranges[name] = np.arange(start, start + len(points))
        for i, p in enumerate(points):
            index[(name, p)] = start + i
        start += len(points)
    # works for MediaPipe Holistic (POSE_LANDMARKS, *_HAND_LANDMARKS) and the common layout
    # (UPPER_BODY, LEFT_HAND, RIGHT_HAND): body joints are found by point name in any image component
    body = {p: i for (name, p), i in index.items() if "WORLD" not in name and "HAND" not in name and "FACE" not in name}
    shoulders = None
    if "LEFT_SHOULDER" in body and "RIGHT_SHOULDER" in body:
        shoulders = (body["LEFT_SHOULDER"], body["RIGHT_SHOULDER"])
    arms = tuple((body[f"{s}_WRIST"], body[f"{s}_ELBOW"]) for s in ("LEFT", "RIGHT")
                 if f"{s}_WRIST" in body and f"{s}_ELBOW" in body)
    hands = tuple(r for n, r in ranges.items() if "HAND" in n and "WORLD" not in n)
    face = np.concatenate([r for n, r in ranges.items() if "FACE" in n] or [np.arange(0)])
    world = np.concatenate([r for n, r in ranges.items() if "WORLD" in n] or [np.arange(0)])
    wrists = tuple((body[f"{side}_WRIST"], int(r[0])) for side in ("LEFT", "RIGHT") for n, r in ranges.items()
                   if n.startswith(side) and "HAND" in n and f"{side}_WRIST" in body)
    return JoinLayout(shoulders, arms, hands, wrists, face, world)
