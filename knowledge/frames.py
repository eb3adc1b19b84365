"""Time and scale of pose arrays, defined once: the resampler and the shoulder normalisation.

Arrays are data (frames, points, dims) with confidence (frames, points); a point is missing where its
confidence is 0. Numpy only, so models, joins and format converters share these without pose_format.

    resample(data, conf, fps, new_fps)       another frame rate (format conversion, model input)
    resample_frames(data, conf, frames)      another frame count (clip joins, tempo augmentation)
    shoulder_frame(data, conf, left, right)  shoulder midpoint and width (medians over frames)
    shoulder_normalize(data, conf, ...)      centred on the shoulders, one shoulder width = 1
"""

from __future__ import annotations

import numpy as np


def _interpolate(data: np.ndarray, conf: np.ndarray, positions: np.ndarray,
                 keep_one_sided: bool) -> tuple[np.ndarray, np.ndarray]:
    """Frames at fractional source `positions` (new_frames,), linear between the two neighbour frames.

    A position on a source frame copies it. Between frames a point seen in both neighbours is
    interpolated (confidence: the lower of the two); one seen in only one neighbour is dropped
    (confidence 0, coordinates 0), or with `keep_one_sided` copied from the nearer neighbour.
    """
    n = data.shape[0]
    i0 = np.clip(np.floor(positions).astype(np.int64), 0, n - 1)
    i1 = np.minimum(i0 + 1, n - 1)
    w = np.clip(positions - i0, 0.0, 1.0)
    w = np.where(w < 1e-6, 0.0, w)  # (new_frames,)
    d0, d1, c0, c1 = data[i0], data[i1], conf[i0], conf[i1]
    wd = w[:, None, None]
    both = (c0 > 0) & (c1 > 0)  # (new_frames, points)
    exact = (w == 0.0)[:, None]  # (new_frames, 1)
    out = (1 - wd) * d0 + wd * d1
    out_conf = np.where(exact, c0, np.where(both, np.minimum(c0, c1), 0.0))
    if keep_one_sided:
        first = (w < 0.5)[:, None]
        out = np.where((both | exact)[..., None], out, np.where(first[..., None], d0, d1))
        out_conf = np.where(both | exact, out_conf, np.where(first, c0, c1))
    else:
        out = np.where((out_conf > 0)[..., None], out, 0.0)
    return out.astype(np.float32), out_conf.astype(np.float32)


def resample(data: np.ndarray, conf: np.ndarray, fps: float, new_fps: float) -> tuple[np.ndarray, np.ndarray]:
    """Linearly resample to another fps; points seen in only one neighbour frame are dropped in between.

    >>> d = np.arange(3, dtype=float).reshape(3, 1, 1); c = np.ones((3, 1))
    >>> resample(d, c, 10, 20)[0][:, 0, 0].tolist()
    [0.0, 0.5, 1.0, 1.5, 2.0]
    """
    frames = data.shape[0]
    if frames == 0 or fps <= 0 or new_fps <= 0 or abs(fps - new_fps) < 1e-9:
        return data, conf
    count = max(1, int(round((frames - 1) * new_fps / fps)) + 1)
    return _interpolate(data, conf, np.arange(count) * (fps / new_fps), keep_one_sided=False)


def resample_frames(data: np.ndarray, conf: np.ndarray, frames: int,
                    keep_one_sided: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Linearly resample to `frames` frames, first and last frame kept: (T, P, D), (T, P) -> (frames, P, D), (frames, P).

    By default a point seen in only one neighbour takes the nearer one (a join must not blink a hand).
    """
    n = data.shape[0]
    if frames == n or n == 0:
        return data, conf
    return _interpolate(data, conf, np.linspace(0, n - 1, max(frames, 1)), keep_one_sided)


def shoulder_frame(data: np.ndarray, conf: np.ndarray, left: int, right: int) -> tuple[np.ndarray, float] | None:
    """(shoulder midpoint (dims,), shoulder width in x/y) as medians over the frames where both shoulders
    are seen; None when they never are or the width is 0."""
    seen = (conf[:, left] > 0) & (conf[:, right] > 0)
    if not seen.any():
        return None
    l, r = data[seen, left], data[seen, right]
    width = float(np.median(np.linalg.norm(l[:, :2] - r[:, :2], axis=-1)))
    return np.median((l + r) / 2, axis=0), width if width > 1e-6 else None


def shoulder_normalize(data: np.ndarray, conf: np.ndarray, left: int, right: int
                       ) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(T, P, D), (T, P) -> (normalised data, confidence, centre (D,), width): centred on the shoulder
    midpoint and scaled to one shoulder width, so models see signer-size-free numbers; data ==
    normalised * width + centre at seen points. Without shoulders: the spread of the seen points.
    Non-finite points count as missing; missing points are 0.
    """
    data = np.asarray(data, dtype=np.float32).copy()
    conf = np.asarray(conf, dtype=np.float32).copy()
    conf[~np.isfinite(data).all(-1)] = 0
    data[conf <= 0] = 0
    found = shoulder_frame(data, conf, left, right)
    if found is not None:
        centre, width = found
    else:  # no shoulders: fall back to the spread of the visible points
        visible = data[conf > 0]
        centre = visible.mean(0) if len(visible) else np.zeros(data.shape[-1], np.float32)
        width = float(visible[:, :2].std()) * 2 if len(visible) else 1.0
    width = width if width and width > 1e-6 else 1.0
    out = (data - centre) / width
    out[conf <= 0] = 0
    return out.astype(np.float32), conf, np.asarray(centre, np.float32), width
