"""Join sign and letter clips into one fluent pose sequence (vectorised numpy, no per-frame Python).

Steps, per clip then across clips (each switchable in `JoinConfig`):

1. layout: map every clip onto one point layout by (component, point) name: the first clip's
   layout ("holistic", MediaPipe's 586 points by default) or `reduce_holistic`'s 178 ("reduced");
   points a clip lacks get confidence 0.
2. fps: resample to `fps` (linear in time; a point missing in either neighbour takes the nearest frame).
3. trim idle frames: leading/trailing frames with the hands lowered (wrist not raised above the
   elbow) or not detected, and leading/trailing stillness beyond `max_edge_still_seconds`.
4. cap: a clip longer than `max_sign_seconds` after trimming is played faster to fit (dictionary
   citation forms are several times longer than the same sign in fluent signing).
5. align: translate and scale each clip so its shoulders sit where the first clip's do
   (clips from different recordings otherwise jump between signs).
6. holds: `holds[i]` extra seconds of the clip's last frame (readable final letters); with
   `rest_at_ends`, the first clip keeps its rise from rest and the last its lowering to rest.
7. transitions: `transition_frames` eased (smoothstep) frames between one clip's last frame and the
   next clip's first; a point missing at either end stays hidden during the transition.
8. wrists: the body's wrist points follow the detected hands (`correct_wrists`);
9. smoothing: a confidence-weighted Gaussian filter in time over body and hands (face optional),
   so missing points neither bleed in nor get smoothed towards zero.

The result keeps the first clip's header (or the reduced header) and is a `pose_format.Pose`.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import numpy as np


@dataclass
class JoinConfig:
    # timing
    fps: float = field(default=25.0, metadata={"help": "frame rate of the joined pose"})
    trim_idle: bool = field(default=True, metadata={"help": "cut lowered/undetected hands and long stillness at clip edges"})
    rest_at_ends: bool = field(default=False, metadata={"help": "keep the first clip's rise from rest and the last clip's lowering to rest (a natural start and end)"})
    raised_fraction: float = field(default=0.5, metadata={"help": "a frame is active when the hand is raised at least this fraction of the clip's highest raise"})
    rest_stroke_speed: float = field(default=1.5, metadata={"help": "vertical wrist speed (shoulder widths per second) of the stroke from/to rest, cut at clip edges"})
    max_edge_still_seconds: float = field(default=0.4, metadata={"help": "stillness kept at a clip's start or end"})
    still_speed: float = field(default=0.15, metadata={"help": "hand speed (shoulder widths per second) below which a frame is still"})
    max_sign_seconds: float | None = field(default=1.2, metadata={"help": "cap on a clip's duration after trimming (played faster); None = no cap"})
    max_letter_seconds: float | None = field(default=0.56, metadata={"help": "cap on a fingerspelled letter's duration (callers pass it per clip via max_seconds)"})
    last_letter_hold: float = field(default=0.4, metadata={"help": "seconds a word's last fingerspelled letter is held (used by callers building `holds`)"})
    word_pause: float = field(default=0.15, metadata={"help": "extra seconds of transition between fingerspelled words"})
    # joining
    transition_frames: int = field(default=3, metadata={"help": "eased frames inserted between clips"})
    correct_wrists: bool = field(default=True, metadata={"help": "put the body's wrists where the detected hands' wrists are (arms reach their hands)"})
    align_bodies: bool = field(default=True, metadata={"help": "move/scale clips so shoulders line up with the first clip"})
    smoothing_sigma: float = field(default=1.0, metadata={"help": "Gaussian smoothing sigma in frames (0 = off)"})
    smooth_face: bool = field(default=False, metadata={"help": "also smooth the face (dampens mouthing)"})
    # layout
    layout: Literal["holistic", "reduced", "common"] = field(default="holistic", metadata={"help": "holistic: keep the first clip's points (586 for MediaPipe Holistic); reduced: reduce_holistic's 178; common: the 50-point upper body + hands layout of the models (mixes any source layouts)"})


# -- arrays in and out --------------------------------------------------------------------------

def _arrays(pose) -> tuple[np.ndarray, np.ndarray]:
    """First person's coordinates and confidence: data (T, P, D) float32, conf (T, P) float32."""
    data = np.asarray(np.ma.getdata(pose.body.data)[:, 0], dtype=np.float32)
    conf = np.asarray(pose.body.confidence[:, 0], dtype=np.float32)
    mask = np.ma.getmaskarray(pose.body.data)[:, 0]
    if mask.any():  # a masked point counts as missing whatever its confidence says
        conf = np.where(mask.any(-1), 0.0, conf).astype(np.float32)
    data = np.where(conf[..., None] > 0, data, 0.0).astype(np.float32)
    return data, conf


