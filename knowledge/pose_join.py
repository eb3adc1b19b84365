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
from typing import Literal

import numpy as np

from signbridge.knowledge.config import check_fields
from signbridge.knowledge.frames import resample_frames, shoulder_frame
from signbridge.knowledge.pose_join_layout import JoinLayout, arrays, header_key, layout_of, reduced_header, remap, to_pose


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

    def __post_init__(self):
        check_fields(self, positive=("fps", "max_sign_seconds", "max_letter_seconds"), fractions=("raised_fraction",),
                     non_negative=("rest_stroke_speed", "max_edge_still_seconds", "still_speed", "last_letter_hold",
                                   "word_pause", "transition_frames", "smoothing_sigma"),
                     choices={"layout": ("holistic", "reduced", "common")})


# -- per-clip steps -----------------------------------------------------------------------------

def _shoulder_frame(data, conf, lay: JoinLayout) -> tuple[np.ndarray, float] | None:
    """Shoulder midpoint (x, y) and shoulder width over frames where both are seen (`frames.shoulder_frame`)."""
    if lay.shoulders is None:
        return None
    found = shoulder_frame(data, conf, *lay.shoulders)
    return None if found is None else (found[0][:2], found[1])


def _active_span(data, conf, lay: JoinLayout, fps: float, config: JoinConfig) -> tuple[int, int]:
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
    key = (id(pose), header_key(header), repr(config), max_seconds)
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
    data, conf = arrays(pose)
    data, conf = remap(data, conf, pose.header, header)
    fps_in = float(pose.body.fps or config.fps)
    if abs(fps_in - config.fps) > 1e-6 and data.shape[0] > 0:
        data, conf = resample_frames(data, conf, max(1, int(round(data.shape[0] * config.fps / fps_in))))
    return data, conf


def _rest_edges(pose, header, config: JoinConfig):
    """The frames trimming cut before and after a clip's active span (rising from / lowering to rest)."""
    data, conf = _resampled(pose, header, config)
    start, end = _active_span(data, conf, layout_of(header_key(header)), config.fps, config)
    return (data[:start], conf[:start]), (data[end:], conf[end:])


def _prepare_uncached(pose, header, config: JoinConfig, max_seconds: float | None):
    data, conf = _resampled(pose, header, config)
    lay = layout_of(header_key(header))
    if config.trim_idle:
        start, end = _active_span(data, conf, lay, config.fps, config)
        data, conf = data[start:end], conf[start:end]
    if max_seconds is not None and data.shape[0] > max_seconds * config.fps:
        data, conf = resample_frames(data, conf, max(2, int(round(max_seconds * config.fps))))
    return data, conf


def _correct_wrists(data, conf, lay: JoinLayout):
    """Body wrist := hand wrist wherever the hand is detected (MediaPipe's two models disagree)."""
    if not lay.wrists:
        return data, conf
    data, conf = data.copy(), conf.copy()
    for body, hand in lay.wrists:
        seen = conf[:, hand] > 0
        data[seen, body] = data[seen, hand]
        conf[seen, body] = np.maximum(conf[seen, body], conf[seen, hand])
    return data, conf


def _align(data, conf, lay: JoinLayout, reference) -> np.ndarray:
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
        header = reduced_header(header, dims)
    elif config.layout == "common":  # match joints by meaning across layouts (holistic, openpose, generated)
        from signbridge.knowledge.formats.common import convert_layout, detect_layout

        poses = [p if detect_layout(p) == "common" else convert_layout(p, "common") for p in poses]
        header = poses[0].header
    lay = layout_of(header_key(header))

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
    return to_pose(header, data, conf, config.fps), spans
