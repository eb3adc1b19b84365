"""OpenPose per-frame JSON folders <-> Pose in the ``openpose`` layout (pose-format's OpenPose header).

OpenPose writes one ``<name>_<frame:012d>_keypoints.json`` per frame::

    {"version": 1.3, "people": [{"person_id": [-1],
        "pose_keypoints_2d": [x, y, c] * 25,        # BODY_25 (COCO-18 runs give 18 points: mapped by name)
        "face_keypoints_2d": [x, y, c] * 70,        # 68 iBUG points + 2 pupils
        "hand_left_keypoints_2d": [x, y, c] * 21,
        "hand_right_keypoints_2d": [x, y, c] * 21, ...}]}

A point with c = 0 is missing. The files carry neither fps nor frame size: pass fps (default 25);
the frame size defaults to the extent of the points. Frames without a file, or with no people, are
all-missing. Everyone in a frame is kept (people axis = the most people in any frame).
"""

import json
import os
import re
from pathlib import Path

import numpy as np
from pose_format import Pose

from signbridge.knowledge.errors import InputError
from signbridge.knowledge.formats._io import atomic_path
from signbridge.knowledge.formats.common import convert_layout, detect_layout, make_pose, pose_arrays
from signbridge.knowledge.formats.layouts import DWPOSE_BODY_POINTS, LAYOUTS

OPENPOSE = LAYOUTS["openpose"]
FIELDS = tuple(c.name for c in OPENPOSE.components)  # pose_keypoints_2d, face_..., hand_left_..., hand_right_...
SIZES = tuple(len(c.points) for c in OPENPOSE.components)  # 25, 70, 21, 21
_BODY25 = list(OPENPOSE.components[0].points)
_COCO18_TO_BODY25 = np.array([_BODY25.index(p) for p in DWPOSE_BODY_POINTS])  # OpenPose COCO model order
_FRAME_RE = re.compile(r"(\d+)_keypoints\.json$")


def keypoint_files(folder: str | Path) -> list[Path]:
    """The *_keypoints.json files of a folder, in frame order."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"OpenPose folder '{folder}' does not exist or is not a folder")
    files = [p for p in folder.iterdir() if p.name.endswith("_keypoints.json") and p.is_file()]
    return sorted(files, key=lambda p: (int(m.group(1)) if (m := _FRAME_RE.search(p.name)) else -1, p.name))


def _frame_ids(files: list[Path]) -> list[int]:
    ids = [int(m.group(1)) if (m := _FRAME_RE.search(p.name)) else None for p in files]
    if None in ids or len(set(ids)) != len(ids):
        return list(range(len(files)))  # no (unique) frame numbers: file order
    return ids


def _person_points(person: dict, path: Path) -> np.ndarray:
    """(137, 3) x, y, c of one person in openpose-layout order."""
    out = np.zeros((sum(SIZES), 3), np.float32)
    offset = 0
    for field, size in zip(FIELDS, SIZES):
        values = np.asarray(person.get(field) or [], dtype=np.float32)
        if values.size % 3:
            raise InputError(f"{path}: '{field}' has {values.size} numbers, not a multiple of 3 (x, y, c)")
        points = values.reshape(-1, 3)
        if field == "pose_keypoints_2d" and len(points) == len(DWPOSE_BODY_POINTS):
            out[offset + _COCO18_TO_BODY25] = points  # an OpenPose COCO-18 run
        elif len(points) and len(points) != size:
            raise InputError(f"{path}: '{field}' has {len(points)} points, expected {size}")
        else:
            out[offset:offset + len(points)] = points
        offset += size
    return out


def read_openpose_folder(folder: str | Path, fps: float = 25.0, width: int | None = None,
                         height: int | None = None) -> Pose:
    """Read a folder of OpenPose *_keypoints.json files into one openpose-layout Pose (frames, people, 137, 2)."""
    files = keypoint_files(folder)
    if not files:
        raise InputError(f"no *_keypoints.json files in '{folder}': not an OpenPose output folder")
    ids = _frame_ids(files)
    frames: dict[int, list[np.ndarray]] = {}
    for frame_id, path in zip(ids, files):
        try:
            with open(path, encoding="utf-8") as f:
                content = json.load(f)
            people = content["people"]
            if not isinstance(people, list):
                raise TypeError("'people' is not a list")
            frames[frame_id] = [_person_points(person, path) for person in people]
        except InputError:
            raise
        except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError, ValueError, AttributeError) as error:
            raise InputError(f"{path} is not an OpenPose keypoints file ({type(error).__name__}: {error})") from None
    total = (max(ids) - min(ids) + 1) if ids else 0
    first = min(ids)
    people = max(1, max(len(p) for p in frames.values()))
    points = np.zeros((total, people, sum(SIZES), 3), np.float32)  # (frames, people, 137, xyc)
    for frame_id, persons in frames.items():
        for k, person in enumerate(persons):
            points[frame_id - first, k] = person
    xy, conf = points[..., :2], points[..., 2]
    visible = xy[conf > 0]
    if not width:
        width = max(1, int(np.ceil(visible[:, 0].max()))) if visible.size else 1
    if not height:
        height = max(1, int(np.ceil(visible[:, 1].max()))) if visible.size else 1
    return make_pose(OPENPOSE.header(width=width, height=height), xy, conf, fps)


def write_openpose_folder(pose: Pose, folder: str | Path, name: str | None = None, overwrite: bool = False) -> int:
    """Write a pose (any supported layout; all people) as OpenPose JSON files; returns the file count.

    Files are ``<name>_<frame:012d>_keypoints.json`` (name defaults to the folder name). A folder
    that already holds *_keypoints.json files is refused unless overwrite=True, which removes them
    first (stale frames would otherwise mix into the clip).
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    old = keypoint_files(folder)
    if old and not overwrite:
        raise InputError(f"'{folder}' already holds {len(old)} OpenPose files; choose an empty folder or overwrite")
    for path in old:
        os.unlink(path)
    op = pose if detect_layout(pose) == "openpose" else convert_layout(pose, "openpose")
    data, conf = pose_arrays(op)  # (frames, people, 137, 2), (frames, people, 137)
    name = name or folder.name
    bounds = np.cumsum((0,) + SIZES)
    for t in range(data.shape[0]):
        people = []
        for k in range(data.shape[1]):
            if not (conf[t, k] > 0).any():
                continue
            xyc = np.concatenate([data[t, k, :, :2], conf[t, k, :, None]], axis=1)  # (137, 3)
            person = {"person_id": [-1]}
            for field, start, end in zip(FIELDS, bounds[:-1], bounds[1:]):
                person[field] = xyc[start:end].ravel().tolist()  # float32 -> exact Python floats
            for field in FIELDS:
                person[field.replace("_2d", "_3d")] = []
            people.append(person)
        with atomic_path(folder / f"{name}_{t:012d}_keypoints.json") as tmp:
            tmp.write_text(json.dumps({"version": 1.3, "people": people}), encoding="utf-8")
    return data.shape[0]