def _to_pose(header, data: np.ndarray, conf: np.ndarray, fps: float):
    from pose_format import Pose
    from pose_format.numpy import NumPyPoseBody

    mask = np.repeat((conf <= 0)[:, None, :, None], data.shape[-1], axis=-1)  # (T, 1, P, D)
    body = NumPyPoseBody(fps=fps, data=np.ma.masked_array(data[:, None], mask=mask), confidence=conf[:, None])
    return Pose(header=header, body=body)


def _header_key(header) -> tuple:
    return tuple((c.name, tuple(c.points)) for c in header.components)


@lru_cache(maxsize=64)
def _point_map(src_key: tuple, dst_key: tuple) -> np.ndarray:
    """For each destination point, its index in the source layout or -1."""
    src = {}
    for name, points in src_key:
        for point in points:
            src[(name, point)] = len(src)
    return np.array([src.get((name, p), -1) for name, points in dst_key for p in points], dtype=np.int64)


_REDUCED_HEADERS: dict[tuple, object] = {}


def _reduced_header(header, dims: int):
    key = _header_key(header)
    if key not in _REDUCED_HEADERS:
        from pose_format.utils.generic import reduce_holistic

        n = sum(len(c.points) for c in header.components)
        tiny = _to_pose(header, np.zeros((1, n, dims), np.float32), np.ones((1, n), np.float32), 25.0)
        _REDUCED_HEADERS[key] = reduce_holistic(tiny).header
    return _REDUCED_HEADERS[key]


def _remap(data, conf, src_header, dst_header):
    src_key, dst_key = _header_key(src_header), _header_key(dst_header)
    if src_key == dst_key:
        return data, conf
    index = _point_map(src_key, dst_key)
    present = index >= 0
    safe = np.where(present, index, 0)
    return data[:, safe] * present[None, :, None], conf[:, safe] * present[None, :]


# -- per-clip steps -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Layout:
    """Indices the steps need, looked up once per header."""

    shoulders: tuple[int, int] | None
    arms: tuple[tuple[int, int], ...]  # (wrist, elbow) per side
    hands: tuple[np.ndarray, ...]  # hand point indices per side
    wrists: tuple[tuple[int, int], ...]  # (body wrist, hand wrist) per side
    face: np.ndarray  # face point indices
    world: np.ndarray  # world-coordinate point indices (not aligned)


@lru_cache(maxsize=16)
def _layout(key: tuple) -> _Layout:
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
    return _Layout(shoulders, arms, hands, wrists, face, world)


def _shoulder_frame(data, conf, lay: _Layout) -> tuple[np.ndarray, float] | None:
    """Mean shoulder midpoint (x, y) and shoulder width over frames where both are seen."""
    if lay.shoulders is None:
        return None
    left, right = lay.shoulders
    seen = (conf[:, left] > 0) & (conf[:, right] > 0)
    if not seen.any():
        return None
    l, r = data[seen, left, :2], data[seen, right, :2]
    width = float(np.linalg.norm(l - r, axis=-1).mean())
    return ((l + r) / 2).mean(0), width if width > 1e-6 else None


def resample(data: np.ndarray, conf: np.ndarray, frames: int) -> tuple[np.ndarray, np.ndarray]:
    """Linear resampling in time to `frames` frames: (T, P, D), (T, P) -> (frames, P, D), (frames, P)."""
    n = data.shape[0]
    if frames == n or n == 0:
        return data, conf
    if n == 1:
        return np.repeat(data, frames, 0), np.repeat(conf, frames, 0)
    src = np.linspace(0, n - 1, max(frames, 1))
    i0 = np.floor(src).astype(np.int64)
    i1 = np.minimum(i0 + 1, n - 1)
    w = (src - i0).astype(np.float32)[:, None]  # (frames, 1)
    d0, d1, c0, c1 = data[i0], data[i1], conf[i0], conf[i1]
    both = (c0 > 0) & (c1 > 0)  # (frames, P)
    first = (w < 0.5)  # (frames, 1): the nearest source frame, for points seen in only one neighbour
    out = np.where(both[..., None], d0 + (d1 - d0) * w[..., None], np.where(first[..., None], d0, d1))
    out_conf = np.where(both, c0 + (c1 - c0) * w, np.where(first, c0, c1))
    return out.astype(np.float32), out_conf.astype(np.float32)


