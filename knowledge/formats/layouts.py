"""Keypoint layouts (which points a pose has, in which order) and how they map onto each other.

Every point of every layout carries a *key*, a name that means the same joint in all layouts:

- ``body.<Joint>`` with OpenPose BODY_25 joint names (``body.Nose``, ``body.Neck``, ``body.LWrist`` ...),
  "L"/"R" meaning the signer's own left/right (as in OpenPose, MediaPipe and DWPose);
- ``lhand.<i>`` / ``rhand.<i>`` for the 21 hand points, i = 0 (wrist), 1-4 thumb, 5-8 index,
  9-12 middle, 13-16 ring, 17-20 pinky (MediaPipe, OpenPose and DWPose share this order);
- ``face.<i>`` for the 68 iBUG face points (OpenPose 0-67, DWPose), ``face.68``/``face.69`` pupils.

A layout says, for each key it can provide, which header points hold it; a key may be *derived* as
the mean of several points (MediaPipe has no neck: it is the midpoint of the shoulders). Converting
a pose from layout A to layout B gathers, for every point of B, the points of A with the same key;
keys A cannot provide become missing points (confidence 0).

Layouts: ``holistic`` (MediaPipe Holistic as written by pose-format), ``openpose`` (BODY_25 + face 70 +
hands, pose-format's own OpenPose header), ``dwpose`` (COCO-18 body + face 68 + hands; the layout of
SignVerse-2M ``poses.npz`` and Prompt2Sign DWPose ``.skels``), ``common`` (the 50-point Prompt2Sign
upper body + hands layout every model uses).
"""

from dataclasses import dataclass, field

from pose_format.pose_header import PoseHeader, PoseHeaderComponent, PoseHeaderDimensions
from pose_format.utils.openpose import (
    BODY_POINTS as OPENPOSE_BODY_POINTS,  # 25 BODY_25 names: Nose, Neck, RShoulder, ...
    FACE_LIMBS as OPENPOSE_FACE_LIMBS,
    FACE_POINTS as OPENPOSE_FACE_POINTS,  # 70 names in index order (68 iBUG + 2 pupils)
    OpenPose_Components,
)

# MediaPipe hand point names, index order (identical topology to OpenPose/DWPose hands)
HAND_POINTS = [
    "WRIST", "THUMB_CMC", "THUMB_MCP", "THUMB_IP", "THUMB_TIP",
    "INDEX_FINGER_MCP", "INDEX_FINGER_PIP", "INDEX_FINGER_DIP", "INDEX_FINGER_TIP",
    "MIDDLE_FINGER_MCP", "MIDDLE_FINGER_PIP", "MIDDLE_FINGER_DIP", "MIDDLE_FINGER_TIP",
    "RING_FINGER_MCP", "RING_FINGER_PIP", "RING_FINGER_DIP", "RING_FINGER_TIP",
    "PINKY_MCP", "PINKY_PIP", "PINKY_DIP", "PINKY_TIP",
]
# (parent, child) in hand-point indices; every chain starts at the wrist (a tree, used for lifting)
HAND_LIMBS = [
    (0, 1), (1, 2), (2, 3), (3, 4),
    (0, 5), (5, 6), (6, 7), (7, 8),
    (0, 9), (9, 10), (10, 11), (11, 12),
    (0, 13), (13, 14), (14, 15), (15, 16),
    (0, 17), (17, 18), (18, 19), (19, 20),
]

# MediaPipe Pose landmark name -> BODY_25 joint it stands for
_HOLISTIC_BODY = {
    "NOSE": "Nose", "RIGHT_SHOULDER": "RShoulder", "RIGHT_ELBOW": "RElbow", "RIGHT_WRIST": "RWrist",
    "LEFT_SHOULDER": "LShoulder", "LEFT_ELBOW": "LElbow", "LEFT_WRIST": "LWrist",
    "RIGHT_HIP": "RHip", "RIGHT_KNEE": "RKnee", "RIGHT_ANKLE": "RAnkle",
    "LEFT_HIP": "LHip", "LEFT_KNEE": "LKnee", "LEFT_ANKLE": "LAnkle",
    "RIGHT_EYE": "REye", "LEFT_EYE": "LEye", "RIGHT_EAR": "REar", "LEFT_EAR": "LEar",
    "LEFT_HEEL": "LHeel", "RIGHT_HEEL": "RHeel", "LEFT_FOOT_INDEX": "LBigToe", "RIGHT_FOOT_INDEX": "RBigToe",
}
# joints MediaPipe lacks, derived as midpoints
_HOLISTIC_DERIVED = {"Neck": ("LEFT_SHOULDER", "RIGHT_SHOULDER"), "MidHip": ("LEFT_HIP", "RIGHT_HIP")}

