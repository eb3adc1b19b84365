"""Pose arrays as the models see them: the common 50-point layout, normalised, at 12.5 fps.

`common_array` (knowledge.formats.common) reduces any pose to 8 upper-body points + 2 x 21
hand points, (T, 50, 3) with confidences (T, 50). Here we make sequences comparable across
signers and recordings:
- centre on the shoulder midpoint and divide by the shoulder width (per sequence, median
  over frames, so one bad frame cannot rescale a clip);
- resample to `FPS` (12.5) by linear interpolation (knowledge.frames.resample);
- points with confidence 0 stay 0 and are masked out of losses and metrics.
"""

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from signbridge.knowledge.frames import resample, shoulder_normalize

POINTS = 50
DIMS = 3
POSE_FEATURES = POINTS * DIMS  # 150 numbers per frame, as in Prompt2Sign
FPS = 12.5
# canonical output canvas for generated poses: shoulder width CANVAS_SCALE pixels
CANVAS = (512, 512)
CANVAS_SCALE = 130.0
CANVAS_CENTRE = (256.0, 220.0, 0.0)


@dataclass
class PoseArray:
    """One normalised sequence: data (T, 50, 3) float32, conf (T, 50) float32, at FPS."""

    data: np.ndarray
    conf: np.ndarray

    @property
    def frames(self) -> int:
        return int(self.data.shape[0])


@lru_cache(maxsize=1)
def shoulder_indices() -> tuple[int, int]:
    """Indices of the two shoulders in the common layout (looked up by name)."""
    from signbridge.knowledge.formats.common import COMMON_POINT_NAMES

    names = [str(n).lower() for n in COMMON_POINT_NAMES]
    found = [i for i, n in enumerate(names) if "shoulder" in n]
    if len(found) != 2:
        raise RuntimeError(f"common layout should name two shoulders, found {found}")
    return found[0], found[1]


def normalize(data: np.ndarray, conf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(T,50,3),(T,50) raw -> shoulder-centred, shoulder-width scaled (`knowledge.frames.shoulder_normalize`)."""
    normalized, conf, _, _ = shoulder_normalize(data, conf, *shoulder_indices())
    return normalized, conf


def pose_to_array(pose) -> PoseArray:
    """A pose_format.Pose in any supported layout -> normalised PoseArray at FPS."""
    from signbridge.knowledge.formats.common import common_array

    data, conf = common_array(pose)
    data, conf = normalize(data, conf)
    data, conf = resample(data, conf, float(pose.body.fps), FPS)
    data, conf = np.asarray(data, np.float32), np.asarray(conf, np.float32)
    return PoseArray(data, conf)


def array_to_pose(data: np.ndarray, conf: np.ndarray | None = None):
    """Normalised (T,50,3) -> pose_format.Pose in the common layout on a 512x512 canvas."""
    from signbridge.knowledge.formats.common import from_common_array

    data = np.asarray(data, dtype=np.float32)
    if conf is None:
        conf = np.ones(data.shape[:2], dtype=np.float32)
    placed = data * CANVAS_SCALE + np.asarray(CANVAS_CENTRE, dtype=np.float32)
    return from_common_array(placed, conf, FPS, dimensions=CANVAS)