def _active_span(data, conf, lay: _Layout, fps: float, config: JoinConfig) -> tuple[int, int]:
    """[start, end) of the clip without lowered/undetected hands and long stillness at its edges."""
    n = data.shape[0]
    sf = _shoulder_frame(data, conf, lay)
    if n < 3 or sf is None or not lay.arms:
        return 0, n
    width = sf[1]
    # raise per arm: elbow y - wrist y in shoulder widths (image y grows downwards)
    raises = []
    for wrist, elbow in lay.arms:
        seen = (conf[:, wrist] > 0) & (conf[:, elbow] > 0)
        raises.append(np.where(seen, (data[:, elbow, 1] - data[:, wrist, 1]) / width, -np.inf))
    raised = np.max(np.stack(raises), axis=0)  # (T,)
    top = raised.max()
    if not np.isfinite(top) or top < 0.1:  # hands never raised: signed low, keep all
        return 0, n
    active = raised >= config.raised_fraction * top
    first, last = int(np.argmax(active)), n - int(np.argmax(active[::-1]))
    # the stroke bringing the hand up from rest / down to rest: fast vertical wrist motion at the edges
    vy = np.diff(np.where(np.isfinite(raised), raised, 0.0)) * fps  # (T-1,) shoulder widths per second
    rising, falling = vy[first:last - 1] > config.rest_stroke_speed, vy[first:last - 1] < -config.rest_stroke_speed
    if rising.size:
        first += int(np.argmax(~rising)) if not rising.all() else 0
        last -= int(np.argmax(~falling[::-1])) if not falling.all() else 0
    # long stillness at the edges of the active part (a signer waiting), kept up to a maximum
    hand_points = np.concatenate(lay.hands) if lay.hands else np.array([a[0] for a in lay.arms])
    seen = conf[:, hand_points] > 0  # (T, H)
    step = np.linalg.norm(np.diff(data[:, hand_points, :2], axis=0), axis=-1)  # (T-1, H)
    both_seen = seen[1:] & seen[:-1]
    count = both_seen.sum(-1)
    speed = np.where(count > 0, (step * both_seen).sum(-1) / np.maximum(count, 1), 0.0) * fps / width  # (T-1,)
    moving = first + np.flatnonzero(speed[first:max(last - 1, first)] >= config.still_speed)
    if moving.size:  # speed[k] is the step from frame k to k+1
        keep = int(round(config.max_edge_still_seconds * fps))
        first, last = max(first, int(moving[0]) - keep), min(last, int(moving[-1]) + 2 + keep)
    if last - first < 2:
        return 0, n
    return first, last


_PREPARED: "OrderedDict[tuple, tuple]" = OrderedDict()
_PREPARED_MAX = 512  # ~30 letters per alphabet: a dozen alphabets; ~0.1 MB per prepared letter


def _prepare(pose, header, config: JoinConfig, max_seconds: float | None):
    """One clip -> (data (T, P, D), conf (T, P)) on the target layout, fps, trimmed and capped.

    Cached per (clip object, header, config, cap): letter clips recur in every word, and the
    cached clips from `load_clip` are the same objects each time. The value keeps the pose
    alive so its id cannot be reused while cached. Callers must not modify the arrays.
    """
    key = (id(pose), _header_key(header), repr(config), max_seconds)
    hit = _PREPARED.get(key)
    if hit is not None and hit[0] is pose:
        _PREPARED.move_to_end(key)
        return hit[1], hit[2]
    data, conf = _prepare_uncached(pose, header, config, max_seconds)
    data.flags.writeable = False
    conf.flags.writeable = False
    _PREPARED[key] = (pose, data, conf)
    if len(_PREPARED) > _PREPARED_MAX:
        _PREPARED.popitem(last=False)
    return data, conf


def _resampled(pose, header, config: JoinConfig):
    """A clip on the target layout and fps, untrimmed: (T, P, D), (T, P)."""
    data, conf = _arrays(pose)
    data, conf = _remap(data, conf, pose.header, header)
    fps_in = float(pose.body.fps or config.fps)
    if abs(fps_in - config.fps) > 1e-6 and data.shape[0] > 0:
        data, conf = resample(data, conf, max(1, int(round(data.shape[0] * config.fps / fps_in))))
    return data, conf


