"""Is a pose fit to stand for signing? One check for importers and recognisers.

A pose of 0 frames, an fps that is not a positive number, or coordinates that are NaN or infinite
where the confidence says a point is seen cannot be a dictionary sign or a recognition input: it
used to be imported as one (and broke every later production with it) or "recognised" as text.
"""

from __future__ import annotations

import math

import numpy as np

MAX_FPS = 1000.0


def pose_problem(pose) -> str | None:
    """Why `pose` cannot be used (one phrase), or None when it can."""
    data = pose.body.data  # (frames, people, points, dims)
    if data.ndim != 4 or 0 in data.shape:
        return f"the pose has no frames or points (data shape {tuple(data.shape)})"
    try:
        fps = float(pose.body.fps)
    except (TypeError, ValueError):
        fps = float("nan")
    if not math.isfinite(fps) or not 0 < fps <= MAX_FPS:
        return f"the pose's frame rate is {fps:g}, not a number of frames per second between 0 and {MAX_FPS:g}"
    seen = np.asarray(pose.body.confidence) > 0  # (frames, people, points)
    finite = np.isfinite(np.ma.getdata(data)).all(axis=-1)  # (frames, people, points)
    if (seen & ~finite).any():
        return "the pose has NaN or infinite coordinates at points it marks as seen"
    if not seen.any():
        return "the pose has no visible point in any frame (all confidences are zero)"
    return None