# DWPose body = OpenPose COCO-18 order (BODY_25 without MidHip and feet)
DWPOSE_BODY_POINTS = [
    "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist",
    "RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar",
]
DWPOSE_BODY_LIMBS = [
    ("Neck", "RShoulder"), ("RShoulder", "RElbow"), ("RElbow", "RWrist"),
    ("Neck", "LShoulder"), ("LShoulder", "LElbow"), ("LElbow", "LWrist"),
    ("Neck", "RHip"), ("RHip", "RKnee"), ("RKnee", "RAnkle"),
    ("Neck", "LHip"), ("LHip", "LKnee"), ("LKnee", "LAnkle"),
    ("Neck", "Nose"), ("Nose", "REye"), ("REye", "REar"), ("Nose", "LEye"), ("LEye", "LEar"),
]
DWPOSE_FACE_POINTS = OPENPOSE_FACE_POINTS[:68]
DWPOSE_COMPONENTS = ("DWPOSE_BODY", "DWPOSE_FACE", "DWPOSE_LEFT_HAND", "DWPOSE_RIGHT_HAND")

# The common layout: Prompt2Sign's 50 points = OpenPose BODY_25 points 0-7, left hand, right hand
COMMON_BODY_POINTS = [
    "NOSE", "NECK", "RIGHT_SHOULDER", "RIGHT_ELBOW", "RIGHT_WRIST", "LEFT_SHOULDER", "LEFT_ELBOW", "LEFT_WRIST",
]
COMMON_BODY_KEYS = ["Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist"]
# (parent, child) in common body indices; rooted at the neck (a tree, used for lifting)
COMMON_BODY_LIMBS = [(1, 0), (1, 2), (2, 3), (3, 4), (1, 5), (5, 6), (6, 7)]
COMMON_COMPONENT_NAMES = ("UPPER_BODY", "LEFT_HAND", "RIGHT_HAND")

_PALETTE = [(255, 0, 0), (255, 128, 0), (255, 255, 0), (0, 200, 0), (0, 200, 255), (0, 0, 255), (160, 0, 255)]


def _colors(n: int) -> list[tuple[int, int, int]]:
    """One colour per point (pose-format's visualizer indexes colours by point)."""
    return [_PALETTE[i % len(_PALETTE)] for i in range(n)]


def _index_limbs(limbs: list[tuple[str, str]], points: list[str]) -> list[tuple[int, int]]:
    return [(points.index(a), points.index(b)) for a, b in limbs if a in points and b in points]


@dataclass(frozen=True)
class ComponentSpec:
    """One header component of a layout: its points and, per point, the key it stands for."""

    name: str
    points: tuple[str, ...]
    keys: tuple[str, ...]  # same length as points
    limbs: tuple[tuple[int, int], ...]
    point_format: str  # "XYC" (2D + confidence) or "XYZC"

    def header_component(self) -> PoseHeaderComponent:
        return PoseHeaderComponent(
            name=self.name, points=list(self.points), limbs=list(self.limbs),
            colors=_colors(len(self.points)), point_format=self.point_format,
        )