def _rest_edges(pose, header, config: JoinConfig):
    """The frames trimming cut before and after a clip's active span (rising from / lowering to rest)."""
    data, conf = _resampled(pose, header, config)
    start, end = _active_span(data, conf, _layout(_header_key(header)), config.fps, config)
    return (data[:start], conf[:start]), (data[end:], conf[end:])


def _prepare_uncached(pose, header, config: JoinConfig, max_seconds: float | None):
    data, conf = _resampled(pose, header, config)
    lay = _layout(_header_key(header))
    if config.trim_idle:
        start, end = _active_span(data, conf, lay, config.fps, config)
        data, conf = data[start:end], conf[start:end]
    if max_seconds is not None and data.shape[0] > max_seconds * config.fps:
        data, conf = resample(data, conf, max(2, int(round(max_seconds * config.fps))))
    return data, conf


def _correct_wrists(data, conf, lay: _Layout):
    """Body wrist := hand wrist wherever the hand is detected (MediaPipe's two models disagree)."""
    if not lay.wrists:
        return data, conf
    data, conf = data.copy(), conf.copy()
    for body, hand in lay.wrists:
        seen = conf[:, hand] > 0
        data[seen, body] = data[seen, hand]
        conf[seen, body] = np.maximum(conf[seen, body], conf[seen, hand])
    return data, conf


def _align(data, conf, lay: _Layout, reference) -> np.ndarray:
    mine = _shoulder_frame(data, conf, lay)
    if mine is None or reference is None:
        return data
    (center, width), (ref_center, ref_width) = mine, reference
    scale = ref_width / width
    if abs(scale - 1) < 0.02 and np.abs(center - ref_center).max() < 0.02 * ref_width:
        return data  # same framing already (clips of one recording set): nothing to move
    out = data.copy()
    out[..., :2] = (data[..., :2] - center) * scale + ref_center
    if data.shape[-1] > 2:
        out[..., 2:] = data[..., 2:] * scale
    out[:, lay.world] = data[:, lay.world]  # world coordinates are metres, not image pixels
    return np.where(conf[..., None] > 0, out, 0.0).astype(np.float32)


def _transition(a_data, a_conf, b_data, b_conf, frames: int):
    """Eased frames from a's last frame to b's first: (frames, P, D), (frames, P)."""
    t = (np.arange(1, frames + 1, dtype=np.float32) / (frames + 1))
    t = t * t * (3 - 2 * t)  # smoothstep: starts and ends at rest
    a, b = a_data[-1], b_data[0]
    data = a[None] * (1 - t[:, None, None]) + b[None] * t[:, None, None]
    seen = (a_conf[-1] > 0) & (b_conf[0] > 0)
    conf = np.where(seen[None], a_conf[-1][None] * (1 - t[:, None]) + b_conf[0][None] * t[:, None], 0.0)
    return np.where(conf[..., None] > 0, data, 0.0).astype(np.float32), conf.astype(np.float32)


