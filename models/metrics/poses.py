"""Pose metric: DTW mean joint error (text-to-pose evaluation in SignLLM and Progressive Transformers)."""

from __future__ import annotations

import numpy as np


def _frame_costs(a: np.ndarray, b: np.ndarray, conf_a: np.ndarray | None, conf_b: np.ndarray | None) -> np.ndarray:
    """Mean joint error for every frame pair: (n, m). Joints invisible in either frame are left out."""
    n, m = a.shape[0], b.shape[0]
    va = np.ones(a.shape[:2], bool) if conf_a is None else np.asarray(conf_a) > 0  # (n, joints)
    vb = np.ones(b.shape[:2], bool) if conf_b is None else np.asarray(conf_b) > 0  # (m, joints)
    va &= np.isfinite(a).all(-1)
    vb &= np.isfinite(b).all(-1)
    a = np.where(va[..., None], a, 0.0)
    b = np.where(vb[..., None], b, 0.0)
    costs = np.empty((n, m))
    rows = max(1, int(4_000_000 // max(1, m * a.shape[1] * a.shape[2])))  # bound memory per chunk
    for start in range(0, n, rows):
        stop = min(n, start + rows)
        diff = a[start:stop, None] - b[None]  # (rows, m, joints, dims)
        dist = np.sqrt((diff ** 2).sum(-1))  # (rows, m, joints)
        both = va[start:stop, None] & vb[None]  # (rows, m, joints)
        count = both.sum(-1)
        with np.errstate(invalid="ignore", divide="ignore"):
            costs[start:stop] = np.where(count > 0, (dist * both).sum(-1) / np.maximum(count, 1), np.nan)
    return costs


def dtw_mje(a: np.ndarray, b: np.ndarray, conf_a: np.ndarray | None = None, conf_b: np.ndarray | None = None) -> float:
    """DTW mean joint error between two pose sequences (lower is better; 0 for identical motion).

    a: (frames_a, joints, dims), b: (frames_b, joints, dims); conf_*: (frames, joints), a joint with
    confidence <= 0 (or a non-finite coordinate) is left out of that frame pair's mean.
    The cost of aligning frame i with frame j is the mean Euclidean distance over joints visible in
    both; DTW (steps: diagonal, up, left) finds the cheapest monotone alignment, and the result is
    that alignment's total cost divided by its length: the mean joint error along the aligned path,
    as used for text-to-pose evaluation (SignLLM, Progressive Transformers). Frame pairs with no
    joint visible in both cost the mean of the other pairs. Vectorised: the cost matrix by
    broadcasting, the recursion one anti-diagonal at a time. Returns nan if nothing is comparable.

    >>> x = np.zeros((3, 2, 2)); x[:, :, 0] = [[0], [1], [2]]      # a joint pair moving along x
    >>> dtw_mje(x, x)
    0.0
    >>> dtw_mje(x, np.repeat(x, 2, axis=0))                         # same motion, half speed
    0.0
    >>> round(dtw_mje(x, x + [0.0, 3.0]), 3)                        # shifted by 3 along y
    3.0
    """
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    if a.ndim != 3 or b.ndim != 3 or a.shape[1:] != b.shape[1:]:
        raise ValueError(f"poses must be (frames, joints, dims) with equal joints/dims, got {a.shape} and {b.shape}")
    if a.shape[0] == 0 or b.shape[0] == 0:
        raise ValueError("poses must have at least one frame")
    costs = _frame_costs(a, b, conf_a, conf_b)  # (n, m)
    if np.isnan(costs).all():
        return float("nan")
    costs = np.where(np.isnan(costs), np.nanmean(costs), costs)
    total, length = _dtw_diagonal(costs)
    return float(total / length)


def _dtw_diagonal(costs: np.ndarray) -> tuple[float, int]:
    """DTW over a cost matrix, vectorised along anti-diagonals: (cumulative cost, path length).

    Ties between predecessors prefer diagonal, then up (i-1, j), then left (i, j-1).
    """
    n, m = costs.shape
    acc = np.full((n + 1, m + 1), np.inf)  # acc[i+1, j+1]: best cost ending at (i, j)
    steps = np.zeros((n + 1, m + 1), dtype=np.int64)  # path length of that best alignment
    acc[0, 0] = 0.0
    for d in range(n + m - 1):  # cells (i, j) with i + j == d depend only on diagonals d-1, d-2
        i = np.arange(max(0, d - m + 1), min(n, d + 1))
        j = d - i
        cand = np.stack([acc[i, j], acc[i, j + 1], acc[i + 1, j]])  # diagonal, up, left: (3, cells)
        lens = np.stack([steps[i, j], steps[i, j + 1], steps[i + 1, j]])
        best = np.argmin(cand, axis=0)  # first minimum wins: the tie order above
        cols = np.arange(len(i))
        acc[i + 1, j + 1] = costs[i, j] + cand[best, cols]
        steps[i + 1, j + 1] = lens[best, cols] + 1
    return float(acc[n, m]), int(steps[n, m])


def dtw_mje_poses(pose_a, pose_b, person: int = 0) -> float:
    """DTW-MJE of two `pose_format.Pose` objects (duck-typed: `.body.data`, `.body.confidence`).

    data is (frames, people, points, dims); one person is compared, confidence masks applied.
    """
    a = np.asarray(pose_a.body.data[:, person], dtype=float)  # (frames, points, dims)
    b = np.asarray(pose_b.body.data[:, person], dtype=float)
    ca = np.asarray(pose_a.body.confidence[:, person])  # (frames, points)
    cb = np.asarray(pose_b.body.confidence[:, person])
    return dtw_mje(a, b, ca, cb)