@dataclass(frozen=True)
class Layout:
    """A named keypoint layout: its components (for writing headers) and how to find each key in it."""

    name: str
    components: tuple[ComponentSpec, ...]
    derived: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # key -> (component, point)s

    @property
    def num_points(self) -> int:
        return sum(len(c.points) for c in self.components)

    @property
    def keys(self) -> list[str]:
        return [k for c in self.components for k in c.keys]

    def header(self, width: int = 1000, height: int = 1000, depth: int = 0) -> PoseHeader:
        dims = PoseHeaderDimensions(width=max(1, int(width)), height=max(1, int(height)), depth=int(depth))
        return PoseHeader(version=0.2, dimensions=dims, components=[c.header_component() for c in self.components])

    def key_sources(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """key -> the (component, point) names whose mean gives that key."""
        sources = {k: ((c.name, p),) for c in self.components for p, k in zip(c.points, c.keys) if k}
        sources.update(self.derived)
        return sources


def _hand(name: str, side: str, points: list[str], fmt: str) -> ComponentSpec:
    return ComponentSpec(name, tuple(points), tuple(f"{side}.{i}" for i in range(21)), tuple(HAND_LIMBS), fmt)


def _holistic() -> Layout:
    # Only the parts that map somewhere are listed; the face mesh (478) has no key (no 68-point map).
    body_points = list(_HOLISTIC_BODY)
    body = ComponentSpec("POSE_LANDMARKS", tuple(body_points), tuple(f"body.{_HOLISTIC_BODY[p]}" for p in body_points),
                         (), "XYZC")
    derived = {f"body.{k}": tuple(("POSE_LANDMARKS", p) for p in v) for k, v in _HOLISTIC_DERIVED.items()}
    return Layout("holistic", (
        body,
        _hand("LEFT_HAND_LANDMARKS", "lhand", HAND_POINTS, "XYZC"),
        _hand("RIGHT_HAND_LANDMARKS", "rhand", HAND_POINTS, "XYZC"),
    ), derived)


def _openpose() -> Layout:
    body_c, face_c, left_c, right_c = OpenPose_Components  # pose-format's BODY_25 / face 70 / hands header
    return Layout("openpose", (
        ComponentSpec(body_c.name, tuple(body_c.points), tuple(f"body.{p}" for p in body_c.points),
                      tuple(map(tuple, body_c.limbs)), "XYC"),
        ComponentSpec(face_c.name, tuple(face_c.points), tuple(f"face.{i}" for i in range(len(face_c.points))),
                      tuple(map(tuple, face_c.limbs)), "XYC"),
        _hand(left_c.name, "lhand", list(left_c.points), "XYC"),
        _hand(right_c.name, "rhand", list(right_c.points), "XYC"),
    ))


def _dwpose() -> Layout:
    return Layout("dwpose", (
        ComponentSpec("DWPOSE_BODY", tuple(DWPOSE_BODY_POINTS), tuple(f"body.{p}" for p in DWPOSE_BODY_POINTS),
                      tuple(_index_limbs(DWPOSE_BODY_LIMBS, DWPOSE_BODY_POINTS)), "XYC"),
        ComponentSpec("DWPOSE_FACE", tuple(DWPOSE_FACE_POINTS), tuple(f"face.{i}" for i in range(68)),
                      tuple(_index_limbs(OPENPOSE_FACE_LIMBS, DWPOSE_FACE_POINTS)), "XYC"),
        _hand("DWPOSE_LEFT_HAND", "lhand", HAND_POINTS, "XYC"),
        _hand("DWPOSE_RIGHT_HAND", "rhand", HAND_POINTS, "XYC"),
    ), {"body.MidHip": (("DWPOSE_BODY", "RHip"), ("DWPOSE_BODY", "LHip"))})


def _common() -> Layout:
    return Layout("common", (
        ComponentSpec("UPPER_BODY", tuple(COMMON_BODY_POINTS), tuple(f"body.{k}" for k in COMMON_BODY_KEYS),
                      tuple(COMMON_BODY_LIMBS), "XYZC"),
        _hand("LEFT_HAND", "lhand", HAND_POINTS, "XYZC"),
        _hand("RIGHT_HAND", "rhand", HAND_POINTS, "XYZC"),
    ))


LAYOUTS: dict[str, Layout] = {layout.name: layout for layout in (_holistic(), _openpose(), _dwpose(), _common())}

# component names that identify a layout in a header (all must be present)
SIGNATURES: dict[str, tuple[str, ...]] = {
    "common": COMMON_COMPONENT_NAMES,
    "holistic": ("POSE_LANDMARKS", "LEFT_HAND_LANDMARKS", "RIGHT_HAND_LANDMARKS"),
    "openpose": ("pose_keypoints_2d", "hand_left_keypoints_2d", "hand_right_keypoints_2d"),
    "dwpose": DWPOSE_COMPONENTS,
}