def _gaussian_time(x: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian filter along axis 0 with edge padding (scipy.ndimage's costs 0.2 s to import)."""
    radius = max(1, int(4 * sigma + 0.5))
    kernel = np.exp(-0.5 * (np.arange(-radius, radius + 1) / sigma) ** 2)
    kernel = (kernel / kernel.sum()).astype(np.float32)
    padded = np.concatenate([np.repeat(x[:1], radius, 0), x, np.repeat(x[-1:], radius, 0)])
    n = x.shape[0]
    out = kernel[0] * padded[:n]
    for k in range(1, len(kernel)):  # 2*radius+1 vectorised slices, not a loop over frames
        out += kernel[k] * padded[k:k + n]
    return out


def smooth(data: np.ndarray, conf: np.ndarray, sigma: float, points: np.ndarray) -> np.ndarray:
    """Confidence-weighted Gaussian smoothing in time of the given points (normalised convolution)."""
    if sigma <= 0 or data.shape[0] < 3 or points.size == 0:
        return data
    weight = (conf[:, points] > 0).astype(np.float32)  # (T, K)
    num = _gaussian_time(data[:, points] * weight[..., None], sigma)  # (T, K, D)
    den = _gaussian_time(weight, sigma)[..., None]  # (T, K, 1)
    out = data.copy()
    out[:, points] = np.where((weight[..., None] > 0) & (den > 1e-6), num / np.maximum(den, 1e-6), data[:, points])
    return out


# -- the join -----------------------------------------------------------------------------------

def join_poses(poses: list, config: JoinConfig | None = None, holds: list[float] | None = None,
               max_seconds: list[float | None] | None = None, pauses: list[float] | None = None):
    """Join clips into one Pose at `config.fps` on one point layout (see `join_poses_with_spans`)."""
    return join_poses_with_spans(poses, config, holds, max_seconds, pauses)[0]


def join_poses_with_spans(poses: list, config: JoinConfig | None = None, holds: list[float] | None = None,
                          max_seconds: list[float | None] | None = None, pauses: list[float] | None = None):
    """Join clips into one Pose at `config.fps` on one point layout, and say where each clip landed.

    Returns (pose, spans): spans[i] is clip i's [start, end) frame range in the result (its hold
    included, transitions excluded), or None when the clip was empty.

    - `holds[i]`: extra seconds clip i's last frame is held (e.g. a word's last letter);
    - `max_seconds[i]`: per-clip duration cap overriding `config.max_sign_seconds` (None = config);
    - `pauses[i]`: extra transition seconds after clip i (e.g. between fingerspelled words).
    The inputs are not modified.
    """
    config = config or JoinConfig()
    if not poses:
        raise ValueError("join_poses needs at least one pose")
    n = len(poses)
    holds = list(holds or [0.0] * n)
    caps = list(max_seconds or [None] * n)
    pauses = list(pauses or [0.0] * n)
    if not (len(holds) == len(caps) == len(pauses) == n):
        raise ValueError("holds, max_seconds and pauses must have one value per pose")

    header = poses[0].header
    dims = poses[0].body.data.shape[-1]
    if config.layout == "reduced":
        header = _reduced_header(header, dims)
    elif config.layout == "common":  # match joints by meaning across layouts (holistic, openpose, generated)
        from signbridge.knowledge.formats.common import convert_layout, detect_layout

        poses = [p if detect_layout(p) == "common" else convert_layout(p, "common") for p in poses]
        header = poses[0].header
    lay = _layout(_header_key(header))

    pieces_d, pieces_c = [], []
    spans: list[tuple[int, int] | None] = [None] * n
    cursor = 0
    reference = None
    previous = None
    for i, pose in enumerate(poses):
        cap = caps[i] if caps[i] is not None else config.max_sign_seconds
        data, conf = _prepare(pose, header, config, cap)
        if data.shape[0] == 0:
            continue
        hold = int(round(holds[i] * config.fps))
        if hold > 0:  # a readable hold of the clip's last frame
            data = np.concatenate([data, np.repeat(data[-1:], hold, 0)])
            conf = np.concatenate([conf, np.repeat(conf[-1:], hold, 0)])
        if config.rest_at_ends and config.trim_idle and (previous is None or i == n - 1):
            (on_d, on_c), (off_d, off_c) = _rest_edges(pose, header, config)
            if previous is None:
                data, conf = np.concatenate([on_d, data]), np.concatenate([on_c, conf])
            if i == n - 1:
                data, conf = np.concatenate([data, off_d]), np.concatenate([conf, off_c])
        if config.align_bodies:
            if reference is None:
                reference = _shoulder_frame(data, conf, lay)
            else:
                data = _align(data, conf, lay, reference)
        if previous is not None:
            frames = config.transition_frames + int(round(pauses[previous[2]] * config.fps))
            if frames > 0:
                td, tc = _transition(previous[0], previous[1], data, conf, frames)
                pieces_d.append(td)
                pieces_c.append(tc)
                cursor += frames
        pieces_d.append(data)
        pieces_c.append(conf)
        spans[i] = (cursor, cursor + data.shape[0])
        cursor += data.shape[0]
        previous = (data, conf, i)

    if not pieces_d:
        raise ValueError("every pose to join was empty")
    data = np.concatenate(pieces_d)  # (T, P, D)
    conf = np.concatenate(pieces_c)  # (T, P)
    if config.correct_wrists:
        data, conf = _correct_wrists(data, conf, lay)
    if config.smoothing_sigma > 0:
        points = np.ones(data.shape[1], dtype=bool)
        if not config.smooth_face:
            points[lay.face] = False
        data = smooth(data, conf, config.smoothing_sigma, np.flatnonzero(points))
    return _to_pose(header, data, conf, config.fps), spans
