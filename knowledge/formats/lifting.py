"""Prompt2Sign's 2D -> 3D lifting of the 50 common points (an approximation; read the caveats).

The SignLLM paper (section 3, "Unified Compression of Pose Data") describes three steps:

I.   bone length from 2D keypoints: L = sqrt((a_x - b_x)^2 + (a_y - b_y)^2) for the joints a, b of a bone;
II.  normalised rotation angles A = (angle_x, angle_y, angle_z) / |angle|;
III. Q = P + L * A: each child joint Q is its parent P plus the bone length along the direction.

The paper does not say how the out-of-plane angle is obtained (its released tool fits a skeletal
model by gradient descent). This implementation makes the classic orthographic assumption:

- the 3D length of a bone is a high percentile (default 95th) of its 2D lengths over the clip, i.e.
  at some moment the bone lies almost parallel to the image plane; left and right bones share one
  length (as Prompt2Sign's skeletal model does);
- in a frame where the bone looks shorter than that, the missing length is depth:
  |dz| = sqrt(L^2 - l^2); the sign is unknowable from one view, and we assume the bone points towards
  the camera (negative z, the MediaPipe/pose-format convention), which fits arms and hands held in
  front of a signer but is wrong for joints moving away from the camera;
- A = (dx, dy, dz) / |(dx, dy, dz)| and Q = P + L * A, walked from the neck down the tree, so every
  3D bone has exactly its length L and x, y are kept wherever the 2D bone is not longer than L.

So: bone lengths are consistent over time, x/y are (almost) the input, z is a plausible guess, not a
measurement. Use it to give 2D data (OpenPose, DWPose) the Prompt2Sign 3D shape, not as ground truth.
"""

import numpy as np

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.formats.common import COMMON_LIMBS, NUM_COMMON_POINTS


def _mirror(i: int) -> int:
    """The same joint on the other side of the body (common-layout index)."""
    body = {2: 5, 3: 6, 4: 7, 5: 2, 6: 3, 7: 4}
    if i < 8:
        return body.get(i, i)
    return i + 21 if i < 29 else i - 21


def bone_lengths_2d(xy: np.ndarray, valid: np.ndarray, percentile: float = 95.0) -> np.ndarray:
    """Step I: one length per limb of COMMON_LIMBS (shared between left and right), shape (49,)."""
    limbs = np.array(COMMON_LIMBS)  # (49, 2) parent, child
    lengths = np.linalg.norm(xy[:, limbs[:, 1]] - xy[:, limbs[:, 0]], axis=-1)  # (frames, 49)
    both = valid[:, limbs[:, 0]] & valid[:, limbs[:, 1]]  # (frames, 49)
    per_limb = np.array([
        np.percentile(lengths[both[:, k], k], percentile) if both[:, k].any() else 0.0 for k in range(len(limbs))
    ])
    index = {tuple(limb): k for k, limb in enumerate(COMMON_LIMBS)}
    shared = per_limb.copy()
    for k, (p, c) in enumerate(COMMON_LIMBS):
        twin = index.get((_mirror(p), _mirror(c)))
        if twin is not None:
            shared[k] = max(per_limb[k], per_limb[twin])
    return shared


def lift_2d_to_3d(data2d: np.ndarray, confidence: np.ndarray | None = None, percentile: float = 95.0) -> np.ndarray:
    """Lift common-layout 2D points (frames, 50, 2 or 3; z ignored) to 3D (frames, 50, 3) float32.

    An approximation of Prompt2Sign's lifting (see the module docstring): bone lengths are estimated
    from the 2D clip, depth is the length a bone lacks in 2D, pointing towards the camera.
    Points that are missing (confidence 0, or all-zero/non-finite when no confidence is given) stay 0.
    A valid joint whose parent is missing starts a new chain at its own (x, y, 0).

    >>> import numpy as np
    >>> xy = np.zeros((2, 50, 2), np.float32)
    >>> xy[:, :8] = [[0, -1], [0, 0], [-1, 0], [-2, 0], [-3, 0], [1, 0], [2, 0], [3, 0]]
    >>> xy[1, 3] = [-1.6, 0]  # the right upper arm looks foreshortened in frame 1
    >>> out = lift_2d_to_3d(xy, np.r_[np.ones(8), np.zeros(42)][None].repeat(2, 0))
    >>> bool(np.isclose(np.linalg.norm(out[1, 3] - out[1, 2]), 1.0, atol=1e-5)), bool(out[1, 3, 2] < 0)
    (True, True)
    """
    data2d = np.asarray(data2d, dtype=np.float64)
    if data2d.ndim != 3 or data2d.shape[1] != NUM_COMMON_POINTS or data2d.shape[2] not in (2, 3):
        raise InputError(f"lifting needs common-layout points (frames, 50, 2), got {tuple(data2d.shape)}")
    xy = data2d[..., :2]  # (frames, 50, 2)
    finite = np.isfinite(xy).all(axis=-1)
    if confidence is None:
        valid = finite & (xy != 0).any(axis=-1)
    else:
        valid = finite & (np.asarray(confidence) > 0)
    xy = np.where(valid[..., None], xy, 0.0)
    lengths = bone_lengths_2d(xy, valid, percentile)  # (49,)

    out = np.zeros((*xy.shape[:2], 3))  # (frames, 50, 3)
    out[..., :2] = xy  # roots (and chains restarting after a missing parent) sit at z = 0
    for k, (parent, child) in enumerate(COMMON_LIMBS):
        both = valid[:, parent] & valid[:, child]
        delta = xy[:, child] - xy[:, parent]  # (frames, 2)
        l2 = np.sum(delta**2, axis=-1)
        dz = -np.sqrt(np.maximum(lengths[k] ** 2 - l2, 0.0))  # Step II: missing length -> depth, towards camera
        direction = np.concatenate([delta, dz[:, None]], axis=-1)
        norm = np.linalg.norm(direction, axis=-1, keepdims=True)
        unit = np.divide(direction, norm, out=np.zeros_like(direction), where=norm > 0)  # A
        lifted = out[:, parent] + lengths[k] * unit  # Step III: Q = P + L * A
        out[:, child] = np.where(both[:, None], lifted, out[:, child])
    out[~valid] = 0.0
    return out.astype(np.float32)
