"""The common upper-body + hands layout every model uses, and conversion of any pose onto it.

The common layout is Prompt2Sign's 50 points (SignLLM paper, supplement 3.2; the Prompt2Sign
``json2h5`` tool keeps OpenPose BODY_25 points 0-7 and both hands):

====  =================  =========================  ==================  ==================  ==============
idx   common point       MediaPipe Holistic          OpenPose BODY_25    DWPose / COCO-18    Prompt2Sign
====  =================  =========================  ==================  ==================  ==============
0     NOSE               NOSE (0)                    Nose (0)            Nose (0)            0
1     NECK               mean(L/R SHOULDER)          Neck (1)            Neck (1)            1
2     RIGHT_SHOULDER     RIGHT_SHOULDER (12)         RShoulder (2)       RShoulder (2)       2
3     RIGHT_ELBOW        RIGHT_ELBOW (14)            RElbow (3)          RElbow (3)          3
4     RIGHT_WRIST        RIGHT_WRIST (16)            RWrist (4)          RWrist (4)          4
5     LEFT_SHOULDER      LEFT_SHOULDER (11)          LShoulder (5)       LShoulder (5)       5
6     LEFT_ELBOW         LEFT_ELBOW (13)             LElbow (6)          LElbow (6)          6
7     LEFT_WRIST         LEFT_WRIST (15)             LWrist (7)          LWrist (7)          7
8-28  LEFT_HAND 0-20     LEFT_HAND_LANDMARKS 0-20    hand_left 0-20      left hand 0-20      8-28
29-49 RIGHT_HAND 0-20    RIGHT_HAND_LANDMARKS 0-20   hand_right 0-20     right hand 0-20     29-49
====  =================  =========================  ==================  ==================  ==============

Left/right are the signer's own. The face is not part of the common layout (no model uses it yet).
Coordinates keep the source's units (pixels for the bundled clips); 2D sources get z = 0.
A point is missing when its confidence is 0 (its coordinates are then 0 too).
"""

import numpy as np
from numpy import ma
from pose_format import Pose
from pose_format.numpy.pose_body import NumPyPoseBody
from pose_format.pose_header import PoseHeader

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.formats.layouts import LAYOUTS, SIGNATURES, ComponentSpec, Layout

COMMON = LAYOUTS["common"]
COMMON_COMPONENTS: tuple[ComponentSpec, ...] = COMMON.components  # UPPER_BODY (8), LEFT_HAND (21), RIGHT_HAND (21)
COMMON_POINT_NAMES: tuple[str, ...] = tuple(f"{c.name}.{p}" for c in COMMON_COMPONENTS for p in c.points)  # 50
NUM_COMMON_POINTS = len(COMMON_POINT_NAMES)
# (parent, child) over the 50 points, a tree rooted at the neck: body, body wrist -> hand wrist, fingers
COMMON_LIMBS: tuple[tuple[int, int], ...] = (
    tuple(COMMON_COMPONENTS[0].limbs)
    + ((7, 8),) + tuple((a + 8, b + 8) for a, b in COMMON_COMPONENTS[1].limbs)
    + ((4, 29),) + tuple((a + 29, b + 29) for a, b in COMMON_COMPONENTS[2].limbs)
)


def detect_layout(pose: Pose) -> str:
    """Name the layout of a pose from its header component names.

    Returns "common", "openpose", "dwpose" or "holistic"; raises InputError for anything else.
    """
    names = {c.name for c in pose.header.components}
    for layout, signature in SIGNATURES.items():
        if all(name in names for name in signature):
            return layout
    listed = ", ".join(sorted(names)) or "none"
    raise InputError(
        f"unknown pose layout (components: {listed}); supported: MediaPipe Holistic, OpenPose BODY_25, "
        "DWPose/COCO-18, or the common 50-point layout"
    )


def _point_index(header: PoseHeader) -> dict[tuple[str, str], int]:
    index, offset = {}, 0
    for component in header.components:
        for i, point in enumerate(component.points):
            index.setdefault((component.name, point), offset + i)
        offset += len(component.points)
    return index


def _gather_plan(source: Layout, header: PoseHeader, target: Layout) -> tuple[np.ndarray, np.ndarray]:
    """For every target point, two source indices whose mean gives it (-1 = not available)."""
    where = _point_index(header)
    sources = source.key_sources()
    first = np.full(target.num_points, -1, dtype=np.int64)
    second = np.full(target.num_points, -1, dtype=np.int64)
    for t, key in enumerate(target.keys):
        points = sources.get(key, ())
        found = [where[p] for p in points if p in where]
        if points and len(found) == len(points) and len(found) <= 2:
            first[t], second[t] = found[0], found[-1]
    return first, second


def pose_arrays(pose: Pose) -> tuple[np.ndarray, np.ndarray]:
    """Plain float32 data (frames, people, points, dims) with 0 at missing points, and confidence."""
    data = pose.body.data
    conf = np.asarray(pose.body.confidence, dtype=np.float32)
    if isinstance(data, ma.MaskedArray):
        mask = ma.getmaskarray(data).any(axis=-1)
        conf = np.where(mask, 0.0, conf).astype(np.float32)
        data = data.filled(0.0)
    data = np.nan_to_num(np.asarray(data, dtype=np.float32), nan=0.0, posinf=0.0, neginf=0.0)
    conf = np.nan_to_num(conf, nan=0.0)
    data = np.where((conf > 0)[..., None], data, 0.0).astype(np.float32)
    return data, conf


def make_pose(header: PoseHeader, data: np.ndarray, confidence: np.ndarray, fps: float) -> Pose:
    """A Pose from plain arrays; points with confidence 0 are masked (and zeroed)."""
    data = np.asarray(data, dtype=np.float32)  # (frames, people, points, dims)
    confidence = np.asarray(confidence, dtype=np.float32)  # (frames, people, points)
    data = np.where((confidence > 0)[..., None], data, 0.0).astype(np.float32)
    mask = np.repeat((confidence == 0)[..., None], data.shape[-1], axis=-1)
    return Pose(header, NumPyPoseBody(fps=float(fps), data=ma.masked_array(data, mask=mask), confidence=confidence))


def convert_layout(pose: Pose, target: str) -> Pose:
    """Re-express a pose in another layout ("common", "openpose", "dwpose"), matching joints by key.

    Joints the source lacks come out missing (confidence 0); derived joints (MediaPipe's neck) are
    means of their sources with the lower confidence. All people are kept; fps and frame size too.
    """
    if target not in LAYOUTS or target == "holistic":
        raise InputError(f"unknown target layout '{target}'; use common, openpose or dwpose")
    source = LAYOUTS[detect_layout(pose)]
    goal = LAYOUTS[target]
    first, second = _gather_plan(source, pose.header, goal)
    data, conf = pose_arrays(pose)  # (frames, people, points, dims), (frames, people, points)
    available = first >= 0
    a, b = np.where(available, first, 0), np.where(available, second, 0)
    out = (data[:, :, a, :] + data[:, :, b, :]) / 2.0  # (x + x) / 2 == x exactly for single sources
    out_conf = np.minimum(conf[:, :, a], conf[:, :, b])
    out_conf[:, :, ~available] = 0.0
    dims = len(goal.components[0].point_format) - 1
    if out.shape[-1] >= dims:
        out = out[..., :dims]
    else:
        out = np.concatenate([out, np.zeros((*out.shape[:-1], dims - out.shape[-1]), np.float32)], axis=-1)
    d = pose.header.dimensions
    header = goal.header(width=d.width, height=d.height, depth=d.depth)
    return make_pose(header, out, out_conf, pose.body.fps)


def to_common(pose: Pose) -> Pose:
    """Any supported pose -> the common 50-point layout (XYZC, z = 0 for 2D sources)."""
    return convert_layout(pose, "common")


def common_array(pose: Pose, person: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Data (frames, 50, 3) float32 and confidence (frames, 50) of one person, in the common layout.

    Missing points have confidence 0 and coordinates 0.
    """
    common = pose if detect_layout(pose) == "common" else to_common(pose)
    data, conf = pose_arrays(common)
    if data.shape[1] <= person:
        frames = data.shape[0]
        return np.zeros((frames, NUM_COMMON_POINTS, 3), np.float32), np.zeros((frames, NUM_COMMON_POINTS), np.float32)
    return data[:, person], conf[:, person]


def from_common_array(data: np.ndarray, confidence: np.ndarray | None = None, fps: float = 25.0,
                      dimensions: tuple[int, int] | None = None) -> Pose:
    """A common-layout Pose from data (frames, 50, 3 or 2) and confidence (frames, 50; default 1 where finite).

    dimensions = (width, height) of the pose space; by default the extent of the points (at least 1).
    """
    data = np.asarray(data, dtype=np.float32)
    if data.ndim != 3 or data.shape[1] != NUM_COMMON_POINTS or data.shape[2] not in (2, 3):
        raise InputError(f"common-layout data must have shape (frames, 50, 3), got {tuple(data.shape)}")
    if data.shape[2] == 2:
        data = np.concatenate([data, np.zeros((*data.shape[:2], 1), np.float32)], axis=-1)
    finite = np.isfinite(data).all(axis=-1)
    if confidence is None:
        confidence = finite.astype(np.float32)
    confidence = np.asarray(confidence, dtype=np.float32)
    if confidence.shape != data.shape[:2]:
        raise InputError(f"confidence must have shape {data.shape[:2]}, got {tuple(confidence.shape)}")
    confidence = np.where(finite, confidence, 0.0).astype(np.float32)
    data = np.nan_to_num(data, nan=0.0, posinf=0.0, neginf=0.0)
    if dimensions is None:
        valid = data[confidence > 0]
        width = float(valid[:, 0].max()) if valid.size else 1.0
        height = float(valid[:, 1].max()) if valid.size else 1.0
        dimensions = (max(1, int(np.ceil(width))), max(1, int(np.ceil(height))))
    header = COMMON.header(width=dimensions[0], height=dimensions[1])
    return make_pose(header, data[:, None], confidence[:, None], fps)
